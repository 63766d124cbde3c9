// End-to-end tests of remote shards: two halves of testdata/corpus are
// served by Xapian's own xapian-tcpsrv on 127.0.0.1, and dossier-search
// answers over them (alone, mixed with a local shard, in batch mode) must
// equal the answers of one local database of the same documents.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "process_util.h"

namespace {

using nlohmann::json;
using process_util::RunResult;
using process_util::Strings;
using process_util::TempDir;
namespace fs = std::filesystem;

const fs::path kTestdata = DOSSIER_TESTDATA;
const fs::path kBinDir = DOSSIER_BIN_DIR;

/// Folders of testdata/corpus in the first shard; the others make the second.
const Strings kFirstHalf = {"asean", "g7", "nato", "un"};

fs::path find_program(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        fs::path candidate = fs::path(dir) / name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return {};
}

/// A TCP port nobody listens on right now.
unsigned free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool accepts_connections(unsigned port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

/// xapian-tcpsrv serving one database on 127.0.0.1, stopped when the object
/// dies.
class TcpServer {
  public:
    explicit TcpServer(const fs::path& db) {
        const fs::path program = find_program("xapian-tcpsrv");
        INFO("xapian-tcpsrv (Debian package xapian-tools, see scripts/install-deps) is not on PATH");
        REQUIRE(!program.empty());
        // Another process may take the free port before the server does: retry.
        for (int attempt = 0; attempt < 5 && !url_.size(); ++attempt) {
            unsigned port = free_port();
            pid_ = ::fork();
            REQUIRE(pid_ >= 0);
            if (pid_ > 0) ::setpgid(pid_, pid_);  // either side may run first
            if (pid_ == 0) {
                // xapian-tcpsrv answers SIGTERM by signalling its whole
                // process group: give it its own.
                ::setpgid(0, 0);
                const int null = ::open("/dev/null", O_RDWR);
                ::dup2(null, 0);
                ::dup2(null, 1);
                ::dup2(null, 2);
                const std::string port_text = std::to_string(port);
                ::execl(program.c_str(), program.c_str(), "--interface", "127.0.0.1", "--port",
                        port_text.c_str(), "--quiet", db.c_str(), static_cast<char*>(nullptr));
                ::_exit(127);
            }
            for (int i = 0; i < 200; ++i) {
                int status;
                if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                    pid_ = -1;
                    break;
                }
                if (accepts_connections(port)) {
                    url_ = "tcp://127.0.0.1:" + std::to_string(port);
                    break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(25));
            }
            if (url_.empty()) stop();
        }
        REQUIRE(!url_.empty());
    }
    ~TcpServer() { stop(); }
    TcpServer(const TcpServer&) = delete;
    TcpServer& operator=(const TcpServer&) = delete;

    /// "tcp://127.0.0.1:PORT", as given to --db.
    const std::string& url() const { return url_; }

  private:
    void stop() {
        if (pid_ <= 0) return;
        ::kill(-pid_, SIGTERM);
        int status;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
    }

    pid_t pid_ = -1;
    std::string url_;
};

RunResult index_roots(const fs::path& db, const Strings& roots) {
    Strings args{"--db", db.string()};
    args.insert(args.end(), roots.begin(), roots.end());
    return process_util::run_with_input(kBinDir / "dossier-index", args, "");
}

/// One local database of the whole corpus, two shards of its halves, and a
/// server for each shard; built once per test process.
struct Shards {
    TempDir dir;
    fs::path whole = dir / "whole";
    fs::path first = dir / "first";
    fs::path second = dir / "second";
    std::unique_ptr<TcpServer> first_server, second_server;

