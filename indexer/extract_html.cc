#include "dossier/extract.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <gumbo.h>

#include "metadata.h"
#include "text.h"

namespace dossier {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

// Metadata keeps its typography; the input was already repaired to UTF-8.
std::string clean_value(std::string_view text) { return one_line(text); }

// Gumbo's tree builder scans its stack of open elements for many tags, so
// parsing time grows with the square of the nesting depth (100,000 nested
// <div>s take most of a minute), and gumbo_destroy_output() recurses once
// per level (600,000 levels overflow the call stack). Pages nested deeper
// than this are read without the parser.
constexpr std::size_t kMaxHtmlDepth = 5000;

// Gumbo also compares each attribute of a tag with all the earlier ones:
// one tag with 100,000 attributes takes as long as deep nesting.
constexpr std::size_t kMaxHtmlAttributes = 2000;

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

// Elements that never enclose others (void) or that the parser closes by
// itself (optional end tags): they do not make a page deeper.
bool is_uncounted(std::string_view name) {
    static const std::string_view kNames[] = {
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img",
        "input", "keygen", "link", "meta", "param", "source", "track", "wbr", "p", "li",
        "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
        "colgroup", "caption", "rb", "rt", "rtc", "rp", "html", "head", "body"};
    return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

// Position of "</name" (any case) at or after from, or npos.
std::size_t find_end_tag(std::string_view html, std::string_view name, std::size_t from) {
    for (std::size_t i = html.find("</", from); i != std::string_view::npos;
         i = html.find("</", i + 2)) {
        if (ascii_lower(html.substr(i + 2, name.size())) == name) return i;
    }
    return std::string_view::npos;
}

// A linear estimate of how deeply the parser will nest the page: start tags
// minus end tags, leaving out comments, raw text (script, style...) and the
// elements is_uncounted() names. Stops counting past kMaxHtmlDepth; a tag
// with more than kMaxHtmlAttributes attributes counts as too deep.
std::size_t estimated_depth(std::string_view html) {
    std::size_t depth = 0;
    std::size_t max_depth = 0;
    std::size_t i = 0;
    while ((i = html.find('<', i)) != std::string_view::npos && max_depth <= kMaxHtmlDepth) {
        if (html.compare(i, 4, "<!--") == 0) {
            i = html.find("-->", i + 4);
            if (i == std::string_view::npos) break;
            continue;
        }
        const bool end = i + 1 < html.size() && html[i + 1] == '/';
        const std::size_t start = i + 1 + (end ? 1 : 0);
        std::size_t j = start;
        while (j < html.size() && is_alnum(html[j])) ++j;
        if (j == start || !is_alpha(html[start])) {
            ++i;
            continue;
        }
        const std::string name = ascii_lower(html.substr(start, j - start));
        // Attributes start after white space outside quotes; '>' in quotes
        // does not end the tag.
        std::size_t attributes = 0;
        char quote = 0;
        bool space = false;
        for (; j < html.size(); ++j) {
            const char c = html[j];
            if (quote) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                break;
            } else if (is_space(c)) {
                space = true;
            } else if (space) {
                space = false;
                ++attributes;
            }
        }
        if (attributes > kMaxHtmlAttributes) return kMaxHtmlDepth + 1;
        const std::size_t close = j;
        if (close >= html.size()) break;
        i = close + 1;
        if (!end && (name == "script" || name == "style" || name == "textarea" ||
                     name == "title" || name == "xmp")) {
            i = find_end_tag(html, name, i);
            continue;
        }
        if (html[close - 1] == '/' || is_uncounted(name)) continue;
        if (end) {
            if (depth > 0) --depth;
        } else {
            max_depth = std::max(max_depth, ++depth);
        }
    }
    return max_depth;
}

// Text of a page too deep for the parser: markup dropped, nothing decoded.
std::string strip_tags(std::string_view html) {
    std::string out;
    out.reserve(html.size());
    std::size_t i = 0;
    while (i < html.size()) {
        const char c = html[i];
        const bool tag = c == '<' && i + 1 < html.size() &&
                         (is_alpha(html[i + 1]) || html[i + 1] == '/' || html[i + 1] == '!');
        if (!tag) {
            out += c;
            ++i;
            continue;
        }
        const std::size_t close = html.find('>', i);
        if (close == std::string_view::npos) break;
        if (!out.empty() && out.back() != ' ') out += ' ';
        i = close + 1;
    }
    return trim(out);
}

// How far apart the text around an element must be.
enum Break { kNoBreak = 0, kSpace = 1, kLine = 2, kParagraph = 3 };

Break break_for(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_P:
        case GUMBO_TAG_H1:
        case GUMBO_TAG_H2:
        case GUMBO_TAG_H3:
        case GUMBO_TAG_H4:
        case GUMBO_TAG_H5:
        case GUMBO_TAG_H6:
        case GUMBO_TAG_BLOCKQUOTE:
        case GUMBO_TAG_PRE:
        case GUMBO_TAG_TABLE:
        case GUMBO_TAG_UL:
        case GUMBO_TAG_OL:
        case GUMBO_TAG_DL:
        case GUMBO_TAG_SECTION:
        case GUMBO_TAG_ARTICLE:
        case GUMBO_TAG_HEADER:
        case GUMBO_TAG_FOOTER:
        case GUMBO_TAG_NAV:
        case GUMBO_TAG_ASIDE:
        case GUMBO_TAG_MAIN:
        case GUMBO_TAG_FIGURE:
        case GUMBO_TAG_FORM:
        case GUMBO_TAG_FIELDSET:
        case GUMBO_TAG_ADDRESS:
        case GUMBO_TAG_DETAILS:
        case GUMBO_TAG_HR:
            return kParagraph;
        case GUMBO_TAG_DIV:
        case GUMBO_TAG_LI:
        case GUMBO_TAG_TR:
        case GUMBO_TAG_BR:
        case GUMBO_TAG_DD:
        case GUMBO_TAG_DT:
        case GUMBO_TAG_CAPTION:
        case GUMBO_TAG_FIGCAPTION:
        case GUMBO_TAG_SUMMARY:
        case GUMBO_TAG_LEGEND:
        case GUMBO_TAG_BODY:
            return kLine;
        case GUMBO_TAG_TD:
        case GUMBO_TAG_TH:
        case GUMBO_TAG_IMG:
        case GUMBO_TAG_INPUT:
        case GUMBO_TAG_OPTION:
            return kSpace;
        default:
            return kNoBreak;
    }
}

