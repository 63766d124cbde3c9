#include "dossier/extract.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compress.h"
#include "detect.h"
#include "language_detect.h"
#include "entities.h"
#include "dossier/error.h"
#include "metadata.h"
#include "normalise.h"
#include "text.h"
#include "zip_xml.h"

namespace dossier {

namespace {

// How much of a file the binary check looks at.
constexpr std::size_t kSniffBytes = 8192;

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           text.substr(text.size() - suffix.size()) == suffix;
}

std::string title_from_line(std::string_view line) {
    return trim(cut_utf8(one_line(line), kMaxTitleBytes));
}

// First ATX heading ("# Title") outside fenced code blocks.
std::string first_heading(std::string_view text) {
    bool in_fence = false;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        std::size_t indent = line.find_first_not_of(' ');
        if (indent == std::string_view::npos || indent > 3) continue;
        line.remove_prefix(indent);
        if (line.substr(0, 3) == "```" || line.substr(0, 3) == "~~~") {
            in_fence = !in_fence;
            continue;
        }
        if (in_fence || line.empty() || line.front() != '#') continue;
        std::size_t level = line.find_first_not_of('#');
        if (level == std::string_view::npos) continue;
        if (level > 6 || (line[level] != ' ' && line[level] != '\t')) continue;
        std::string heading = trim(line.substr(level));
        // A closing run of '#' is decoration, not part of the heading.
        std::size_t closing = heading.find_last_not_of('#');
        if (closing != std::string::npos && closing + 1 < heading.size() &&
            (heading[closing] == ' ' || heading[closing] == '\t')) {
            heading = trim(std::string_view(heading).substr(0, closing));
        }
        heading = title_from_line(heading);
        if (!heading.empty()) return heading;
    }
    return std::string();
}

std::string strip_leading_blank_lines(std::string_view text) {
    std::size_t start = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        char c = text[pos];
        if (c == '\n') {
            start = pos + 1;
        } else if (c != ' ' && c != '\t') {
            break;
        }
        ++pos;
    }
    if (pos == text.size()) start = text.size();
    return std::string(text.substr(start));
}

// Shared by text and Markdown: front matter when present, else (for plain
// text only) header lines.
Document extract_plain(std::string_view content, Format format) {
    Document doc;
    doc.format = format_name(format);
    // Metadata is read before clean_text() so that values keep their
    // typography ("Leaders’ Communiqué"); only the body is folded for search.
    std::string text = repair_utf8(content);
    if (std::optional<FrontMatter> fm = split_front_matter(text)) {
        parse_front_matter(fm->yaml, doc.meta);
        text = std::move(fm->body);
    } else if (format == Format::kText) {
        std::size_t header = parse_header_lines(text, doc.meta);
        text.erase(0, header);
    }
    doc.text = strip_leading_blank_lines(clean_text(text));
    tidy_metadata(doc.meta);
    if (!doc.meta.title.empty()) doc.meta.title_source = "metadata";
    if (doc.meta.title.empty() && format == Format::kMarkdown) {
        doc.meta.title = first_heading(doc.text);
        if (!doc.meta.title.empty()) doc.meta.title_source = "heading";
    }
    if (doc.meta.title.empty()) {
        doc.meta.title = first_line_title(doc.text);
        if (!doc.meta.title.empty()) doc.meta.title_source = "first-line";
    }
    return doc;
}

// Most binary formats announce themselves in their first bytes; the rest
// show control characters that text does not contain.
bool looks_binary(std::string_view bytes) {
    static const std::string_view kMagics[] = {
        "%PDF-",
        "PK\x03\x04",
        "\x7F"
        "ELF",
        "\x89PNG",
        "\xFF\xD8\xFF",
        "GIF8",
        "\xD0\xCF\x11\xE0",
    };
    for (std::string_view magic : kMagics) {
        if (bytes.substr(0, magic.size()) == magic) return true;
    }
    std::string_view sample = bytes.substr(0, kSniffBytes);
    std::size_t nul = 0;
    std::size_t control = 0;
    for (char c : sample) {
        auto b = static_cast<unsigned char>(c);
        if (b == 0) ++nul;
        if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' &&
            b != '\v' && b != 0x1B) {
            ++control;
        }
    }
    // A stray NUL or control character is tolerated (clean_text removes
    // NULs); text encodings we do not read (UTF-16) and binary data have
    // many. The slack keeps tiny files from failing on one odd byte.
    return nul > 1 + sample.size() / 1000 || control > 2 + sample.size() / 20;
}

