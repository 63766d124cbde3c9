// End-to-end tests of search quality features: stemming rules, hyphenated
// and joined compounds, best passages with locations, spelling suggestions
// and --explain, run through the real binaries on testdata/quality.

#include <algorithm>
#include <set>

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

const std::string& quality_db() {
    static TempDir dir;
    static const std::string db = [] {
        const std::string path = (dir / "db").string();
        RunResult r = run_tool("dossier-index", {"--db", path, (kTestdata / "quality").string()});
        REQUIRE(r.status == 0);
        return path;
    }();
    return db;
}

json search(const Strings& args) {
    Strings all = {"--db", quality_db(), "--json", "--limit", "100"};
    all.insert(all.end(), args.begin(), args.end());
    RunResult r = run_tool("dossier-search", all);
    INFO("stderr: " << r.err);
    REQUIRE((r.status == 0 || r.status == 1));
    return json::parse(r.out);
}

std::set<std::string> files(const json& result) {
    std::set<std::string> out;
    for (const auto& hit : result.at("hits"))
        out.insert(fs::path(hit.at("path").get<std::string>()).filename().string());
    return out;
}

using Files = std::set<std::string>;

}  // namespace

TEST_CASE("a capitalised word is stemmed and =word or quotes keep it exact", "[cli][quality]") {
    CHECK(files(search({"--", "Sanctions"})) == Files{"attribution.txt", "cyber-norms.md"});
    CHECK(files(search({"--", "sanctions"})) == Files{"attribution.txt", "cyber-norms.md"});
    CHECK(files(search({"--", "=sanctions"})) == Files{"attribution.txt"});
    CHECK(files(search({"--", "\"sanctioned\""})) == Files{"cyber-norms.md"});
}

TEST_CASE("hyphenated, spaced and joined compounds find the same documents", "[cli][quality]") {
    const Files cyber = {"attribution.txt", "cyber-norms.md"};
    for (const char* q : {"cyber-attack", "cyberattack", "Cyberattack", "cyber attack"}) {
        INFO(q);
        CHECK(files(search({"--", q})) == cyber);
    }
    for (const char* q : {"Indo-Pacific", "Indo Pacific", "IndoPacific", "indopacific"}) {
        INFO(q);
        CHECK(files(search({"--", q})) == Files{"maritime.md"});
    }
}

TEST_CASE("the snippet comes from the best passage and says where it is", "[cli][quality]") {
    const json r = search({"attribution", "evidence", "allies", "--passages", "2"});
    REQUIRE(r.at("hits").size() == 1);
    const json* hit = nullptr;
    for (const auto& h : r.at("hits"))
        if (fs::path(h.at("path").get<std::string>()).filename() == "cyber-norms.md") hit = &h;
    REQUIRE(hit != nullptr);
    CHECK(hit->at("paragraph") == 3);
    CHECK(hit->at("snippet").get<std::string>().find("attribution") != std::string::npos);
    const auto& passages = hit->at("passages");
    REQUIRE(passages.size() == 2);
    CHECK(passages[0].at("paragraph") == 3);
    CHECK(passages[0].at("score").get<double>() > passages[1].at("score").get<double>());

    // Offsets point into the stored text, as --show returns it.
    RunResult shown = run_tool("dossier-search", {"--db", quality_db(), "--json", "--show",
                                             hit->at("path").get<std::string>()});
    REQUIRE(shown.status == 0);
    const std::string text = json::parse(shown.out).at("text");
    for (const auto& p : passages) {
        const std::size_t offset = p.at("offset"), length = p.at("length");
        CHECK(text.substr(offset, length) == p.at("text").get<std::string>());
        for (const auto& mark : p.at("highlights")) {
            std::string word = p.at("text").get<std::string>().substr(mark[0], mark[1]);
            for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            CHECK((word == "attribution" || word == "evidence" || word == "ally" || word == "allies"));
        }
    }
}

TEST_CASE("text output shows passages with their paragraph", "[cli][quality]") {
    RunResult r = run_tool("dossier-search", {"--db", quality_db(), "--passages", "1", "attribution", "evidence"});
    REQUIRE(r.status == 0);
    CHECK(r.out.find("[\xc2\xb6 3] A cyber-attack on one ally") != std::string::npos);
}

