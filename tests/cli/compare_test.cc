// End-to-end tests of --compare and --mentions on testdata/series: a short
// series of fictional Northern Alliance communiqués with known edits between
// the Tallinn (2021) and Helsinki (2022) ones and known mention counts
// (testdata/README.md).

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

RunResult run(const std::string& tool, const Strings& args, const std::string& input = "") {
    return process_util::run_with_input(kBin / tool, args, input);
}

std::string series(const std::string& name) { return (kTestdata / "series" / name).string(); }

const std::string kTallinn = series("2021-06-14-tallinn-communique.md");
const std::string kHelsinki = series("2022-06-20-helsinki-communique.md");

/// testdata/series indexed once.
struct SeriesDb {
    TempDir dir;
    RunResult index;
    SeriesDb() { index = run("dossier-index", {"--db", db(), (kTestdata / "series").string()}); }
    std::string db() const { return (dir / "db").string(); }
};

const SeriesDb& series_db() {
    static const SeriesDb db;
    REQUIRE(db.index.status == 0);
    return db;
}

RunResult search(Strings args, const std::string& input = "") {
    args.insert(args.begin(), {"--db", series_db().db()});
    return run("dossier-search", args, input);
}

json search_json(Strings args) {
    args.insert(args.begin(), "--json");
    const RunResult r = search(args);
    INFO("args: " << json(args).dump() << "\nstderr: " << r.err);
    REQUIRE(r.status == 0);
    return json::parse(r.out);
}

/// "status a b [split]" of each line of a JSON comparison.
std::vector<std::string> outline(const json& comparison) {
    std::vector<std::string> out;
    for (const auto& p : comparison["paragraphs"]) {
        auto index = [](const json& side) { return side.is_null() ? 0 : side["index"].get<int>(); };
        out.push_back(p["status"].get<std::string>() + " " + std::to_string(index(p["a"])) + " " +
                      std::to_string(index(p["b"])) + (p.value("split", false) ? " split" : ""));
    }
    return out;
}

/// (title, mentions, words) of each hit.
std::vector<std::tuple<std::string, int, int>> mentions_of(const json& results) {
    std::vector<std::tuple<std::string, int, int>> out;
    for (const auto& h : results["hits"])
        out.emplace_back(h["title"].get<std::string>(), h["mentions"].get<int>(), h["words"].get<int>());
    return out;
}

using Mentions = std::vector<std::tuple<std::string, int, int>>;

}  // namespace

TEST_CASE("compare reports each kept, changed, added, removed, moved and split paragraph in reading order",
          "[cli][compare]") {
    const json c = search_json({"--compare", kTallinn, kHelsinki});
    CHECK(outline(c) == std::vector<std::string>{"kept 1 1", "kept 2 2", "changed 3 3", "removed 4 0", "added 0 4",
                                                 "changed 6 5 split", "changed 6 6 split", "kept 7 7", "moved 5 8",
                                                 "kept 8 9"});
    const json& changed = c["paragraphs"][2];
    CHECK(changed["added_words"] == json({"seriously", "seas", "and", "its", "exercises", "near", "our", "coasts.",
                                          "and", "for", "free", "passage"}));
    CHECK(changed["removed_words"] == json({"seas."}));
    // The words of b with the removed ones where they stood, in runs.
    CHECK(changed["diff"] ==
          json::parse(R"([{"op": "same", "text": "We are"}, {"op": "added", "text": "seriously"},
              {"op": "same", "text": "concerned by the growing naval presence of Karsland in the northern"},
              {"op": "removed", "text": "seas."}, {"op": "added", "text": "seas and its exercises near our coasts."},
              {"op": "same", "text": "We call for calm"}, {"op": "added", "text": "and for free passage"},
              {"op": "same", "text": "in the Frost Strait."}])"));
    CHECK(!c["paragraphs"][0].contains("diff"));
    CHECK(c["paragraphs"][8].contains("diff"));  // moved
    CHECK(c["paragraphs"][3]["a"]["text"] ==
          "The Alliance will hold a conference on fisheries policy in the spring, hosted\nby the Faroe Islands.");
    CHECK(c["paragraphs"][5]["b"]["text"] ==
          "Energy security is a shared responsibility, and we will diversify our supplies\nof gas and oil.");
    CHECK(c["summary"] == json({{"kept", 4}, {"changed", 3}, {"added", 1}, {"removed", 1}, {"moved", 1},
                                {"split", 1}, {"joined", 0}}));
    CHECK(c["a"]["title"] == "Tallinn Summit Communique");
    CHECK(c["b"]["date"] == "2022-06-20");
}

