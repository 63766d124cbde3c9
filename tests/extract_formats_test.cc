// The extractors of DOCX, ODT, EPUB and RTF on the documents of
// testdata/formats/ (made by make_formats.py there), and the ZIP and XML
// reading under them: limits, malformed input, names that lie.

#include <algorithm>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <archive.h>
#include <archive_entry.h>
#include <catch2/catch.hpp>

#include "dossier/error.h"
#include "dossier/extract.h"
#include "paragraphs.h"
#include "test_util.h"
#include "zip_xml.h"

namespace fs = std::filesystem;
using dossier::Document;
using dossier::Error;

namespace {

const fs::path kFormats = fs::path(DOSSIER_TESTDATA) / "formats";

std::string bytes_of(const std::string& name) { return dossier_test::read_file(kFormats / name); }

// The paragraphs of a text as the passage finder numbers them.
std::vector<std::string> paragraphs(const std::string& text) {
    std::vector<std::string> out;
    for (const dossier::TextSpan& span : dossier::split_spans(text)) {
        if (out.size() < span.paragraph) out.emplace_back();
        out.back() += text.substr(span.begin, span.end - span.begin);
    }
    return out;
}

bool has_paragraph(const std::string& text, const std::string& paragraph) {
    const std::vector<std::string> all = paragraphs(text);
    return std::find(all.begin(), all.end(), paragraph) != all.end();
}

// Index of the paragraph holding needle, or -1.
long paragraph_of(const std::string& text, const std::string& needle) {
    const std::vector<std::string> all = paragraphs(text);
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (all[i].find(needle) != std::string::npos) return static_cast<long>(i);
    }
    return -1;
}

// A ZIP archive written with libarchive from (name, content) pairs.
std::string make_zip(const std::vector<std::pair<std::string, std::string>>& members) {
    std::vector<char> buffer(std::size_t(8) << 20);
    std::size_t used = 0;
    archive* a = archive_write_new();
    archive_write_set_format_zip(a);
    REQUIRE(archive_write_open_memory(a, buffer.data(), buffer.size(), &used) == ARCHIVE_OK);
    for (const auto& [name, data] : members) {
        archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, name.c_str());
        archive_entry_set_size(entry, static_cast<la_int64_t>(data.size()));
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_perm(entry, 0644);
        REQUIRE(archive_write_header(a, entry) == ARCHIVE_OK);
        REQUIRE(archive_write_data(a, data.data(), data.size()) == static_cast<la_ssize_t>(data.size()));
        archive_entry_free(entry);
    }
    archive_write_close(a);
    archive_write_free(a);
    return std::string(buffer.data(), used);
}

std::string docx_with_body(const std::string& body, const std::string& prologue = "") {
    return make_zip({{"word/document.xml",
                      "<?xml version=\"1.0\"?>" + prologue +
                          "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                          "<w:body>" +
                          body + "</w:body></w:document>"}});
}

}  // namespace

TEST_CASE("extract_docx reads paragraphs, headings, tables, footnotes and core properties", "[formats]") {
    const Document doc = dossier::extract_docx(bytes_of("harbour-notes.docx"));
    CHECK(doc.format == "docx");
    CHECK(doc.meta.title == "Harbour Resilience Notes");
    CHECK(doc.meta.title_source == "metadata");
    CHECK(doc.meta.authors == std::vector<std::string>{"Ana Ruiz", "Ben Okafor"});
    CHECK(doc.meta.date.to_string() == "2021-03-04");
    CHECK(doc.meta.date_source == "properties");
    CHECK(doc.meta.date_evidence == "dcterms:created 2021-03-04T09:30:00Z");
    // Headings and table rows are paragraphs of their own, in order.
    CHECK(has_paragraph(doc.text, "Summary"));
    CHECK(has_paragraph(doc.text, "Findings"));
    CHECK(has_paragraph(doc.text, "Sines | 1 | 4"));
    CHECK(paragraph_of(doc.text, "Summary") < paragraph_of(doc.text, "zephyrine"));
    CHECK(paragraph_of(doc.text, "zephyrine") < paragraph_of(doc.text, "Findings"));
    // Runs join without spaces of their own; the note reference stays.
    CHECK(doc.text.find("after the zephyrine exercise showed gaps in radio coverage.[1]") != std::string::npos);
    // Footnotes follow the body, numbered as their references.
    const long note = paragraph_of(doc.text, "quillfeather");
    REQUIRE(note >= 0);
    CHECK(paragraphs(doc.text)[static_cast<std::size_t>(note)].rfind("[1] Figures of the Coastguard", 0) == 0);
    CHECK(note > paragraph_of(doc.text, "tablewordcheck"));
    // Tracked deletions are not the text.
    CHECK(doc.text.find("strikethroughword") == std::string::npos);
    CHECK(doc.text.find("Deleted words are not read: the rest of the line stays.") != std::string::npos);
}

