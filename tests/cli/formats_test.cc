// End-to-end tests of the DOCX, ODT, EPUB and RTF formats: dossier-index on
// testdata/formats/ (good documents and broken/ ones), then dossier-search
// finding their words with title, author, date and paragraph locations.

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "process_util.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Strings = std::vector<std::string>;


std::string formats_root() { return fs::canonical(fs::path(DOSSIER_TESTDATA) / "formats").string(); }

using process_util::run_tool;

json parse(const process_util::RunResult& result) {
    INFO("stdout: " << result.out);
    INFO("stderr: " << result.err);
    json parsed;
    REQUIRE_NOTHROW(parsed = json::parse(result.out));
    return parsed;
}

// testdata/formats/ indexed once per test process; the report is kept.
struct Indexed {
    process_util::TempDir dir;
    process_util::RunResult result;
};

const Indexed& indexed() {
    static Indexed state;
    static bool done = false;
    if (!done) {
        state.result = run_tool("dossier-index", {"--db", (state.dir / "db").string(), "--json", formats_root()});
        done = true;
    }
    return state;
}

json search(const Strings& args) {
    Strings all{"--db", (indexed().dir / "db").string(), "--json", "--limit", "20"};
    all.insert(all.end(), args.begin(), args.end());
    return parse(run_tool("dossier-search", all));
}

// The one hit of a query, checked to be the given file of testdata/formats.
json only_hit(const Strings& args, const std::string& name) {
    const json result = search(args);
    INFO("query: " << json(args).dump() << " result: " << result.dump());
    REQUIRE(result.at("hits").size() == 1);
    const json hit = result.at("hits").at(0);
    CHECK(hit.at("path") == formats_root() + "/" + name);
    return hit;
}

}  // namespace

TEST_CASE("formats: good documents are indexed and broken ones reported one line each", "[cli][formats]") {
    const process_util::RunResult& result = indexed().result;
    INFO("stderr: " << result.err);
    CHECK(result.status == 1);
    const json summary = parse(result);
    CHECK(summary.at("added") == 6);
    CHECK(summary.at("failed") == 5);
    CHECK(summary.at("documents") == 6);
    // make_formats.py is no document.
    CHECK(summary.at("ignored_reasons") == json{{"unknown format", 1}});
    const std::string broken = formats_root() + "/broken/";
    const Strings expected = {
        broken + "malformed.docx: malformed XML in word/document.xml: ",
        broken + "missing-chapter.epub: EPUB chapter OEBPS/text/chapter 2.xhtml is missing from the archive",
        broken + "no-content.odt: not an ODT file (a ZIP archive without content.xml)",
        broken + "no-header.rtf: not an RTF file (no {\\rtf header)",
        broken + "not-a-zip.docx: not a DOCX file (not a ZIP archive)",
    };
    Strings lines;
    std::istringstream err(result.err);
    for (std::string line; std::getline(err, line);) lines.push_back(line);
    REQUIRE(lines.size() == expected.size());
    std::sort(lines.begin(), lines.end());
    for (std::size_t i = 0; i < lines.size(); ++i) CHECK(lines[i].rfind("dossier-index: " + expected[i], 0) == 0);
}

TEST_CASE("formats: DOCX words, footnotes and core properties are searchable", "[cli][formats]") {
    json hit = only_hit({"zephyrine"}, "harbour-notes.docx");
    CHECK(hit.at("title") == "Harbour Resilience Notes");
    CHECK(hit.at("authors") == json{"Ana Ruiz", "Ben Okafor"});
    CHECK(hit.at("date") == "2021-03-03");
    CHECK(hit.at("date_source") == "dateline");
    // Title (1), dateline (2), heading "Summary" (3), then the paragraph.
    CHECK(hit.at("paragraph") == 4);
    hit = only_hit({"quillfeather", "--passages", "1"}, "harbour-notes.docx");
    CHECK(hit.at("passages").at(0).at("paragraph") == 12);
    CHECK(hit.at("passages").at(0).at("text").get<std::string>().rfind("[1] Figures", 0) == 0);
    only_hit({"author:Okafor"}, "harbour-notes.docx");
    hit = only_hit({"Leixoes"}, "harbour-notes.docx");
    CHECK(hit.at("snippet").get<std::string>().find("Leixoes | 2 | 6") != std::string::npos);
    CHECK(search({"strikethroughword"}).at("total") == 0);
}

TEST_CASE("formats: ODT text, notes and meta.xml reach the index", "[cli][formats]") {
    json hit = only_hit({"lanternfish"}, "cable-protection.odt");
    CHECK(hit.at("title") == "Baltic Cable Protection");
    CHECK(hit.at("authors") == json{"Liis Tamm"});
    CHECK(hit.at("date") == "2022-03-09");
    CHECK(hit.at("date_source") == "properties");
    CHECK(hit.at("paragraph") == 3);
    only_hit({"harrowmere"}, "cable-protection.odt");
    CHECK(search({"erasedwordzz"}).at("total") == 0);
    hit = only_hit({"brackwater"}, "renamed-odt.docx");
}

TEST_CASE("formats: EPUB chapters in spine order and OPF metadata", "[cli][formats]") {
    json hit = only_hit({"frostquill", "--passages", "1"}, "arctic-lanes.epub");
    CHECK(hit.at("title") == "Arctic Shipping Lanes");
    CHECK(hit.at("authors") == json{"Marit Olsen", "Pavel Novak"});
    CHECK(hit.at("source") == "Northern Routes Institute");
    CHECK(hit.at("date") == "2020-11-02");
    CHECK(hit.at("date_source") == "metadata");
    // Chapter one's heading and two paragraphs, chapter two's heading, then this.
    CHECK(hit.at("passages").at(0).at("paragraph") == 5);
    only_hit({"source:\"Northern Routes Institute\""}, "arctic-lanes.epub");
}

TEST_CASE("formats: RTF through the converter", "[cli][formats]") {
    json hit = only_hit({"gullwing"}, "seabed-statement.rtf");
    CHECK(hit.at("title") == "Statement on Undersea Infrastructure");
    CHECK(hit.at("authors") == json{"Elena Petrova"});
    CHECK(hit.at("date") == "2022-09-28");
    CHECK(hit.at("date_source") == "properties");
    CHECK(hit.at("paragraph") == 3);
    only_hit({"résumé"}, "seabed-statement.rtf");
}
