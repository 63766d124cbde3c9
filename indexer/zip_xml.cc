#include "zip_xml.h"

#include <mutex>
#include <vector>

#include <archive.h>
#include <archive_entry.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "dossier/error.h"
#include "text.h"

namespace dossier {

namespace {

struct ArchiveFree {
    void operator()(archive* a) const { archive_read_free(a); }
};

std::string archive_message(archive* a) {
    const char* message = archive_error_string(a);
    return message != nullptr ? std::string(message) : std::string("unreadable");
}

// libxml2 must be initialised once before threads parse at the same time.
void init_libxml() {
    static std::once_flag once;
    std::call_once(once, [] { xmlInitParser(); });
}

// The library never prints: libxml2's generic messages go nowhere.
void silent(void*, const char*, ...) {}

std::string_view xml_chars(const xmlChar* text) {
    return text != nullptr ? std::string_view(reinterpret_cast<const char*>(text)) : std::string_view();
}

}  // namespace

bool is_zip(std::string_view bytes) { return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

ZipArchive::ZipArchive(std::string_view bytes, const std::function<bool(const std::string&)>& keep,
                       const ZipLimits& limits) {
    if (!is_zip(bytes)) throw Error("not a ZIP archive (no ZIP signature at the start)");
    std::unique_ptr<archive, ArchiveFree> a(archive_read_new());
    if (!a) throw std::bad_alloc();
    archive_read_support_format_zip(a.get());
    if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK)
        throw Error("not a ZIP archive (" + archive_message(a.get()) + ")");

    std::size_t total = 0;
    std::vector<char> buffer(65536);
    for (;;) {
        archive_entry* entry = nullptr;
        const int status = archive_read_next_header(a.get(), &entry);
        if (status == ARCHIVE_EOF) break;
        if (status != ARCHIVE_OK && status != ARCHIVE_WARN)
            throw Error("corrupt ZIP archive (" + archive_message(a.get()) + ")");
        if (members_.size() >= limits.max_members)
            throw Error("ZIP archive lists more than " + std::to_string(limits.max_members) + " members");
        const char* utf8 = archive_entry_pathname_utf8(entry);
        const char* raw = archive_entry_pathname(entry);
        std::string name = utf8 != nullptr ? utf8 : raw != nullptr ? raw : "";
        if (archive_entry_filetype(entry) == AE_IFDIR || name.empty() || members_.count(name)) {
            archive_read_data_skip(a.get());
            continue;
        }
        if (!keep(name)) {
            members_.emplace(name, std::nullopt);
            archive_read_data_skip(a.get());
            continue;
        }
        if (archive_entry_is_encrypted(entry)) throw Error("encrypted ZIP member " + name);
        std::string data;
        for (;;) {
            const la_ssize_t n = archive_read_data(a.get(), buffer.data(), buffer.size());
            if (n < 0) throw Error("corrupt ZIP archive (" + name + ": " + archive_message(a.get()) + ")");
            if (n == 0) break;
            const auto size = static_cast<std::size_t>(n);
            if (data.size() + size > limits.max_member_bytes) {
                throw Error("ZIP member " + name + " inflates to more than " +
                            std::to_string(limits.max_member_bytes) + " bytes (a zip bomb?)");
            }
            if (total + size > limits.max_total_bytes) {
                throw Error("ZIP members inflate to more than " + std::to_string(limits.max_total_bytes) +
                            " bytes in all (a zip bomb?)");
            }
            data.append(buffer.data(), size);
            total += size;
        }
        members_.emplace(std::move(name), std::move(data));
    }
}

bool ZipArchive::has(const std::string& name) const { return members_.count(name) != 0; }

const std::string* ZipArchive::find(const std::string& name) const {
    auto it = members_.find(name);
    if (it == members_.end() || !it->second) return nullptr;
    return &*it->second;
}

void title_from_heading(Metadata& meta, const std::string& heading) {
    if (!meta.title.empty()) {
        meta.title_source = "metadata";
    } else if (!heading.empty()) {
        meta.title = cut_utf8(heading, kMaxTitleBytes);
        meta.title_source = "heading";
    }
}

bool keep_document_member(const std::string& name) {
    static const std::string_view kSkipped[] = {
        ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".svg", ".webp",
        ".mp3", ".mp4", ".m4a", ".ogg", ".wav", ".avi", ".mov", ".ttf", ".otf", ".woff", ".woff2",
        ".css", ".bin", ".odttf", ".pdf"};
    const std::string lower = ascii_lower(name);
    for (std::string_view ext : kSkipped) {
        if (lower.size() >= ext.size() && lower.compare(lower.size() - ext.size(), ext.size(), ext) == 0)
            return false;
    }
    return true;
}

XmlDocument::XmlDocument(std::string_view bytes, const std::string& name) : doc_(nullptr, xmlFreeDoc) {
    init_libxml();
    xmlSetGenericErrorFunc(nullptr, silent);
    std::unique_ptr<xmlParserCtxt, void (*)(xmlParserCtxtPtr)> context(xmlNewParserCtxt(), xmlFreeParserCtxt);
    if (!context) throw std::bad_alloc();
    if (bytes.size() > static_cast<std::size_t>(INT32_MAX))
        throw Error("malformed XML in " + name + ": too large");
    // No XML_PARSE_NOENT: entities declared in a DTD are never expanded
    // ("billion laughs"), and their references are skipped when reading text.
    const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    doc_.reset(xmlCtxtReadMemory(context.get(), bytes.data(), static_cast<int>(bytes.size()), name.c_str(),
                                 nullptr, options));
    const xmlError* error = xmlCtxtGetLastError(context.get());
    const bool failed = !doc_ || !context->wellFormed;
    if (failed) {
        std::string message = error != nullptr && error->message != nullptr ? trim(error->message) : "unreadable";
        if (error != nullptr && error->line > 0 && message.find("line") == std::string::npos)
            message += " (line " + std::to_string(error->line) + ")";
        throw Error("malformed XML in " + name + ": " + message);
    }
    root_ = xmlDocGetRootElement(doc_.get());
    if (root_ == nullptr) throw Error("malformed XML in " + name + ": no root element");
}

bool is_element(const xmlNode* node, std::string_view ns, std::string_view name) {
    if (node == nullptr || node->type != XML_ELEMENT_NODE || xml_chars(node->name) != name) return false;
    if (ns.empty()) return true;
    return node->ns != nullptr && xml_chars(node->ns->href) == ns;
}

const xmlNode* child_element(const xmlNode* node, std::string_view ns, std::string_view name) {
    for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
        if (is_element(child, ns, name)) return child;
    }
    return nullptr;
}

