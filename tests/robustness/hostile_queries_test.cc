// Hostile queries through dossier-search: each gives results or a one-line
// error with exit status 2, never a crash and never more than a few seconds
// of CPU.

#include <iomanip>
#include <iostream>

#include "harness.h"

namespace robustness {
namespace {

constexpr double kMaxCpuSeconds = 5;

/// One row of the table: the arguments after --db DIR, and whether a
/// one-line error (exit 2) is required (true), forbidden (false) or either
/// is acceptable (nullopt) as long as it is clean.
struct HostileQuery {
    std::string what;
    Strings args;
    std::optional<bool> error;
};

std::string repeat(const std::string& unit, int n, const std::string& sep = " ") {
    std::string out;
    for (int i = 0; i < n; ++i) {
        if (i) out += sep;
        out += unit;
    }
    return out;
}

std::string numbered(const std::string& stem, int n, const std::string& sep = " ") {
    std::string out;
    for (int i = 0; i < n; ++i) {
        if (i) out += sep;
        out += stem + std::to_string(i);
    }
    return out;
}

std::vector<HostileQuery> hostile_queries() {
    const std::optional<bool> either;
    return {
        {"unbalanced opening quote", {"\"north korea"}, either},
        {"unbalanced closing quote", {"north korea\""}, either},
        {"three quotes", {"\"\"\""}, either},
        {"lone opening bracket", {"("}, either},
        {"lone closing bracket", {")"}, either},
        {"unclosed brackets", {"((((china"}, either},
        {"too many closing brackets", {"china))))"}, either},
        {"5,000 nested brackets", {repeat("(", 5000, "") + "china" + repeat(")", 5000, "")}, either},
        {"lone AND", {"AND"}, either},
        {"lone OR", {"OR"}, either},
        {"lone NOT", {"NOT"}, either},
        {"operators only", {"AND OR NOT XOR NEAR"}, either},
        {"trailing NEAR", {"china NEAR"}, either},
        {"NEAR/3 alone", {"NEAR/3"}, either},
        {"huge NEAR distance", {"china NEAR/4294967296 russia"}, either},
        {"lone plus", {"+"}, either},
        {"lone minus", {"-"}, either},
        {"pure negation", {"--", "-china"}, either},
        {"NOT first", {"NOT china"}, either},
        {"word and its negation", {"china -china"}, either},
        {"lone star", {"*"}, either},
        {"one-letter wildcard over 5,000 terms", {"a*"}, either},
        {"leading star", {"*china"}, either},
        {"10,000-letter wildcard", {std::string(10000, 'a') + "*"}, either},
        {"1,000 wildcards", {numbered("a", 1000, "* ") + "*"}, either},
        {"empty title:", {"title:"}, either},
        {"empty author:", {"author:"}, either},
        {"empty type:", {"type:"}, either},
        {"unclosed quoted filter value", {"country:\"North Korea"}, either},
        {"title: with a lone quote", {"title:\""}, either},
        {"10,000-byte filter value", {"type:" + std::string(10000, 'x')}, either},
        {"empty before:", {"before:"}, true},
        {"before: 2019-02-30", {"before:2019-02-30"}, true},
        {"before: 0000-00-00", {"before:0000-00-00"}, true},
        {"after: five digits", {"after:99999"}, true},
        {"since: month 13", {"since:2019-13"}, true},
        {"until: letters", {"until:abcd"}, true},
        {"date: reversed range", {"date:2020..2019"}, either},
        {"date: dots only", {"date:.."}, true},
        {"date: open end", {"date:2019.."}, either},
        {"contradictory dates", {"before:2018 after:2030 china"}, false},
        {"year: negative", {"year:-1"}, either},
        {"10,000 distinct terms", {numbered("w", 10000)}, either},
        {"10,000 terms joined by OR", {numbered("w", 10000, " OR ")}, either},
        {"10,000 terms with --any", {"--any", numbered("w", 10000)}, either},
        {"10,000 repeated terms", {repeat("china", 10000)}, either},
        {"a 10,000-word phrase", {"\"" + repeat("china", 10000) + "\""}, either},
        {"1,000 phrases", {repeat("\"north korea\"", 1000)}, either},
        {"10,000 alternating operators", {repeat("china AND NOT russia OR", 2500) + " china"}, either},
        {"a 100,000-byte word", {std::string(100000, 'q')}, either},
        {"100,000 bytes of brackets", {repeat("(", 50000, "") + repeat(")", 50000, "")}, either},
        {"control characters", {"\x01\x02\x1b[31mchina\x7f"}, either},
        {"tabs and newlines", {"china\n\trussia\r\n"}, either},
        {"invalid UTF-8", {"\xff\xfe china \xc3\x28"}, either},
        {"overlong UTF-8", {"\xc0\xaf\xe0\x80\xaf china"}, either},
        {"lone surrogate in UTF-8", {"\xed\xa0\x80 china"}, either},
        {"emoji only", {"\xf0\x9f\x99\x82\xf0\x9f\x99\x82"}, either},
        {"only punctuation", {"!@#$%^&*()_+{}|:<>?~`-=[]\\;',./"}, either},
        {"option: bad --before", {"--before", "2019-02-30", "china"}, true},
        {"option: empty --type", {"--type", "", "china"}, true},
        {"option: negative --limit", {"--limit", "-1", "china"}, true},
        {"option: huge --limit", {"--limit", "99999999999999999999", "china"}, true},
        {"option: huge --offset", {"--offset", "4000000000", "china"}, either},
        {"option: bad --sort", {"--sort", "sideways", "china"}, true},
        {"option: bad --facets", {"--facets", "colour", "china"}, true},
        {"option: --show with a bad docid", {"--show", "99999999999999999999"}, either},
        {"option: --show with nothing", {"--show", ""}, either},
    };
}

/// A small database: a few documents on the usual subjects and one holding
/// 5,000 distinct terms starting with 'a', for wildcard expansion.
const fs::path& query_db() {
    static TempDir dir;
    static bool built = false;
    if (!built) {
        fs::create_directory(dir / "docs");
        write_file(dir / "docs" / "one.md",
                   "---\ntitle: North Korea talks\ndate: 2019-06-01\ntype: statement\n"
                   "countries: [North Korea, China]\n---\nChina and Russia discuss North Korea.\n");
        write_file(dir / "docs" / "two.txt",
                   "Title: Maritime note\nDate: 2021\n\nChina maritime security.\n");
        write_file(dir / "docs" / "many.txt", "Title: Many terms\n\n" + numbered("a", 5000) + "\n");
        RunResult r = run("dossier-index", {"--db", (dir / "db").string(), (dir / "docs").string()});
        INFO(r.err);
        REQUIRE(r.status == 0);
        built = true;
    }
    static const fs::path db = dir / "db";
    return db;
}

TEST_CASE("Hostile queries give results or a one-line error, quickly", "[robustness][queries]") {
    const fs::path& db = query_db();
    auto queries = hostile_queries();
    REQUIRE(queries.size() >= 40);
    std::cout << "hostile query                           status  cpu s  stderr\n";
    for (const auto& q : queries) {
        for (bool as_json : {false, true}) {
            Strings args{"--db", db.string()};
            if (as_json) args.push_back("--json");
            args.insert(args.end(), q.args.begin(), q.args.end());
            RunOptions options;
            options.timeout = 60;
            RunResult r = run("dossier-search", args, options);
            if (!as_json) {
                std::string first_err = r.err.substr(0, r.err.find('\n'));
                std::cout << std::left << std::setw(40) << q.what << std::setw(8) << r.status
                          << std::fixed << std::setprecision(2) << std::setw(7) << r.cpu
                          << first_err.substr(0, 100) << "\n";
            }
            INFO("query: " << q.what << (as_json ? " (--json)" : "") << "\nstatus " << r.status
                           << "\nstdout: " << r.out.substr(0, 500)
                           << "\nstderr: " << r.err.substr(0, 500));
            REQUIRE_FALSE(r.timed_out);
            REQUIRE(r.status < 128);  // no crash
            CHECK(r.cpu < kMaxCpuSeconds);
            REQUIRE((r.status == 0 || r.status == 1 || r.status == 2));
            if (q.error) CHECK((r.status == 2) == *q.error);
            if (r.status == 2) {
                CHECK(r.out.empty());
                CHECK(lines_of(r.err).size() == 1);
                CHECK_THAT(r.err, Catch::StartsWith("dossier-search: error: "));
                CHECK(r.err.back() == '\n');
            } else if (r.status == 1 && q.args.front() == "--show") {
                // --show of no such document: status 1 and one line saying so.
                CHECK(r.out.empty());
                CHECK(lines_of(r.err).size() == 1);
                CHECK_THAT(r.err, Catch::StartsWith("dossier-search: no document"));
            } else {
                CHECK(r.err.empty());
                if (as_json) {
                    json parsed = parse_json(r);
                    CHECK(parsed.contains("total"));
                } else {
                    CHECK_FALSE(r.out.empty());
                }
            }
        }
    }
}

}  // namespace
}  // namespace robustness
