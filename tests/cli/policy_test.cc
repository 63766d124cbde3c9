// End-to-end tests of policy understanding: PDFs, detected dates, types and
// countries of documents without metadata, aliases and timelines.

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

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

std::string path_of(const std::string& relative) {
    return fs::weakly_canonical(kTestdata / relative).string();
}

/// A database of the documents without metadata (testdata/raw, the PDFs and
/// the one corpus file without metadata), built once.
struct PolicyDb {
    TempDir dir;
    RunResult index;
    PolicyDb() {
        index = run_tool("dossier-index", {"--json", "--db", (dir / "db").string(), (kTestdata / "raw").string(),
                                      (kTestdata / "pdf").string(),
                                      (kTestdata / "corpus/misc/gulf-of-aden-remarks.txt").string()});
    }
    std::string db() const { return (dir / "db").string(); }
};

const PolicyDb& policy_db() {
    static const PolicyDb db;
    return db;
}

/// The test corpus, for timelines with known answers.
const std::string& corpus_db() {
    static TempDir dir;
    static const std::string db = [] {
        const std::string path = (dir / "db").string();
        REQUIRE(run_tool("dossier-index", {"--db", path, (kTestdata / "corpus").string()}).status == 0);
        return path;
    }();
    return db;
}

RunResult search(const std::string& db, Strings args) {
    args.insert(args.begin(), {"--db", db});
    return run_tool("dossier-search", args);
}

json search_json(const std::string& db, Strings args, int expected_status = 0) {
    args.insert(args.begin(), "--json");
    const RunResult r = search(db, args);
    INFO("args: " << json(args).dump() << "\nstderr: " << r.err);
    REQUIRE(r.status == expected_status);
    return json::parse(r.out);
}

Strings hit_paths(const json& result) {
    Strings paths;
    for (const auto& hit : result.at("hits")) paths.push_back(hit.at("path").get<std::string>());
    std::sort(paths.begin(), paths.end());
    return paths;
}

Strings paths_of(Strings relative) {
    for (auto& p : relative) p = path_of(p);
    std::sort(relative.begin(), relative.end());
    return relative;
}

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> out;
    std::string item;
    std::istringstream in(text);
    while (std::getline(in, item, sep)) out.push_back(item);
    if (!text.empty() && text.back() == sep) out.push_back("");
    return out;
}

/// One row of testdata/raw/expected.tsv.
struct Expected {
    std::string path, date, date_source, type;
    std::set<std::string> countries;
};

std::vector<Expected> expected_rows() {
    std::ifstream in(kTestdata / "raw/expected.tsv");
    REQUIRE(in.good());
    std::vector<Expected> rows;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f = split(line, '\t');
        while (f.size() < 5) f.push_back("");
        Expected e{f[0], f[1], f[2], f[3], {}};
        for (const auto& c : split(f[4], ';'))
            if (!c.empty()) e.countries.insert(c);
        rows.push_back(e);
    }
    return rows;
}

}  // namespace

TEST_CASE("indexing PDFs reports each unreadable PDF with its reason and goes on", "[cli][policy][pdf]") {
    const PolicyDb& db = policy_db();
    INFO("stderr: " << db.index.err);
    CHECK(db.index.status == 1);
    const json summary = json::parse(db.index.out);
    CHECK(summary.at("added") == 18);  // 15 raw texts, 2 PDFs, 1 corpus file
    CHECK(summary.at("failed") == 3);
    CHECK(summary.at("ignored") == 2);  // expected.tsv, make-pdfs.sh
    std::map<std::string, std::string> reasons;
    for (const auto& f : summary.at("failures"))
        reasons[fs::path(f.at("path").get<std::string>()).filename().string()] = f.at("reason");
    CHECK(reasons["scanned.pdf"] == "no text layer, and OCR found no text");
    CHECK(reasons["encrypted.pdf"] == "encrypted PDF");
    CHECK(reasons["corrupt.pdf"].rfind("corrupt PDF", 0) == 0);
    CHECK(db.index.err.find("scanned.pdf: no text layer") != std::string::npos);
}

