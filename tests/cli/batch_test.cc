// End-to-end tests of the machine interfaces: dossier-search --batch (one
// JSON answer per stdin line) and dossier-index --stdin-jsonl (documents as
// JSON lines).

#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "process_util.h"

namespace {

using nlohmann::json;
using process_util::Child;
using process_util::lines_of;
using process_util::RunResult;
using process_util::Strings;
using process_util::TempDir;
namespace fs = std::filesystem;

const fs::path kTestdata = DOSSIER_TESTDATA;
const fs::path kBinDir = DOSSIER_BIN_DIR;
const fs::path kSearch = kBinDir / "dossier-search";
const fs::path kIndex = kBinDir / "dossier-index";

/// A database of testdata/corpus, built once per test process.
const fs::path& batch_corpus_db() {
    static TempDir dir;
    static bool built = false;
    if (!built) {
        RunResult r = process_util::run_with_input(
            kIndex, {"--db", (dir / "db").string(), (kTestdata / "corpus").string()}, "");
        INFO("stderr: " << r.err);
        REQUIRE(r.status == 0);
        built = true;
    }
    static const fs::path db = dir / "db";
    return db;
}

RunResult search_with(const Strings& args, const std::string& input = "") {
    Strings all{"--db", batch_corpus_db().string()};
    all.insert(all.end(), args.begin(), args.end());
    return process_util::run_with_input(kSearch, all, input);
}

/// The object `dossier-search --json ARGS` prints.
json json_answer(const Strings& args) {
    Strings all{"--json"};
    all.insert(all.end(), args.begin(), args.end());
    RunResult r = search_with(all);
    INFO("stderr: " << r.err);
    REQUIRE(r.status <= 1);
    return json::parse(r.out);
}

/// Runs --batch with the given options and input; returns the answers.
std::vector<json> batch(const Strings& args, const std::string& input, int expected_status = 0) {
    Strings all{"--batch"};
    all.insert(all.end(), args.begin(), args.end());
    RunResult r = search_with(all, input);
    INFO("stderr: " << r.err);
    CHECK(r.status == expected_status);
    CHECK(r.err.empty());
    std::vector<json> answers;
    for (const auto& line : lines_of(r.out)) {
        INFO("line: " << line);
        json j;
        REQUIRE_NOTHROW(j = json::parse(line));
        answers.push_back(j);
    }
    return answers;
}

RunResult index_stdin(const fs::path& db, const std::string& input, const Strings& extra = {}) {
    Strings args{"--db", db.string(), "--stdin-jsonl", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return process_util::run_with_input(kIndex, args, input);
}

Strings keys_of(const json& answer) {
    Strings keys;
    for (const auto& hit : answer.at("hits")) keys.push_back(hit.at("key").get<std::string>());
    std::sort(keys.begin(), keys.end());
    return keys;
}

}  // namespace

// ------------------------------------------------------------ --batch

TEST_CASE("batch answers a query line with the object --json prints", "[batch]") {
    std::vector<json> answers = batch({}, "China\n\"North Korea\" country:Japan\n");
    REQUIRE(answers.size() == 2);
    CHECK(answers[0] == json_answer({"China"}));
    CHECK(answers[1] == json_answer({"\"North Korea\" country:Japan"}));
    CHECK(answers[0].at("schema_version") == 1);
    CHECK(answers[0].at("total").get<int>() > 0);
}

TEST_CASE("batch answers a JSON request like the equivalent options", "[batch]") {
    const std::string request =
        R"({"query": "China", "filters": {"type": ["declaration", "communique"], "since": "2019"},)"
        R"( "limit": 3, "offset": 1, "facets": ["year", "country"], "sort": "-date"})";
    std::vector<json> answers = batch({}, request + "\n");
    REQUIRE(answers.size() == 1);
    json expected = json_answer({"--type", "declaration", "--type", "communique", "--since", "2019",
                                 "--limit", "3", "--offset", "1", "--facets", "year,country",
                                 "--sort", "-date", "China"});
    CHECK(answers[0] == expected);
    CHECK(answers[0].at("hits").size() == 3);
    CHECK(answers[0].at("facets").contains("country"));
}

TEST_CASE("batch requests take every filter and option the command line has", "[batch]") {
    const std::string request =
        R"({"query": "nuclear tests", "any": true, "filters": {"source": "White House", "year": [1998, "2017"],)"
        R"( "country": ["India"], "before": "2020", "after": "1990", "until": "2019-12"}})";
    std::vector<json> answers = batch({}, request + "\n");
    REQUIRE(answers.size() == 1);
    CHECK(answers[0] == json_answer({"--any", "--source", "White House", "--year", "1998", "--year",
                                     "2017", "--country", "India", "--before", "2020", "--after",
                                     "1990", "--until", "2019-12", "nuclear tests"}));
}

TEST_CASE("batch requests take passages, explain, timeline, snippet length and ranking like the options",
          "[batch]") {
    const std::string reranked =
        R"({"query": "China sanctions", "any": true, "limit": 4, "passages": 2, "explain": true,)"
        R"( "snippet_bytes": 120, "weighting": "bm25:k1=1,b=0.5", "feedback": 3, "feedback_terms": 5,)"
        R"( "feedback_weight": 0.5, "neighbours": 3, "neighbour_weight": 0.25, "proximity": 0.6,)"
        R"( "proximity_window": 4, "no_aliases": true})";
    const std::string timeline = R"({"query": "\"Indo-Pacific\"", "timeline": true})";
    const std::string timeline_hits = R"({"query": "\"Indo-Pacific\"", "timeline": true, "limit": 2})";
    std::vector<json> answers = batch({}, reranked + "\n" + timeline + "\n" + timeline_hits + "\n");
    REQUIRE(answers.size() == 3);
    const Strings reranked_args{"--any", "--limit", "4", "--passages", "2", "--explain", "--snippet-bytes", "120",
                                "--weighting", "bm25:k1=1,b=0.5", "--feedback", "3", "--feedback-terms", "5",
                                "--feedback-weight", "0.5", "--neighbours", "3", "--neighbour-weight", "0.25",
                                "--proximity", "0.6", "--proximity-window", "4", "--no-aliases",
                                "China sanctions"};
    CHECK(answers[0] == json_answer(reranked_args));
    // The members took effect: passages, the explanation and both re-rankings.
    REQUIRE(answers[0].at("hits").size() == 4);
    CHECK(answers[0].at("hits").at(0).at("passages").size() >= 1);
    CHECK(answers[0].at("explain").at("weighting") == "bm25:k1=1,b=0.5");
    CHECK(answers[0].at("explain").at("reranking").size() == 2);
    CHECK(answers[0] != json_answer({"--any", "--limit", "4", "China sanctions"}));
    CHECK(answers[1] == json_answer({"--timeline", "\"Indo-Pacific\""}));
    CHECK(answers[1].at("hits").empty());  // a timeline alone, as --timeline without --limit
    CHECK(answers[1].contains("timeline"));
    CHECK(answers[2] == json_answer({"--timeline", "--limit", "2", "\"Indo-Pacific\""}));
    CHECK(answers[2].at("hits").size() == 2);
    // The same members as command-line defaults of the batch.
    std::vector<json> defaults = batch(Strings(reranked_args.begin(), reranked_args.end() - 1), "China sanctions\n");
    REQUIRE(defaults.size() == 1);
    CHECK(defaults[0] == answers[0]);
}