// Text saved as UTF-16 by Windows tools starts with a byte order mark;
// without one UTF-16 is not told apart from binary data.
bool has_utf16_bom(std::string_view bytes) {
    return bytes.size() >= 2 &&
           ((bytes[0] == '\xFF' && bytes[1] == '\xFE') ||
            (bytes[0] == '\xFE' && bytes[1] == '\xFF'));
}

// UTF-16 after a BOM to UTF-8; unpaired surrogates and an odd last byte
// become U+FFFD.
std::string utf16_to_utf8(std::string_view bytes) {
    const bool big = bytes[0] == '\xFE';
    auto unit = [&](std::size_t i) -> char32_t {
        auto a = static_cast<unsigned char>(bytes[i]);
        auto b = static_cast<unsigned char>(bytes[i + 1]);
        return big ? char32_t(a << 8 | b) : char32_t(b << 8 | a);
    };
    std::string out;
    out.reserve(bytes.size());
    std::size_t i = 2;
    for (; i + 1 < bytes.size(); i += 2) {
        char32_t c = unit(i);
        if (c >= 0xD800 && c <= 0xDBFF && i + 3 < bytes.size()) {
            char32_t low = unit(i + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                append_utf8(out, 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00));
                i += 2;
                continue;
            }
        }
        if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
        append_utf8(out, c);
    }
    if (i < bytes.size()) append_utf8(out, 0xFFFD);
    return out;
}

std::string read_file(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error(std::string("cannot read: ") + std::strerror(errno));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};

    struct stat st;
    if (::fstat(fd, &st) != 0) {
        throw Error(std::string("cannot read: ") + std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) {
        throw Error(std::string("cannot read: ") + std::strerror(EISDIR));
    }
    if (S_ISREG(st.st_mode) &&
        static_cast<std::uintmax_t>(st.st_size) > kMaxExtractedBytes) {
        throw Error("file too large (" + std::to_string(st.st_size) +
                    " bytes; the limit is " +
                    std::to_string(kMaxExtractedBytes) + ")");
    }

    std::string bytes;
    if (S_ISREG(st.st_mode))
        bytes.reserve(static_cast<std::size_t>(st.st_size));
    char buffer[65536];
    for (;;) {
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw Error(std::string("cannot read: ") + std::strerror(errno));
        }
        if (n == 0) break;
        if (bytes.size() + static_cast<std::size_t>(n) > kMaxExtractedBytes) {
            throw Error("file too large (more than " +
                        std::to_string(kMaxExtractedBytes) + " bytes)");
        }
        bytes.append(buffer, static_cast<std::size_t>(n));
    }
    return bytes;
}

// A document archive is read as what its content says it is: the
// "mimetype" member of ODF and EPUB, else the parts each format must have.
// named is the format the file name gave, for the reason when it is none.
Document extract_document_zip(std::string_view bytes, Format named) {
    ZipArchive zip(bytes, keep_document_member);
    std::string mimetype;
    if (const std::string* member = zip.find("mimetype")) mimetype = trim(*member);
    if (mimetype == "application/epub+zip") return epub_from_zip(zip);
    if (mimetype.rfind("application/vnd.oasis.opendocument.text", 0) == 0) return odt_from_zip(zip);
    if (mimetype.empty()) {
        if (zip.has("word/document.xml") || (named == Format::kDocx && zip.has("_rels/.rels")))
            return docx_from_zip(zip);
        if (named == Format::kEpub && zip.has("META-INF/container.xml")) return epub_from_zip(zip);
    }
    switch (named) {
        case Format::kDocx:
            throw Error("not a DOCX file (a ZIP archive without word/document.xml)");
        case Format::kOdt:
            throw Error(zip.has("content.xml") && !mimetype.empty()
                            ? "not an ODT file (an OpenDocument of type " + mimetype + ")"
                            : "not an ODT file (a ZIP archive without content.xml)");
        case Format::kEpub:
            throw Error("not an EPUB file (a ZIP archive without META-INF/container.xml)");
        default:
            throw Error("not a text file (binary data)");
    }
}

// Sets the path, tidies the metadata and fills what is missing (below).
Document finish_document(Document doc, const std::filesystem::path& path);

bool is_zip_format(Format format) {
    return format == Format::kDocx || format == Format::kOdt || format == Format::kEpub;
}

// The OCR settings of one file: failures name it.
OcrOptions ocr_for_file(OcrOptions ocr, const std::filesystem::path& path) {
    ocr.file = path.string();
    return ocr;
}

}  // namespace