// Elements whose content is never visible text.
bool is_hidden(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_SCRIPT:
        case GUMBO_TAG_STYLE:
        case GUMBO_TAG_NOSCRIPT:
        case GUMBO_TAG_TEMPLATE:
        case GUMBO_TAG_SVG:
        case GUMBO_TAG_MATH:
        case GUMBO_TAG_IFRAME:
        case GUMBO_TAG_OBJECT:
        case GUMBO_TAG_TITLE:
            return true;
        default:
            return false;
    }
}

// Accumulates visible text, turning element boundaries into the widest
// break asked for since the last word.
class TextBuilder {
  public:
    void request(Break level) { pending_ = std::max(pending_, level); }

    void add_text(std::string_view text) {
        std::size_t i = 0;
        while (i < text.size()) {
            bool nbsp = text[i] == '\xC2' && i + 1 < text.size() &&
                        text[i + 1] == '\xA0';
            if (is_space(text[i]) || nbsp) {
                request(kSpace);
                i += nbsp ? 2 : 1;
                continue;
            }
            std::size_t end = i;
            while (end < text.size() && !is_space(text[end]) &&
                   !(text[end] == '\xC2' && end + 1 < text.size() &&
                     text[end + 1] == '\xA0')) {
                ++end;
            }
            flush();
            out_.append(text.data() + i, end - i);
            i = end;
        }
    }

    // Preformatted text keeps its own spacing and line breaks.
    void add_raw(std::string_view text) {
        if (text.empty()) return;
        flush();
        out_.append(text);
    }

    std::string finish() {
        while (!out_.empty() && is_space(out_.back())) out_.pop_back();
        return std::move(out_);
    }

