// ODT (OpenDocument text) extraction: content.xml with its paragraphs,
// headings, lists, sections, tables, frames and notes, and meta.xml for
// metadata.

#include <cstdlib>
#include <string>
#include <vector>

#include "dossier/error.h"
#include "dossier/extract.h"
#include "metadata.h"
#include "text.h"
#include "zip_xml.h"

namespace dossier {

namespace {

constexpr std::string_view kOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
constexpr std::string_view kText = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
constexpr std::string_view kTable = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
constexpr std::string_view kMeta = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0";
constexpr std::string_view kDc = "http://purl.org/dc/elements/1.1/";

bool is_text(const xmlNode* node, std::string_view name) { return is_element(node, kText, name); }

class OdtWriter {
  public:
    explicit OdtWriter(ParagraphWriter& out) : out_(out) {}

    void blocks(const xmlNode* parent) {
        for (const xmlNode* node = parent->children; node != nullptr; node = node->next) {
            if (node->type != XML_ELEMENT_NODE) continue;
            if (is_text(node, "p") || is_text(node, "h")) {
                paragraph(node);
            } else if (is_element(node, kTable, "table")) {
                table(node);
            } else if (is_text(node, "tracked-changes") || is_text(node, "sequence-decls") ||
                       is_text(node, "table-of-content") || is_element(node, kOffice, "forms") ||
                       is_element(node, kOffice, "annotation") || is_element(node, kTable, "table-columns") ||
                       is_element(node, kTable, "table-column")) {
                continue;  // deleted text, generated tables of contents, comments
            } else {
                blocks(node);  // lists, list items, sections, frames, text boxes
            }
        }
    }

    // Notes after the body, each opening with its citation.
    void notes() {
        for (std::size_t i = 0; i < notes_.size(); ++i) {
            prefix_ = "[" + notes_[i].first + "] ";
            blocks(notes_[i].second);
        }
        prefix_.clear();
    }

    // The first paragraph styled Title, else the first level-1 heading.
    const std::string& title() const { return title_.empty() ? heading_ : title_; }

  private:
    void paragraph(const xmlNode* p) {
        std::string text = prefix_;
        prefix_.clear();
        std::vector<const xmlNode*> frames;
        inline_text(p, text, frames);
        if (is_text(p, "h") && heading_.empty()) {
            const std::string level = attribute(p, kText, "outline-level");
            if (level.empty() || level == "1") heading_ = one_line(text);
        }
        if (is_text(p, "p") && title_.empty() && attribute(p, kText, "style-name") == "Title")
            title_ = one_line(text);
        out_.paragraph(text);
        for (const xmlNode* frame : frames) blocks(frame);
    }

    void inline_text(const xmlNode* parent, std::string& text, std::vector<const xmlNode*>& frames) {
        for (const xmlNode* node = parent->children; node != nullptr; node = node->next) {
            if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
                text += reinterpret_cast<const char*>(node->content);
            } else if (node->type != XML_ELEMENT_NODE) {
                continue;
            } else if (is_text(node, "s")) {
                const long count = std::strtol(attribute(node, kText, "c").c_str(), nullptr, 10);
                text.append(count > 1 && count < 1000 ? static_cast<std::size_t>(count) : 1, ' ');
            } else if (is_text(node, "tab")) {
                text += ' ';
            } else if (is_text(node, "line-break")) {
                text += '\n';
            } else if (is_text(node, "note")) {
                const xmlNode* citation = child_element(node, kText, "note-citation");
                const xmlNode* body = child_element(node, kText, "note-body");
                const std::string mark = citation != nullptr ? one_line(element_text(citation))
                                                             : std::to_string(notes_.size() + 1);
                text += "[" + mark + "]";
                if (body != nullptr) notes_.emplace_back(mark, body);
            } else if (is_element(node, kOffice, "annotation") || is_element(node, kOffice, "annotation-end")) {
                continue;
            } else if (is_element(node, "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0", "frame")) {
                frames.push_back(node);  // text boxes follow the paragraph
            } else {
                inline_text(node, text, frames);  // spans, links, fields
            }
        }
    }

