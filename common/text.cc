#include "text.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <string>

#include <xapian.h>

namespace dossier {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Windows-1252 assigns printable characters to 0x80-0x9F, where Latin-1 has
// C1 controls; stray bytes there are far more likely to be cp1252 quotes and
// dashes than controls. Unassigned slots become U+FFFD.
constexpr char32_t kCp1252High[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0xFFFD,
};

// ASCII spellings of U+00C0-U+017F; nullptr where the character is not a
// letter (multiplication and division signs) and stays as it is.
const char* const kLatinFold[192] = {
    "a", "a", "a",  "a",  "a", "a", "ae", "c",      // U+00C0
    "e", "e", "e",  "e",  "i", "i", "i",  "i",      // U+00C8
    "d", "n", "o",  "o",  "o", "o", "o",  nullptr,  // U+00D0
    "o", "u", "u",  "u",  "u", "y", "th", "ss",     // U+00D8
    "a", "a", "a",  "a",  "a", "a", "ae", "c",      // U+00E0
    "e", "e", "e",  "e",  "i", "i", "i",  "i",      // U+00E8
    "d", "n", "o",  "o",  "o", "o", "o",  nullptr,  // U+00F0
    "o", "u", "u",  "u",  "u", "y", "th", "y",      // U+00F8
    "a", "a", "a",  "a",  "a", "a", "c",  "c",      // U+0100
    "c", "c", "c",  "c",  "c", "c", "d",  "d",      // U+0108
    "d", "d", "e",  "e",  "e", "e", "e",  "e",      // U+0110
    "e", "e", "e",  "e",  "g", "g", "g",  "g",      // U+0118
    "g", "g", "g",  "g",  "h", "h", "h",  "h",      // U+0120
    "i", "i", "i",  "i",  "i", "i", "i",  "i",      // U+0128
    "i", "i", "ij", "ij", "j", "j", "k",  "k",      // U+0130
    "k", "l", "l",  "l",  "l", "l", "l",  "l",      // U+0138
    "l", "l", "l",  "n",  "n", "n", "n",  "n",      // U+0140
    "n", "n", "n",  "n",  "o", "o", "o",  "o",      // U+0148
    "o", "o", "oe", "oe", "r", "r", "r",  "r",      // U+0150
    "r", "r", "s",  "s",  "s", "s", "s",  "s",      // U+0158
    "s", "s", "t",  "t",  "t", "t", "t",  "t",      // U+0160
    "u", "u", "u",  "u",  "u", "u", "u",  "u",      // U+0168
    "u", "u", "u",  "u",  "w", "w", "y",  "y",      // U+0170
    "y", "z", "z",  "z",  "z", "z", "z",  "s",      // U+0178
};

bool is_ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}


bool is_removed(char32_t ch) {
    switch (ch) {
        case 0x0000:  // NUL
        case 0x00AD:  // soft hyphen
        case 0x200B:  // zero width space
        case 0x200C:  // zero width non-joiner
        case 0x200D:  // zero width joiner
        case 0x2060:  // word joiner
        case 0xFEFF:  // BOM / zero width no-break space
            return true;
        default:
            return false;
    }
}

char32_t fold_quote(char32_t ch) {
    switch (ch) {
        case 0x2018:
        case 0x2019:
        case 0x201A:
        case 0x201B:
        case 0x2032:
            return '\'';
        case 0x201C:
        case 0x201D:
        case 0x201E:
        case 0x2033:
            return '"';
        default:
            return ch;
    }
}

}  // namespace

