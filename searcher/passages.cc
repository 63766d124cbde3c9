#include "passages.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace dossier {

namespace {

constexpr std::size_t kLongParagraph = 1200;
constexpr std::size_t kPartTarget = 600;

/// A piece of text with the paragraph it belongs to.
struct Span {
    std::size_t begin, end, paragraph;
};

// ASCII tests without the C library's locale look-ups: the passage scan
// runs over every byte of every shown document.
bool is_word_byte(unsigned char c) {
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

std::size_t count_chars(const std::string& text, std::size_t from, std::size_t to) {
    std::size_t n = 0;
    for (std::size_t i = from; i < to; ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
    return n;
}

/// Cuts a long paragraph at sentence ends into parts of about kPartTarget.
void cut_long(const std::string& text, Span span, std::vector<Span>& out) {
    std::size_t start = span.begin;
    while (span.end - start > kLongParagraph) {
        std::size_t cut = std::string::npos;
        for (std::size_t i = start + kPartTarget; i + 1 < span.end && i < start + kLongParagraph; ++i) {
            if ((text[i] == '.' || text[i] == '?' || text[i] == '!') &&
                std::isspace(static_cast<unsigned char>(text[i + 1]))) {
                cut = i + 1;
                break;
            }
        }
        if (cut == std::string::npos) {
            // No sentence end: cut at a space, or hard at the limit.
            cut = text.find(' ', start + kPartTarget);
            if (cut == std::string::npos || cut >= span.end) cut = start + kLongParagraph;
            while (cut < span.end && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) ++cut;
        }
        out.push_back({start, cut, span.paragraph});
        start = cut;
        while (start < span.end && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
    }
    if (start < span.end) out.push_back({start, span.end, span.paragraph});
}

std::vector<Span> split_paragraphs(const std::string& text) {
    std::vector<Span> out;
    std::size_t paragraph = 0, pos = 0;
    while (pos < text.size()) {
        while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
        if (pos >= text.size()) break;
        // A paragraph ends at a line holding only white space.
        std::size_t end = pos;
        while (end < text.size()) {
            std::size_t nl = text.find('\n', end);
            if (nl == std::string::npos) {
                end = text.size();
                break;
            }
            std::size_t next = nl + 1;
            while (next < text.size() && (text[next] == ' ' || text[next] == '\t' || text[next] == '\r')) ++next;
            if (next >= text.size() || text[next] == '\n') {
                end = nl;
                break;
            }
            end = next;
        }
        std::size_t trimmed = end;
        while (trimmed > pos && std::isspace(static_cast<unsigned char>(text[trimmed - 1]))) --trimmed;
        cut_long(text, {pos, trimmed, ++paragraph}, out);
        pos = end;
    }
    return out;
}

}  // namespace

std::size_t page_of(const Document& doc, std::size_t offset) {
    if (doc.pages.empty()) return 0;
    auto it = std::upper_bound(doc.pages.begin(), doc.pages.end(), offset);
    return static_cast<std::size_t>(it - doc.pages.begin());
}

PassageFinder::PassageFinder(const Xapian::Query& query, const Xapian::Database& db) {
    double total = std::max<double>(1, db.get_doccount());
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
        std::string term = *it;
        bool stemmed = false;
        if (term.rfind("ZS", 0) == 0 || term.rfind("ZA", 0) == 0) {
            term = term.substr(2);
            stemmed = true;
        } else if (term.rfind("Z", 0) == 0) {
            term = term.substr(1);
            stemmed = true;
        } else if (term.rfind("S", 0) == 0 || term.rfind("A", 0) == 0) {
            term = term.substr(1);
        }
        if (term.empty() || std::isupper(static_cast<unsigned char>(term[0]))) continue;
        double freq = std::max<double>(1, db.get_termfreq(*it));
        double weight = std::log(1 + total / freq);
        (stemmed ? stems_ : exact_)[term] = weight;
    }
}

std::vector<Passage> PassageFinder::find(const Document& doc, std::size_t max_passages) const {
    const std::string& text = doc.text;
    std::vector<Passage> scored;
    std::string word;
    // A word can only match a query word it starts like (stemming changes
    // the end of a word, never its first byte): the words of a text that
    // start otherwise, most of them, are passed over without a look-up.
    bool exact_starts[256] = {}, stem_starts[256] = {};
    for (const auto& entry : exact_)
        if (!entry.first.empty()) exact_starts[static_cast<unsigned char>(entry.first[0])] = true;
    for (const auto& entry : stems_)
        if (!entry.first.empty()) stem_starts[static_cast<unsigned char>(entry.first[0])] = true;
    for (const Span& span : split_paragraphs(text)) {
        Passage p;
        p.offset = span.begin;
        p.length = span.end - span.begin;
        p.paragraph = span.paragraph;
        std::map<std::string, std::pair<double, int>> seen;  // term -> (weight, count)
        std::size_t i = span.begin;
        while (i < span.end) {
            if (!is_word_byte(static_cast<unsigned char>(text[i]))) {
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j < span.end && is_word_byte(static_cast<unsigned char>(text[j]))) ++j;
            auto first = static_cast<unsigned char>(ascii_lower(text[i]));
            if (!exact_starts[first] && !stem_starts[first]) {
                i = j;
                continue;
            }
            word.assign(text, i, j - i);
            for (char& c : word) c = ascii_lower(c);
            const std::pair<const std::string, double>* hit = nullptr;
            auto e = exact_starts[first] ? exact_.find(word) : exact_.end();
            if (e != exact_.end()) {
                hit = &*e;
            } else if (stem_starts[first]) {
                auto s = stems_.find(stemmer_(word));
                if (s != stems_.end()) hit = &*s;
            }
            if (hit) {
                auto& entry = seen[hit->first];
                entry.first = hit->second;
                ++entry.second;
                p.highlights.emplace_back(i - span.begin, j - i);
            }
            i = j;
        }
        for (const auto& [term, wc] : seen) p.score += wc.first * (1 + 0.3 * std::log(wc.second));
        scored.push_back(std::move(p));
    }
    if (scored.empty()) return {};
    std::vector<std::size_t> order(scored.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return scored[a].score > scored[b].score; });
    std::vector<Passage> out;
    for (std::size_t k : order) {
        if (out.size() >= std::max<std::size_t>(1, max_passages)) break;
        if (!out.empty() && scored[k].score == 0) break;  // only the best may be a non-match
        Passage p = std::move(scored[k]);
        p.text = text.substr(p.offset, p.length);
        p.char_offset = count_chars(text, 0, p.offset);
        p.char_length = count_chars(text, p.offset, p.offset + p.length);
        p.page = page_of(doc, p.offset);
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace dossier