    Shards() {
        const fs::path corpus = fs::canonical(kTestdata / "corpus");
        Strings first_roots, second_roots;
        for (const auto& entry : fs::directory_iterator(corpus)) {
            if (!entry.is_directory() || entry.path().filename().string()[0] == '.') continue;
            const std::string name = entry.path().filename().string();
            bool in_first = std::find(kFirstHalf.begin(), kFirstHalf.end(), name) != kFirstHalf.end();
            (in_first ? first_roots : second_roots).push_back(entry.path().string());
        }
        REQUIRE(first_roots.size() == kFirstHalf.size());
        REQUIRE(second_roots.size() >= 2);
        REQUIRE(index_roots(whole, {corpus.string()}).status == 0);
        REQUIRE(index_roots(first, first_roots).status == 0);
        REQUIRE(index_roots(second, second_roots).status == 0);
        first_server = std::make_unique<TcpServer>(first);
        second_server = std::make_unique<TcpServer>(second);
    }
};

Shards& shards() {
    static Shards instance;
    return instance;
}

json search_json(const Strings& dbs, const Strings& args) {
    Strings all{"--json"};
    if (std::find(args.begin(), args.end(), "--limit") == args.end()) {
        all.push_back("--limit");
        all.push_back("100");
    }
    for (const auto& db : dbs) {
        all.push_back("--db");
        all.push_back(db);
    }
    all.insert(all.end(), args.begin(), args.end());
    RunResult r = process_util::run_with_input(kBinDir / "dossier-search", all, "");
    INFO("arguments: " << json(all).dump() << "\nstderr: " << r.err);
    REQUIRE(r.status <= 1);
    return json::parse(r.out);
}

/// The parts of an answer that must not depend on how the documents are
/// spread over databases. Docids do (a combined database interleaves them),
/// and so does the order of hits with equal keys, which Xapian breaks by
/// docid: hits are compared as (score, date) in rank order, each run of
/// equal scores sorted by date, then as a set of whole hits.
json comparable(const json& answer) {
    json hits = json::array();
    for (const auto& hit : answer.at("hits")) {
        // Scores are computed from the same statistics; allow for rounding.
        double score = std::round(hit.at("score").get<double>() * 1e9) / 1e9;
        hits.push_back({score, hit.at("date"), hit.at("path"), hit.at("title"), hit.at("snippet"),
                        hit.at("highlights"), hit.at("countries")});
    }
    std::vector<json> sorted(hits.begin(), hits.end());
    // Rank order must agree on score and date; only ties may differ.
    std::vector<json> order;
    for (const auto& h : hits) order.push_back({h[0], h[1]});
    for (std::size_t run = 0; run < order.size();) {
        std::size_t next = run + 1;
        while (next < order.size() && order[next][0] == order[run][0]) ++next;
        std::sort(order.begin() + static_cast<std::ptrdiff_t>(run), order.begin() + static_cast<std::ptrdiff_t>(next));
        run = next;
    }
    std::sort(sorted.begin(), sorted.end());
    json out = answer;
    out.erase("hits");
    out["hit_order"] = order;
    out["hit_set"] = sorted;
    return out;
}

struct Case {
    Strings args;
    /// False for wildcard queries: Xapian 1.4 expands a wildcard in each
    /// database separately, so the same documents match but their scores
    /// (and so their order) depend on how the documents are sharded.
    bool scores = true;
};

/// An answer reduced to what a wildcard query shares across shardings.
json without_scores(const json& answer) {
    json out = answer;
    std::vector<std::string> paths;
    for (const auto& hit : answer.at("hits")) paths.push_back(hit.at("path").get<std::string>());
    std::sort(paths.begin(), paths.end());
    out.erase("hits");
    out["paths"] = paths;
    return out;
}

/// Checks that two answers to the same case agree.
void check_same(const Case& c, const json& sharded, const json& local) {
    if (!local.contains("hits")) {
        CHECK(sharded == local);
    } else if (c.scores) {
        CHECK(comparable(sharded) == comparable(local));
    } else {
        CHECK(without_scores(sharded) == without_scores(local));
    }
}

const std::vector<Case> kCases = {
    {{"China"}},
    {{"--facets", "year,type,source,country", "China"}},
    {{"--any", "--facets", "year,type", "nuclear sanctions cyber"}},
    {{"\"North Korea\""}},
    {{"--type", "declaration", "--since", "2019", "--facets", "source", "China"}},
    {{"--facets", "year,type,source,country", "--sort", "-date", "--since", "2010"}},
    {{"--sort", "date", "--limit", "5", "Ukraine"}},  // every Ukraine document is dated
    {{"--offset", "5", "--limit", "7", "security"}},
    {{"secur*", "NOT", "China"}, false},
    {{"--count", "China"}},
    {{"zzzznothing"}},
};

}  // namespace

