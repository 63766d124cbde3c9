// DOCX (Office Open XML word processing) extraction: the main document part
// with its paragraphs, headings, tables and text boxes, then the footnotes
// and endnotes, and the core properties (docProps/core.xml) for metadata.

#include <string>
#include <vector>

#include "dossier/error.h"
#include "dossier/extract.h"
#include "metadata.h"
#include "text.h"
#include "zip_xml.h"

namespace dossier {

namespace {

constexpr std::string_view kW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
// ISO 29500 Strict documents name the same elements in another namespace.
constexpr std::string_view kWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main";
constexpr std::string_view kMc = "http://schemas.openxmlformats.org/markup-compatibility/2006";
constexpr std::string_view kRels = "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr std::string_view kDc = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kDcTerms = "http://purl.org/dc/terms/";

bool is_w(const xmlNode* node, std::string_view name) {
    return is_element(node, kW, name) || is_element(node, kWStrict, name);
}

// w:val and the like are in the element's own namespace.
std::string w_attribute(const xmlNode* node, std::string_view name) {
    const std::string_view ns = node->ns != nullptr ? reinterpret_cast<const char*>(node->ns->href) : "";
    return attribute(node, ns, name);
}

std::string style_of(const xmlNode* paragraph) {
    const xmlNode* properties = child_element(paragraph, "", "pPr");
    const xmlNode* style = properties != nullptr ? child_element(properties, "", "pStyle") : nullptr;
    return style != nullptr ? w_attribute(style, "val") : std::string();
}

// Paragraph-level walk of a story (the body, a note, a text box, a cell).
class StoryWriter {
  public:
    explicit StoryWriter(ParagraphWriter& out) : out_(out) {}

    // Block content: paragraphs, tables, and the containers around them
    // (content controls, custom XML).
    void blocks(const xmlNode* parent) {
        for (const xmlNode* node = parent->children; node != nullptr; node = node->next) {
            if (node->type != XML_ELEMENT_NODE) continue;
            if (is_w(node, "p")) {
                paragraph(node);
            } else if (is_w(node, "tbl")) {
                table(node);
            } else if (is_w(node, "sectPr") || is_w(node, "del") || is_w(node, "moveFrom")) {
                continue;
            } else {
                blocks(node);
            }
        }
    }

    // The first paragraph styled Title, else the first Heading1.
    const std::string& title() const { return title_.empty() ? heading_ : title_; }

    // A prefix for the next paragraph (a note's number).
    void set_prefix(std::string prefix) { prefix_ = std::move(prefix); }

  private:
    void paragraph(const xmlNode* p) {
        std::string text = prefix_;
        prefix_.clear();
        std::vector<const xmlNode*> boxes;
        inline_text(p, text, boxes);
        const std::string style = ascii_lower(style_of(p));
        if (style == "title" && title_.empty()) title_ = one_line(text);
        if ((style == "heading1" || style == "heading 1") && heading_.empty()) heading_ = one_line(text);
        out_.paragraph(text);
        // Text boxes anchored in the paragraph follow it as paragraphs.
        for (const xmlNode* box : boxes) blocks(box);
    }

    void inline_text(const xmlNode* parent, std::string& text, std::vector<const xmlNode*>& boxes) {
        for (const xmlNode* node = parent->children; node != nullptr; node = node->next) {
            if (node->type != XML_ELEMENT_NODE) continue;
            if (is_w(node, "t")) {
                text += element_text(node);
            } else if (is_w(node, "tab") || is_w(node, "ptab")) {
                text += ' ';
            } else if (is_w(node, "br") || is_w(node, "cr")) {
                text += w_attribute(node, "type") == "page" ? ' ' : '\n';
            } else if (is_w(node, "noBreakHyphen")) {
                text += '-';
            } else if (is_w(node, "footnoteReference") || is_w(node, "endnoteReference")) {
                text += "[" + w_attribute(node, "id") + "]";
            } else if (is_w(node, "txbxContent")) {
                boxes.push_back(node);
            } else if (is_element(node, kMc, "AlternateContent")) {
                // The choice and its fallback hold the same content twice.
                if (const xmlNode* choice = child_element(node, kMc, "Choice")) {
                    inline_text(choice, text, boxes);
                } else if (const xmlNode* fallback = child_element(node, kMc, "Fallback")) {
                    inline_text(fallback, text, boxes);
                }
            } else if (is_w(node, "del") || is_w(node, "moveFrom") || is_w(node, "pPr") || is_w(node, "rPr") ||
                       is_w(node, "instrText") || is_w(node, "delText")) {
                continue;  // deleted text, properties and field codes are not read
            } else {
                inline_text(node, text, boxes);
            }
        }
    }