TEST_CASE("documents without metadata get the expected dates, types and countries", "[cli][policy][measure]") {
    const PolicyDb& db = policy_db();
    const std::vector<Expected> rows = expected_rows();
    REQUIRE(rows.size() == 17);
    std::size_t right_date = 0, right_source = 0, right_type = 0, right_countries = 0;
    std::ostringstream table;
    table << "| document | date (source) | type | countries |\n| --- | --- | --- | --- |\n";
    for (const Expected& e : rows) {
        INFO(e.path);
        const json got = search_json(db.db(), {"--explain-date", path_of(e.path)});
        const std::string date = got.at("date");
        const std::string source = got.at("date_source");
        const std::string type = got.at("type");
        std::set<std::string> countries;
        for (const auto& c : got.at("countries")) countries.insert(c.get<std::string>());
        CHECK(date == e.date);
        CHECK(source == e.date_source);
        CHECK(type == e.type);
        CHECK(countries == e.countries);
        right_date += date == e.date;
        right_source += date == e.date && source == e.date_source;
        right_type += type == e.type;
        right_countries += countries == e.countries;
        auto mark = [](bool ok) { return ok ? "ok" : "WRONG"; };
        table << "| " << e.path << " | " << (date.empty() ? "none" : date) << " (" << (source.empty() ? "-" : source)
              << ") " << mark(date == e.date && source == e.date_source) << " | " << (type.empty() ? "none" : type)
              << " " << mark(type == e.type) << " | " << countries.size() << " " << mark(countries == e.countries)
              << " |\n";
    }
    // The measurement of the detection, printed for people (run this test
    // alone with dossier-cli-tests "[measure]" to read it).
    std::cout << table.str() << "\nright: date " << right_date << "/" << rows.size() << " (with its source "
              << right_source << "), type " << right_type << "/" << rows.size() << ", countries " << right_countries
              << "/" << rows.size() << "\n";
}

TEST_CASE("dossier-search --explain-date says where a date came from", "[cli][policy]") {
    const PolicyDb& db = policy_db();
    SECTION("text for people") {
        const RunResult r = search(db.db(), {"--explain-date", path_of("raw/eu-china-summit-statement.txt")});
        CHECK(r.status == 0);
        CHECK(r.out.find("Date: 2021-06-14 (day precision)\n") != std::string::npos);
        CHECK(r.out.find("Date source: dateline: ") != std::string::npos);
        CHECK(r.out.find("Evidence: Brussels, 14 June 2021\n") != std::string::npos);
        CHECK(r.out.find("Type: joint-statement (from title)\n") != std::string::npos);
    }
    SECTION("JSON with the evidence, by file name and by the PDF Info dictionary") {
        const json name = search_json(db.db(), {"--explain-date", path_of("raw/1998_national_security_strategy.txt")});
        CHECK(name.at("date") == "1998-10");
        CHECK(name.at("date_precision") == "month");
        CHECK(name.at("date_evidence") == "OCTOBER 1998");
        const json file = search_json(db.db(), {"--explain-date",
                                                path_of("raw/2019-03-12_statement_on_missile_launch.txt")});
        CHECK(file.at("date_source") == "filename");
        CHECK(file.at("date_evidence") == "2019-03-12_statement_on_missile_launch.txt");
        const json info = search_json(db.db(), {"--explain-date", path_of("pdf/info-dictionary.pdf")});
        CHECK(info.at("date") == "2019-04-02");
        CHECK(info.at("date_source") == "pdf-info");
    }
    SECTION("an undated document says so") {
        const RunResult r = search(db.db(), {"--explain-date", path_of("raw/quad-op-ed.txt")});
        CHECK(r.out.find("Date: undated\n") != std::string::npos);
        CHECK(r.out.find("Date source: none: no date") != std::string::npos);
    }
    SECTION("a document not in the index") {
        const RunResult r = search(db.db(), {"--explain-date", path_of("raw/expected.tsv")});
        CHECK(r.status == 1);
    }
}

TEST_CASE("dossier-search --show and hits carry the date's precision and source", "[cli][policy]") {
    const PolicyDb& db = policy_db();
    const RunResult shown = search(db.db(), {"--show", path_of("raw/arctic-security-report.txt")});
    CHECK(shown.out.find("Date: 2020-12\nDate-Source: dateline (month)\n") != std::string::npos);
    const json hit = search_json(db.db(), {"Icefloeword"}).at("hits").at(0);
    CHECK(hit.at("date_precision") == "month");
    CHECK(hit.at("date_source") == "dateline");
    CHECK(hit.at("date_evidence") == "December 2020");
    CHECK(hit.at("type_source") == "title");
    CHECK(hit.at("countries_source") == "text");
}