/// The arguments of a case for the local database: remote shards score
/// word pairs with Xapian's NEAR (docs/scale-out.md), so the local search
/// is asked to do the same.
Strings local_args(const Case& c) {
    Strings args{"--near-pairs"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    return args;
}

TEST_CASE("two remote shards answer like one local database", "[remote]") {
    Shards& s = shards();
    for (const Case& c : kCases) {
        INFO("query: " << json(c.args).dump());
        json local = search_json({s.whole.string()}, local_args(c));
        json remote = search_json({s.first_server->url(), s.second_server->url()}, c.args);
        check_same(c, remote, local);
    }
    // The cases are not vacuous.
    json all = search_json({s.whole.string()}, {"--count", ""});
    CHECK(all.at("total") == 51);
    json remote_all = search_json({s.first_server->url(), s.second_server->url()}, {"--count", ""});
    CHECK(remote_all.at("total") == 51);
}

TEST_CASE("a local and a remote shard mix", "[remote]") {
    Shards& s = shards();
    for (const Case& c : kCases) {
        INFO("query: " << json(c.args).dump());
        json local = search_json({s.whole.string()}, local_args(c));
        json mixed = search_json({s.first.string(), s.second_server->url()}, c.args);
        json mixed_other_way = search_json({s.first_server->url(), s.second.string()}, c.args);
        check_same(c, mixed, local);
        check_same(c, mixed_other_way, local);
    }
}

TEST_CASE("batch mode answers over remote shards like one local database", "[remote]") {
    Shards& s = shards();
    const std::string input =
        "China\n{\"query\": \"China\", \"facets\": [\"country\"], \"filters\": {\"since\": \"2019\"}}\n";
    auto run_batch = [&](const Strings& dbs) {
        Strings args{"--batch", "--limit", "100"};
        for (const auto& db : dbs) {
            args.push_back("--db");
            args.push_back(db);
        }
        RunResult r = process_util::run_with_input(kBinDir / "dossier-search", args, input);
        INFO("stderr: " << r.err);
        REQUIRE(r.status == 0);
        std::vector<json> answers;
        for (const auto& line : process_util::lines_of(r.out)) answers.push_back(comparable(json::parse(line)));
        return answers;
    };
    std::vector<json> local = run_batch({s.whole.string()});
    std::vector<json> remote = run_batch({s.first_server->url(), s.second_server->url()});
    REQUIRE(local.size() == 2);
    CHECK(remote == local);
    CHECK(local[1].at("facets").at("country").at("China").get<int>() > 0);
    CHECK(local[1].at("total").get<int>() > 0);
}

TEST_CASE("an unreachable or malformed remote database is an error naming it", "[remote]") {
    const std::string closed = "tcp://127.0.0.1:" + std::to_string(free_port());
    for (const std::string& db : {closed, std::string("tcp://127.0.0.1"), std::string("tcp://:80"),
                                  std::string("tcp://127.0.0.1:99999")}) {
        INFO("db: " << db);
        RunResult r = process_util::run_with_input(kBinDir / "dossier-search", {"--db", db, "China"}, "");
        CHECK(r.status == 2);
        CHECK(r.out.empty());
        CHECK(r.err.rfind("dossier-search: error: ", 0) == 0);
        CHECK(r.err.find(db) != std::string::npos);
    }
}

TEST_CASE("mentions and comparisons over remote shards equal those of one local database", "[remote][mentions]") {
    Shards& s = shards();
    const Strings remote = {s.first_server->url(), s.second_server->url()};
    auto counts = [](const json& answer) {
        std::map<std::string, std::pair<int, int>> out;
        for (const auto& hit : answer.at("hits"))
            out[hit.at("path").get<std::string>()] = {hit.at("mentions").get<int>(), hit.at("words").get<int>()};
        return out;
    };
    const Strings mentions = {"--mentions", "--limit", "100", "Ukraine"};
    const json local = search_json({s.whole.string()}, mentions);
    REQUIRE(!local.at("hits").empty());
    CHECK(counts(search_json(remote, mentions)) == counts(local));
    const Strings timeline = {"--mentions", "--timeline", "Ukraine"};
    CHECK(search_json(remote, timeline).at("timeline").at("years") ==
          search_json({s.whole.string()}, timeline).at("timeline").at("years"));

    // The stored text is all a comparison reads: it works on shards alike.
    const Strings compare = {"--compare", (kTestdata / "corpus/g7/2021-06-13-carbis-bay-summit.md").string(),
                             (kTestdata / "corpus/g7/2023-05-20-hiroshima-summit.html").string()};
    const json local_compare = search_json({s.whole.string()}, compare);
    const json remote_compare = search_json(remote, compare);
    CHECK(remote_compare.at("paragraphs") == local_compare.at("paragraphs"));
    CHECK(remote_compare.at("summary") == local_compare.at("summary"));
}
