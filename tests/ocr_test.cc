// OCR of PDF pages without a text layer: the scans in testdata/ocr are
// generated from text we wrote (testdata/ocr/make-ocr-pdfs.py), set large
// and clean so that Tesseract reads the words checked here reliably.

#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "dossier/error.h"
#include "dossier/extract.h"
#include "dossier/ocr.h"

namespace fs = std::filesystem;
using dossier::Document;
using dossier::OcrOptions;
using dossier::OcrSession;

namespace {

fs::path ocr_dir() { return fs::path(DOSSIER_TESTDATA) / "ocr"; }

std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

bool has(const std::string& text, const std::string& what) {
    return text.find(what) != std::string::npos;
}

}  // namespace

TEST_CASE("OCR reads English and knows which languages are installed", "[ocr]") {
    const std::string languages = dossier::ocr_languages();
    REQUIRE(languages.rfind("eng", 0) == 0);
    CHECK(!has(languages, "osd"));
}

TEST_CASE("a scanned PDF page is read by OCR and repaired as a text layer is", "[ocr]") {
    OcrSession session;
    OcrOptions ocr;
    ocr.session = &session;
    const Document doc = dossier::extract_file(ocr_dir() / "scanned-declaration.pdf", ocr);
    CHECK(doc.format == "pdf");
    CHECK(has(doc.text, "HARBOUR SECURITY"));
    CHECK(has(doc.text, "lighthouse"));
    // "secu-" ending a line and "rity" starting the next are one word again.
    CHECK(has(doc.text, "maritime security reports"));
    CHECK(doc.pages.size() == 1);
    CHECK(doc.meta.title_source != "filename");
    const dossier::OcrCounts counts = session.counts();
    CHECK(counts.pages == 1);
    CHECK(counts.cached == 0);
    CHECK(counts.failed == 0);
    CHECK(counts.seconds > 0);
    REQUIRE(session.fresh().size() == 1);
    CHECK(has(session.fresh()[0].second, "lighthouse"));
}

TEST_CASE("a page already read comes from the OCR session, not from Tesseract", "[ocr]") {
    OcrSession session;
    OcrOptions ocr;
    ocr.session = &session;
    const std::string bytes = read_bytes(ocr_dir() / "scanned-declaration.pdf");
    const Document first = dossier::extract_pdf(bytes, ocr);
    REQUIRE(session.counts().pages == 1);

    // A later run: the text comes from what the database kept.
    OcrSession later;
    for (auto& [key, text] : session.fresh()) later.preload(key, "cached words " + text);
    ocr.session = &later;
    const Document second = dossier::extract_pdf(bytes, ocr);
    CHECK(later.counts().pages == 0);
    CHECK(later.counts().cached == 1);
    CHECK(later.fresh().empty());
    CHECK(has(second.text, "cached words"));
    CHECK(has(second.text, "lighthouse"));
}

TEST_CASE("in a mixed PDF only the page without text is read by OCR", "[ocr]") {
    OcrSession session;
    OcrOptions ocr;
    ocr.session = &session;
    const Document doc = dossier::extract_file(ocr_dir() / "mixed.pdf", ocr);
    REQUIRE(doc.pages.size() == 2);
    const std::string first = doc.text.substr(0, doc.pages[1]);
    const std::string second = doc.text.substr(doc.pages[1]);
    CHECK(has(first, "This first page has a text layer."));
    CHECK(has(second, "RIVER PATROLS"));
    CHECK(has(second, "canal locks"));
    CHECK(session.counts().pages == 1);
}

TEST_CASE("without OCR a scan keeps the old reason and a mixed PDF its text pages", "[ocr]") {
    OcrOptions off;
    off.enabled = false;
    CHECK_THROWS_WITH(dossier::extract_file(ocr_dir() / "scanned-declaration.pdf", off),
                      "no text layer (scanned PDF; a candidate for OCR)");
    const Document mixed = dossier::extract_file(ocr_dir() / "mixed.pdf", off);
    CHECK(has(mixed.text, "text layer"));
    CHECK(!has(mixed.text, "canal"));
}

TEST_CASE("a page too large for OCR is reported with its file and number", "[ocr]") {
    OcrSession session;
    OcrOptions ocr;
    ocr.session = &session;
    const fs::path path = ocr_dir() / "huge-page.pdf";
    const Document doc = dossier::extract_file(path, ocr);
    CHECK(has(doc.text, "COASTAL RADAR"));
    CHECK(session.counts().pages == 1);
    CHECK(session.counts().failed == 1);
    const auto failures = session.failures();
    REQUIRE(failures.size() == 1);
    CHECK(failures[0].file == path.string());
    CHECK(failures[0].page == 2);
    CHECK_THAT(failures[0].reason, Catch::StartsWith("page too large for OCR (5080 x 5080 mm"));
}

TEST_CASE("a page OCR cannot finish in time is not read", "[ocr]") {
    OcrSession session;
    OcrOptions ocr;
    ocr.session = &session;
    ocr.page_seconds = 0.001;
    CHECK_THROWS_WITH(dossier::extract_file(ocr_dir() / "scanned-declaration.pdf", ocr),
                      Catch::StartsWith("no text layer, and OCR could not read page 1: OCR took "
                                        "longer than the limit of 0.001 s"));
}

TEST_CASE("a drawing without words gives no OCR text", "[ocr]") {
    CHECK_THROWS_WITH(dossier::extract_file(fs::path(DOSSIER_TESTDATA) / "pdf" / "scanned.pdf"),
                      "no text layer, and OCR found no text");
}
