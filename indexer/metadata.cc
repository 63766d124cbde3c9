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
    YAML::Node root;
    try {
        root = YAML::Load(repair_utf8(yaml));
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

    std::string type;
    std::string site_name;
    std::string source_url;
    std::string source;
    std::string publisher;
    try {
        for (const auto& entry : root) {
            if (!entry.first.IsScalar()) continue;
            const std::string key = ascii_lower(trim(entry.first.Scalar()));
            const YAML::Node& value = entry.second;
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
    } catch (const YAML::Exception& e) {
        throw Error("bad front matter: " + e.msg);
    }
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
