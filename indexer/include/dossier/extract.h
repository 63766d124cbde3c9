#pragma once
/// @file extract.h
/// Turning files into Documents: format detection, text extraction and the
/// metadata each format carries (YAML front matter, header lines, HTML meta).

#include <filesystem>
#include <string>
#include <string_view>

#include "dossier/export.h"
#include "dossier/document.h"
#include "dossier/ocr.h"

namespace dossier {

/// The formats Dossier reads.
enum class Format { kUnknown, kText, kMarkdown, kHtml, kPdf };

/// Format of a file from its name: .txt, .md/.markdown, .html/.htm, .pdf,
/// each optionally followed by .gz (case-insensitive). kUnknown for anything
/// else.
DOSSIER_EXPORT Format format_from_name(const std::filesystem::path& path);

/// Name of a format: "text", "markdown", "html", "pdf" or "unknown".
DOSSIER_EXPORT std::string format_name(Format format);

/// Extracts a plain-text document: optional YAML front matter between "---"
/// lines at the top, else optional header lines (Title:, Date:, Type:,
/// Source:, Author:/Authors:, Countries:, URL:) before the first blank line.
/// Title falls back to the first non-empty line. Throws dossier::Error with
/// the reason when the front matter is malformed.
DOSSIER_EXPORT Document extract_text(std::string_view content);

/// Extracts a Markdown document: optional YAML front matter, then the body
/// (kept as written, minus front matter). Title falls back to the first
/// heading, then the first non-empty line. Throws dossier::Error when the
/// front matter is malformed.
DOSSIER_EXPORT Document extract_markdown(std::string_view content);

/// Extracts an HTML document with a real HTML parser: visible text with
/// block elements on their own lines, entities decoded, script/style/
/// noscript/template dropped; `<title>` and `<meta>` (date, dcterms.date,
/// dcterms.issued, article:published_time, author, type, source, countries,
/// keywords are not used) for metadata; title falls back to the first `<h1>`.
/// Never throws on malformed markup.
DOSSIER_EXPORT Document extract_html(std::string_view content);

/// Extracts a PDF with poppler: the text of each page (pages joined by a
/// blank line, their start offsets in Document::pages), Title, Author and
/// CreationDate of the Info dictionary (date_source "pdf-info"). Repairs
/// words hyphenated across lines when the second part is lower case
/// ("secu-\nrity" -> "security"), ligature characters (U+FB00-FB06 -> "ff",
/// "fi", "fl", "ffi", "ffl", "st") and removes running headers and footers
/// that repeat on most pages, and page numbers. Throws dossier::Error with
/// "no text layer (scanned PDF; a candidate for OCR)", "encrypted PDF" or
/// "corrupt PDF ..." as the case may be.
DOSSIER_EXPORT Document extract_pdf(std::string_view bytes);

/// As extract_pdf(bytes), but pages with fewer than 16 visible characters
/// of text are rendered and read with Tesseract as ocr says (the text read
/// goes through the same repairs). A page OCR cannot read is left empty and
/// recorded in ocr.session; when no page has text the reason is "no text
/// layer, and OCR found no text" or "no text layer, and OCR could not read
/// page N: ...". Throws dossier::Error "OCR interrupted" when ocr.cancel is
/// set during OCR. extract_pdf(bytes) uses the default OcrOptions.
DOSSIER_EXPORT Document extract_pdf(std::string_view bytes, const OcrOptions& ocr);

/// Reads a file (inflating it when it carries the gzip magic, whatever its
/// name) and extracts it according to format_from_name(). The returned
/// Document has key and path set to the given path, cleaned text, and a title
/// that falls back to the file name (for a PDF, to its first line first).
/// Where metadata gives no date or type they are
/// detected (detect_metadata() in detect.h), and countries and entities are
/// resolved with the gazetteer (resolve_entities() in entities.h). Throws
/// dossier::EmptyFileError ("empty file") when the file, once inflated, is
/// empty or white space only, and dossier::Error naming the reason for the
/// rest (unreadable, not text, truncated gzip, too large, bad front matter,
/// or a PDF error of extract_pdf()).
DOSSIER_EXPORT Document extract_file(const std::filesystem::path& path);

/// As extract_file(path), reading PDF pages without text as ocr says (see
/// extract_pdf(); ocr.file is replaced by path). extract_file(path) uses
/// the default OcrOptions.
DOSSIER_EXPORT Document extract_file(const std::filesystem::path& path, const OcrOptions& ocr);

}  // namespace dossier