  private:
    void flush() {
        if (!out_.empty()) {
            // Preformatted text may already end in line breaks of its own.
            std::size_t newlines = 0;
            for (auto it = out_.rbegin(); it != out_.rend() && *it == '\n';
                 ++it) {
                ++newlines;
            }
            switch (pending_) {
                case kSpace:
                    if (!is_space(out_.back())) out_ += ' ';
                    break;
                case kLine:
                    if (newlines < 1) out_ += '\n';
                    break;
                case kParagraph:
                    out_.append(newlines >= 2 ? 0 : 2 - newlines, '\n');
                    break;
                case kNoBreak:
                    break;
            }
        }
        pending_ = kNoBreak;
    }

    std::string out_;
    Break pending_ = kNoBreak;
};

// Text under node, whatever the markup, for <title> and headings.
std::string inner_text(const GumboNode* node) {
    std::string out;
    std::vector<const GumboNode*> stack{node};
    while (!stack.empty()) {
        const GumboNode* n = stack.back();
        stack.pop_back();
        switch (n->type) {
            case GUMBO_NODE_TEXT:
            case GUMBO_NODE_CDATA:
            case GUMBO_NODE_WHITESPACE:
                out += n->v.text.text;
                break;
            case GUMBO_NODE_ELEMENT:
            case GUMBO_NODE_TEMPLATE: {
                if (n != node && is_hidden(n->v.element.tag)) break;
                if (break_for(n->v.element.tag) != kNoBreak) out += ' ';
                const GumboVector& children = n->v.element.children;
                for (unsigned i = children.length; i > 0; --i) {
                    stack.push_back(
                        static_cast<const GumboNode*>(children.data[i - 1]));
                }
                break;
            }
            default:
                break;
        }
    }
    return clean_value(out);
}

const char* attribute(const GumboNode* node, const char* name) {
    const GumboAttribute* attr =
        gumbo_get_attribute(&node->v.element.attributes, name);
    return attr != nullptr ? attr->value : nullptr;
}

struct HtmlMeta {
    std::string title;
    std::string first_h1;
    std::optional<Date> date;
    std::string type;
    std::string source;
    std::vector<std::string> authors;
    std::vector<std::string> countries;
    std::string url;
    std::string language;  // <html lang>, else <meta name="language">
};

void add_items(std::vector<std::string>& list, std::string_view text) {
    for (std::string& item : split_list(text)) {
        item = clean_value(item);
        if (!item.empty() &&
            std::find(list.begin(), list.end(), item) == list.end()) {
            list.push_back(std::move(item));
        }
    }
}

void read_meta(const GumboNode* node, HtmlMeta& meta) {
    const char* name = attribute(node, "name");
    if (name == nullptr) name = attribute(node, "property");
    const char* content = attribute(node, "content");
    if (name == nullptr || content == nullptr) return;
    const std::string key = ascii_lower(trim(name));
    const std::string value = clean_value(content);
    if (value.empty()) return;

    if (key == "date" || key == "dcterms.date" || key == "dcterms.issued" ||
        key == "article:published_time" || key == "dc.date" ||
        key == "dc.date.issued" || key == "citation_publication_date") {
        // Pages carry several dates; the first readable one wins, and an
        // unreadable one is skipped since markup is never an error.
        if (!meta.date) meta.date = Date::parse(value);
    } else if (key == "author" || key == "dc.creator" ||
               key == "citation_author") {
        add_items(meta.authors, value);
    } else if (key == "type" || key == "dc.type") {
        if (meta.type.empty()) meta.type = value;
    } else if (key == "source" || key == "dc.publisher") {
        if (meta.source.empty()) meta.source = value;
    } else if (key == "countries" || key == "country") {
        add_items(meta.countries, value);
    } else if (key == "og:url" || key == "dc.identifier") {
        if (meta.url.empty()) meta.url = value;
    } else if (key == "language" || key == "dc.language" || key == "content-language") {
        if (meta.language.empty()) meta.language = value;
    }
}

void read_link(const GumboNode* node, HtmlMeta& meta) {
    const char* rel = attribute(node, "rel");
    const char* href = attribute(node, "href");
    if (rel == nullptr || href == nullptr) return;
    if (ascii_lower(trim(rel)) == "canonical" && meta.url.empty()) {
        meta.url = clean_value(href);
    }
}

struct Frame {
    const GumboNode* node;
    bool leaving;
};