TEST_CASE("extract_file prefers a dateline of a DOCX to its creation date", "[formats]") {
    const Document doc = dossier::extract_file(kFormats / "harbour-notes.docx");
    CHECK(doc.format == "docx");
    CHECK(doc.meta.date.to_string() == "2021-03-03");
    CHECK(doc.meta.date_source == "dateline");
    CHECK(doc.meta.title == "Harbour Resilience Notes");
}

TEST_CASE("a DOCX modification date is never its publication date", "[formats]") {
    const Document doc = dossier::extract_file(kFormats / "plain-heading.docx");
    CHECK_FALSE(doc.meta.date.is_dated());
    CHECK(doc.meta.date_refused == "2023-11-20: a modification date: dcterms:modified 2023-11-20T08:00:00Z");
    // No core title: the first Heading1 gives it.
    CHECK(doc.meta.title == "Border Crossing Review");
    CHECK(doc.meta.title_source == "heading");
}

TEST_CASE("extract_odt reads headings, lists, tables, notes and meta.xml", "[formats]") {
    const Document doc = dossier::extract_odt(bytes_of("cable-protection.odt"));
    CHECK(doc.format == "odt");
    CHECK(doc.meta.title == "Baltic Cable Protection");
    // The initial creator is the author; dc:creator is whoever saved last.
    CHECK(doc.meta.authors == std::vector<std::string>{"Liis Tamm"});
    CHECK(doc.meta.date.to_string() == "2022-03-09");
    CHECK(doc.meta.date_source == "properties");
    CHECK(doc.meta.date_evidence == "meta:creation-date 2022-03-09T11:00:00");
    CHECK(paragraphs(doc.text).front() == "Baltic Cable Protection");
    CHECK(has_paragraph(doc.text, "Background"));
    CHECK(has_paragraph(doc.text, "Map every landing station."));
    CHECK(has_paragraph(doc.text, "Share repair ship schedules."));
    CHECK(has_paragraph(doc.text, "Kestrel | Tallinn"));
    CHECK(has_paragraph(doc.text, "Patrol ships and sensors\nshare one watch roster."));
    CHECK(doc.text.find("the lanternfish survey[1] mapped them") != std::string::npos);
    const long note = paragraph_of(doc.text, "harrowmere");
    REQUIRE(note >= 0);
    CHECK(paragraphs(doc.text)[static_cast<std::size_t>(note)].rfind("[1] Survey of", 0) == 0);
    // Tracked deletions and the generated table of contents are left out.
    CHECK(doc.text.find("erasedwordzz") == std::string::npos);
    CHECK(doc.text.find("Baltic Cable Protection 1") == std::string::npos);
}

TEST_CASE("extract_file keeps an ODT creation date when the text has no dateline", "[formats]") {
    const Document doc = dossier::extract_file(kFormats / "cable-protection.odt");
    CHECK(doc.meta.date.to_string() == "2022-03-09");
    CHECK(doc.meta.date_source == "properties");
}

TEST_CASE("an OpenDocument named .docx is read as what it is", "[formats]") {
    const Document doc = dossier::extract_file(kFormats / "renamed-odt.docx");
    CHECK(doc.format == "odt");
    CHECK(doc.text.find("brackwater convoy") != std::string::npos);
}

