#include "metadata.h"

#include <algorithm>
#include <string>

#include <yaml-cpp/yaml.h>

#include "dossier/error.h"
#include "text.h"

namespace dossier {

namespace {

// Front matter is a few lines of metadata; anything this large is either a
// mistake or an attempt to make the YAML parser work hard.
constexpr std::size_t kMaxFrontMatterBytes = std::size_t(1) << 20;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool is_blank(std::string_view line) { return trim(line).empty(); }

// One line of content starting at pos, without its terminator; next is set
// to the start of the following line.
std::string_view line_at(std::string_view content, std::size_t pos,
                         std::size_t& next) {
    std::size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) {
        next = content.size();
        end = content.size();
    } else {
        next = end + 1;
    }
    std::string_view line = content.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

bool is_fence(std::string_view line, std::string_view fence) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
        line.remove_suffix(1);
    }
    return line == fence;
}

// A metadata value as one cleaned line.
std::string clean_value(std::string_view value) {
    return trim(repair_utf8(value));
}

void add_unique(std::vector<std::string>& list, std::string value) {
    if (value.empty()) return;
    if (std::find(list.begin(), list.end(), value) != list.end()) return;
    list.push_back(std::move(value));
}

void add_items(std::vector<std::string>& list, std::string_view text) {
    for (std::string& item : split_list(repair_utf8(text))) {
        add_unique(list, std::move(item));
    }
}

// A YAML value where one string is wanted: a scalar, or a list's first item.
std::string scalar_of(const YAML::Node& node) {
    if (node.IsScalar()) return clean_value(node.Scalar());
    if (node.IsSequence()) {
        for (const YAML::Node& item : node) {
            if (item.IsScalar()) return clean_value(item.Scalar());
        }
    }
    return std::string();
}

// A YAML value where a list is wanted: a sequence of scalars, or one string
// holding a ';'- or ','-separated list.
void add_list(std::vector<std::string>& list, const YAML::Node& node) {
    if (node.IsScalar()) {
        add_items(list, node.Scalar());
    } else if (node.IsSequence()) {
        for (const YAML::Node& item : node) {
            if (item.IsScalar()) add_unique(list, clean_value(item.Scalar()));
        }
    }
}

void set_date(Metadata& meta, const YAML::Node& node) {
    if (node.IsNull()) return;
    std::string text = node.IsScalar() ? clean_value(node.Scalar()) : "";
    if (node.IsScalar() && text.empty()) return;
    std::optional<Date> date = Date::parse(text);
    if (!date) {
        throw Error("bad date '" + text + "' in front matter");
    }
    meta.date = *date;
}

// The same for a value read without the YAML parser: always a scalar.
std::string scalar_of(const std::string& scalar) { return clean_value(scalar); }

void add_list(std::vector<std::string>& list, const std::string& scalar) { add_items(list, scalar); }

void set_date(Metadata& meta, const std::string& scalar) {
    const std::string text = clean_value(scalar);
    if (text.empty()) return;
    std::optional<Date> date = Date::parse(text);
    if (!date) throw Error("bad date '" + text + "' in front matter");
    meta.date = *date;
}

/// The values of the keys that parse_front_matter() reads, as they come.
struct FrontMatterFields {
    std::string type, site_name, source_url, source, publisher;

    /// Reads one entry (value: a YAML::Node or a scalar's text).
    template <typename Value>
    void read(const std::string& raw_key, const Value& value, Metadata& meta) {
        const std::string key = ascii_lower(trim(raw_key));
        if (key == "title") {
            meta.title = scalar_of(value);
        } else if (key == "date") {
            set_date(meta, value);
        } else if (key == "type") {
            type = scalar_of(value);
        } else if (key == "tags" || key == "categories") {
            // Every item: which one names the type is decided with the
            // known types (detect_metadata()), the others are tags.
            add_list(meta.tags, value);
        } else if (key == "site_name") {
            site_name = scalar_of(value);
        } else if (key == "source_url") {
            source_url = scalar_of(value);
        } else if (key == "source") {
            source = scalar_of(value);
        } else if (key == "publisher") {
            publisher = scalar_of(value);
        } else if (key == "author" || key == "authors") {
            add_list(meta.authors, value);
        } else if (key == "countries" || key == "country") {
            add_list(meta.countries, value);
        } else if (key == "url") {
            meta.url = scalar_of(value);
        } else if (key == "lang" || key == "language") {
            meta.language = scalar_of(value);
        }
    }
};