std::string attribute(const xmlNode* node, std::string_view ns, std::string_view name) {
    for (const xmlAttr* attr = node->properties; attr != nullptr; attr = attr->next) {
        if (xml_chars(attr->name) != name) continue;
        if (ns.empty() ? attr->ns != nullptr : attr->ns == nullptr || xml_chars(attr->ns->href) != ns) continue;
        std::string value;
        for (const xmlNode* child = attr->children; child != nullptr; child = child->next) {
            if (child->type == XML_TEXT_NODE) value += xml_chars(child->content);
        }
        return value;
    }
    return std::string();
}

std::string element_text(const xmlNode* node) {
    std::string out;
    // An explicit stack: hostile documents nest deeply.
    std::vector<const xmlNode*> stack;
    for (const xmlNode* child = node->last; child != nullptr; child = child->prev) stack.push_back(child);
    while (!stack.empty()) {
        const xmlNode* n = stack.back();
        stack.pop_back();
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            out += xml_chars(n->content);
        } else if (n->type == XML_ELEMENT_NODE) {
            for (const xmlNode* child = n->last; child != nullptr; child = child->prev) stack.push_back(child);
        }
    }
    return out;
}

void ParagraphWriter::end_paragraph() {
    // White space collapses as in HTML, but asked-for line breaks stay.
    std::string paragraph;
    std::size_t pos = 0;
    while (pos <= current_.size()) {
        std::size_t end = current_.find('\n', pos);
        if (end == std::string::npos) end = current_.size();
        std::string line = one_line(std::string_view(current_).substr(pos, end - pos));
        if (!line.empty()) {
            if (!paragraph.empty()) paragraph += '\n';
            paragraph += line;
        }
        pos = end + 1;
    }
    current_.clear();
    if (paragraph.empty()) return;
    if (!text_.empty()) text_ += "\n\n";
    text_ += paragraph;
}

void ParagraphWriter::paragraph(std::string_view text) {
    end_paragraph();
    current_ = std::string(text);
    end_paragraph();
}

std::string ParagraphWriter::finish() {
    end_paragraph();
    return std::move(text_);
}

}  // namespace dossier
