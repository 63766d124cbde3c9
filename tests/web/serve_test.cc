// End-to-end tests of dossier-serve: the real binary on testdata/corpus,
// asked over HTTP with cpp-httplib's client, its answers checked against
// dossier-search --json for the same requests, and its refusals.

#include <signal.h>

#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "../cli/process_util.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using process_util::Child;
using process_util::RunResult;
using process_util::TempDir;
using Strings = std::vector<std::string>;

const fs::path kTestdata = DOSSIER_TESTDATA;
const fs::path kBinDir = DOSSIER_BIN_DIR;

RunResult run(const std::string& program, const Strings& args, const std::string& input = {}) {
    return process_util::run_with_input(kBinDir / program, args, input);
}

/// testdata/corpus indexed once for the whole run.
const fs::path& corpus_db() {
    static TempDir dir;
    static const fs::path db = [] {
        fs::path path = dir.path() / "db";
        RunResult r = run("dossier-index", {"--db", path.string(), (kTestdata / "corpus").string()});
        INFO(r.err);
        REQUIRE(r.status == 0);
        return path;
    }();
    return db;
}

/// testdata/series (communiqués of one source with known edits) indexed
/// once for the whole run.
const fs::path& series_db() {
    static TempDir dir;
    static const fs::path db = [] {
        fs::path path = dir.path() / "db";
        RunResult r = run("dossier-index", {"--db", path.string(), (kTestdata / "series").string()});
        INFO(r.err);
        REQUIRE(r.status == 0);
        return path;
    }();
    return db;
}

/// A dossier-serve on a free loopback port, stopped with SIGTERM at the end.
class Served {
  public:
    explicit Served(const Strings& dbs, const Strings& more = {}) : child_(kBinDir / "dossier-serve", args(dbs, more)) {
        REQUIRE(child_.read_line(url_));
        INFO(url_);
        REQUIRE(url_.rfind("http://127.0.0.1:", 0) == 0);
        port_ = std::stoi(url_.substr(17));
    }

    /// A client with the Host header a browser on this machine sends.
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port_);
        c.set_read_timeout(30, 0);
        return c;
    }

    httplib::Result get(const std::string& target, const httplib::Headers& headers = {}) const {
        return client().Get(target.c_str(), headers);
    }

    json get_json(const std::string& target, int expected_status = 200) const {
        httplib::Result res = get(target);
        REQUIRE(res);
        INFO(target << " -> " << res->status << " " << res->body);
        CHECK(res->status == expected_status);
        CHECK(res->get_header_value("Content-Type") == "application/json");
        json j;
        REQUIRE_NOTHROW(j = json::parse(res->body));
        return j;
    }

    int port() const { return port_; }

    /// Stops the server as a service manager would; returns its exit status.
    int stop() {
        ::kill(child_.pid(), SIGTERM);
        return child_.wait();
    }

    std::string log() const { return child_.err(); }

  private:
    static Strings args(const Strings& dbs, const Strings& more) {
        Strings a;
        for (const auto& db : dbs) a.insert(a.end(), {"--db", db});
        a.insert(a.end(), {"--listen", "127.0.0.1:0"});
        a.insert(a.end(), more.begin(), more.end());
        return a;
    }

    Child child_;
    std::string url_;
    int port_ = 0;
};

json search_cli(const Strings& args) {
    Strings all = {"--db", corpus_db().string(), "--json"};
    all.insert(all.end(), args.begin(), args.end());
    RunResult r = run("dossier-search", all);
    INFO(r.err);
    REQUIRE(r.status <= 1);
    return json::parse(r.out);
}

/// dossier-search on testdata/series; the whole run's result.
RunResult series_cli(const Strings& args) {
    Strings all = {"--db", series_db().string()};
    all.insert(all.end(), args.begin(), args.end());
    return run("dossier-search", all);
}