TEST_CASE("a misspelt query gets a suggestion from the index's words", "[cli][quality]") {
    const json r = search({"atribution"});
    CHECK(r.at("total") == 0);
    CHECK(r.at("suggestion") == "attribution");
    RunResult text = run_tool("dossier-search", {"--db", quality_db(), "Atribution", "evidence"});
    CHECK(text.status == 1);
    CHECK(text.out.find("Did you mean: Attribution evidence") != std::string::npos);
    CHECK(search({"attribution"}).at("suggestion") == "");
}

TEST_CASE("explaining a query shows the parsed query, rewrites, stop words and date bounds", "[cli][quality]") {
    const json r = search({"--explain", "the", "cyber-attack", "since:2021"});
    const json& e = r.at("explain");
    CHECK(e.at("rewritten").get<std::string>().find("cyberattack OR \"cyber attack\"") != std::string::npos);
    CHECK(e.at("stopwords") == json::array({"the"}));
    CHECK(e.at("filters").at("dates").at(0).at("bound") == "2021-01-01");
    CHECK(e.at("parsed").get<std::string>().find("XY2021") != std::string::npos);
    RunResult text = run_tool("dossier-search", {"--db", quality_db(), "--explain", "cyber-attack", "since:2021"});
    CHECK(text.out.find("Filter: since:2021 = dated on or after 2021-01-01") != std::string::npos);
}

TEST_CASE("a long question gets full ranking and a short or exact query stays plain", "[cli][quality]") {
    const std::string question = "how do allies share the burden of attribution after a cyber attack on networks";
    struct Case {
        Strings args;
        std::string ranking;  // the start of explain.ranking
        bool reranked;        // whether feedback or smoothing ran
    };
    const Case cases[] = {
        {{"--", question}, "full (7 content words, no operators)", true},
        {{"--any", "--", question}, "full (7 content words, no operators)", true},
        {{"--", "attribution of a cyber attack"}, "plain (3 content words, fewer than 4)", false},
        {{"--", "allies AND attribution of the cyber attack on networks"}, "plain (the operator AND)", false},
        {{"--", "\"cyber attack\" allies share attribution burden networks"}, "plain (a phrase)", false},
        {{"--", "allies share burden networks -attribution"}, "plain (a required or excluded word)", false},
        {{"--", "title:allies share the burden of networks"}, "plain (a field prefix or filter)", false},
        {{"--", question + " since:2020"}, "plain (a field prefix or filter)", false},
        {{"--type", "report", "--", question}, "plain (filters)", false},
        {{"--sort", "date", "--", question}, "plain (sorted by date)", false},
        {{"--ranking", "plain", "--", question}, "plain (asked for)", false},
        {{"--ranking", "full", "--", "attribution"}, "full (asked for)", true},
        {{"--ranking", "auto", "--", "attribution"}, "plain (1 content word, fewer than 4)", false},
        // Values given explicitly win over the mode's.
        {{"--feedback", "0", "--neighbours", "0", "--", question},
         "full (7 content words, no operators), with feedback 0 and neighbours 0 as set", false},
        {{"--any", "--neighbours", "3", "--", "attribution cyber"},
         "plain (2 content words, fewer than 4), with feedback 0 and neighbours 3 as set", true},
    };
    for (const Case& c : cases) {
        Strings args = {"--explain"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        std::string shown;
        for (const auto& a : args) shown += a + " ";
        INFO("args: " << shown);
        const json r = search(args);
        CHECK(r.at("explain").at("ranking") == c.ranking);
        CHECK(r.at("explain").at("reranking").empty() == !c.reranked);
    }
    // The batch member reads as the option does.
    const RunResult batch = process_util::run_with_input(
        kBin / "dossier-search", {"--db", quality_db(), "--batch"},
        R"({"query": ")" + question + R"(", "ranking": "plain", "explain": true})" "\n" R"({"query": ")" +
            question + R"(", "explain": true})" "\n");
    const Strings answers = process_util::lines_of(batch.out);
    REQUIRE(answers.size() == 2);
    CHECK(json::parse(answers[0]).at("explain").at("ranking") == "plain (asked for)");
    CHECK(json::parse(answers[1]).at("explain").at("ranking") == "full (7 content words, no operators)");
    RunResult text = run_tool("dossier-search", {"--db", quality_db(), "--explain", "--", question});
    CHECK(text.out.find("Ranking: full (7 content words, no operators)") != std::string::npos);
    RunResult bad = run_tool("dossier-search", {"--db", quality_db(), "--ranking", "best", "cyber"});
    CHECK(bad.status == 2);
    CHECK(bad.err.find("bad --ranking 'best': expected auto, plain or full") != std::string::npos);
}