    // A table of short cells becomes one paragraph per row, cells separated
    // by " | "; a layout table (one column, or cells holding several
    // paragraphs or tables) is read cell by cell as blocks.
    void table(const xmlNode* tbl) {
        std::vector<const xmlNode*> rows;
        bool layout = false;
        for (const xmlNode* row = tbl->children; row != nullptr; row = row->next) {
            if (!is_w(row, "tr")) continue;
            rows.push_back(row);
            std::size_t cells = 0;
            for (const xmlNode* cell = row->children; cell != nullptr; cell = cell->next) {
                if (!is_w(cell, "tc")) continue;
                ++cells;
                std::size_t paragraphs = 0;
                for (const xmlNode* block = cell->children; block != nullptr; block = block->next) {
                    if (is_w(block, "tbl")) layout = true;
                    if (is_w(block, "p")) ++paragraphs;
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
                if (!is_w(cell, "tc")) continue;
                std::string cell_text;
                std::vector<const xmlNode*> boxes;
                for (const xmlNode* p = cell->children; p != nullptr; p = p->next) {
                    if (!is_w(p, "p")) continue;
                    std::string part;
                    inline_text(p, part, boxes);
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

    ParagraphWriter& out_;
    std::string title_;
    std::string heading_;
    std::string prefix_;
};

// Notes (footnotes.xml or endnotes.xml) after the body, each opening with
// its number as the reference in the text shows it.
void add_notes(const ZipArchive& zip, const std::string& name, std::string_view element, ParagraphWriter& out) {
    const std::string* bytes = zip.find(name);
    if (bytes == nullptr) return;
    XmlDocument xml(*bytes, name);
    StoryWriter writer(out);
    for (const xmlNode* note = xml.root()->children; note != nullptr; note = note->next) {
        if (!is_w(note, element)) continue;
        const std::string type = w_attribute(note, "type");
        if (!type.empty() && type != "normal") continue;  // separators
        writer.set_prefix("[" + w_attribute(note, "id") + "] ");
        writer.blocks(note);
    }
}

// The main part named by the package relationships, else word/document.xml.
std::string main_part(const ZipArchive& zip) {
    if (const std::string* rels = zip.find("_rels/.rels")) {
        XmlDocument xml(*rels, "_rels/.rels");
        for (const xmlNode* rel = xml.root()->children; rel != nullptr; rel = rel->next) {
            if (!is_element(rel, kRels, "Relationship")) continue;
            const std::string type = attribute(rel, "", "Type");
            const std::string suffix = "/officeDocument";
            if (type.size() < suffix.size() || type.compare(type.size() - suffix.size(), suffix.size(), suffix) != 0)
                continue;
            std::string target = attribute(rel, "", "Target");
            if (!target.empty() && target.front() == '/') target.erase(0, 1);
            if (zip.has(target)) return target;
        }
    }
    return "word/document.xml";
}

void read_core_properties(const ZipArchive& zip, Metadata& meta) {
    const std::string name = "docProps/core.xml";
    const std::string* bytes = zip.find(name);
    if (bytes == nullptr) return;
    XmlDocument xml(*bytes, name);
    std::string modified;
    for (const xmlNode* node = xml.root()->children; node != nullptr; node = node->next) {
        if (is_element(node, kDc, "title")) {
            meta.title = one_line(element_text(node));
        } else if (is_element(node, kDc, "creator")) {
            for (std::string& author : split_list(one_line(element_text(node)))) meta.authors.push_back(author);
        } else if (is_element(node, kDcTerms, "created")) {
            const std::string value = trim(element_text(node));
            if (std::optional<Date> date = Date::parse(value)) {
                meta.date = *date;
                meta.date_source = "properties";
                meta.date_evidence = "dcterms:created " + value;
            }
        } else if (is_element(node, kDcTerms, "modified")) {
            modified = trim(element_text(node));
        }
    }
    // The last save is no publication date: it is recorded, never used.
    std::optional<Date> date = Date::parse(modified);
    if (!meta.date.is_dated() && date) {
        meta.date_refused = date->to_string() + ": a modification date: dcterms:modified " + modified;
    }
}

}  // namespace

Document docx_from_zip(const ZipArchive& zip) {
    const std::string part = main_part(zip);
    const std::string* bytes = zip.find(part);
    if (bytes == nullptr) throw Error("not a DOCX file (a ZIP archive without " + part + ")");
    Document doc;
    doc.format = format_name(Format::kDocx);
    ParagraphWriter out;
    std::string heading;
    {
        XmlDocument xml(*bytes, part);
        const xmlNode* body = child_element(xml.root(), "", "body");
        if (body == nullptr) throw Error("not a DOCX file (" + part + " has no w:body)");
        StoryWriter writer(out);
        writer.blocks(body);
        heading = writer.title();
    }
    const std::string folder = part.substr(0, part.rfind('/') + 1);
    add_notes(zip, folder + "footnotes.xml", "footnote", out);
    add_notes(zip, folder + "endnotes.xml", "endnote", out);
    doc.text = clean_text(out.finish());
    read_core_properties(zip, doc.meta);
    title_from_heading(doc.meta, heading);
    return doc;
}

Document extract_docx(std::string_view bytes) {
    if (!is_zip(bytes)) throw Error("not a DOCX file (not a ZIP archive)");
    return docx_from_zip(ZipArchive(bytes, keep_document_member));
}

}  // namespace dossier