TEST_CASE("batch names the member and the value of a bad request", "[batch]") {
    std::vector<json> answers =
        batch({}, R"({"query": "China", "neighbour_weight": 2})" "\n" R"({"passages": "two"})" "\n");
    REQUIRE(answers.size() == 2);
    CHECK(answers[0].at("error") == "\"neighbour_weight\" must be from 0 to 1: 2 is out of range");
    CHECK(answers[1].at("error") == "\"passages\" must be an integer, not string");
}

TEST_CASE("batch takes the command-line options as defaults of every line", "[batch]") {
    std::vector<json> answers =
        batch({"--type", "declaration", "--limit", "2", "--facets", "year"},
              "China\n{\"query\": \"China\", \"limit\": 5}\n{\"query\": \"China\", \"filters\": {\"type\": \"communique\"}}\n");
    REQUIRE(answers.size() == 3);
    CHECK(answers[0] == json_answer({"--type", "declaration", "--limit", "2", "--facets", "year", "China"}));
    CHECK(answers[1] == json_answer({"--type", "declaration", "--limit", "5", "--facets", "year", "China"}));
    // A filter given in the request replaces the default of that filter.
    CHECK(answers[2] == json_answer({"--type", "communique", "--limit", "2", "--facets", "year", "China"}));
}