TEST_CASE("a hit in a PDF names its page", "[cli][policy][pdf]") {
    const PolicyDb& db = policy_db();
    const json hit = search_json(db.db(), {"harbourwatch"}).at("hits").at(0);
    CHECK(hit.at("path") == path_of("pdf/baltic-report.pdf"));
    CHECK(hit.at("page") == 3);
    const RunResult text = search(db.db(), {"--color", "never", "harbourwatch"});
    CHECK(text.out.find("p. 3") != std::string::npos);
    // Words repaired by extraction are searchable as words.
    CHECK(search(db.db(), {"--count", "security", "Baltic", "fisheries"}).out == "1\n");
    CHECK(search(db.db(), {"--count", "\"maritime security\"", "Baltic"}).out == "1\n");
}

TEST_CASE("an alias finds every other name of its entity, also inside phrases", "[cli][policy][aliases]") {
    const PolicyDb& db = policy_db();
    const json result = search_json(db.db(), {"\"ROK forces\""});
    CHECK(hit_paths(result) ==
          paths_of({"raw/ip4-ministers-statement.txt", "raw/2019-03-12_statement_on_missile_launch.txt"}));
    const json aliases = result.at("filters").at("aliases");
    REQUIRE(aliases.size() == 1);
    CHECK(aliases[0].at("typed") == "ROK");
    CHECK(aliases[0].at("entity") == "south-korea");
    std::map<std::string, json> matched;
    for (const auto& hit : result.at("hits")) matched[hit.at("path")] = hit.at("matched_aliases");
    CHECK(matched[path_of("raw/ip4-ministers-statement.txt")] == json({"Republic of Korea forces"}));
    CHECK(matched[path_of("raw/2019-03-12_statement_on_missile_launch.txt")] == json({"South Korean forces"}));
    // As typed, nothing has the phrase.
    CHECK(search(db.db(), {"--count", "--no-aliases", "\"ROK forces\""}).out == "0\n");
    // The DPRK is no alias of South Korea though its name ends the same way.
    // (the IP4 statement, and resolution 1695 naming the DPRK)
    CHECK(search(db.db(), {"--count", "--no-aliases", "\"Republic of Korea\""}).out == "2\n");
    const json south = search_json(db.db(), {"\"South Korea\"", "Resolquartz"}, 1);
    CHECK(south.at("total") == 0);
    // US in capitals is the United States; us in lower case is a word.
    const json us = search_json(db.db(), {"US", "Briefcopper"});
    CHECK(us.at("filters").at("aliases").at(0).at("entity") == "united-states");
    CHECK(search_json(db.db(), {"us", "Navalbrass"}).at("filters").at("aliases").empty());
}

TEST_CASE("country:south-korea, country:ROK and --country 'Republic of Korea' are one filter", "[cli][policy]") {
    const PolicyDb& db = policy_db();
    const Strings expected = paths_of({"raw/ip4-ministers-statement.txt",
                                       "raw/2019-03-12_statement_on_missile_launch.txt"});
    for (const Strings& args : std::vector<Strings>{{"country:south-korea"},
                                                    {"country:ROK"},
                                                    {"country:\"South Korea\""},
                                                    {"--country", "Republic of Korea"}}) {
        INFO(json(args).dump());
        CHECK(hit_paths(search_json(db.db(), args)) == expected);
    }
    // Ambiguous names: the country only where the text is about it.
    CHECK(hit_paths(search_json(db.db(), {"country:jordan"})) == paths_of({"raw/amman-statement.txt"}));
    CHECK(hit_paths(search_json(db.db(), {"country:georgia"})) == paths_of({"raw/osce-ministerial-declaration.txt"}));
    search_json(db.db(), {"country:chad"}, 1);
}