bool is_key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// The scalar of a YAML double-quoted value that starts at yaml[pos] (the
/// quote) and ends at the end of its line or of a later one, which pos is
/// then moved past. It may use the escapes \\, \", \/, \_ (a no-break
/// space), "\ " (a space), \x and \u (of printable characters), and go on
/// over indented lines, each line break folded into a space or escaped
/// away. nullopt for anything else.
std::optional<std::string> double_quoted(std::string_view yaml, std::size_t& pos) {
    std::string out;
    // out[0, keep) ends in what a line break leaves: a line's trailing
    // spaces are dropped at the break unless written as escapes.
    std::size_t keep = 0;
    std::size_t i = pos + 1;
    while (i < yaml.size()) {
        const char c = yaml[i];
        if (c == '"') {
            ++i;
            if (i < yaml.size() && yaml[i] != '\n') return std::nullopt;
            pos = i + 1;
            return out;
        }
        if (c == '\n') {
            // Folded into a space; the next line, indented, goes on.
            out.resize(keep);
            out += ' ';
            keep = out.size();
            ++i;
            if (i >= yaml.size() || yaml[i] != ' ') return std::nullopt;
            while (i < yaml.size() && yaml[i] == ' ') ++i;
            if (i >= yaml.size() || yaml[i] == '\n') return std::nullopt;
            continue;
        }
        if (c != '\\') {
            out += c;
            if (c != ' ') keep = out.size();
            ++i;
            continue;
        }
        if (i + 1 >= yaml.size()) return std::nullopt;
        const char e = yaml[i + 1];
        i += 2;
        if (e == '\n') {
            // An escaped line break: nothing, spaces before it kept.
            keep = out.size();
            if (i >= yaml.size() || yaml[i] != ' ') return std::nullopt;
            while (i < yaml.size() && yaml[i] == ' ') ++i;
            if (i >= yaml.size() || yaml[i] == '\n') return std::nullopt;
            continue;
        }
        char32_t cp = 0;
        if (e == '\\' || e == '"' || e == '/' || e == ' ') {
            cp = static_cast<unsigned char>(e);
        } else if (e == '_') {
            cp = 0xA0;
        } else if (e == 'x' || e == 'u') {
            const std::size_t digits = e == 'x' ? 2 : 4;
            if (i + digits > yaml.size()) return std::nullopt;
            for (std::size_t k = 0; k < digits; ++k) {
                const int h = hex_value(yaml[i + k]);
                if (h < 0) return std::nullopt;
                cp = cp * 16 + static_cast<char32_t>(h);
            }
            i += digits;
            // Printable characters only, none that YAML or this code reads
            // in a way of its own.
            if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFEFF ||
                cp >= 0xFFFE || cp == 0x2028 || cp == 0x2029)
                return std::nullopt;
        } else {
            return std::nullopt;
        }
        append_utf8(out, cp);
        keep = out.size();
    }
    return std::nullopt;
}

/// The scalar a YAML single-quoted value (quotes included) stands for.
std::optional<std::string> single_quoted(std::string_view value) {
    if (value.size() < 2 || value.front() != '\'' || value.back() != '\'') return std::nullopt;
    std::string out;
    for (std::size_t i = 1; i + 1 < value.size(); ++i) {
        if (value[i] != '\'') {
            out += value[i];
        } else if (i + 2 < value.size() && value[i + 1] == '\'') {
            out += '\'';
            ++i;
        } else {
            return std::nullopt;
        }
    }
    return out;
}