    // Rows of short cells become one paragraph each ("a | b"); cells holding
    // several paragraphs or tables are read as blocks.
    void table(const xmlNode* tbl) {
        std::vector<const xmlNode*> rows;
        collect_rows(tbl, rows);
        bool layout = false;
        for (const xmlNode* row : rows) {
            std::size_t cells = 0;
            for (const xmlNode* cell = row->children; cell != nullptr; cell = cell->next) {
                if (!is_element(cell, kTable, "table-cell")) continue;
                ++cells;
                std::size_t paragraphs = 0;
                for (const xmlNode* block = cell->children; block != nullptr; block = block->next) {
                    if (!is_text(block, "p") && !is_text(block, "h")) layout = layout || block->type == XML_ELEMENT_NODE;
                    else ++paragraphs;
                }
                if (paragraphs > 3) layout = true;
            }
            if (cells == 1) layout = true;
        }
        for (const xmlNode* row : rows) {
            if (layout) {
                blocks(row);
                continue;
            }
            std::string line;
            for (const xmlNode* cell = row->children; cell != nullptr; cell = cell->next) {
                if (!is_element(cell, kTable, "table-cell")) continue;
                std::string cell_text;
                std::vector<const xmlNode*> frames;
                for (const xmlNode* p = cell->children; p != nullptr; p = p->next) {
                    std::string part;
                    inline_text(p, part, frames);
                    part = one_line(part);
                    if (part.empty()) continue;
                    if (!cell_text.empty()) cell_text += ' ';
                    cell_text += part;
                }
                if (!line.empty()) line += " | ";
                line += cell_text;
            }
            out_.paragraph(line.find_first_not_of(" |") == std::string::npos ? std::string() : line);
        }
    }

    static void collect_rows(const xmlNode* parent, std::vector<const xmlNode*>& rows) {
        for (const xmlNode* node = parent->children; node != nullptr; node = node->next) {
            if (is_element(node, kTable, "table-row")) {
                rows.push_back(node);
            } else if (is_element(node, kTable, "table-header-rows") || is_element(node, kTable, "table-rows") ||
                       is_element(node, kTable, "table-row-group")) {
                collect_rows(node, rows);
            }
        }
    }

    ParagraphWriter& out_;
    std::vector<std::pair<std::string, const xmlNode*>> notes_;
    std::string title_;
    std::string heading_;
    std::string prefix_;
};

void read_meta(const ZipArchive& zip, Metadata& meta) {
    const std::string name = "meta.xml";
    const std::string* bytes = zip.find(name);
    if (bytes == nullptr) return;
    XmlDocument xml(*bytes, name);
    const xmlNode* properties = child_element(xml.root(), kOffice, "meta");
    if (properties == nullptr) return;
    std::string initial_creator, creator, modified;
    for (const xmlNode* node = properties->children; node != nullptr; node = node->next) {
        if (is_element(node, kDc, "title")) {
            meta.title = one_line(element_text(node));
        } else if (is_element(node, kMeta, "initial-creator")) {
            initial_creator = one_line(element_text(node));
        } else if (is_element(node, kDc, "creator")) {
            creator = one_line(element_text(node));
        } else if (is_element(node, kMeta, "creation-date")) {
            const std::string value = trim(element_text(node));
            if (std::optional<Date> date = Date::parse(value)) {
                meta.date = *date;
                meta.date_source = "properties";
                meta.date_evidence = "meta:creation-date " + value;
            }
        } else if (is_element(node, kDc, "date")) {
            modified = trim(element_text(node));
        }
    }
    // In ODF, dc:creator and dc:date name the last person to save and when:
    // the author is the initial creator, and the last save no publication.
    for (std::string& author : split_list(initial_creator.empty() ? creator : initial_creator))
        meta.authors.push_back(author);
    std::optional<Date> date = Date::parse(modified);
    if (!meta.date.is_dated() && date)
        meta.date_refused = date->to_string() + ": a modification date: dc:date " + modified;
}

}  // namespace

Document odt_from_zip(const ZipArchive& zip) {
    const std::string* content = zip.find("content.xml");
    if (content == nullptr) throw Error("not an ODT file (a ZIP archive without content.xml)");
    Document doc;
    doc.format = format_name(Format::kOdt);
    ParagraphWriter out;
    std::string heading;
    {
        XmlDocument xml(*content, "content.xml");
        const xmlNode* body = child_element(xml.root(), kOffice, "body");
        const xmlNode* text = body != nullptr ? child_element(body, kOffice, "text") : nullptr;
        if (text == nullptr) throw Error("not an ODT file (content.xml has no office:text)");
        OdtWriter writer(out);
        writer.blocks(text);
        writer.notes();
        heading = writer.title();
    }
    doc.text = clean_text(out.finish());
    read_meta(zip, doc.meta);
    title_from_heading(doc.meta, heading);
    return doc;
}

Document extract_odt(std::string_view bytes) {
    if (!is_zip(bytes)) throw Error("not an ODT file (not a ZIP archive)");
    return odt_from_zip(ZipArchive(bytes, keep_document_member));
}

}  // namespace dossier