TEST_CASE("entity: finds countries and organisations by any of their names", "[cli][policy]") {
    const PolicyDb& db = policy_db();
    CHECK(hit_paths(search_json(db.db(), {"entity:quad"})) == paths_of({"raw/quad-op-ed.txt"}));
    CHECK(hit_paths(search_json(db.db(), {"entity:\"Group of Seven\""})) == paths_of({"raw/g7-elmau-communique.txt"}));
    CHECK(hit_paths(search_json(db.db(), {"entity:ip4"})) == paths_of({"raw/ip4-ministers-statement.txt"}));
    // "the Alliance" of a text that names NATO is NATO.
    const Strings nato = hit_paths(search_json(db.db(), {"entity:NATO"}));
    CHECK(std::count(nato.begin(), nato.end(), path_of("raw/alliance-summit-opening.txt")) == 1);
    CHECK(hit_paths(search_json(db.db(), {"entity:dprk"})) ==
          paths_of({"raw/1998_national_security_strategy.txt", "raw/2019-03-12_statement_on_missile_launch.txt",
                    "raw/ip4-ministers-statement.txt", "raw/resolution-1695.txt"}));
    const json filters = search_json(db.db(), {"entity:ROK"}).at("filters");
    CHECK(filters.at("entities") == json({"south-korea"}));
}

TEST_CASE("dossier-search --timeline counts matches per year and shows the earliest and latest", "[cli][policy][timeline]") {
    const std::string& db = corpus_db();
    SECTION("JSON") {
        const json result = search_json(db, {"China", "--timeline"});
        CHECK(result.at("total") == 27);
        CHECK(result.at("hits").empty());
        const json timeline = result.at("timeline");
        const json years = json::array({{{"year", 1995}, {"count", 1}}, {{"year", 1996}, {"count", 1}},
                                         {{"year", 1997}, {"count", 1}}, {{"year", 1998}, {"count", 1}},
                                         {{"year", 2004}, {"count", 1}}, {{"year", 2011}, {"count", 2}},
                                         {{"year", 2015}, {"count", 1}}, {{"year", 2017}, {"count", 2}},
                                         {{"year", 2018}, {"count", 1}}, {{"year", 2019}, {"count", 3}},
                                         {{"year", 2020}, {"count", 2}}, {{"year", 2021}, {"count", 2}},
                                         {{"year", 2022}, {"count", 3}}, {{"year", 2023}, {"count", 3}},
                                         {{"year", 2024}, {"count", 2}}});
        CHECK(timeline.at("years") == years);
        CHECK(timeline.at("undated") == 1);
        CHECK(timeline.at("earliest").at("path") == path_of("corpus/un/1995-04-11-security-assurances.txt"));
        CHECK(timeline.at("latest").at("path") == path_of("corpus/thinktank/2024-11-18-pacific-brief.md"));
        CHECK(timeline.at("earliest").at("snippet").get<std::string>().find("China") != std::string::npos);
        CHECK_FALSE(timeline.at("latest").at("snippet").get<std::string>().empty());
    }
    SECTION("a bar chart for people") {
        const RunResult r = search(db, {"--color", "never", "China", "--timeline"});
        CHECK(r.status == 0);
        CHECK(r.out.rfind("27 matches\n", 0) == 0);
        CHECK(r.out.find("\ntimeline:\n") != std::string::npos);
        // The longest bar is the full width; empty years between are shown.
        CHECK(r.out.find("  2019 " + [] {
                  std::string bar;
                  for (int i = 0; i < 40; ++i) bar += "\xE2\x96\x88";
                  return bar;
              }() + " 3\n") != std::string::npos);
        CHECK(r.out.find("  2000 ") != std::string::npos);
        CHECK(r.out.find("  undated 1\n") != std::string::npos);
        CHECK(r.out.find("\nearliest: 1995-04-11  ") != std::string::npos);
        CHECK(r.out.find("\nlatest:   2024-11-18  ") != std::string::npos);
    }
    SECTION("with filters and an explicit limit") {
        const json result = search_json(db, {"Kestrel", "--since", "2019", "--timeline", "--limit", "5"});
        CHECK(result.at("hits").size() == 2);
        CHECK(result.at("timeline").at("years") == json::array({{{"year", 2019}, {"count", 2}}}));
        CHECK(result.at("timeline").at("undated") == 0);
    }
    SECTION("no dated match") {
        const json result = search_json(db, {"plainwick", "--timeline"});
        CHECK(result.at("timeline").at("years").empty());
        CHECK(result.at("timeline").at("earliest").is_null());
    }
}