TEST_CASE("extract_epub reads the OPF metadata and the chapters in spine order", "[formats]") {
    const Document doc = dossier::extract_epub(bytes_of("arctic-lanes.epub"));
    CHECK(doc.format == "epub");
    CHECK(doc.meta.title == "Arctic Shipping Lanes");
    CHECK(doc.meta.authors == std::vector<std::string>{"Marit Olsen", "Pavel Novak"});
    CHECK(doc.meta.source == "Northern Routes Institute");
    CHECK(doc.meta.language == "en");
    // The publication date, not the modification date listed before it.
    CHECK(doc.meta.date.to_string() == "2020-11-02");
    CHECK(doc.meta.date_source == "metadata");
    CHECK(doc.meta.date_evidence == "dc:date 2020-11-02");
    // The manifest lists chapter 2 first; the spine reads chapter 1 first.
    const long one = paragraph_of(doc.text, "Chapter One: Melting Routes");
    const long two = paragraph_of(doc.text, "Chapter Two: Search and Rescue");
    REQUIRE(one >= 0);
    CHECK(one < two);
    CHECK(has_paragraph(doc.text, "The northern sea route opened for eleven weeks in the last season."));
    CHECK(doc.text.find("frostquill") != std::string::npos);  // "chapter%202.xhtml" resolved
    CHECK(doc.text.find("margin") == std::string::npos);      // style sheets are no text
}

TEST_CASE("extract_rtf converts with pandoc and keeps paragraphs and the info group", "[formats]") {
    const Document doc = dossier::extract_rtf(bytes_of("seabed-statement.rtf"));
    CHECK(doc.format == "rtf");
    CHECK(doc.meta.title == "Statement on Undersea Infrastructure");
    CHECK(doc.meta.authors == std::vector<std::string>{"Elena Petrova"});
    CHECK(doc.meta.date.to_string() == "2022-09-28");
    CHECK(doc.meta.date_source == "properties");
    CHECK(doc.meta.date_evidence == "\\creatim 2022-09-28");
    CHECK(paragraphs(doc.text).front() == "Statement on Undersea Infrastructure");
    CHECK(has_paragraph(doc.text, "Issued by the ministers of the coastal states."));
    // \'e9 and \u8220 decoded (quotes folded by clean_text), \line kept
    // inside its paragraph.
    CHECK(doc.text.find("They welcomed the résumé of the inquiry and the \"shared picture\" of traffic.\nWork "
                        "starts at once.") != std::string::npos);
    // The title block pandoc writes at the top of the body is not text.
    CHECK(doc.text.find("Elena Petrova") == std::string::npos);
}

TEST_CASE("an RTF without a title takes none from the converter", "[formats]") {
    const Document doc = dossier::extract_rtf("{\\rtf1\\ansi {\\pard Untitled words here.\\par}}");
    CHECK(doc.meta.title == "Untitled words here.");
    CHECK(doc.meta.title_source == "first-line");
    CHECK_FALSE(doc.meta.date.is_dated());
}

