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

using process_util::run_tool;

std::string path_of(const std::string& name) {
    return fs::weakly_canonical(kTestdata / "records" / name).string();
}

/// testdata/records indexed once.
const process_util::IndexedFolder& records_db() {
    static const process_util::IndexedFolder db(kBin, kTestdata / "records");
    return db;
}

json search_json(Strings args) {
    args.insert(args.begin(), {"--db", records_db().db(), "--json"});
    const RunResult r = run_tool("dossier-search", args);
    INFO("args: " << json(args).dump() << "\nstderr: " << r.err);
    REQUIRE(r.status == 0);
    return json::parse(r.out);
}

}  // namespace

TEST_CASE("raw, scanned and captioned records get readable titles and trustworthy dates", "[cli][records]") {
    const process_util::IndexedFolder& db = records_db();
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
        {"Recordskua", "diplomat-interview.txt", "Charting the Northern Straits", "cover", "", ""},
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
    const process_util::IndexedFolder& db = records_db();
    SECTION("text for people") {
        const RunResult r =
            run_tool("dossier-search", {"--db", db.db(), "--explain-date", path_of("captioned-interview.txt")});
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

TEST_CASE("site sections are tags, and the type comes from the document", "[cli][records][tags]") {
    struct Case {
        const char* word;
        const char* file;
        const char* type;
        const char* type_source;
        std::vector<std::string> tags;
    };
    const std::vector<Case> cases = {
        {"Recordtern", "vilmar-communique.md", "communique", "title", {"statements-releases", "Summit Coverage"}},
        {"Recordgannet", "harbour-briefing.md", "press-briefing", "title", {"press-briefings"}},
        {"Recordpuffin", "white-house-heading.txt", "statement", "title", {}},
        {"Recordskua", "diplomat-interview.txt", "interview", "title", {}},
    };
    for (const Case& c : cases) {
        CAPTURE(c.file);
        const json result = search_json({"--no-aliases", c.word});
        REQUIRE(result.at("hits").size() == 1);
        const json& hit = result.at("hits").at(0);
        CHECK(hit.at("path") == path_of(c.file));
        CHECK(hit.at("type") == c.type);
        CHECK(hit.at("type_source") == c.type_source);
        CHECK(hit.at("tags") == c.tags);
    }
}

TEST_CASE("tags have their own facet, filter, option and batch member", "[cli][records][tags]") {
    const json facets = search_json({"--facets", "type,tag", "--limit", "0"});
    const json& tags = facets.at("facets").at("tag");
    CHECK(tags.at("statements-releases") == 1);
    CHECK(tags.at("summit coverage") == 1);
    CHECK(tags.at("press-briefings") == 1);
    CHECK(facets.at("facets").at("type").count("statements-releases") == 0);
    CHECK(facets.at("facets").at("type").count("press-briefings") == 0);

    const json by_filter = search_json({"tag:statements-releases"});
    REQUIRE(by_filter.at("hits").size() == 1);
    CHECK(by_filter.at("hits").at(0).at("path") == path_of("vilmar-communique.md"));
    const json by_option = search_json({"--tag", "Summit Coverage", "fishing"});
    REQUIRE(by_option.at("hits").size() == 1);
    CHECK(by_option.at("hits").at(0).at("path") == path_of("vilmar-communique.md"));
    // A section name is no type: nothing has it (exit status 1).
    CHECK(run_tool("dossier-search", {"--db", records_db().db(), "--count", "type:statements-releases"}).status == 1);

    const RunResult batch = process_util::run_with_input(
        kBin / "dossier-search", {"--db", records_db().db(), "--batch", "--json"},
        "{\"query\":\"patrols\",\"filters\":{\"tag\":[\"press-briefings\"]}}\n");
    INFO("stderr: " << batch.err);
    REQUIRE(batch.status == 0);
    const json answer = json::parse(batch.out);
    REQUIRE(answer.at("hits").size() == 1);
    CHECK(answer.at("hits").at(0).at("path") == path_of("harbour-briefing.md"));

    const RunResult text = run_tool("dossier-search", {"--db", records_db().db(), "--no-aliases", "Recordtern"});
    CHECK(text.out.find("   tags: statements-releases, Summit Coverage\n") != std::string::npos);
}

TEST_CASE("sources come from metadata, site names, hosts, mastheads and credit lines", "[cli][records][sources]") {
    struct Case {
        const char* word;
        const char* file;
        const char* source;
        const char* source_source;
        const char* evidence;
    };
    const std::vector<Case> cases = {
        {"Recordtern", "vilmar-communique.md", "The White House", "url", "whitehouse.gov"},
        {"Recordgannet", "harbour-briefing.md", "The White House", "site-name", "site_name: WhiteHouse.gov"},
        {"Recordpetrel", "security-council-note.txt", "United Nations", "masthead", "United Nations"},
        {"Recordpuffin", "white-house-heading.txt", "The White House", "masthead", "THE WHITE HOUSE"},
        {"Recordskua", "diplomat-interview.txt", "The Diplomat", "credit", "Interview by Mara Velden for The Diplomat"},
        {"Recordwren", "resolution-2999.txt", "United Nations", "masthead", "Security Council"},
        {"Recordlark", "shared-horizon-strategy.txt", "", "", ""},
    };
    for (const Case& c : cases) {
        CAPTURE(c.file);
        const json result = search_json({"--no-aliases", c.word});
        REQUIRE(result.at("hits").size() == 1);
        const json& hit = result.at("hits").at(0);
        CHECK(hit.at("source") == c.source);
        CHECK(hit.at("source_source") == c.source_source);
        CHECK(hit.at("source_evidence") == c.evidence);
    }
    const RunResult r = run_tool("dossier-search", {"--db", records_db().db(), "--explain-date",
                                               path_of("diplomat-interview.txt")});
    CHECK(r.out.find("Source: The Diplomat (from credit)\n"
                     "Source evidence: Interview by Mara Velden for The Diplomat\n") != std::string::npos);
    CHECK(search_json({"source:\"united nations\""}).at("hits").size() == 2);
}

TEST_CASE("a facet without values says none instead of a bare name", "[cli][records][sources]") {
    const RunResult r =
        run_tool("dossier-search", {"--db", records_db().db(), "--facets", "source,tag", "--limit", "0", "Recordlark"});
    CHECK(r.status == 0);
    CHECK(r.out.find("\nsource: (none)\n") != std::string::npos);
    CHECK(r.out.find("\ntag: (none)\n") != std::string::npos);
    CHECK(r.out.find("source:\n") == std::string::npos);
}

TEST_CASE("totals of a small collection are exact, as --count gives them", "[cli][records][count]") {
    // Two words spread so that Xapian's estimate of their AND, after the
    // first 100 matches, is off (it said "about 260" for 240).
    TempDir dir;
    const fs::path corpus = dir / "notes";
    fs::create_directories(corpus);
    for (int i = 0; i < 400; ++i) {
        std::string text = "Note " + std::to_string(i) + "\n\nnote" + std::to_string(i) + " harbour patrol";
        if (i < 300)
            for (int k = 0; k <= i % 5; ++k) text += " alpha";
        if (i >= 60)
            for (int k = 0; k <= i % 3; ++k) text += " beta";
        for (int k = 0; k < i % 60; ++k) text += " filler" + std::to_string(i % 13);
        char name[32];
        std::snprintf(name, sizeof name, "doc%03d.txt", i);
        process_util::write_file(corpus / name, text + ".\n");
    }
    const std::string db = (dir / "db").string();
    REQUIRE(run_tool("dossier-index", {"--db", db, corpus.string()}).status == 0);
    const RunResult count = run_tool("dossier-search", {"--db", db, "--count", "alpha", "beta"});
    REQUIRE(count.status == 0);
    CHECK(count.out == "240\n");
    const RunResult text = run_tool("dossier-search", {"--db", db, "--limit", "1", "alpha", "beta"});
    REQUIRE(text.status == 0);
    CHECK(text.out.rfind("240 matches\n", 0) == 0);
    const json result = json::parse(run_tool("dossier-search", {"--db", db, "--json", "--limit", "1", "alpha", "beta"}).out);
    CHECK(result.at("total") == 240);
    CHECK(result.at("total_exact") == true);
}