/// The docid of the document of testdata/series with this title.
std::string series_docid(const std::string& title) {
    RunResult r = series_cli({"--json", "--limit", "20", "--type", "communique"});
    REQUIRE(r.status == 0);
    const json answer = json::parse(r.out);
    for (const auto& hit : answer["hits"])
        if (hit["title"] == title) return std::to_string(hit["docid"].get<unsigned>());
    FAIL("no document titled " << title);
    return {};
}

std::vector<unsigned> docids(const json& answer) {
    std::vector<unsigned> ids;
    for (const auto& hit : answer["hits"]) ids.push_back(hit["docid"].get<unsigned>());
    return ids;
}

}  // namespace

TEST_CASE("serve: search answers equal dossier-search --json for the same requests", "[serve]") {
    Served served({corpus_db().string()});
    struct Case {
        std::string target;
        Strings cli;
    };
    const std::vector<Case> cases = {
        {"/api/search?q=China&facets=year,type,source,country&limit=5",
         {"--facets", "year,type,source,country", "--limit", "5", "China"}},
        {"/api/search?q=summit&type=communique&since=2010&sort=-date&offset=1&limit=3&passages=2",
         {"--type", "communique", "--since", "2010", "--sort", "-date", "--offset", "1", "--limit", "3",
          "--passages", "2", "summit"}},
        {"/api/search?q=nuclear%20OR%20missile&year=2006&year=2017&facets=type",
         {"--year", "2006", "--year", "2017", "--facets", "type", "nuclear OR missile"}},
        {"/api/search?type=interview&sort=date&limit=20", {"--type", "interview", "--sort", "date", "--limit", "20"}},
        {"/api/search?q=China&count=true", {"--count", "China"}},
    };
    for (const auto& c : cases) {
        INFO(c.target);
        json web = served.get_json(c.target);
        json cli = search_cli(c.cli);
        CHECK(web["total"] == cli["total"]);
        if (cli.contains("hits")) {
            CHECK(docids(web) == docids(cli));
            CHECK(web["hits"] == cli["hits"]);
        }
        CHECK(web.value("facets", json()) == cli.value("facets", json()));
    }
    // Something was found at all: the comparisons above are not of empty answers.
    CHECK(served.get_json("/api/search?q=China")["total"].get<int>() == 27);
}

TEST_CASE("serve: the timeline equals dossier-search --timeline", "[serve]") {
    Served served({corpus_db().string()});
    json web = served.get_json("/api/timeline?q=summit&country=China");
    json cli = search_cli({"--timeline", "--country", "China", "summit"});
    REQUIRE(web.contains("timeline"));
    CHECK(web["timeline"] == cli["timeline"]);
    CHECK(web["timeline"]["years"].size() > 0);
    CHECK(web["hits"].empty());
}

TEST_CASE("serve: a document by docid, with where its date, type and title came from", "[serve]") {
    Served served({corpus_db().string()});
    json hit = served.get_json("/api/search?q=Vilnius&limit=1")["hits"][0];
    const std::string id = std::to_string(hit["docid"].get<unsigned>());
    json doc = served.get_json("/api/doc/" + id);
    RunResult shown = run("dossier-search", {"--db", corpus_db().string(), "--json", "--show", id});
    json cli = json::parse(shown.out);
    CHECK(doc["text"] == cli["text"]);
    CHECK(doc["title"] == cli["title"]);
    CHECK(doc["text"].get<std::string>().find("Vilnius") != std::string::npos);
    REQUIRE(doc.contains("origin"));
    CHECK(!doc["origin"]["explanation"].get<std::string>().empty());
    CHECK(doc["origin"]["date_source"] == doc["date_source"]);
    CHECK(doc["origin"].contains("title_source"));
    CHECK(doc["origin"].contains("type_source"));

    json missing = served.get_json("/api/doc/999999", 404);
    CHECK(missing["error"] == "no document with docid 999999");
}

