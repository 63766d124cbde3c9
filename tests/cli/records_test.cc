// End-to-end tests of titles and dates readers can trust on raw, scanned and
// captioned documents (testdata/records): dossier-index on the folder, then
// dossier-search --json and --explain-date.

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
const fs::path kBin = DOSSIER_BIN_DIR;

RunResult run(const std::string& tool, const Strings& args) {
    return process_util::run_with_stdin_file(kBin / tool, args, {});
}

std::string path_of(const std::string& name) {
    return fs::weakly_canonical(kTestdata / "records" / name).string();
}

/// testdata/records indexed once.
struct RecordsDb {
    TempDir dir;
    RunResult index;
    RecordsDb() { index = run("dossier-index", {"--db", db(), (kTestdata / "records").string()}); }
    std::string db() const { return (dir / "db").string(); }
};

const RecordsDb& records_db() {
    static const RecordsDb db;
    return db;
}

json search_json(Strings args) {
    args.insert(args.begin(), {"--db", records_db().db(), "--json"});
    const RunResult r = run("dossier-search", args);
    INFO("args: " << json(args).dump() << "\nstderr: " << r.err);
    REQUIRE(r.status == 0);
    return json::parse(r.out);
}

}  // namespace

TEST_CASE("raw, scanned and captioned records get readable titles and trustworthy dates", "[cli][records]") {
    const RecordsDb& db = records_db();
    INFO("stderr: " << db.index.err);
    REQUIRE(db.index.status == 0);
    struct Case {
        const char* word;  // the document's unique word
        const char* file;
        const char* title;
        const char* title_source;
        const char* date;
        const char* date_source;
    };
    const std::vector<Case> cases = {
        {"Recordwren", "resolution-2999.txt", "RESOLUTION 2999 (2031)", "designation", "2031-03-14", "dateline"},
        {"Recordfinch", "resolution-3004.txt", "Resolution 3004 (2032)", "designation", "2032-02-02", "dateline"},
        {"Recordheron", "engagement-strategy-ocr.txt", "A National Security Strategy of Engagement and Enlargement",
         "cover", "2031-02", "dateline"},
        {"Recordlark", "shared-horizon-strategy.txt", "A NATIONAL SECURITY STRATEGY FOR A SHARED HORIZON", "cover", "",
         ""},
        {"Recordmarten", "2001.txt", "A NATIONAL SECURITY STRATEGY FOR A GLOBAL AGE", "cover", "2000-12", "dateline"},
        {"Recordotter", "captioned-interview.txt", "Ports and Power in the Southern Ocean", "cover", "", ""},
        {"Recordplover", "radar-photo-note.txt", "Coastal radar network expands", "cover", "", ""},
    };
    for (const Case& c : cases) {
        CAPTURE(c.file);
        const json result = search_json({"--no-aliases", c.word});
        REQUIRE(result.at("hits").size() == 1);
        const json& hit = result.at("hits").at(0);
        CHECK(hit.at("path") == path_of(c.file));
        CHECK(hit.at("title") == c.title);
        CHECK(hit.at("title_source") == c.title_source);
        CHECK(hit.at("date") == c.date);
        CHECK(hit.at("date_source") == c.date_source);
    }
}

TEST_CASE("detected titles are searchable as titles", "[cli][records]") {
    const json result = search_json({"title:enlargement"});
    REQUIRE(result.at("hits").size() == 1);
    CHECK(result.at("hits").at(0).at("path") == path_of("engagement-strategy-ocr.txt"));
}

TEST_CASE("explaining a date says where the title came from and why a caption date was refused", "[cli][records]") {
    const RecordsDb& db = records_db();
    SECTION("text for people") {
        const RunResult r =
            run("dossier-search", {"--db", db.db(), "--explain-date", path_of("captioned-interview.txt")});
        CHECK(r.status == 0);
        CHECK(r.out.find("Title: Ports and Power in the Southern Ocean\nTitle source: cover: ") != std::string::npos);
        CHECK(r.out.find("Date: undated\n") != std::string::npos);
        CHECK(r.out.find("Refused: 2029-05: a photo caption, and a \"then-\" context") != std::string::npos);
        CHECK(r.out.find("May 2029 opening of the Kestrow terminal") != std::string::npos);
    }
    SECTION("JSON") {
        const json credit = search_json({"--explain-date", path_of("radar-photo-note.txt")});
        CHECK(credit.at("date") == "");
        CHECK(credit.at("date_refused").get<std::string>().rfind("2030-06-03: a credit line: ", 0) == 0);
        CHECK(credit.at("title_source") == "cover");
        const json resolution = search_json({"--explain-date", path_of("resolution-2999.txt")});
        CHECK(resolution.at("title") == "RESOLUTION 2999 (2031)");
        CHECK(resolution.at("title_source") == "designation");
        CHECK(resolution.at("date_refused") == "");
        const json strategy = search_json({"--explain-date", path_of("2001.txt")});
        CHECK(strategy.at("date_source") == "dateline");
        CHECK(strategy.at("date_evidence") == "THE WHITE HOUSE DECEMBER 2000");
    }
}
