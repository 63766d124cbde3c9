// EPUB extraction: the package document (OPF) found through
// META-INF/container.xml gives the metadata and, by its spine, the chapters
// in reading order; each chapter is XHTML read by the HTML extractor.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "dossier/error.h"
#include "dossier/extract.h"
#include "metadata.h"
#include "text.h"
#include "zip_xml.h"

namespace dossier {

namespace {

constexpr std::string_view kContainer = "urn:oasis:names:tc:opendocument:xmlns:container";
constexpr std::string_view kOpf = "http://www.idpf.org/2007/opf";
constexpr std::string_view kDc = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kEncryption = "http://www.w3.org/2001/04/xmlenc#";

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 && hex_digit(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// The archive path of href written in a file of folder base ("OEBPS/"):
// fragment dropped, escapes decoded, "." and ".." resolved.
std::string resolve(const std::string& base, std::string_view href) {
    href = href.substr(0, href.find('#'));
    std::string path = percent_decode(href);
    if (!path.empty() && path.front() == '/') {
        path.erase(0, 1);
    } else {
        path = base + path;
    }
    std::vector<std::string> parts;
    std::size_t pos = 0;
    while (pos <= path.size()) {
        std::size_t end = path.find('/', pos);
        if (end == std::string::npos) end = path.size();
        const std::string part = path.substr(pos, end - pos);
        if (part == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        pos = end + 1;
    }
    std::string out;
    for (const std::string& part : parts) out += (out.empty() ? "" : "/") + part;
    return out;
}

std::string package_path(const ZipArchive& zip) {
    const std::string name = "META-INF/container.xml";
    const std::string* bytes = zip.find(name);
    if (bytes == nullptr) throw Error("not an EPUB file (a ZIP archive without " + name + ")");
    XmlDocument xml(*bytes, name);
    const xmlNode* rootfiles = child_element(xml.root(), kContainer, "rootfiles");
    if (rootfiles != nullptr) {
        for (const xmlNode* node = rootfiles->children; node != nullptr; node = node->next) {
            if (!is_element(node, kContainer, "rootfile")) continue;
            const std::string type = attribute(node, "", "media-type");
            if (!type.empty() && type != "application/oebps-package+xml") continue;
            const std::string path = resolve("", attribute(node, "", "full-path"));
            if (!path.empty()) return path;
        }
    }
    throw Error("not an EPUB file (" + name + " names no package document)");
}

// Members that META-INF/encryption.xml says are encrypted (DRM or font
// obfuscation).
std::set<std::string> encrypted_members(const ZipArchive& zip) {
    std::set<std::string> out;
    const std::string name = "META-INF/encryption.xml";
    const std::string* bytes = zip.find(name);
    if (bytes == nullptr) return out;
    XmlDocument xml(*bytes, name);
    std::vector<const xmlNode*> stack{xml.root()};
    while (!stack.empty()) {
        const xmlNode* node = stack.back();
        stack.pop_back();
        if (is_element(node, kEncryption, "CipherReference")) out.insert(resolve("", attribute(node, "", "URI")));
        for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
            if (child->type == XML_ELEMENT_NODE) stack.push_back(child);
        }
    }
    return out;
}

void read_metadata(const xmlNode* metadata, Metadata& meta) {
    std::string date_text;
    bool publication = false;
    for (const xmlNode* node = metadata->children; node != nullptr; node = node->next) {
        if (is_element(node, kDc, "title")) {
            if (meta.title.empty()) meta.title = one_line(element_text(node));
        } else if (is_element(node, kDc, "creator")) {
            // One creator per element: "Ruiz, Ana" is one name.
            std::string author = one_line(element_text(node));
            if (!author.empty()) meta.authors.push_back(std::move(author));
        } else if (is_element(node, kDc, "publisher")) {
            if (meta.source.empty()) meta.source = one_line(element_text(node));
        } else if (is_element(node, kDc, "language")) {
            // A language name or tag ("en-GB"); made a code as front matter's is.
            if (meta.language.empty()) meta.language = trim(element_text(node));
        } else if (is_element(node, kDc, "date")) {
            // EPUB 2 may give several dates with an event; the publication
            // date wins, a modification date is never taken.
            const std::string event = ascii_lower(attribute(node, kOpf, "event"));
            if (event == "modification" || publication) continue;
            if (event == "publication" || date_text.empty()) {
                date_text = trim(element_text(node));
                publication = event == "publication";
            }
        }
    }
    if (std::optional<Date> date = Date::parse(date_text)) {
        meta.date = *date;
        meta.date_source = "metadata";
        meta.date_evidence = "dc:date " + date_text;
    }
}

}  // namespace

Document epub_from_zip(const ZipArchive& zip) {
    const std::string opf_name = package_path(zip);
    const std::string* opf = zip.find(opf_name);
    if (opf == nullptr) throw Error("not an EPUB file (package document " + opf_name + " is missing)");
    const std::string base = opf_name.substr(0, opf_name.rfind('/') + 1);
    const std::set<std::string> encrypted = encrypted_members(zip);

    Document doc;
    doc.format = format_name(Format::kEpub);
    XmlDocument xml(*opf, opf_name);
    if (const xmlNode* metadata = child_element(xml.root(), kOpf, "metadata")) read_metadata(metadata, doc.meta);

    struct Item {
        std::string path;
        std::string type;
    };
    std::map<std::string, Item> manifest;
    if (const xmlNode* node = child_element(xml.root(), kOpf, "manifest")) {
        for (const xmlNode* item = node->children; item != nullptr; item = item->next) {
            if (!is_element(item, kOpf, "item")) continue;
            manifest[attribute(item, "", "id")] = {resolve(base, attribute(item, "", "href")),
                                                   attribute(item, "", "media-type")};
        }
    }
    const xmlNode* spine = child_element(xml.root(), kOpf, "spine");
    if (spine == nullptr) throw Error("not an EPUB file (" + opf_name + " has no spine)");

    // Linear chapters in spine order, then the ones read only on demand
    // (notes, answers) so that their words are found too.
    std::vector<std::string> linear, auxiliary;
    for (const xmlNode* ref = spine->children; ref != nullptr; ref = ref->next) {
        if (!is_element(ref, kOpf, "itemref")) continue;
        const std::string id = attribute(ref, "", "idref");
        auto it = manifest.find(id);
        if (it == manifest.end()) throw Error("EPUB spine names item '" + id + "' that the manifest lacks");
        const std::string& type = it->second.type;
        if (type != "application/xhtml+xml" && type != "text/html") continue;
        (attribute(ref, "", "linear") == "no" ? auxiliary : linear).push_back(it->second.path);
    }
    linear.insert(linear.end(), auxiliary.begin(), auxiliary.end());

    std::string text;
    for (const std::string& chapter : linear) {
        if (encrypted.count(chapter)) throw Error("encrypted EPUB (DRM): chapter " + chapter);
        const std::string* bytes = zip.find(chapter);
        if (bytes == nullptr) throw Error("EPUB chapter " + chapter + " is missing from the archive");
        const std::string chapter_text = extract_html(*bytes).text;
        if (chapter_text.empty()) continue;
        if (!text.empty()) text += "\n\n";
        text += chapter_text;
    }
    doc.text = std::move(text);
    if (!doc.meta.title.empty()) doc.meta.title_source = "metadata";
    return doc;
}

Document extract_epub(std::string_view bytes) {
    if (!is_zip(bytes)) throw Error("not an EPUB file (not a ZIP archive)");
    return epub_from_zip(ZipArchive(bytes, keep_document_member));
}

}  // namespace dossier
