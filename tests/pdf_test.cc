#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "dossier/error.h"
#include "dossier/extract.h"
#include "dossier/index_writer.h"
#include "dossier/searcher.h"
#include "test_util.h"

namespace fs = std::filesystem;
using dossier::Document;

namespace {

fs::path pdf_dir() { return fs::path(DOSSIER_TESTDATA) / "pdf"; }

std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("a multi-page PDF gives its text, pages and repaired words", "[pdf]") {
    const Document doc = dossier::extract_file(pdf_dir() / "baltic-report.pdf");
    CHECK(doc.format == "pdf");
    CHECK(doc.meta.title == "Maritime Security in the Baltic Sea: A Report");
    // Three pages; offsets point at each page's first line.
    REQUIRE(doc.pages.size() == 3);
    CHECK(doc.pages[0] == 0);
    CHECK(doc.text.compare(doc.pages[1], 15, "The second part") == 0);
    CHECK(doc.text.compare(doc.pages[2], 14, "The third part") == 0);
    SECTION("running header and page numbers are gone") {
        CHECK(count(doc.text, "Baltic Maritime Review") == 0);
        CHECK(count(doc.text, "Page 1") == 0);
        CHECK(count(doc.text, "Page 3") == 0);
    }
    SECTION("words broken across lines are joined, a hyphenated compound keeps its hyphen") {
        CHECK(count(doc.text, "maritime security of") == 1);
        CHECK(count(doc.text, "cooperation at sea") == 1);
        CHECK(count(doc.text, "secu-") == 0);
        CHECK(count(doc.text, "self-reliance") == 2);
        CHECK(count(doc.text, "selfreliance") == 0);
    }
    SECTION("ligature glyphs read as letters") {
        CHECK(count(doc.text, "fisheries") == 1);
        CHECK(count(doc.text, "fleet") == 1);
        CHECK(count(doc.text, "effort") == 1);
        CHECK(count(doc.text, "efficient") == 1);
        CHECK(count(doc.text, "\xEF\xAC") == 0);
    }
    SECTION("no metadata: date, type and countries are detected") {
        CHECK(doc.meta.date.to_string() == "2020-03-12");
        CHECK(doc.meta.date_source == "dateline");
        CHECK(doc.meta.date_evidence == "Stockholm, 12 March 2020");
        CHECK(doc.meta.type == "report");
        CHECK(doc.meta.countries == std::vector<std::string>{"Sweden", "Finland", "Russia", "Estonia"});
    }
    SECTION("a hit knows the page of its best passage") {
        dossier_test::TempDir dir;
        const std::string db = (dir.path() / "db").string();
        {
            dossier::IndexWriter writer(db);
            writer.add(doc);
            writer.commit();
        }
        dossier::Searcher searcher({db});
        for (const auto& [word, page] : std::vector<std::pair<std::string, std::size_t>>{
                 {"harbourwatch", 3}, {"\"common picture\"", 2}}) {
            INFO(word);
            dossier::SearchRequest request;
            request.query.text = word;
            auto results = searcher.search(request);
            REQUIRE(results.hits.size() == 1);
            CHECK(results.hits[0].page == page);
        }
    }
}

TEST_CASE("the PDF Info dictionary gives title, authors and date", "[pdf]") {
    const Document doc = dossier::extract_file(pdf_dir() / "info-dictionary.pdf");
    CHECK(doc.meta.title == "Notes on Alliance Logistics");
    CHECK(doc.meta.authors == std::vector<std::string>{"Anna Lindqvist", "Piet de Vries"});
    CHECK(doc.meta.date.to_string() == "2019-04-02");
    CHECK(doc.meta.date_source == "pdf-info");
    CHECK(doc.meta.date_evidence == "PDF Info CreationDate D:20190402093000Z");
    CHECK(doc.pages.size() == 1);
}

TEST_CASE("PDFs without text, locked or broken fail with a clear reason", "[pdf]") {
    // A drawing: OCR finds no word in it.
    CHECK_THROWS_WITH(dossier::extract_file(pdf_dir() / "scanned.pdf"),
                      "no text layer, and OCR found no text");
    CHECK_THROWS_WITH(dossier::extract_file(pdf_dir() / "encrypted.pdf"), "encrypted PDF");
    CHECK_THROWS_WITH(dossier::extract_file(pdf_dir() / "corrupt.pdf"), Catch::StartsWith("corrupt PDF"));
    // Bytes that only claim to be a PDF.
    const std::string fake = "%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n";
    CHECK_THROWS_WITH(dossier::extract_pdf(fake), Catch::StartsWith("corrupt PDF"));
    CHECK_THROWS_WITH(dossier::extract_pdf("not a pdf"), Catch::StartsWith("corrupt PDF"));
}

TEST_CASE("extract_pdf reads PDF bytes from memory like extract_file", "[pdf]") {
    const Document doc = dossier::extract_pdf(read_bytes(pdf_dir() / "baltic-report.pdf"));
    CHECK(doc.pages.size() == 3);
    CHECK(count(doc.text, "harbourwatch") == 1);
    // Detection belongs to extract_file: the bare extractor leaves it out.
    CHECK_FALSE(doc.meta.date.is_dated());
}
