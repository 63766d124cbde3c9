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
enum class Format { kUnknown, kText, kMarkdown, kHtml, kPdf, kDocx, kOdt, kEpub, kRtf };

/// Format of a file from its name: .txt, .md/.markdown, .html/.htm, .pdf,
/// .docx, .odt, .epub, .rtf, each optionally followed by .gz
/// (case-insensitive). kUnknown for anything else.
DOSSIER_EXPORT Format format_from_name(const std::filesystem::path& path);

/// Name of a format: "text", "markdown", "html", "pdf", "docx", "odt",
/// "epub", "rtf" or "unknown".
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

/// Extracts a DOCX (Word) document, read with libarchive and libxml2: the
/// main part's paragraphs (a heading is a paragraph of its own), tables (a
/// row of short cells as one paragraph "a | b"; cells of layout tables as
/// paragraphs), text boxes, then footnotes and endnotes ("[1] ..."; the
/// reference reads "[1]" in the text). Paragraphs are separated by a blank
/// line. From docProps/core.xml: dc:title, dc:creator (a ';'- or
/// ','-separated list), dcterms:created as the date with date_source
/// "properties" (a dateline in the text still wins); dcterms:modified is
/// never the date, only recorded in date_refused when there is no other.
/// Title falls back to the first paragraph styled Title or Heading1
/// (title_source "heading"). Images are not read. Throws dossier::Error
/// "not a DOCX file (...)" when bytes are no ZIP or lack the main part,
/// "malformed XML in PART: ...", and the ZIP errors of the size limits
/// ("... (a zip bomb?)").
DOSSIER_EXPORT Document extract_docx(std::string_view bytes);

/// Extracts an ODT (OpenDocument text) document: content.xml's paragraphs,
/// headings, lists, sections, tables (as for DOCX), frames and notes ("[1]"
/// in the text, "[1] ..." after the body); the table of contents and
/// tracked deletions are left out. From meta.xml: dc:title,
/// meta:initial-creator (else dc:creator) as author, meta:creation-date as
/// the date (date_source "properties"); dc:date, the last save in ODF, is
/// never the date. Throws dossier::Error "not an ODT file (...)" when bytes
/// are no ZIP or have no content.xml, and as extract_docx() for the rest.
DOSSIER_EXPORT Document extract_odt(std::string_view bytes);

/// Extracts an EPUB book: the package document named by
/// META-INF/container.xml gives dc:title, dc:creator (one author each),
/// dc:publisher (the source) and dc:date (an EPUB 2 date of event
/// "publication" first, never one of "modification"; date_source
/// "metadata"); the chapters of its spine are read in order with
/// extract_html(), non-linear ones last, and joined by a blank line. Throws
/// dossier::Error "not an EPUB file (...)", "EPUB chapter PATH is missing
/// from the archive", "encrypted EPUB (DRM): chapter PATH", and as
/// extract_docx() for the rest.
DOSSIER_EXPORT Document extract_epub(std::string_view bytes);

/// Extracts an RTF document by converting it with pandoc (run as a
/// sandboxed child process, stopped after 60 seconds) to HTML read with
/// extract_html(): paragraphs, the title and author of the \\info group, and
/// its creation time (\\creatim) as the date with date_source "properties".
/// Throws dossier::Error "not an RTF file (no {\\rtf header)", "cannot
/// convert RTF: pandoc not found (...)", "RTF conversion took longer than
/// 60 s" or "corrupt RTF (pandoc exit status N)".
DOSSIER_EXPORT Document extract_rtf(std::string_view bytes);
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
/// or an error of extract_pdf(), extract_docx(), extract_odt(),
/// extract_epub() or extract_rtf()). For a ZIP the content decides between
/// DOCX, ODT and EPUB whatever the name says (the "mimetype" member, else
/// word/document.xml, content.xml or META-INF/container.xml); a ZIP that is
/// none of them fails with the reason its name's format gives.
DOSSIER_EXPORT Document extract_file(const std::filesystem::path& path);

/// As extract_file(path), reading PDF pages without text as ocr says (see
/// extract_pdf(); ocr.file is replaced by path). extract_file(path) uses
/// the default OcrOptions.
DOSSIER_EXPORT Document extract_file(const std::filesystem::path& path, const OcrOptions& ocr);

}  // namespace dossier