/// The scalar a YAML plain value stands for, when nothing in it has a
/// meaning of its own: no indicator first, no ": " or " #", no value YAML
/// reads as null.
std::optional<std::string> plain(std::string_view value) {
    static constexpr std::string_view kIndicators = "-?:,[]{}#&*!|>'\"%@`";
    if (value.empty() || kIndicators.find(value.front()) != std::string_view::npos) return std::nullopt;
    if (value.back() == ' ' || value.back() == ':') return std::nullopt;
    if (value.find(": ") != std::string_view::npos || value.find(" #") != std::string_view::npos)
        return std::nullopt;
    if (value == "~" || value == "null" || value == "Null" || value == "NULL") return std::nullopt;
    return std::string(value);
}

/// The entries of front matter made only of lines "key: value" (a key of
/// ASCII letters, digits and underscores, each once; a value that is one
/// plain or quoted scalar on its line) and empty lines, in order; nullopt
/// for any other front matter, which the YAML parser reads. Most front
/// matter is this simple, and the parser took longer over its few lines
/// than the rest of the document's extraction.
std::optional<std::vector<std::pair<std::string, std::string>>> simple_entries(std::string_view yaml) {
    // Control characters, tabs and CRs, and the characters YAML may take
    // for line breaks or a byte order mark, leave it to the parser.
    for (std::size_t i = 0; i < yaml.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(yaml[i]);
        if (c < 0x20 && c != '\n') return std::nullopt;
        if (c == 0x7F) return std::nullopt;
        if (c == 0xC2 && i + 1 < yaml.size() && static_cast<unsigned char>(yaml[i + 1]) <= 0x9F) return std::nullopt;
        if (yaml.compare(i, 3, "\xE2\x80\xA8") == 0 || yaml.compare(i, 3, "\xE2\x80\xA9") == 0 ||
            yaml.compare(i, 3, "\xEF\xBB\xBF") == 0)
            return std::nullopt;
    }
    std::vector<std::pair<std::string, std::string>> entries;
    std::size_t pos = 0;
    while (pos < yaml.size()) {
        std::size_t end = std::min(yaml.find('\n', pos), yaml.size());
        const std::string_view line = yaml.substr(pos, end - pos);
        pos = end + 1;
        if (line.empty()) continue;
        std::size_t colon = 0;
        while (colon < line.size() && is_key_char(line[colon])) ++colon;
        if (colon == 0 || colon + 1 >= line.size() || line[colon] != ':' || line[colon + 1] != ' ') return std::nullopt;
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        std::optional<std::string> scalar;
        if (!value.empty() && value.front() == '"') {
            // It may go on over the next lines.
            pos = static_cast<std::size_t>(value.data() - yaml.data());
            scalar = double_quoted(yaml, pos);
        } else if (!value.empty() && value.front() == '\'') {
            scalar = single_quoted(value);
        } else {
            scalar = plain(value);
        }
        if (!scalar) return std::nullopt;
        std::string key(line.substr(0, colon));
        for (const auto& entry : entries)
            if (entry.first == key) return std::nullopt;
        entries.emplace_back(std::move(key), std::move(*scalar));
    }
    if (entries.empty()) return std::nullopt;
    return entries;
}

}  // namespace

std::optional<FrontMatter> split_front_matter(std::string_view content) {
    if (content.substr(0, kBom.size()) == kBom) {
        content.remove_prefix(kBom.size());
    }
    std::size_t pos = 0;
    if (!is_fence(line_at(content, 0, pos), "---")) return std::nullopt;

    std::size_t yaml_start = pos;
    while (pos < content.size()) {
        std::size_t line_start = pos;
        std::string_view line = line_at(content, pos, pos);
        if (is_fence(line, "---") || is_fence(line, "...")) {
            FrontMatter fm;
            fm.yaml = std::string(
                content.substr(yaml_start, line_start - yaml_start));
            fm.body = std::string(content.substr(pos));
            return fm;
        }
    }
    throw Error("unterminated front matter (no closing '---' line)");
}