Format format_from_name(const std::filesystem::path& path) {
    std::string name = ascii_lower(path.filename().string());
    if (ends_with(name, ".gz")) name.resize(name.size() - 3);
    if (ends_with(name, ".txt")) return Format::kText;
    if (ends_with(name, ".md") || ends_with(name, ".markdown")) {
        return Format::kMarkdown;
    }
    if (ends_with(name, ".html") || ends_with(name, ".htm")) {
        return Format::kHtml;
    }
    if (ends_with(name, ".pdf")) return Format::kPdf;
    if (ends_with(name, ".docx")) return Format::kDocx;
    if (ends_with(name, ".odt")) return Format::kOdt;
    if (ends_with(name, ".epub")) return Format::kEpub;
    if (ends_with(name, ".rtf")) return Format::kRtf;
    return Format::kUnknown;
}

std::string format_name(Format format) {
    switch (format) {
        case Format::kText:
            return "text";
        case Format::kMarkdown:
            return "markdown";
        case Format::kHtml:
            return "html";
        case Format::kPdf:
            return "pdf";
        case Format::kDocx:
            return "docx";
        case Format::kOdt:
            return "odt";
        case Format::kEpub:
            return "epub";
        case Format::kRtf:
            return "rtf";
        case Format::kUnknown:
            break;
    }
    return "unknown";
}

Document extract_text(std::string_view content) {
    return extract_plain(content, Format::kText);
}

Document extract_markdown(std::string_view content) {
    return extract_plain(content, Format::kMarkdown);
}

Document extract_file(const std::filesystem::path& path) {
    return extract_file(path, OcrOptions());
}

Document extract_file(const std::filesystem::path& path, const OcrOptions& ocr) {
    std::string bytes = read_file(path);
    if (is_gzip(bytes)) bytes = gunzip(bytes);
    // White space alone (after a UTF-8 BOM) is no document: a file kept as a marker,
    // or a file cut short before its first word.
    const std::size_t start = bytes.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    if (bytes.find_first_not_of(" \t\r\n\f\v", start) == std::string::npos)
        throw EmptyFileError("empty file");
    if (has_utf16_bom(bytes)) bytes = utf16_to_utf8(bytes);
    const Format format = format_from_name(path);
    // Only a file named .pdf is read as a PDF: any other name with PDF
    // bytes is reported as binary, not guessed at.
    const bool pdf = format == Format::kPdf;
    if (pdf && bytes.compare(0, 5, "%PDF-") != 0) throw Error("corrupt PDF (no %PDF- header)");
    if (is_zip_format(format) && !is_zip(bytes))
        throw Error("not " + std::string(format == Format::kOdt ? "an ODT" : format == Format::kEpub ? "an EPUB" : "a DOCX") +
                    " file (not a ZIP archive)");
    // A document archive under another name (a DOCX saved as .txt) is read
    // for what it is.
    if (is_zip(bytes) && is_zip_format(format)) return finish_document(extract_document_zip(bytes, format), path);
    if (is_zip(bytes) && !pdf) {
        std::optional<Document> doc;
        try {
            doc = extract_document_zip(bytes, format);
        } catch (const Error&) {
            throw Error("not a text file (binary data)");
        }
        return finish_document(std::move(*doc), path);
    }
    if (!pdf && format != Format::kRtf && looks_binary(bytes)) throw Error("not a text file (binary data)");

    Document doc;
    switch (pdf ? Format::kPdf : format) {
        case Format::kPdf:
            doc = extract_pdf(bytes, ocr_for_file(ocr, path));
            break;
        case Format::kRtf:
            doc = extract_rtf(bytes);
            break;
        case Format::kDocx:
        case Format::kOdt:
        case Format::kEpub:
            break;  // archives were read above
        case Format::kMarkdown:
            doc = extract_markdown(bytes);
            break;
        case Format::kHtml:
            doc = extract_html(bytes);
            break;
        case Format::kText:
        case Format::kUnknown:
            // A file the caller chose to read despite its name is most
            // usefully taken as plain text.
            doc = extract_text(bytes);
            break;
    }
    return finish_document(std::move(doc), path);
}

namespace {

Document finish_document(Document doc, const std::filesystem::path& path) {
    doc.key = path.string();
    doc.path = path.string();
    tidy_metadata(doc.meta);
    if (doc.meta.title.empty()) {
        doc.meta.title = first_line_title(doc.text);
        if (!doc.meta.title.empty()) doc.meta.title_source = "first-line";
    }
    if (doc.meta.title.empty()) {
        doc.meta.title = repair_utf8(path.filename().string());
        doc.meta.title_source = "filename";
    }
    detect_metadata(doc, repair_utf8(path.filename().string()));
    detect_document_language(doc);
    resolve_entities(doc);
    return doc;
}

}  // namespace

}  // namespace dossier