TEST_CASE("batch count requests print what --count --json prints", "[batch]") {
    std::vector<json> answers = batch({}, "{\"query\": \"Ukraine\", \"count\": true}\n");
    REQUIRE(answers.size() == 1);
    CHECK(answers[0] == json_answer({"--count", "Ukraine"}));
    CHECK(answers[0].at("total").get<int>() > 0);
    CHECK_FALSE(answers[0].contains("hits"));

    std::vector<json> defaults = batch({"--count"}, "Ukraine\n");
    REQUIRE(defaults.size() == 1);
    CHECK(defaults[0] == answers[0]);
}

TEST_CASE("batch answers a bad line with an error object and goes on", "[batch]") {
    const std::string input =
        "{not json\n"
        "{\"query\": \"China\", \"limt\": 3}\n"
        "{\"query\": \"China\", \"limit\": -1}\n"
        "{\"query\": \"China\", \"filters\": {\"since\": \"2019-13\"}}\n"
        "{\"query\": \"China\", \"facets\": [\"colour\"]}\n"
        "{\"query\": 7}\n"
        "type:\n"
        "[\"China\"]\n"
        "China\n";
    std::vector<json> answers = batch({}, input);
    REQUIRE(answers.size() == 9);
    for (std::size_t i = 0; i < 7; ++i) {
        INFO("answer " << i << ": " << answers[i].dump());
        CHECK(answers[i].at("schema_version") == 1);
        CHECK(answers[i].at("line") == i + 1);
        CHECK_FALSE(answers[i].at("error").get<std::string>().empty());
        CHECK_FALSE(answers[i].contains("hits"));
    }
    CHECK(answers[0].at("query") == "{not json");
    CHECK(answers[1].at("query") == "China");
    CHECK(answers[1].at("error").get<std::string>().find("limt") != std::string::npos);
    CHECK(answers[3].at("error").get<std::string>().find("2019-13") != std::string::npos);
    CHECK(answers[4].at("error").get<std::string>().find("colour") != std::string::npos);
    CHECK(answers[6].at("query") == "type:");
    // A line not starting with '{' is query text, even when it looks like JSON.
    CHECK(answers[7] == json_answer({"[\"China\"]"}));
    CHECK(answers[8] == json_answer({"China"}));
}

TEST_CASE("batch answers each line before reading the next", "[batch]") {
    Child child(kSearch, {"--db", batch_corpus_db().string(), "--batch", "--limit", "1"});
    std::string line;
    child.write("China\n");
    REQUIRE(child.read_line(line));
    CHECK(json::parse(line).at("query") == "China");
    child.write("{\"query\": \"Ukraine\", \"count\": true}\n");
    REQUIRE(child.read_line(line));
    CHECK(json::parse(line).at("query") == "Ukraine");
    child.close_stdin();
    CHECK_FALSE(child.read_line(line));
    CHECK(child.wait() == 0);
}

TEST_CASE("batch sees documents committed while it runs", "[batch]") {
    TempDir dir;
    const fs::path db = dir / "db";
    REQUIRE(index_stdin(db, R"({"id": "1", "text": "A report on undersea cables."})" "\n").status == 0);
    Child child(kSearch, {"--db", db.string(), "--batch"});
    std::string line;
    child.write("pipelines\n");
    REQUIRE(child.read_line(line));
    CHECK(json::parse(line).at("total") == 0);
    // Several commits, so that the revision the batch opened is gone.
    for (int i = 2; i <= 4; ++i) {
        RunResult r = index_stdin(db, R"({"id": ")" + std::to_string(i) +
                                          R"(", "text": "Gas pipelines were damaged."})" "\n");
        REQUIRE(r.status == 0);
    }
    child.write("pipelines\ncables\n");
    REQUIRE(child.read_line(line));
    CHECK(json::parse(line).at("total") == 3);
    REQUIRE(child.read_line(line));
    CHECK(json::parse(line).at("total") == 1);
    child.close_stdin();
    CHECK(child.wait() == 0);
}