void parse_front_matter(std::string_view yaml, Metadata& meta) {
    if (yaml.size() > kMaxFrontMatterBytes) {
        throw Error("bad front matter: larger than " +
                    std::to_string(kMaxFrontMatterBytes) + " bytes");
    }
    const std::string repaired = repair_utf8(yaml);
    FrontMatterFields fields;
    if (auto entries = simple_entries(repaired)) {
        for (const auto& [key, value] : *entries) fields.read(key, value, meta);
    } else {
        YAML::Node root;
        try {
            root = YAML::Load(repaired);
        } catch (const YAML::Exception& e) {
            std::string message = "bad front matter: " + e.msg;
            if (!e.mark.is_null()) {
                // Count lines as the reader sees them in the file, where the
                // opening "---" is line 1.
                message += " at line " + std::to_string(e.mark.line + 2);
            }
            throw Error(message);
        }
        if (root.IsNull()) return;
        if (!root.IsMap()) {
            throw Error("bad front matter: expected 'key: value' lines");
        }
        try {
            for (const auto& entry : root) {
                if (!entry.first.IsScalar()) continue;
                fields.read(entry.first.Scalar(), entry.second, meta);
            }
        } catch (const YAML::Exception& e) {
            throw Error("bad front matter: " + e.msg);
        }
    }
    const std::string& type = fields.type;
    const std::string& site_name = fields.site_name;
    const std::string& source_url = fields.source_url;
    const std::string& source = fields.source;
    const std::string& publisher = fields.publisher;
    // The specific key wins over its synonym whatever the order of lines.
    if (!type.empty()) meta.type = normalise_type(type);
    if (meta.url.empty()) meta.url = source_url;
    if (!source.empty() || !publisher.empty()) {
        meta.source = source.empty() ? publisher : source;
        meta.source_source = "metadata";
    } else if (!site_name.empty()) {
        meta.source = site_name;
        meta.source_source = "site-name";
        meta.source_evidence = "site_name: " + site_name;
    }
}

std::size_t parse_header_lines(std::string_view content, Metadata& meta) {
    std::size_t offset = 0;
    if (content.substr(0, kBom.size()) == kBom) offset = kBom.size();

    std::size_t pos = offset;
    std::size_t end_of_header = 0;
    while (pos < content.size()) {
        std::size_t next = pos;
        std::string_view line = line_at(content, pos, next);
        if (is_blank(line)) {
            // The blank line closing a header belongs to it.
            if (end_of_header != 0) end_of_header = next;
            break;
        }
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) break;
        const std::string key = ascii_lower(trim(line.substr(0, colon)));
        const std::string value = clean_value(line.substr(colon + 1));
        if (key == "title") {
            meta.title = value;
        } else if (key == "date") {
            // Header lines are informal; a date we cannot read is dropped
            // rather than failing the whole file.
            if (std::optional<Date> date = Date::parse(value)) {
                meta.date = *date;
            }
        } else if (key == "type") {
            meta.type = normalise_type(value);
        } else if (key == "source") {
            meta.source = value;
        } else if (key == "author" || key == "authors") {
            add_items(meta.authors, value);
        } else if (key == "countries" || key == "country") {
            add_items(meta.countries, value);
        } else if (key == "url") {
            meta.url = value;
        } else {
            break;
        }
        end_of_header = next;
        pos = next;
    }
    return end_of_header;
}

std::vector<std::string> split_list(std::string_view text) {
    const char separator = text.find(';') != std::string_view::npos ? ';' : ',';
    std::vector<std::string> items;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find(separator, pos);
        if (end == std::string_view::npos) end = text.size();
        std::string item = trim(text.substr(pos, end - pos));
        if (!item.empty()) items.push_back(std::move(item));
        pos = end + 1;
    }
    return items;
}

std::string normalise_type(std::string_view type) {
    return fold_filter_value(type);
}

}  // namespace dossier