TEST_CASE("serve: bad requests get 400 with the request schema's one-line message", "[serve]") {
    Served served({corpus_db().string()});
    // The same messages as a --batch JSON line with the same member.
    RunResult batch = run("dossier-search", {"--db", corpus_db().string(), "--batch"},
                          "{\"query\": \"x\", \"limit\": -1}\n{\"query\": \"x\", \"sort\": \"oldest\"}\n"
                          "{\"query\": \"x\", \"facets\": [\"colour\"]}\n");
    Strings lines = process_util::lines_of(batch.out);
    REQUIRE(lines.size() == 3);
    CHECK(served.get_json("/api/search?q=x&limit=-1", 400)["error"] == json::parse(lines[0])["error"]);
    CHECK(served.get_json("/api/search?q=x&sort=oldest", 400)["error"] == json::parse(lines[1])["error"]);
    CHECK(served.get_json("/api/search?q=x&facets=colour", 400)["error"] == json::parse(lines[2])["error"]);

    CHECK(served.get_json("/api/search?q=x&colour=red", 400)["error"] == "unknown parameter 'colour'");
    CHECK(served.get_json("/api/search?q=x&limit=1&limit=2", 400)["error"] == "\"limit\" takes one value, not 2");
    CHECK(served.get_json("/api/search?q=x&limit=5000", 400)["error"].get<std::string>().find("at most 100") !=
          std::string::npos);
    CHECK(served.get_json("/api/search?since=2019-13", 400)["error"].get<std::string>().find("2019-13") !=
          std::string::npos);
    const std::string long_query(2000, 'a');
    CHECK(served.get_json("/api/search?q=" + long_query, 400)["error"] ==
          "query too long: 2000 bytes, at most 1024");
    // The server goes on answering.
    CHECK(served.get_json("/api/search?q=China")["total"] == 27);
}