TEST_CASE("compare with a query shows only the paragraphs that match it and their counterparts",
          "[cli][compare]") {
    const json c = search_json({"--compare", kTallinn, kHelsinki, "Karsland"});
    CHECK(c["query"] == "Karsland");
    CHECK(outline(c) == std::vector<std::string>{"changed 3 3", "added 0 4", "kept 7 7"});
    // A stemmed word finds its forms: "sanctioned", "sanction", "sanctions".
    const json s = search_json({"--compare", kTallinn, kHelsinki, "sanction"});
    CHECK(outline(s) == std::vector<std::string>{"added 0 4", "kept 7 7"});
    // Filters say nothing of paragraphs: every line shows.
    CHECK(search_json({"--compare", kTallinn, kHelsinki, "type:communique"})["paragraphs"].size() == 10);
}

TEST_CASE("compare prints markers that survive pipes and colour on request", "[cli][compare]") {
    const RunResult plain = search({"--compare", kTallinn, kHelsinki, "--color", "never"});
    REQUIRE(plain.status == 0);
    CHECK(plain.out.find("changed a\xc2\xb6" "3 b\xc2\xb6" "3\n") != std::string::npos);
    CHECK(plain.out.find("the northern [-seas.-] [+seas and its exercises near our coasts.+] We call") !=
          std::string::npos);
    CHECK(plain.out.find("[-The Alliance will hold a conference") != std::string::npos);
    CHECK(plain.out.find("moved a\xc2\xb6" "5 b\xc2\xb6" "8\n") != std::string::npos);
    CHECK(plain.out.find("kept 4, changed 3, added 1, removed 1, moved 1 (1 split in two)\n") != std::string::npos);
    CHECK(plain.out.find('\x1b') == std::string::npos);
    const RunResult colour = search({"--compare", kTallinn, kHelsinki, "--color", "always"});
    CHECK(colour.out.find("\x1b[32m[+seriously+]\x1b[0m") != std::string::npos);
    CHECK(colour.out.find("\x1b[31m[-seas.-]\x1b[0m") != std::string::npos);
}

TEST_CASE("compare takes docids as --show does and names a missing document", "[cli][compare]") {
    const json by_path = search_json({"--compare", kTallinn, kHelsinki});
    const json by_id = search_json({"--compare", std::to_string(by_path["a"]["docid"].get<int>()),
                                    std::to_string(by_path["b"]["docid"].get<int>())});
    CHECK(outline(by_id) == outline(by_path));
    const RunResult missing = search({"--compare", kTallinn, "999999"});
    CHECK(missing.status == 1);
    CHECK(missing.err == "dossier-search: no document with docid 999999\n");
    const RunResult one = search({"--compare", kTallinn});
    CHECK(one.status == 2);
    CHECK(one.err == "dossier-search: error: --compare needs two documents: --compare A B [QUERY]\n");
}

TEST_CASE("mentions count each document's matches and words, oldest first", "[cli][mentions]") {
    const json r = search_json({"--mentions", "Karsland"});
    CHECK(mentions_of(r) == Mentions{{"Interview: A Former Admiral on the Northern Seas", 1, 38},
                                     {"Oslo Summit Communique", 1, 41},
                                     {"Declaration on Karsland and the Northern Seas", 2, 52},
                                     {"Tallinn Summit Communique", 2, 158},
                                     {"Helsinki Summit Communique", 3, 182}});
    CHECK(r["hits"][4]["per_10k_words"] == 164.84);
}

