// End-to-end tests of OCR: dossier-index on the scans of testdata/ocr (made
// from text we wrote by testdata/ocr/make-ocr-pdfs.py), then dossier-search
// for their words; the OCR cache in the database, --no-ocr, and a page OCR
// refuses.

#include <regex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "process_util.h"

using nlohmann::json;
using process_util::RunResult;
using process_util::Strings;
using process_util::TempDir;
namespace fs = std::filesystem;

namespace {

const fs::path kTestdata = DOSSIER_TESTDATA;

using process_util::run_tool;

/// Copies the named files of testdata/ocr into a folder of dir.
fs::path copy_scans(const TempDir& dir, const std::vector<std::string>& names) {
    const fs::path folder = dir / "files";
    fs::create_directories(folder);
    for (const auto& name : names) fs::copy_file(kTestdata / "ocr" / name, folder / name);
    return folder;
}

/// Paths of the hits of a search.
std::vector<std::string> hits(const std::string& db, const std::string& query) {
    const RunResult r = run_tool("dossier-search", {"--db", db, "--json", "--no-aliases", query});
    INFO("query: " << query << "\nstderr: " << r.err);
    REQUIRE((r.status == 0 || r.status == 1));
    std::vector<std::string> paths;
    const json result = json::parse(r.out);
    for (const auto& hit : result.at("hits"))
        paths.push_back(fs::path(hit.at("path").get<std::string>()).filename().string());
    return paths;
}

json index_json(const Strings& args) {
    const RunResult r = run_tool("dossier-index", args);
    INFO("stderr: " << r.err << "\nstdout: " << r.out);
    REQUIRE(r.status == 0);
    return json::parse(r.out);
}

}  // namespace

TEST_CASE("words of scanned pages are found and a page is never read twice", "[cli][ocr]") {
    TempDir dir;
    const fs::path files = copy_scans(dir, {"scanned-declaration.pdf", "mixed.pdf"});
    const std::string db = (dir / "db").string();

    const RunResult first = run_tool("dossier-index", {"--db", db, files.string()});
    INFO("stderr: " << first.err);
    REQUIRE(first.status == 0);
    CHECK(first.out.find("added 2,") != std::string::npos);
    CHECK(first.out.find("; ocr 2 pages in ") != std::string::npos);

    CHECK(hits(db, "lighthouse") == std::vector<std::string>{"scanned-declaration.pdf"});
    CHECK(hits(db, "security") == std::vector<std::string>{"scanned-declaration.pdf"});
    CHECK(hits(db, "\"canal locks\"") == std::vector<std::string>{"mixed.pdf"});
    CHECK(hits(db, "memorandum") == std::vector<std::string>{"mixed.pdf"});

    // --full reads every file again, but the pages come from the cache.
    json again = index_json({"--db", db, "--full", "--json", files.string()});
    CHECK(again.at("updated") == 2);
    CHECK(again.at("ocr").at("pages") == 0);
    CHECK(again.at("ocr").at("cached") == 2);
    CHECK(hits(db, "lighthouse") == std::vector<std::string>{"scanned-declaration.pdf"});

    // A modified file whose scanned page is unchanged: its first page
    // (text) changed, the scan is the same bitmap.
    std::string bytes = process_util::read_file(files / "mixed.pdf");
    const std::string from = "This first page has a text layer.";
    const std::string to = "This first page was edited later.";
    REQUIRE(from.size() == to.size());
    const std::size_t at = bytes.find(from);
    REQUIRE(at != std::string::npos);
    bytes.replace(at, from.size(), to);
    process_util::write_file(files / "mixed.pdf", bytes);
    json modified = index_json({"--db", db, "--json", files.string()});
    CHECK(modified.at("updated") == 1);
    CHECK(modified.at("ocr").at("pages") == 0);
    CHECK(modified.at("ocr").at("cached") == 1);
    CHECK(hits(db, "edited") == std::vector<std::string>{"mixed.pdf"});
    CHECK(hits(db, "\"canal locks\"") == std::vector<std::string>{"mixed.pdf"});
}

TEST_CASE("indexing with --no-ocr reports a scan as before and indexes the text pages of a mixed PDF", "[cli][ocr]") {
    TempDir dir;
    const fs::path files = copy_scans(dir, {"scanned-declaration.pdf", "mixed.pdf"});
    const std::string db = (dir / "db").string();
    const RunResult r = run_tool("dossier-index", {"--db", db, "--no-ocr", files.string()});
    CHECK(r.status == 1);
    CHECK(r.out.find("added 1, updated 0, unchanged 0, removed 0, failed 1") != std::string::npos);
    CHECK(r.out.find("ocr") == std::string::npos);
    CHECK(r.err.find("scanned-declaration.pdf: no text layer (scanned PDF; a candidate for OCR)") !=
          std::string::npos);
    CHECK(hits(db, "memorandum") == std::vector<std::string>{"mixed.pdf"});
    CHECK(hits(db, "canal").empty());
}

TEST_CASE("a page OCR refuses is reported with its file and page, the rest is indexed", "[cli][ocr]") {
    TempDir dir;
    const fs::path files = copy_scans(dir, {"huge-page.pdf"});
    const std::string db = (dir / "db").string();
    const RunResult r = run_tool("dossier-index", {"--db", db, "--json", files.string()});
    INFO("stderr: " << r.err);
    CHECK(r.status == 0);
    CHECK(r.err.find("huge-page.pdf: page 2: not read by OCR: page too large for OCR") !=
          std::string::npos);
    const json report = json::parse(r.out);
    CHECK(report.at("added") == 1);
    CHECK(report.at("ocr").at("pages") == 1);
    CHECK(report.at("ocr").at("failed") == 1);
    REQUIRE(report.at("ocr").at("failures").size() == 1);
    CHECK(report.at("ocr").at("failures").at(0).at("page") == 2);
    CHECK(hits(db, "radar") == std::vector<std::string>{"huge-page.pdf"});
}

TEST_CASE("progress lines count the pages read by OCR", "[cli][ocr]") {
    TempDir dir;
    // One worker: while the second and third files are read, the first
    // one's page is counted (each page takes Tesseract well over the
    // quarter second between two progress reports).
    const fs::path files = copy_scans(dir, {"huge-page.pdf", "mixed.pdf", "scanned-declaration.pdf"});
    const RunResult r = run_tool("dossier-index", {"--db", (dir / "db").string(), "--progress", "--threads",
                                              "1", "--progress-interval", "0", files.string()});
    INFO("stderr: " << r.err);
    CHECK(r.status == 0);
    // Which file a report falls on depends on the machine's speed; some
    // report before the last file must count a page read by OCR.
    CHECK(std::regex_search(r.err, std::regex("dossier-index: progress: [12]/3 files, ocr [1-9][0-9]* pages")));
    CHECK(r.out.find("; ocr 3 pages in ") != std::string::npos);
}