void append_utf8(std::string& out, char32_t ch) {
    if (ch < 0x80) {
        out += static_cast<char>(ch);
    } else if (ch < 0x800) {
        out += static_cast<char>(0xC0 | (ch >> 6));
        out += static_cast<char>(0x80 | (ch & 0x3F));
    } else if (ch < 0x10000) {
        out += static_cast<char>(0xE0 | (ch >> 12));
        out += static_cast<char>(0x80 | ((ch >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (ch & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (ch >> 18));
        out += static_cast<char>(0x80 | ((ch >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((ch >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (ch & 0x3F));
    }
}

char32_t next_char(std::string_view text, std::size_t& pos) {
    auto byte = [&](std::size_t i) {
        return static_cast<unsigned char>(text[i]);
    };
    unsigned char b0 = byte(pos);
    if (b0 < 0x80) {
        ++pos;
        return b0;
    }
    std::size_t len = 0;
    char32_t ch = 0;
    char32_t min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
        ch = b0 & 0x1F;
        min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        ch = b0 & 0x0F;
        min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        ch = b0 & 0x07;
        min = 0x10000;
    }
    bool ok = len != 0 && pos + len <= text.size();
    for (std::size_t i = 1; ok && i < len; ++i) {
        unsigned char b = byte(pos + i);
        if ((b & 0xC0) != 0x80) {
            ok = false;
        } else {
            ch = (ch << 6) | (b & 0x3F);
        }
    }
    if (ok && ch >= min && ch <= 0x10FFFF && !(ch >= 0xD800 && ch <= 0xDFFF)) {
        pos += len;
        return ch;
    }
    ++pos;
    if (b0 < 0xA0) return kCp1252High[b0 - 0x80];
    return b0;
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string ascii_upper(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

namespace {

constexpr std::uint64_t kEachByte = 0x0101010101010101ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

/// The eight bytes of text at pos, which must exist.
std::uint64_t eight_at(std::string_view text, std::size_t pos) {
    std::uint64_t eight;
    std::memcpy(&eight, text.data() + pos, sizeof eight);
    return eight;
}

/// Whether one of the eight bytes is zero.
bool has_zero_byte(std::uint64_t eight) { return ((eight - kEachByte) & ~eight & kHighBits) != 0; }

/// The end of the run of ASCII bytes at pos.
std::size_t ascii_run_end(std::string_view text, std::size_t pos) {
    while (pos + 8 <= text.size() && (eight_at(text, pos) & kHighBits) == 0) pos += 8;
    while (pos < text.size() && static_cast<unsigned char>(text[pos]) < 0x80) ++pos;
    return pos;
}

}  // namespace

std::string repair_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        // Runs of ASCII and of valid sequences are copied as they are.
        std::size_t start = pos;
        pos = ascii_run_end(text, pos);
        while (pos < text.size()) {
            std::size_t next = pos;
            next_char(text, next);
            if (next - pos == 1) break;  // an invalid byte (ASCII ends runs only here)
            pos = ascii_run_end(text, next);
        }
        out.append(text.data() + start, pos - start);
        if (pos < text.size()) {
            // An invalid byte: next_char gives U+FFFD for it.
            append_utf8(out, next_char(text, pos));
        }
    }
    return out;
}

std::string clean_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        // Printable ASCII and tabs and newlines stay as they are.
        std::size_t run = pos;
        // Eight bytes at a time while none is outside ASCII, a CR or a NUL.
        while (run + 8 <= text.size()) {
            const std::uint64_t eight = eight_at(text, run);
            if ((eight & kHighBits) != 0 || has_zero_byte(eight) || has_zero_byte(eight ^ ('\r' * kEachByte)))
                break;
            run += 8;
        }
        while (run < text.size()) {
            const unsigned char c = static_cast<unsigned char>(text[run]);
            if (c >= 0x80 || c == '\r' || c == 0) break;
            ++run;
        }
        out.append(text.data() + pos, run - pos);
        pos = run;
        if (pos >= text.size()) break;
        char32_t ch = next_char(text, pos);
        if (ch == '\r') {
            out += '\n';
            if (pos < text.size() && text[pos] == '\n') ++pos;
            continue;
        }
        if (is_removed(ch)) continue;
        append_utf8(out, fold_quote(ch));
    }
    return out;
}

std::size_t count_chars(std::string_view text) {
    std::size_t n = 0;
    for (char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

std::string fold_filter_value(std::string_view value) {
    // Possessives go the way they go in the text, so that a value typed in
    // a query folds like the value read from a file.
    std::string repaired = index_form(repair_utf8(value));
    std::string_view text = repaired;
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    std::size_t pos = 0;
    while (pos < text.size()) {
        char32_t ch = next_char(text, pos);
        // No-break spaces separate words in values pasted from web pages.
        if ((ch < 0x80 && is_ascii_space(static_cast<char>(ch))) ||
            ch == 0x00A0) {
            pending_space = !out.empty();
            continue;
        }
        if (is_removed(ch)) continue;
        ch = fold_quote(ch);
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        if (ch >= 'A' && ch <= 'Z') {
            out += static_cast<char>(ch - 'A' + 'a');
        } else if (ch < 0x80) {
            out += static_cast<char>(ch);
        } else if (ch >= 0xC0 && ch < 0x180 && kLatinFold[ch - 0xC0]) {
            out += kLatinFold[ch - 0xC0];
        } else if (ch >= 0x0218 && ch <= 0x021B) {
            // Romanian comma-below letters, common in names and places.
            out += ch <= 0x0219 ? 's' : 't';
        } else {
            append_utf8(out, static_cast<char32_t>(Xapian::Unicode::tolower(
                                 static_cast<unsigned>(ch))));
        }
    }
    return out;
}

std::string fold_accents(std::string_view term) {
    bool ascii = std::all_of(term.begin(), term.end(),
                             [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) return std::string(term);
    std::string out;
    out.reserve(term.size());
    std::size_t pos = 0;
    while (pos < term.size()) {
        char32_t ch = next_char(term, pos);
        if (ch >= 0xC0 && ch < 0x180 && kLatinFold[ch - 0xC0]) {
            out += kLatinFold[ch - 0xC0];
        } else if (ch >= 0x0218 && ch <= 0x021B) {
            out += ch <= 0x0219 ? 's' : 't';
        } else if (ch == 0x0451) {
            append_utf8(out, 0x0435);
        } else if (ch == 0x0401) {
            append_utf8(out, 0x0435);
        } else if (ch >= 0x0300 && ch <= 0x036F) {
            continue;
        } else {
            append_utf8(out, ch);
        }
    }
    return out;
}

std::string index_form(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    // Bytes are copied in runs, up to each curly quote, which is folded.
    std::size_t pos = 0;
    std::size_t copied = 0;
    while (pos < text.size()) {
        // Eight bytes of ASCII at a time.
        if (pos + 8 <= text.size() && (eight_at(text, pos) & kHighBits) == 0) {
            pos += 8;
            continue;
        }
        if (static_cast<unsigned char>(text[pos]) < 0x80) {
            ++pos;
            continue;
        }
        std::size_t start = pos;
        char32_t ch = next_char(text, pos);
        char32_t folded = fold_quote(ch);
        if (folded != ch) {
            out.append(text.data() + copied, start - copied);
            append_utf8(out, folded);
            copied = pos;
        }
    }
    out.append(text.data() + copied, text.size() - copied);
    auto is_word_byte = [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u >= 0x80 || std::isalnum(u);
    };
    for (std::size_t i = out.find('\'', 1); i != std::string::npos && i + 1 < out.size();
         i = out.find('\'', i + 1)) {
        if (out[i + 1] != 's' && out[i + 1] != 'S') continue;
        if (!is_word_byte(out[i - 1])) continue;
        if (i + 2 < out.size() && is_word_byte(out[i + 2])) continue;
        out[i] = ' ';
        out[i + 1] = ' ';
    }
    return out;
}

std::vector<std::string> hyphen_compounds(std::string_view text) {
    std::vector<std::string> out;
    // ASCII only, whatever the locale (std::isalnum was a call per byte).
    auto alnum = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    };
    std::size_t i = 0;
    while (i < text.size()) {
        // Words before the word that ends at the next hyphen are no
        // compounds: go to that word (a chain of words and hyphens ends at
        // a byte that is neither, so none of them runs into it).
        const std::size_t hyphen = text.find('-', i);
        if (hyphen == std::string_view::npos) break;
        std::size_t word = hyphen;
        while (word > i && alnum(text[word - 1])) --word;
        i = word;
        if (!alnum(text[i]) || (i > 0 && (alnum(text[i - 1]) || text[i - 1] == '-'))) {
            ++i;
            continue;
        }
        // A word starts at i: find word(-word)+, and join it only if it
        // is a compound (most words are not).
        int parts = 0;
        std::size_t j = i;
        while (true) {
            std::size_t start = j;
            while (j < text.size() && alnum(text[j])) ++j;
            if (j == start) break;
            ++parts;
            if (j + 1 < text.size() && text[j] == '-' && alnum(text[j + 1])) {
                ++j;
                continue;
            }
            break;
        }
        // A word glued to other letters ("é-Pacific") is not a clean compound.
        bool clean_end = j >= text.size() || static_cast<unsigned char>(text[j]) < 0x80;
        if (parts >= 2 && clean_end) {
            std::string joined;
            for (std::size_t k = i; k < j; ++k)
                if (text[k] != '-') joined += text[k] >= 'A' && text[k] <= 'Z' ? static_cast<char>(text[k] - 'A' + 'a')
                                                                               : text[k];
            if (joined.size() <= 64) out.push_back(std::move(joined));
        }
        i = j;
    }
    return out;
}

std::string trim(std::string_view text) {
    while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
    return std::string(text);
}

std::string one_line(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        bool nbsp = text[i] == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0';
        if (is_ascii_space(text[i]) || nbsp) {
            if (nbsp) ++i;
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += text[i];
    }
    return out;
}

std::string_view cut_utf8(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

std::string first_line_title(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string line = trim(cut_utf8(one_line(text.substr(pos, end - pos)), kMaxTitleBytes));
        if (!line.empty()) return line;
        pos = end + 1;
    }
    return std::string();
}

}  // namespace dossier