TEST_CASE("broken documents fail with their reason", "[formats]") {
    struct Case {
        const char* name;
        const char* reason;
    };
    const Case cases[] = {
        {"broken/not-a-zip.docx", "not a DOCX file (not a ZIP archive)"},
        {"broken/no-content.odt", "not an ODT file (a ZIP archive without content.xml)"},
        {"broken/missing-chapter.epub", "EPUB chapter OEBPS/text/chapter 2.xhtml is missing from the archive"},
        {"broken/no-header.rtf", "not an RTF file (no {\\rtf header)"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        CHECK_THROWS_WITH(dossier::extract_file(kFormats / c.name), c.reason);
    }
    CHECK_THROWS_WITH(dossier::extract_file(kFormats / "broken/malformed.docx"),
                      Catch::StartsWith("malformed XML in word/document.xml: "));
}

TEST_CASE("a document archive named .txt is read, other ZIP data stays binary", "[formats]") {
    dossier_test::TempDir dir;
    dossier_test::write_file(dir / "saved.txt", bytes_of("harbour-notes.docx"));
    CHECK(dossier::extract_file(dir / "saved.txt").format == "docx");
    dossier_test::write_file(dir / "archive.txt", make_zip({{"data.csv", "a,b\n1,2\n"}}));
    CHECK_THROWS_WITH(dossier::extract_file(dir / "archive.txt"), "not a text file (binary data)");
    dossier_test::write_file(dir / "archive.epub", make_zip({{"data.csv", "a,b\n1,2\n"}}));
    CHECK_THROWS_WITH(dossier::extract_file(dir / "archive.epub"),
                      "not an EPUB file (a ZIP archive without META-INF/container.xml)");
}

TEST_CASE("ZIP members are inflated within the limits", "[formats]") {
    const std::string docx = bytes_of("harbour-notes.docx");
    dossier::ZipLimits limits;
    limits.max_member_bytes = 100;
    CHECK_THROWS_WITH(dossier::ZipArchive(docx, dossier::keep_document_member, limits),
                      Catch::Matches("ZIP member .* inflates to more than 100 bytes \\(a zip bomb\\?\\)"));
    limits = dossier::ZipLimits();
    limits.max_total_bytes = 3000;
    CHECK_THROWS_WITH(dossier::ZipArchive(docx, dossier::keep_document_member, limits),
                      "ZIP members inflate to more than 3000 bytes in all (a zip bomb?)");
    limits = dossier::ZipLimits();
    limits.max_members = 3;
    CHECK_THROWS_WITH(dossier::ZipArchive(docx, dossier::keep_document_member, limits),
                      "ZIP archive lists more than 3 members");
    // Pictures are listed but never inflated.
    const dossier::ZipArchive zip(docx, dossier::keep_document_member);
    CHECK(zip.has("word/media/image1.png"));
    CHECK(zip.find("word/media/image1.png") == nullptr);
    REQUIRE(zip.find("word/document.xml") != nullptr);
}

TEST_CASE("a DOCX that inflates past the default limit is refused", "[formats]") {
    // 130 MiB of spaces compress to a few hundred kilobytes.
    const std::string body = "<w:p><w:r><w:t>" + std::string(std::size_t(130) << 20, ' ') + "</w:t></w:r></w:p>";
    const std::string bomb = docx_with_body(body);
    CHECK(bomb.size() < (std::size_t(2) << 20));
    CHECK_THROWS_WITH(dossier::extract_docx(bomb),
                      "ZIP member word/document.xml inflates to more than 134217728 bytes (a zip bomb?)");
}

TEST_CASE("XML entities are never expanded", "[formats]") {
    std::string dtd = "<!DOCTYPE w:document [<!ENTITY a \"aaaaaaaaaa\">";
    for (int i = 1; i < 10; ++i) {
        const char prev = static_cast<char>('a' + i - 1), next = static_cast<char>('a' + i);
        dtd += std::string("<!ENTITY ") + next + " \"";
        for (int k = 0; k < 10; ++k) dtd += std::string("&") + prev + ";";
        dtd += "\">";
    }
    dtd += "]>";
    const std::string docx = docx_with_body("<w:p><w:r><w:t>Safe &j; words</w:t></w:r></w:p>", dtd);
    try {
        const Document doc = dossier::extract_docx(docx);
        CHECK(doc.text.size() < 100);
        CHECK(doc.text.find("Safe") != std::string::npos);
    } catch (const Error& e) {
        CHECK(std::string(e.what()).rfind("malformed XML in word/document.xml", 0) == 0);
    }
}

TEST_CASE("an EPUB spine naming an item the manifest lacks is refused", "[formats]") {
    const std::string epub = make_zip(
        {{"mimetype", "application/epub+zip"},
         {"META-INF/container.xml",
          "<container xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles>"
          "<rootfile full-path=\"book.opf\" media-type=\"application/oebps-package+xml\"/></rootfiles></container>"},
         {"book.opf",
          "<package xmlns=\"http://www.idpf.org/2007/opf\"><metadata/><manifest/>"
          "<spine><itemref idref=\"nowhere\"/></spine></package>"}});
    CHECK_THROWS_WITH(dossier::extract_epub(epub), "EPUB spine names item 'nowhere' that the manifest lacks");
}