TEST_CASE("mentions of a phrase count its words side by side only", "[cli][mentions]") {
    CHECK(mentions_of(search_json({"--mentions", "\"Frost Strait\""})) ==
          Mentions{{"Declaration on Karsland and the Northern Seas", 1, 52},
                   {"Tallinn Summit Communique", 1, 158},
                   {"Helsinki Summit Communique", 2, 182}});
    // The declaration's "An early frost closed the strait" counts for the words.
    CHECK(mentions_of(search_json({"--mentions", "frost"})).front() ==
          std::make_tuple(std::string("Declaration on Karsland and the Northern Seas"), 2, 52));
}

TEST_CASE("mentions of a stemmed word count every form and explain says which", "[cli][mentions]") {
    const json r = search_json({"--mentions", "--explain", "sanctions"});
    CHECK(mentions_of(r) == Mentions{{"Tallinn Summit Communique", 1, 158}, {"Helsinki Summit Communique", 4, 182}});
    CHECK(r["explain"]["mention_forms"] == json({"sanction", "sanctioned", "sanctions"}));
    const RunResult text = search({"--mentions", "--explain", "sanctions"});
    CHECK(text.out.find("Mentions counted: sanction, sanctioned, sanctions\n") != std::string::npos);
    CHECK(text.out.find("   4 mentions in 182 words (219.78 per 10,000 words)\n") != std::string::npos);
}

TEST_CASE("the seed question: the first declaration or communique of one source to name a term, and the count since",
          "[cli][mentions]") {
    const json r = search_json({"--mentions", "--source", "Northern Alliance", "--type", "communique", "--type",
                                "declaration", "Karsland"});
    CHECK(mentions_of(r) == Mentions{{"Oslo Summit Communique", 1, 41},
                                     {"Declaration on Karsland and the Northern Seas", 2, 52},
                                     {"Tallinn Summit Communique", 2, 158},
                                     {"Helsinki Summit Communique", 3, 182}});
}

TEST_CASE("timeline with mentions charts mentions per year", "[cli][mentions]") {
    const json r = search_json({"--timeline", "--mentions", "--source", "Northern Alliance", "Karsland"});
    CHECK(r["hits"].empty());
    const json& years = r["timeline"]["years"];
    REQUIRE(years.size() == 3);
    CHECK(years[0] == json({{"year", 2020}, {"count", 1}, {"documents", 1}, {"mentions", 1}, {"words", 41},
                            {"per_10k_words", 243.9}}));
    CHECK(years[1] == json({{"year", 2021}, {"count", 2}, {"documents", 2}, {"mentions", 4}, {"words", 210},
                            {"per_10k_words", 190.48}}));
    CHECK(years[2]["mentions"] == 3);
    const RunResult text = search({"--timeline", "--mentions", "--source", "Northern Alliance", "Karsland"});
    CHECK(text.out.find("  2021 ") != std::string::npos);
    CHECK(text.out.find("4 mentions in 2 documents, 190.48 per 10,000 words\n") != std::string::npos);
}

TEST_CASE("mentions are a member of batch requests and need query words", "[cli][mentions]") {
    const RunResult r = search({"--batch"}, "{\"query\": \"Karsland\", \"mentions\": true, \"limit\": 1}\n");
    REQUIRE(r.status == 0);
    const json j = json::parse(r.out);
    REQUIRE(j["hits"].size() == 1);
    CHECK(j["hits"][0]["mentions"] == 1);
    CHECK(j["hits"][0]["words"] == 38);
    const RunResult filters_only = search({"--mentions", "--type", "communique"});
    CHECK(filters_only.status == 2);
    CHECK(filters_only.err == "dossier-search: error: mentions need words or phrases to count in the query\n");
}