TEST_CASE("batch answers every line without an error while dossier-index commits", "[batch]") {
    constexpr int kRounds = 60;
    constexpr int kPerCommit = 10;
    TempDir dir;
    const fs::path db = dir / "db";
    REQUIRE(index_stdin(db, R"({"id": "seed", "text": "A report on undersea cables."})" "\n").status == 0);
    Child search(kSearch, {"--db", db.string(), "--batch"});
    Child index(kIndex, {"--db", db.string(), "--stdin-jsonl", "--batch-size", std::to_string(kPerCommit)});
    long last = 0;
    int answers = 0;
    std::string line;
    for (int round = 0; round < kRounds; ++round) {
        // The indexer reads and commits at its own pace while the batch
        // answers: each answer reads whatever revision is the latest.
        std::string docs;
        for (int i = 0; i < kPerCommit; ++i)
            docs += R"({"id": ")" + std::to_string(round * kPerCommit + i) + R"(", "title": "Pipelines )" +
                    std::to_string(round) + R"(", "text": "Gas pipelines were damaged near the cables, report )" +
                    std::to_string(round) + R"(."})" "\n";
        index.write(docs);
        search.write(R"({"query": "pipelines", "limit": 3, "facets": ["year"]})" "\n");
        REQUIRE(search.read_line(line));
        json answer = json::parse(line);
        INFO(line);
        CHECK_FALSE(answer.contains("error"));
        long total = answer.value("total", -1L);
        CHECK(total % kPerCommit == 0);
        CHECK(total >= last);
        last = total;
        ++answers;
    }
    index.close_stdin();
    CHECK(index.wait() == 0);
    search.write("pipelines\n");
    REQUIRE(search.read_line(line));
    CHECK(json::parse(line).at("total") == kRounds * kPerCommit);
    search.close_stdin();
    CHECK(search.wait() == 0);
    CHECK(answers == kRounds);
}

TEST_CASE("batch exits 0 on empty input and 2 when stdin cannot be read", "[batch]") {
    CHECK(batch({}, "").empty());
    TempDir dir;
    RunResult r = process_util::run_with_stdin_file(
        kSearch, {"--db", batch_corpus_db().string(), "--batch"}, dir.path());
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("dossier-search: error: ") == 0);
}

TEST_CASE("batch refuses query words and --show", "[batch]") {
    RunResult words = search_with({"--batch", "China"});
    CHECK(words.status == 2);
    CHECK(words.err.find("--batch") != std::string::npos);
    RunResult show = search_with({"--batch", "--show", "1"});
    CHECK(show.status == 2);
}

// ------------------------------------------------------------ --stdin-jsonl

TEST_CASE("stdin-jsonl indexes documents with their metadata", "[stdin-jsonl]") {
    TempDir dir;
    const fs::path db = dir / "db";
    const std::string input =
        R"({"id": "r-1", "title": "Cable security", "date": "2021-03", "type": "Communiqué",)"
        R"( "source": "Nordic Council", "authors": ["Ann Berg"], "countries": ["Norway", "Ireland"],)"
        R"( "url": "https://example.org/r-1", "text": "Undersea cables near Norway were cut."})" "\n"
        "\n"
        R"({"id": 2, "countries": "Estonia; Finland", "date": "2023-10-08T09:00:00Z",)"
        R"( "text": "Balticconnector pipeline damage\n\nThe pipeline was damaged by an anchor.", "extra": 1})" "\n";
    RunResult r = index_stdin(db, input);
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    json report = json::parse(r.out);
    CHECK(report.at("added") == 2);
    CHECK(report.at("updated") == 0);
    CHECK(report.at("failed") == 0);
    CHECK(report.at("documents") == 2);
    CHECK(report.at("bytes") == input.size());

    RunResult s = process_util::run_with_input(
        kSearch, {"--db", db.string(), "--json", "--facets", "type,country,year", "--type", "communique",
                  "country:Norway", "cables"}, "");
    REQUIRE(s.status == 0);
    json answer = json::parse(s.out);
    REQUIRE(answer.at("total") == 1);
    const json& hit = answer.at("hits").at(0);
    CHECK(hit.at("key") == "jsonl:r-1");
    CHECK(hit.at("path") == "");
    CHECK(hit.at("title") == "Cable security");
    CHECK(hit.at("date") == "2021-03");
    CHECK(hit.at("date_precision") == "month");
    CHECK(hit.at("type") == "communique");
    CHECK(hit.at("source") == "Nordic Council");
    CHECK(hit.at("authors") == json::array({"Ann Berg"}));
    CHECK(hit.at("countries") == json::array({"Norway", "Ireland"}));
    CHECK(hit.at("url") == "https://example.org/r-1");

    RunResult second = process_util::run_with_input(
        kSearch, {"--db", db.string(), "--json", "--since", "2023", "country:Finland"}, "");
    REQUIRE(second.status == 0);
    json other = json::parse(second.out);
    REQUIRE(other.at("total") == 1);
    CHECK(other.at("hits").at(0).at("key") == "jsonl:2");
    CHECK(other.at("hits").at(0).at("title") == "Balticconnector pipeline damage");
    CHECK(other.at("hits").at(0).at("date") == "2023-10-08");
    CHECK(other.at("hits").at(0).at("countries") == json::array({"Estonia", "Finland"}));
}