TEST_CASE("a search without hits ranks nothing and counts the same matches", "[cli][quality]") {
    const std::string question = "how do governments attribute cyber attacks to a state";
    for (const Strings& extra : {Strings{}, Strings{"--feedback", "3", "--neighbours", "2"}, Strings{"--ranking", "full"}}) {
        Strings ranked = {"--explain", "--any"};
        ranked.insert(ranked.end(), extra.begin(), extra.end());
        ranked.insert(ranked.end(), {"--", question});
        Strings counted = {"--db", quality_db(), "--json", "--limit", "0", "--facets", "year"};
        counted.insert(counted.end(), ranked.begin(), ranked.end());
        const json a = search(ranked);
        const RunResult r = run_tool("dossier-search", counted);
        INFO("stderr: " << r.err);
        REQUIRE(r.status == 0);
        const json b = json::parse(r.out);
        CHECK(b.at("explain").at("ranking") == "none (no hits asked for)");
        CHECK(b.at("explain").at("reranking").empty());
        CHECK(b.at("hits").empty());
        CHECK(a.at("total") == b.at("total"));
        CHECK(b.at("total").get<int>() > 0);
    }
}

TEST_CASE("explaining a re-ranked query names the feedback words and the smoothing", "[cli][quality]") {
    const json r = search({"--explain", "--any", "--feedback", "2", "--neighbours", "3", "cyber", "attribution"});
    const json& reranking = r.at("explain").at("reranking");
    REQUIRE(reranking.size() == 2);
    CHECK(reranking.at(0).get<std::string>().rfind("feedback from the top 2 hits adds ", 0) == 0);
    CHECK(reranking.at(1).get<std::string>().find("3 most similar") != std::string::npos);
    CHECK(!r.at("hits").empty());
    // A single match has no neighbours: no smoothing is applied or reported.
    const json single = search({"--explain", "--feedback", "2", "--neighbours", "3", "maritime"});
    REQUIRE(single.at("hits").size() == 1);
    REQUIRE(single.at("explain").at("reranking").size() == 1);
    CHECK(single.at("explain").at("reranking").at(0).get<std::string>().rfind("feedback from the top hit adds ", 0) == 0);
    RunResult text =
        run_tool("dossier-search", {"--db", quality_db(), "--explain", "--any", "--neighbours", "3", "cyber", "attribution"});
    CHECK(text.out.find("Re-ranking: neighbour smoothing") != std::string::npos);
    RunResult bad = run_tool("dossier-search", {"--db", quality_db(), "--neighbours", "3", "--neighbour-weight", "2", "cyber"});
    CHECK(bad.status == 2);
    CHECK(bad.err.find("--neighbour-weight") != std::string::npos);
    // Unsigned options refuse negative counts instead of wrapping them.
    const std::vector<std::pair<std::string, std::string>> ranges = {
        {"--neighbours", "0 to 99"}, {"--feedback", "0 to 1000"}, {"--feedback-terms", "1 to 1000"},
        {"--passages", "0 to 1000"}, {"--proximity-window", "1 to 1000"}, {"--limit", "0 to 1000000"},
        {"--offset", "0 to 4294967295"}, {"--snippet-bytes", "0 to 100000"}};
    for (const auto& [option, range] : ranges) {
        RunResult negative = run_tool("dossier-search", {"--db", quality_db(), option, "-1", "cyber"});
        CHECK(negative.status == 2);
        CHECK(negative.err == "dossier-search: error: " + option + " must be from " + range + ": -1 is out of range\n");
    }
    // An offset past the largest docid is refused, not wrapped round to 1.
    RunResult wrapped = run_tool("dossier-search", {"--db", quality_db(), "--offset", "4294967297", "cyber"});
    CHECK(wrapped.status == 2);
    CHECK(wrapped.err ==
          "dossier-search: error: --offset must be from 0 to 4294967295: 4294967297 is out of range\n");
}