TEST_CASE("serve: no path reaches a file, only docids and the embedded page", "[serve]") {
    Served served({corpus_db().string()});
    for (const std::string& target : Strings{"/api/doc/..%2f..%2fetc%2fpasswd", "/api/doc/%2fetc%2fpasswd",
                                     "/api/doc/-1", "/api/doc/0", "/api/doc/4294967296", "/api/doc/12abc"}) {
        INFO(target);
        httplib::Result res = served.get(target);
        REQUIRE(res);
        CHECK(res->status == 404);
        CHECK(res->body.find("root:") == std::string::npos);
        CHECK(res->body.find("no document with docid") != std::string::npos);
    }
    for (const std::string& target : Strings{"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/etc/passwd",
                                     "/app.js/../../../etc/passwd", "/CMakeLists.txt", "/serve/assets/app.js"}) {
        INFO(target);
        httplib::Result res = served.get(target);
        REQUIRE(res);
        CHECK(res->status >= 400);
        CHECK(res->body.find("root:") == std::string::npos);
    }
    httplib::Result page = served.get("/");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(page->body.find("<script src=\"/app.js\"") != std::string::npos);
    httplib::Result script = served.get("/app.js");
    REQUIRE(script);
    CHECK(script->status == 200);
    CHECK(script->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
    CHECK(script->body.find("textContent") != std::string::npos);
}

TEST_CASE("serve: security headers, Host check, read-only and size limits", "[serve]") {
    Served served({corpus_db().string()});
    httplib::Result page = served.get("/");
    REQUIRE(page);
    const std::string csp = page->get_header_value("Content-Security-Policy");
    CHECK(csp.find("script-src 'self'") != std::string::npos);
    CHECK(csp.find("unsafe-inline") == std::string::npos);
    CHECK(page->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(!page->has_header("Access-Control-Allow-Origin"));

    // DNS rebinding: a page of another site reaching the server under its
    // own name is refused; the loopback names with the port are answered.
    const std::string port = std::to_string(served.port());
    for (const std::string& host : Strings{"evil.example", "evil.example:" + port, "localhost:1", "127.0.0.1"}) {
        INFO(host);
        httplib::Result res = served.get("/api/health", {{"Host", host}});
        REQUIRE(res);
        CHECK(res->status == 403);
        CHECK(res->body.find("forbidden Host header") != std::string::npos);
    }
    for (const std::string& host : Strings{"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port}) {
        INFO(host);
        httplib::Result res = served.get("/api/health", {{"Host", host}});
        REQUIRE(res);
        CHECK(res->status == 200);
    }
    // A cross-origin request gets no CORS permission.
    httplib::Result cross = served.get("/api/search?q=China", {{"Origin", "http://evil.example"}});
    REQUIRE(cross);
    CHECK(!cross->has_header("Access-Control-Allow-Origin"));

    httplib::Result post = served.client().Post("/api/search", "{}", "application/json");
    REQUIRE(post);
    CHECK(post->status == 405);
    CHECK(post->body.find("read-only") != std::string::npos);
    httplib::Result big = served.client().Post("/api/search", std::string(100000, 'x'), "text/plain");
    if (big) CHECK(big->status == 413);  // or the connection is cut: either way refused

    httplib::Result long_url = served.get("/api/search?q=" + std::string(20000, 'a'));
    REQUIRE(long_url);
    CHECK(long_url->status == 414);
    CHECK(json::parse(long_url->body)["error"] == "request too long");

    CHECK(served.get_json("/api/health")["status"] == "ok");
}

TEST_CASE("serve: sees each commit of a writer without restart", "[serve]") {
    TempDir dir;
    const std::string db = (dir.path() / "db").string();
    auto add = [&](const std::string& id, const std::string& text) {
        RunResult r = run("dossier-index", {"--db", db, "--stdin-jsonl"},
                          "{\"id\": \"" + id + "\", \"title\": \"Note " + id + "\", \"text\": \"" + text + "\"}\n");
        INFO(r.err);
        REQUIRE(r.status == 0);
    };
    add("a", "Zanzibar lighthouse inspection");
    Served served({db});
    CHECK(served.get_json("/api/search?q=zanzibar")["total"] == 1);
    add("b", "Zanzibar harbour survey");
    CHECK(served.get_json("/api/search?q=zanzibar")["total"] == 2);
    CHECK(served.get_json("/api/health")["documents"] == 2);
    add("c", "Zanzibar ferry timetable");
    CHECK(served.get_json("/api/search?q=zanzibar")["total"] == 3);
}

TEST_CASE("serve: 503 while the database cannot be opened, then answers once it exists", "[serve]") {
    TempDir dir;
    const std::string db = (dir.path() / "later").string();
    Served served({db});
    json health = served.get_json("/api/health", 503);
    CHECK(health["error"].get<std::string>().find(db) != std::string::npos);
    served.get_json("/api/search?q=China", 503);
    httplib::Result page = served.get("/");
    REQUIRE(page);
    CHECK(page->status == 200);
    RunResult r = run("dossier-index", {"--db", db, "--stdin-jsonl"}, "{\"id\": 1, \"text\": \"Now it exists\"}\n");
    REQUIRE(r.status == 0);
    CHECK(served.get_json("/api/health")["documents"] == 1);
}

TEST_CASE("serve: one log line per request, a clean stop on SIGTERM", "[serve]") {
    Served served({corpus_db().string()});
    served.get_json("/api/health");
    served.get_json("/api/doc/999999", 404);
    CHECK(served.stop() == 0);
    const std::string log = served.log();
    INFO(log);
    CHECK(log.find("GET /api/health 200 ") != std::string::npos);
    CHECK(log.find("GET /api/doc/999999 404 ") != std::string::npos);
    CHECK(log.find("ms\n") != std::string::npos);
    CHECK(log.find("dossier-serve: stopped") != std::string::npos);
}

TEST_CASE("serve: another address than loopback needs --listen and warns", "[serve]") {
    RunResult bad = run("dossier-serve", {"--listen", "127.0.0.1"});
    CHECK(bad.status == 2);
    CHECK(bad.err.find("bad --listen '127.0.0.1'") != std::string::npos);
    Child child(kBinDir / "dossier-serve", {"--db", corpus_db().string(), "--listen", "0.0.0.0:0"});
    std::string url;
    REQUIRE(child.read_line(url));
    CHECK(url.rfind("http://0.0.0.0:", 0) == 0);
    ::kill(child.pid(), SIGTERM);
    CHECK(child.wait() == 0);
    CHECK(child.err().find("warning: listening on 0.0.0.0, not a loopback address") != std::string::npos);
}

TEST_CASE("serve: a search past --time-limit gets 503 with the limit named, and the server goes on",
          "[serve]") {
    RunResult bad = run("dossier-serve", {"--db", corpus_db().string(), "--time-limit", "-2"});
    CHECK(bad.status == 2);
    CHECK(bad.err.find("bad --time-limit") != std::string::npos);

    // A limit no search can meet: each search stops with the error.
    Served tight({corpus_db().string()}, {"--time-limit", "0.000000001"});
    for (const std::string target : {"/api/search?q=china&facets=year,type", "/api/timeline?q=china"}) {
        json j = tight.get_json(target, 503);
        CHECK(j["status"] == 503);
        CHECK(j["error"].get<std::string>().find("took longer than its time limit of 1e-09 s") != std::string::npos);
    }
    // Documents and health are not searches; the server still answers them.
    CHECK(tight.get_json("/api/health")["status"] == "ok");
    CHECK(tight.stop() == 0);

    // The default limit leaves ordinary searches alone.
    Served normal({corpus_db().string()});
    CHECK(normal.get_json("/api/search?q=china")["total"].get<int>() > 0);
    CHECK(normal.stop() == 0);
}

TEST_CASE("serve: a comparison equals dossier-search --compare --json, with and without a query", "[serve][compare]") {
    Served served({series_db().string()});
    const std::string tallinn = series_docid("Tallinn Summit Communique");
    const std::string helsinki = series_docid("Helsinki Summit Communique");
    struct Case {
        std::string target;
        Strings cli;
    };
    const std::vector<Case> cases = {
        {"/api/compare?a=" + tallinn + "&b=" + helsinki, {"--compare", tallinn, helsinki}},
        {"/api/compare?a=" + tallinn + "&b=" + helsinki + "&q=Karsland", {"--compare", tallinn, helsinki, "Karsland"}},
        {"/api/compare?b=" + tallinn + "&a=" + helsinki + "&q=%22Frost%20Strait%22",
         {"--compare", helsinki, tallinn, "\"Frost Strait\""}},
    };
    for (const auto& c : cases) {
        INFO(c.target);
        httplib::Result res = served.get(c.target);
        REQUIRE(res);
        CHECK(res->status == 200);
        RunResult cli = series_cli(c.cli);
        Strings json_args = c.cli;
        json_args.push_back("--json");
        RunResult cli_json = series_cli(json_args);
        REQUIRE(cli_json.status == 0);
        // The same printer: the same bytes.
        CHECK(res->body == cli_json.out);
        CHECK(cli.status == 0);
    }
    // The answers hold the known edits: not a comparison of empty texts.
    json all = served.get_json(cases[0].target);
    CHECK(all["summary"] == json({{"kept", 4}, {"changed", 3}, {"added", 1}, {"removed", 1}, {"moved", 1},
                                  {"split", 1}, {"joined", 0}}));
    json some = served.get_json(cases[1].target);
    CHECK(some["query"] == "Karsland");
    CHECK(some["paragraphs"].size() == 3);
    CHECK(some["paragraphs"][0]["status"] == "changed");
    CHECK(some["paragraphs"][0]["diff"][1] == json({{"op", "added"}, {"text", "seriously"}}));
}

TEST_CASE("serve: a comparison with a bad or unknown docid or a bad query gets 400 or 404", "[serve][compare]") {
    Served served({series_db().string()});
    const std::string tallinn = series_docid("Tallinn Summit Communique");
    // An unknown docid: 404 with the message dossier-search prints.
    RunResult missing = series_cli({"--compare", tallinn, "99999", "--json"});
    CHECK(missing.status == 1);
    CHECK(missing.err == "dossier-search: no document with docid 99999\n");
    CHECK(served.get_json("/api/compare?a=" + tallinn + "&b=99999", 404)["error"] == "no document with docid 99999");
    CHECK(served.get_json("/api/compare?a=4294967296&b=" + tallinn, 404)["error"] ==
          "no document with docid 4294967296");
    // A malformed query: 400 with the command line's message.
    RunResult bad_query = series_cli({"--compare", tallinn, tallinn, "Karsland AND (", "--json"});
    CHECK(bad_query.status == 2);
    const std::string prefix = "dossier-search: error: ";
    REQUIRE(bad_query.err.rfind(prefix, 0) == 0);
    CHECK(served.get_json("/api/compare?a=" + tallinn + "&b=" + tallinn + "&q=Karsland%20AND%20(", 400)["error"] ==
          bad_query.err.substr(prefix.size(), bad_query.err.size() - prefix.size() - 1));
    // Docids only: a path, a word or nothing is a bad request.
    CHECK(served.get_json("/api/compare?a=" + tallinn, 400)["error"] ==
          "missing parameter 'b': /api/compare?a=DOCID&b=DOCID");
    CHECK(served.get_json("/api/compare?b=" + tallinn, 400)["error"] ==
          "missing parameter 'a': /api/compare?a=DOCID&b=DOCID");
    const std::string path = (kTestdata / "series" / "2019-06-11-riga-communique.md").string();
    std::string encoded;
    for (char c : path) encoded += c == '/' ? std::string("%2F") : std::string(1, c);
    json by_path = served.get_json("/api/compare?a=" + tallinn + "&b=" + encoded, 400);
    CHECK(by_path["error"] == "bad docid '" + path + "' in \"b\": expected a number");
    CHECK(served.get_json("/api/compare?a=-1&b=2", 400)["error"] == "bad docid '-1' in \"a\": expected a number");
    CHECK(served.get_json("/api/compare?a=1&b=2&a=3", 400)["error"] == "\"a\" takes one value, not 2");
    CHECK(served.get_json("/api/compare?a=1&b=2&type=communique", 400)["error"] ==
          "unknown parameter 'type': expected a, b and q");
    CHECK(served.get_json("/api/compare?a=1&b=2&q=" + std::string(2000, 'a'), 400)["error"] ==
          "query too long: 2000 bytes, at most 1024");
    // The server goes on answering.
    CHECK(served.get_json("/api/compare?a=" + tallinn + "&b=" + tallinn)["summary"]["kept"].get<int>() > 0);
}

TEST_CASE("serve: mentions per year and per hit equal dossier-search --mentions", "[serve][mentions]") {
    Served served({series_db().string()});
    json web = served.get_json("/api/timeline?q=Karsland&mentions=true");
    RunResult cli = series_cli({"--timeline", "--mentions", "--json", "Karsland"});
    REQUIRE(cli.status == 0);
    json expected = json::parse(cli.out);
    CHECK(web == expected);
    // Mentions were counted: years with sums and rates.
    const json& years = web["timeline"]["years"];
    REQUIRE(years.size() >= 3);
    int total = 0;
    for (const auto& year : years) {
        CHECK(year.contains("per_10k_words"));
        total += year["mentions"].get<int>();
    }
    CHECK(total > static_cast<int>(years.size()));
    // Without the flag, no mentions.
    CHECK(!served.get_json("/api/timeline?q=Karsland")["timeline"]["years"][0].contains("mentions"));

    // Each hit with its count, in the page's order (relevance asked for).
    json hits = served.get_json("/api/search?q=Karsland&mentions=true&sort=relevance&limit=10");
    RunResult hits_cli = series_cli({"--mentions", "--sort", "relevance", "--limit", "10", "--json", "Karsland"});
    REQUIRE(hits_cli.status == 0);
    CHECK(hits["hits"] == json::parse(hits_cli.out)["hits"]);
    REQUIRE(!hits["hits"].empty());
    CHECK(hits["hits"][0]["mentions"].get<int>() > 0);
    CHECK(hits["hits"][0]["words"].get<int>() > 0);
}