TEST_CASE("stdin-jsonl replaces a document sent again with the same id", "[stdin-jsonl]") {
    TempDir dir;
    const fs::path db = dir / "db";
    REQUIRE(index_stdin(db, R"({"id": "a", "text": "first version about cables"})" "\n"
                            R"({"id": "b", "text": "another text about cables"})" "\n").status == 0);
    RunResult again = index_stdin(db, R"({"id": "a", "text": "second version about pipelines"})" "\n");
    REQUIRE(again.status == 0);
    json report = json::parse(again.out);
    CHECK(report.at("added") == 0);
    CHECK(report.at("updated") == 1);
    CHECK(report.at("documents") == 2);

    std::vector<json> answers;
    RunResult r = process_util::run_with_input(kSearch, {"--db", db.string(), "--batch"},
                                               "cables\npipelines\n");
    REQUIRE(r.status == 0);
    Strings out = lines_of(r.out);
    REQUIRE(out.size() == 2);
    CHECK(keys_of(json::parse(out[0])) == Strings{"jsonl:b"});
    CHECK(keys_of(json::parse(out[1])) == Strings{"jsonl:a"});
}

TEST_CASE("stdin-jsonl reports bad lines on stderr, indexes the rest and exits 1", "[stdin-jsonl]") {
    TempDir dir;
    const fs::path db = dir / "db";
    const std::string input =
        R"({"id": "ok-1", "text": "cables"})" "\n"
        "not json\n"
        R"({"text": "no id"})" "\n"
        R"({"id": "x"})" "\n"
        R"({"id": "y", "text": "   "})" "\n"
        R"({"id": "z", "text": "t", "date": "2019-02-30"})" "\n"
        R"({"id": "w", "text": "t", "authors": "A", "countries": [1]})" "\n"
        R"({"id": ["v"], "text": "t"})" "\n"
        R"({"id": "ok-2", "text": "more cables"})" "\n";
    RunResult r = index_stdin(db, input, {"--batch-size", "1"});
    CHECK(r.status == 1);
    json report = json::parse(r.out);
    CHECK(report.at("added") == 2);
    CHECK(report.at("failed") == 7);
    CHECK(report.at("documents") == 2);
    REQUIRE(report.at("failures").size() == 7);
    CHECK(report.at("failures").at(0).at("path") == "stdin line 2");
    CHECK(report.at("failures").at(3).at("path") == "stdin line 5");
    CHECK(report.at("failures").at(4).at("reason").get<std::string>().find("2019-02-30") != std::string::npos);
    Strings err = lines_of(r.err);
    REQUIRE(err.size() == 7);
    for (const auto& line : err) CHECK(line.rfind("dossier-index: stdin line ", 0) == 0);
    CHECK(err[1].rfind("dossier-index: stdin line 3: ", 0) == 0);
    CHECK(err[1].find("id") != std::string::npos);
}

TEST_CASE("a database indexed from stdin-jsonl offers a spelling suggestion", "[stdin-jsonl]") {
    TempDir dir;
    const fs::path db = dir / "db";
    RunResult indexed = index_stdin(
        db, R"({"id": "c-1", "text": "Attribution of the cyber-attack took months."})" "\n");
    INFO("stderr: " << indexed.err);
    REQUIRE(indexed.status == 0);

    RunResult r = process_util::run_with_input(kSearch, {"--db", db.string(), "--json", "attributon"}, "");
    INFO("stderr: " << r.err);
    CHECK(r.status == 1);
    json answer = json::parse(r.out);
    CHECK(answer.at("total") == 0);
    CHECK(answer.at("suggestion") == "attribution");
    RunResult text = process_util::run_with_input(kSearch, {"--db", db.string(), "attributon"}, "");
    CHECK(text.out.find("Did you mean: attribution") != std::string::npos);
}

TEST_CASE("stdin-jsonl prints the text summary and refuses paths", "[stdin-jsonl]") {
    TempDir dir;
    RunResult text = process_util::run_with_input(
        kIndex, {"--db", (dir / "db").string(), "--stdin-jsonl"}, R"({"id": 1, "text": "t"})" "\n");
    CHECK(text.status == 0);
    CHECK(text.out.rfind("added 1, updated 0, unchanged 0, removed 0, failed 0, ignored 0; ", 0) == 0);
    RunResult paths = process_util::run_with_input(
        kIndex, {"--db", (dir / "db").string(), "--stdin-jsonl", kTestdata.string()}, "");
    CHECK(paths.status == 2);
    CHECK(paths.err.find("--stdin-jsonl") != std::string::npos);
}