// One pass over the tree: visible text into builder, metadata into meta.
// An explicit stack, because hostile pages nest deeply enough to exhaust
// the call stack.
void walk(const GumboNode* root, TextBuilder& builder, HtmlMeta& meta) {
    std::vector<Frame> stack{{root, false}};
    int in_pre = 0;
    int in_head = 0;
    while (!stack.empty()) {
        Frame frame = stack.back();
        stack.pop_back();
        const GumboNode* node = frame.node;

        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
            node->type == GUMBO_NODE_WHITESPACE) {
            if (in_head > 0) continue;
            if (in_pre > 0) {
                builder.add_raw(node->v.text.text);
            } else {
                builder.add_text(node->v.text.text);
            }
            continue;
        }

        const GumboVector* children = nullptr;
        if (node->type == GUMBO_NODE_DOCUMENT) {
            children = &node->v.document.children;
        } else if (node->type == GUMBO_NODE_ELEMENT ||
                   node->type == GUMBO_NODE_TEMPLATE) {
            const GumboElement& element = node->v.element;
            const GumboTag tag = element.tag;
            const bool html = element.tag_namespace == GUMBO_NAMESPACE_HTML;
            if (frame.leaving) {
                if (tag == GUMBO_TAG_PRE) --in_pre;
                if (tag == GUMBO_TAG_HEAD) --in_head;
                builder.request(break_for(tag));
                continue;
            }
            if (html && tag == GUMBO_TAG_HTML) {
                if (const char* lang = attribute(node, "lang")) meta.language = trim(lang);
            }
            if (html && tag == GUMBO_TAG_TITLE && meta.title.empty()) {
                meta.title = inner_text(node);
            } else if (html && tag == GUMBO_TAG_META) {
                read_meta(node, meta);
            } else if (html && tag == GUMBO_TAG_LINK) {
                read_link(node, meta);
            } else if (html && tag == GUMBO_TAG_H1 && meta.first_h1.empty()) {
                meta.first_h1 = inner_text(node);
            }
            if (is_hidden(tag)) continue;
            builder.request(break_for(tag));
            if (tag == GUMBO_TAG_PRE) ++in_pre;
            if (tag == GUMBO_TAG_HEAD) ++in_head;
            stack.push_back({node, true});
            children = &element.children;
        } else {
            continue;
        }
        for (unsigned i = children->length; i > 0; --i) {
            stack.push_back(
                {static_cast<const GumboNode*>(children->data[i - 1]), false});
        }
    }
}

}  // namespace

Document extract_html(std::string_view content) {
    // Gumbo wants UTF-8; legacy pages are repaired first as cp1252 so their
    // accented letters survive instead of becoming U+FFFD.
    const std::string input = repair_utf8(content);
    if (estimated_depth(input) > kMaxHtmlDepth) {
        Document doc;
        doc.format = format_name(Format::kHtml);
        doc.text = clean_text(strip_tags(input));
        doc.meta.title = first_line_title(doc.text);
        if (!doc.meta.title.empty()) doc.meta.title_source = "first-line";
        return doc;
    }

    GumboOptions options = kGumboDefaultOptions;
    // Parse errors are not reported, so do not spend memory recording them.
    options.max_errors = 0;
    GumboOutput* output =
        gumbo_parse_with_options(&options, input.data(), input.size());

    TextBuilder builder;
    HtmlMeta meta;
    if (output != nullptr) {
        walk(output->document, builder, meta);
        gumbo_destroy_output(&options, output);
    }

    Document doc;
    doc.format = format_name(Format::kHtml);
    // Entities such as &shy; and &rsquo; only appear once decoded.
    doc.text = clean_text(builder.finish());
    doc.meta.title = !meta.title.empty()      ? meta.title
                     : !meta.first_h1.empty() ? meta.first_h1
                                              : first_line_title(doc.text);
    doc.meta.title_source = !meta.title.empty()      ? "metadata"
                            : !meta.first_h1.empty() ? "heading"
                            : !doc.meta.title.empty() ? "first-line"
                                                      : "";
    if (meta.date) doc.meta.date = *meta.date;
    doc.meta.type = normalise_type(meta.type);
    doc.meta.source = meta.source;
    doc.meta.authors = std::move(meta.authors);
    doc.meta.countries = std::move(meta.countries);
    doc.meta.url = meta.url;
    doc.meta.language = meta.language;
    return doc;
}

}  // namespace dossier
