// End-to-end tests: run the real dossier-index and dossier-search binaries on
// testdata/ and check their output against the command-line contract and the
// exact answers written down in testdata/README.md.

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "dossier/version.h"
#include "process_util.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Strings = std::vector<std::string>;

const fs::path kTestdata = DOSSIER_TESTDATA;
const fs::path kBinDir = DOSSIER_BIN_DIR;

// Numbers from testdata/README.md.
constexpr int kCorpusDocuments = 51;
constexpr int kCorpusIgnored = 1;
constexpr int kChinaDocuments = 27;

// ---------------------------------------------------------------- helpers

using process_util::read_file;
using process_util::RunOptions;
using process_util::RunResult;
using process_util::TempDir;
using process_util::write_file;

/// Runs one of the tools (by name) from the build's bin folder.
RunResult run(const std::string& program, const Strings& args, const RunOptions& options = {}) {
    return process_util::run_with_stdin_file(kBinDir / program, args, {}, options);
}

json parse_json(const RunResult& result) {
    INFO("stdout: " << result.out);
    INFO("stderr: " << result.err);
    json parsed;
    REQUIRE_NOTHROW(parsed = json::parse(result.out));
    return parsed;
}

/// Absolute canonical path of a file of the corpus, as the index stores it.
std::string corpus_path(const std::string& relative) {
    return fs::canonical(kTestdata / "corpus" / relative).string();
}

Strings corpus_paths(const Strings& relatives) {
    Strings paths;
    for (const auto& relative : relatives) paths.push_back(corpus_path(relative));
    std::sort(paths.begin(), paths.end());
    return paths;
}

Strings hit_paths(const json& result) {
    Strings paths;
    for (const auto& hit : result.at("hits")) paths.push_back(hit.at("path").get<std::string>());
    std::sort(paths.begin(), paths.end());
    return paths;
}

Strings hit_paths_in_order(const json& result) {
    Strings paths;
    for (const auto& hit : result.at("hits")) paths.push_back(hit.at("path").get<std::string>());
    return paths;
}

/// Runs dossier-index with --json on the given roots.
RunResult index(const fs::path& db, const Strings& roots, const Strings& extra = {}) {
    Strings args{"--db", db.string(), "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), roots.begin(), roots.end());
    return run("dossier-index", args);
}

std::string corpus_root() { return fs::canonical(kTestdata / "corpus").string(); }

/// A database holding the whole corpus, built once per test process.
const fs::path& corpus_db() {
    static TempDir dir;
    static bool built = false;
    if (!built) {
        const RunResult result = index(dir / "db", {corpus_root()});
        INFO("stderr: " << result.err);
        REQUIRE(result.status == 0);
        built = true;
    }
    static const fs::path db = dir / "db";
    return db;
}

/// Runs dossier-search on the corpus database with the given arguments.
RunResult search(const Strings& args) {
    Strings all{"--db", corpus_db().string()};
    all.insert(all.end(), args.begin(), args.end());
    return run("dossier-search", all);
}

/// Runs a --json search with a limit large enough for every match.
json search_json(const Strings& args, int expected_status = -1) {
    Strings all{"--json", "--limit", "100"};
    all.insert(all.end(), args.begin(), args.end());
    const RunResult result = search(all);
    INFO("stderr: " << result.err);
    const json parsed = parse_json(result);
    if (expected_status >= 0) CHECK(result.status == expected_status);
    return parsed;
}

/// Checks that a --json search finds exactly the given corpus documents,
/// with exit status 0 when it finds some and 1 when it finds none.
void expect_hits(const Strings& args, const Strings& expected) {
    INFO("query arguments: " << json(args).dump());
    const json result = search_json(args, expected.empty() ? 1 : 0);
    CHECK(hit_paths(result) == corpus_paths(expected));
    CHECK(result.at("total").get<int>() == static_cast<int>(expected.size()));
}

bool has_line_starting(const std::string& text, const std::string& prefix) {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line))
        if (line.rfind(prefix, 0) == 0) return true;
    return false;
}

/// First and last day of a date as written ("2019" -> 2019-01-01..2019-12-31),
/// for order checks. Empty strings for an undated document.
std::pair<std::string, std::string> period(const std::string& date) {
    if (date.size() == 4) return {date + "-01-01", date + "-12-31"};
    if (date.size() == 7) return {date + "-01", date + "-31"};  // only compared
    return {date, date};
}

// Expected answers (testdata/README.md).
const Strings kChinaBefore2019 = {
    "asean/2011-07-bali-joint-statement.txt",
    "g7/1996-06-lyon-summit.txt",
    "g7/2017-05-27-taormina-summit.md",
    "g7/2018-12-31-presidency-statement.txt",
    "interviews/1997-03-14-defence-minister.md",
    "thinktank/2004-maritime-report.md",
    "thinktank/2011-06-cyber-report.txt",
    "un/1995-04-11-security-assurances.txt",
    "un/2017-12-22-sanctions-briefing.html.gz",
    "whitehouse/1998-05-13-nuclear-tests-statement.txt",
    "whitehouse/2015-09-25-cyber-joint-statement.md",
};

const Strings kChinaSince2019 = {
    "asean/2019-01-01-new-year-declaration.md",
    "asean/2023-09-05-jakarta-statement.md",
    "g7/2019-biarritz-declaration.md",
    "g7/2021-06-13-carbis-bay-summit.md",
    "g7/2023-05-20-hiroshima-summit.html",
    "interviews/2020-05-12-foreign-minister.md",
    "interviews/2022-02-18-national-security-adviser.md",
    "nato/2019-12-04-london-leaders.md",
    "nato/2021-06-14-brussels-summit.md",
    "nato/2022-06-29-madrid-summit.md",
    "nato/2023-07-11-vilnius-summit.md.gz",
    "nato/2024-07-10-washington-summit.html",
    "thinktank/2020-03-arms-control.html",
    "thinktank/2024-11-18-pacific-brief.md",
    "whitehouse/2022-10-12-strategy-briefing.txt.gz",
};

const std::string kChinaUndated = "thinktank/working-paper-arctic.md";

const Strings kNorthKorea = {
    "interviews/2008-09-02-special-envoy.txt",
    "nato/2006-11-29-riga-summit.html",
    "thinktank/2020-03-arms-control.html",
    "un/2006-10-14-dprk-nuclear-test.md",
    "un/2017-12-22-sanctions-briefing.html.gz",
    "un/2020-07-peninsula-briefing.md",
    "whitehouse/2009-04-05-prague-speech.html",
};

const Strings kIndoPacific = {
    "asean/2023-09-05-jakarta-statement.md",
    "g7/2023-05-20-hiroshima-summit.html",
    "interviews/2022-02-18-national-security-adviser.md",
    "nato/2022-06-29-madrid-summit.md",
    "nato/2023-07-11-vilnius-summit.md.gz",
    "nato/2024-07-10-washington-summit.html",
    "thinktank/2024-11-18-pacific-brief.md",
    "whitehouse/2022-10-12-strategy-briefing.txt.gz",
};

const Strings kInterviews = {
    "interviews/1997-03-14-defence-minister.md",
    "interviews/2008-09-02-special-envoy.txt",
    "interviews/2020-05-12-foreign-minister.md",
    "interviews/2021-11-03-secretary-general.html",
    "interviews/2022-02-18-national-security-adviser.md",
    "interviews/undated-retired-admiral.txt",
};

const Strings kUndated = {
    "interviews/undated-retired-admiral.txt",
    "misc/gulf-of-aden-remarks.txt",
    "thinktank/working-paper-arctic.md",
};

const std::string kMilan = "osce/2018-12-milan-declaration.md";           // 2018-12
const std::string kYearEnd = "g7/2018-12-31-presidency-statement.txt";    // 2018-12-31
const std::string kNewYear = "asean/2019-01-01-new-year-declaration.md";  // 2019-01-01
const std::string kBiarritz = "g7/2019-biarritz-declaration.md";          // 2019

const std::string kPlain = "misc/gulf-of-aden-remarks.txt";

}  // namespace

// ---------------------------------------------------------------- indexing

TEST_CASE("indexing the corpus adds every supported document and ignores the rest", "[cli][index]") {
    TempDir dir;
    const RunResult result = index(dir / "db", {corpus_root()});
    INFO("stderr: " << result.err);
    CHECK(result.status == 0);
    const json summary = parse_json(result);
    CHECK(summary.at("schema_version") == 1);
    CHECK(summary.at("added") == kCorpusDocuments);
    CHECK(summary.at("updated") == 0);
    CHECK(summary.at("unchanged") == 0);
    CHECK(summary.at("removed") == 0);
    CHECK(summary.at("failed") == 0);
    CHECK(summary.at("ignored") == kCorpusIgnored);
    CHECK(summary.at("documents") == kCorpusDocuments);
    CHECK(summary.at("failures").empty());
    CHECK(summary.at("bytes").get<long long>() > 0);
    CHECK(result.out.find('\n') == result.out.size() - 1);  // one line
}

TEST_CASE("the indexer's text summary has the documented form", "[cli][index]") {
    TempDir dir;
    const RunResult result = run("dossier-index", {"--db", (dir / "db").string(), corpus_root()});
    CHECK(result.status == 0);
    INFO("stdout: " << result.out);
    CHECK(result.out.rfind("added 51, updated 0, unchanged 0, removed 0, failed 0, ignored 1 (unknown format 1); ", 0) == 0);
    CHECK(result.out.find("; " + std::to_string(kCorpusDocuments) + " documents in ") !=
          std::string::npos);
    CHECK(result.out.find('\n') == result.out.size() - 1);
    // stderr is not a terminal: no progress line, and no failures to report.
    CHECK(result.err.empty());
}

TEST_CASE("hidden files, hidden folders and unsupported files are not indexed", "[cli][index]") {
    for (const std::string word : {"draftsecret", "cachedword", "docxonly"}) {
        INFO(word);
        const RunResult result = search({"--count", word});
        CHECK(result.status == 1);
        CHECK(result.out == "0\n");
    }
    // Their China mentions do not count either.
    CHECK(search({"--count", "China"}).out == std::to_string(kChinaDocuments) + "\n");
}

TEST_CASE("a second run over an unchanged corpus finds everything unchanged", "[cli][index]") {
    TempDir dir;
    REQUIRE(index(dir / "db", {corpus_root()}).status == 0);
    const RunResult again = index(dir / "db", {corpus_root()});
    CHECK(again.status == 0);
    const json summary = parse_json(again);
    CHECK(summary.at("added") == 0);
    CHECK(summary.at("updated") == 0);
    CHECK(summary.at("unchanged") == kCorpusDocuments);
    CHECK(summary.at("removed") == 0);
    CHECK(summary.at("failed") == 0);
    CHECK(summary.at("documents") == kCorpusDocuments);
}

TEST_CASE("incremental runs notice modified, touched, new and deleted files", "[cli][index]") {
    TempDir dir;
    const fs::path corpus = dir / "corpus";
    fs::copy(kTestdata / "corpus", corpus, fs::copy_options::recursive);
    const fs::path db = dir / "db";
    const fs::path plain = fs::canonical(corpus / kPlain);
    REQUIRE(parse_json(index(db, {corpus.string()})).at("added") == kCorpusDocuments);

    SECTION("a modified file is updated") {
        write_file(plain, read_file(plain) + "Amendword closes the remarks.\n");
        const RunResult result = index(db, {corpus.string()});
        CHECK(result.status == 0);
        const json summary = parse_json(result);
        CHECK(summary.at("updated") == 1);
        CHECK(summary.at("unchanged") == kCorpusDocuments - 1);
        CHECK(summary.at("added") == 0);
        CHECK(summary.at("removed") == 0);
        CHECK(summary.at("documents") == kCorpusDocuments);
        const json found = parse_json(
            run("dossier-search", {"--db", db.string(), "--json", "amendword"}));
        CHECK(hit_paths(found) == Strings{plain.string()});
    }
    SECTION("a touched file (new mtime, same size) is updated") {
        fs::last_write_time(plain, fs::last_write_time(plain) + std::chrono::hours(1));
        const json summary = parse_json(index(db, {corpus.string()}));
        CHECK(summary.at("updated") == 1);
        CHECK(summary.at("unchanged") == kCorpusDocuments - 1);
    }
    SECTION("a new file is added") {
        write_file(corpus / "misc" / "new-note.md", "# New note\n\nNewfileword is here.\n");
        const json summary = parse_json(index(db, {corpus.string()}));
        CHECK(summary.at("added") == 1);
        CHECK(summary.at("unchanged") == kCorpusDocuments);
        CHECK(summary.at("documents") == kCorpusDocuments + 1);
        CHECK(run("dossier-search", {"--db", db.string(), "newfileword"}).status == 0);
    }
    SECTION("a deleted file is removed") {
        fs::remove(plain);
        const RunResult result = index(db, {corpus.string()});
        CHECK(result.status == 0);
        const json summary = parse_json(result);
        CHECK(summary.at("removed") == 1);
        CHECK(summary.at("unchanged") == kCorpusDocuments - 1);
        CHECK(summary.at("documents") == kCorpusDocuments - 1);
        CHECK(run("dossier-search", {"--db", db.string(), "plainwick"}).status == 1);
    }
    SECTION("--keep-deleted keeps the document of a deleted file") {
        fs::remove(plain);
        const json summary = parse_json(index(db, {corpus.string()}, {"--keep-deleted"}));
        CHECK(summary.at("removed") == 0);
        CHECK(summary.at("documents") == kCorpusDocuments);
        const json found =
            parse_json(run("dossier-search", {"--db", db.string(), "--json", "plainwick"}));
        CHECK(hit_paths(found) == Strings{plain.string()});
    }
    SECTION("--full re-indexes every document") {
        const json summary = parse_json(index(db, {corpus.string()}, {"--full"}));
        CHECK(summary.at("updated") == kCorpusDocuments);
        CHECK(summary.at("added") == 0);
        CHECK(summary.at("unchanged") == 0);
        CHECK(summary.at("documents") == kCorpusDocuments);
    }
}

TEST_CASE("broken files are reported one per line and good files are still indexed", "[cli][index]") {
    TempDir dir;
    const std::string broken = fs::canonical(kTestdata / "broken").string();
    const RunResult result = index(dir / "db", {broken});
    INFO("stderr: " << result.err);
    CHECK(result.status == 1);
    const json summary = parse_json(result);
    CHECK(summary.at("added") == 2);
    CHECK(summary.at("failed") == 4);
    // An empty file is ignored, not failed: nothing in it was lost.
    CHECK(summary.at("ignored") == 1);
    CHECK(summary.at("ignored_reasons") == json{{"empty file", 1}});
    CHECK(summary.at("documents") == 2);

    const Strings failing = {"bad-frontmatter.md", "bad-yaml.md", "junk.txt", "truncated.md.gz"};
    Strings reported;
    for (const auto& failure : summary.at("failures")) {
        CHECK_FALSE(failure.at("reason").get<std::string>().empty());
        reported.push_back(fs::path(failure.at("path").get<std::string>()).filename().string());
    }
    std::sort(reported.begin(), reported.end());
    CHECK(reported == failing);
    for (const auto& name : failing) {
        INFO(name);
        CHECK(has_line_starting(result.err, "dossier-index: " + broken + "/" + name + ": "));
    }
    CHECK(result.err.find("good.md") == std::string::npos);
    CHECK(result.err.find("empty.txt") == std::string::npos);
    CHECK(result.err.find("invalid-utf8.txt") == std::string::npos);

    const std::string db = (dir / "db").string();
    CHECK(run("dossier-search", {"--db", db, "goodneighbour"}).status == 0);
    CHECK(run("dossier-search", {"--db", db, "repairword"}).status == 0);
    CHECK(run("dossier-search", {"--db", db, "détente"}).status == 0);
    CHECK(run("dossier-search", {"--db", db, "café"}).status == 0);
}

TEST_CASE("the indexer exits with status 2 on a missing root or a bad option", "[cli][index]") {
    TempDir dir;
    const RunResult missing =
        run("dossier-index", {"--db", (dir / "db").string(), (dir / "no-such-folder").string()});
    CHECK(missing.status == 2);
    CHECK_FALSE(missing.err.empty());
    const RunResult bad = run("dossier-index", {"--db", (dir / "db").string(), "--no-such-option",
                                                corpus_root()});
    CHECK(bad.status == 2);
    CHECK_FALSE(bad.err.empty());
    // Counts are checked, negative ones included, which an unsigned
    // option would wrap around; nothing is written.
    for (const char* option : {"--batch-size", "--threads", "--memory"}) {
        const RunResult negative = run("dossier-index", {"--db", (dir / "db").string(), option, "-1", corpus_root()});
        CHECK(negative.status == 2);
        CHECK(negative.err.rfind(std::string("dossier-index: error: ") + option + " must be ", 0) == 0);
    }
    CHECK_FALSE(fs::exists(dir / "db"));
}

TEST_CASE("the indexer exits with status 2 when another writer holds the lock", "[cli][index]") {
    TempDir dir;
    const fs::path db = dir / "db";
    REQUIRE(index(db, {fs::canonical(kTestdata / "corpus" / "g7").string()}).status == 0);
    // Xapian's write lock is a POSIX record lock on the flintlock file; holding
    // one here stands for a second writer.
    const fs::path lock_file = db / "flintlock";
    REQUIRE(fs::exists(lock_file));
    const int fd = ::open(lock_file.c_str(), O_RDWR | O_CLOEXEC);
    REQUIRE(fd >= 0);
    struct flock lock {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    lock.l_start = 0;
    lock.l_len = 0;
    REQUIRE(::fcntl(fd, F_SETLK, &lock) == 0);
    const RunResult locked = index(db, {fs::canonical(kTestdata / "corpus" / "g7").string()});
    ::close(fd);
    CHECK(locked.status == 2);
    CHECK_FALSE(locked.err.empty());
    // Readers are not blocked by a writer.
    CHECK(run("dossier-search", {"--db", db.string(), "Kestrel"}).status == 0);
}

TEST_CASE("symbolic links are followed only inside the roots and never loop", "[cli][index]") {
    TempDir dir;
    const fs::path root = dir / "root";
    const fs::path outside = dir / "outside";
    fs::create_directories(root / "sub");
    fs::create_directories(outside);
    write_file(root / "sub" / "inside.md", "# Inside\n\nInsideword is here.\n");
    write_file(outside / "outside.md", "# Outside\n\nOutsideword is here.\n");
    fs::create_directory_symlink(root, root / "sub" / "loop");
    fs::create_directory_symlink(outside, root / "outside-link");
    fs::create_symlink(outside / "outside.md", root / "outside-file.md");
    const fs::path db = dir / "db";
    const RunResult result = index(db, {root.string()});
    INFO("stderr: " << result.err);
    CHECK(result.status == 0);
    const json summary = parse_json(result);
    CHECK(summary.at("documents") == 1);
    CHECK(run("dossier-search", {"--db", db.string(), "insideword"}).status == 0);
    CHECK(run("dossier-search", {"--db", db.string(), "outsideword"}).status == 1);
}

TEST_CASE("documents are identified by their absolute path whatever root was given", "[cli][index]") {
    TempDir dir;
    const fs::path db = dir / "db";
    RunOptions in_testdata;
    in_testdata.cwd = kTestdata;
    const RunResult relative =
        run("dossier-index", {"--db", db.string(), "--json", "corpus/g7"}, in_testdata);
    CHECK(relative.status == 0);
    CHECK(parse_json(relative).at("added") == 7);
    const json found =
        parse_json(run("dossier-search", {"--db", db.string(), "--json", "Biarritz"}));
    CHECK(hit_paths(found) == corpus_paths({kBiarritz}));
    // The same files reached through an absolute root are the same documents.
    const json again = parse_json(index(db, {fs::canonical(kTestdata / "corpus" / "g7").string()}));
    CHECK(again.at("added") == 0);
    CHECK(again.at("unchanged") == 7);
    CHECK(again.at("documents") == 7);
}

TEST_CASE("a small batch size gives the same index", "[cli][index]") {
    TempDir dir;
    const RunResult result = index(dir / "db", {corpus_root()}, {"--batch-size", "7"});
    CHECK(result.status == 0);
    CHECK(parse_json(result).at("documents") == kCorpusDocuments);
    CHECK(run("dossier-search", {"--db", (dir / "db").string(), "--count", "China"}).out == "27\n");
}

TEST_CASE("both tools answer --help and --version", "[cli]") {
    for (const std::string tool : {"dossier-index", "dossier-search"}) {
        INFO(tool);
        const RunResult help = run(tool, {"--help"});
        CHECK(help.status == 0);
        CHECK_FALSE(help.out.empty());
        const RunResult version = run(tool, {"--version"});
        CHECK(version.status == 0);
        CHECK_FALSE(version.out.empty());
    }
}

TEST_CASE("each tool's --version prints the version of libdossier", "[cli][version]") {
    const std::string library = dossier::version();
    REQUIRE_FALSE(library.empty());
    for (const std::string tool : {"dossier-index", "dossier-search", "dossier-serve"}) {
        INFO(tool);
        const RunResult version = run(tool, {"--version"});
        CHECK(version.status == 0);
        CHECK(version.out == tool + " " + library + "\n");
        CHECK(version.err.empty());
    }
    // A lone --version answers before the options are built; after another
    // option it goes through the full parse, and must say the same.
    const RunResult parsed = run("dossier-search", {"--color", "never", "--version"});
    CHECK(parsed.status == 0);
    CHECK(parsed.out == "dossier-search " + library + "\n");
}

// ---------------------------------------------------------------- search: China

TEST_CASE("China before 2019 finds exactly the expected documents and facets", "[cli][search]") {
    const json result = search_json({"--facets", "year,type", "China", "--before", "2019"}, 0);
    CHECK(hit_paths(result) == corpus_paths(kChinaBefore2019));
    CHECK(result.at("total") == 11);
    CHECK(result.at("total_exact") == true);
    CHECK(result.at("schema_version") == 1);
    CHECK(result.at("facets").at("year") == json({{"1995", 1}, {"1996", 1}, {"1997", 1},
                                                  {"1998", 1}, {"2004", 1}, {"2011", 2},
                                                  {"2015", 1}, {"2017", 2}, {"2018", 1}}));
    CHECK(result.at("facets").at("type") ==
          json({{"statement", 3}, {"communique", 2}, {"joint-statement", 2}, {"report", 2},
                {"press-briefing", 1}, {"interview", 1}}));
    const json dates = result.at("filters").at("dates");
    REQUIRE(dates.size() == 1);
    CHECK(dates[0] == json({{"op", "before"}, {"given", "2019"}, {"bound", "2018-12-31"}}));
}

TEST_CASE("China since 2019 finds exactly the expected documents and facets", "[cli][search]") {
    const json result = search_json({"--facets", "year,type", "China", "--since", "2019"}, 0);
    CHECK(hit_paths(result) == corpus_paths(kChinaSince2019));
    CHECK(result.at("total") == 15);
    CHECK(result.at("facets").at("year") ==
          json({{"2019", 3}, {"2020", 2}, {"2021", 2}, {"2022", 3}, {"2023", 3}, {"2024", 2}}));
    CHECK(result.at("facets").at("type") ==
          json({{"declaration", 5}, {"communique", 4}, {"press-briefing", 2}, {"interview", 2},
                {"report", 1}, {"statement", 1}}));
    const json dates = result.at("filters").at("dates");
    REQUIRE(dates.size() == 1);
    CHECK(dates[0] == json({{"op", "since"}, {"given", "2019"}, {"bound", "2019-01-01"}}));
}

TEST_CASE("source and country facets count metadata values as written", "[cli][search]") {
    const json result =
        search_json({"--facets", "source,country", "China", "--before", "2019"}, 0);
    CHECK(result.at("facets").at("source") ==
          json({{"ASEAN", 1}, {"G7", 3}, {"Global Affairs Weekly", 1},
                {"Meridian Institute for Strategic Studies", 2}, {"UN Security Council", 2},
                {"White House", 2}}));
    // Metadata countries, and for the three documents without any
    // (g7/2018-12-31, thinktank/2004, thinktank/2011) those their text names.
    CHECK(result.at("facets").at("country") ==
          json({{"China", 6}, {"France", 3}, {"India", 2}, {"Indonesia", 1}, {"Italy", 1},
                {"Japan", 3}, {"North Korea", 1}, {"Pakistan", 1}, {"Russia", 2},
                {"United Kingdom", 1}, {"United States", 5}}));
    CHECK_FALSE(result.at("facets").contains("year"));
}

TEST_CASE("filter values are case- and accent-insensitive", "[cli][search]") {
    for (const Strings& args : std::vector<Strings>{{"type:Communiqué"},
                                                    {"type:COMMUNIQUE"},
                                                    {"--type", "Communiqué"},
                                                    {"--type", "communique"}}) {
        INFO(json(args).dump());
        Strings all{"--count"};
        all.insert(all.end(), args.begin(), args.end());
        const RunResult result = search(all);
        CHECK(result.status == 0);
        CHECK(result.out == "8\n");
    }
    // 12 documents whose metadata names China, 8 without countries in their
    // metadata whose text names it (testdata/README.md).
    CHECK(search({"--count", "country:china"}).out == "20\n");
    CHECK(search({"--count", "source:\"un security council\""}).out == "5\n");
}

TEST_CASE("a malformed query is an error with exit status 2", "[cli][search]") {
    const RunResult result = search({"China AND"});
    CHECK(result.status == 2);
    CHECK(result.out.empty());
    CHECK(result.err.rfind("dossier-search: error: ", 0) == 0);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
}

TEST_CASE("China with no filter finds the dated and the undated documents", "[cli][search]") {
    const json result = search_json({"China"}, 0);
    CHECK(result.at("total") == kChinaDocuments);
    Strings all = kChinaBefore2019;
    all.insert(all.end(), kChinaSince2019.begin(), kChinaSince2019.end());
    all.push_back(kChinaUndated);
    CHECK(hit_paths(result) == corpus_paths(all));
}

TEST_CASE("date filters in the query equal the date options", "[cli][search]") {
    for (const auto& [op, in_query] :
         std::vector<std::pair<std::string, std::string>>{{"--before", "before:2019"},
                                                          {"--since", "since:2019"},
                                                          {"--after", "after:2018"},
                                                          {"--until", "until:2018"}}) {
        INFO(op << " versus " << in_query);
        const json option = search_json({"China", op, in_query.substr(in_query.find(':') + 1)});
        const json query = search_json({"China", in_query});
        CHECK(hit_paths(option) == hit_paths(query));
        CHECK(option.at("total") == query.at("total"));
    }
    CHECK(hit_paths(search_json({"China before:2019"})) == corpus_paths(kChinaBefore2019));
}

TEST_CASE("no declaration before 2019 mentions China", "[cli][search]") {
    const RunResult in_query = search({"--json", "China", "type:declaration", "before:2019"});
    CHECK(in_query.status == 1);
    const json parsed = parse_json(in_query);
    CHECK(parsed.at("total") == 0);
    CHECK(parsed.at("hits").empty());
    const RunResult options =
        search({"--count", "China", "--type", "declaration", "--before", "2019"});
    CHECK(options.status == 1);
    CHECK(options.out == "0\n");
    expect_hits({"China", "type:declaration"},
                {"asean/2019-01-01-new-year-declaration.md", "g7/2019-biarritz-declaration.md",
                 "nato/2019-12-04-london-leaders.md", "nato/2022-06-29-madrid-summit.md",
                 "nato/2024-07-10-washington-summit.html"});
}

TEST_CASE("Chinese does not match China and China does not match Chinese", "[cli][search]") {
    expect_hits({"Chinese"}, {"nato/2014-09-05-wales-summit.md"});
    const json china = search_json({"China"});
    const Strings paths = hit_paths(china);
    CHECK(std::find(paths.begin(), paths.end(), corpus_path("nato/2014-09-05-wales-summit.md")) ==
          paths.end());
}

TEST_CASE("metadata is searchable: title, countries, source and authors", "[cli][search]") {
    // China only in the title, only in the countries list.
    const Strings china = hit_paths(search_json({"China"}));
    CHECK(std::count(china.begin(), china.end(), corpus_path(kChinaUndated)) == 1);
    CHECK(std::count(china.begin(), china.end(),
                     corpus_path("interviews/2020-05-12-foreign-minister.md")) == 1);
    expect_hits({"title:arctic"}, {kChinaUndated});
    expect_hits({"author:solberg"}, {kChinaUndated});
    expect_hits({"Okafor"}, {"thinktank/2020-03-arms-control.html",
                             "thinktank/2024-11-18-pacific-brief.md"});
}

// ---------------------------------------------------------------- phrases and text repair

TEST_CASE("the phrase North Korea appears only in documents from 2006 on", "[cli][search]") {
    // As typed: aliases of North Korea are searched too unless --no-aliases.
    expect_hits({"--no-aliases", "\"North Korea\""}, kNorthKorea);
    expect_hits({"--no-aliases", "\"North Korea\"", "--before", "2006"}, {});
    expect_hits({"--no-aliases", "\"North Korea\"", "--before", "2007"},
                {"nato/2006-11-29-riga-summit.html", "un/2006-10-14-dprk-nuclear-test.md"});
}

TEST_CASE("no phrase spans two metadata values: Korea North matches nothing", "[cli][search]") {
    expect_hits({"\"Korea North\""}, {});
    // The document whose countries are [South Korea, North Korea] is found by
    // each value.
    const Strings north = hit_paths(search_json({"\"North Korea\""}));
    CHECK(std::count(north.begin(), north.end(),
                     corpus_path("un/2020-07-peninsula-briefing.md")) == 1);
    const Strings south = hit_paths(search_json({"--no-aliases", "\"South Korea\""}));
    CHECK(south == corpus_paths({"un/2020-07-peninsula-briefing.md"}));
}

TEST_CASE("country filters match whole metadata values", "[cli][search]") {
    // thinktank/2020-03-arms-control.html has no countries in its metadata;
    // its text names North Korea.
    expect_hits({"country:\"North Korea\""},
                {"interviews/2008-09-02-special-envoy.txt", "thinktank/2020-03-arms-control.html",
                 "un/2006-10-14-dprk-nuclear-test.md", "un/2017-12-22-sanctions-briefing.html.gz",
                 "un/2020-07-peninsula-briefing.md"});
    expect_hits({"--country", "north korea"},
                {"interviews/2008-09-02-special-envoy.txt", "thinktank/2020-03-arms-control.html",
                 "un/2006-10-14-dprk-nuclear-test.md", "un/2017-12-22-sanctions-briefing.html.gz",
                 "un/2020-07-peninsula-briefing.md"});
}

TEST_CASE("source filters are case-insensitive", "[cli][search]") {
    const RunResult result = search({"--count", "source:nato"});
    CHECK(result.status == 0);
    CHECK(result.out == "13\n");
    CHECK(search({"--count", "--source", "NATO"}).out == "13\n");
}

TEST_CASE("a curly apostrophe in the text matches a straight one in the query", "[cli][search]") {
    const Strings peoples = hit_paths(search_json({"People's"}));
    CHECK(std::count(peoples.begin(), peoples.end(),
                     corpus_path("misc/2003-02-withdrawal-statement.md")) == 1);
    expect_hits({"\"People's Republic\""}, {"misc/2003-02-withdrawal-statement.md"});
}

TEST_CASE("a word with a soft hyphen inside is found whole", "[cli][search]") {
    expect_hits({"deconfliction"}, {"misc/2016-03-deconfliction-briefing.md"});
    expect_hits({"decon"}, {});
    expect_hits({"fliction"}, {});
}

TEST_CASE("a Latin-1 byte in a text file is repaired", "[cli][search]") {
    expect_hits({"détente"}, {"misc/1996-09-24-un-general-assembly.txt"});
}

TEST_CASE("HTML entities are decoded", "[cli][search]") {
    expect_hits({"démarche"}, {"g7/2023-05-20-hiroshima-summit.html"});
}

TEST_CASE("Indo-Pacific appears only in documents from 2022 on", "[cli][search]") {
    expect_hits({"\"Indo-Pacific\""}, kIndoPacific);
    expect_hits({"\"Indo-Pacific\"", "--before", "2022"}, {});
}

TEST_CASE("every input format is indexed, compressed or not", "[cli][search]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"plainwick", "misc/gulf-of-aden-remarks.txt"},
        {"headerfen", "interviews/2008-09-02-special-envoy.txt"},
        {"frontmoss", "thinktank/2011-06-cyber-report.txt"},
        {"markbrine", "nato/2010-11-20-lisbon-summit.md"},
        {"orcashield", "nato/2006-11-29-riga-summit.html"},
        {"zephyrlog", "whitehouse/2022-10-12-strategy-briefing.txt.gz"},
        {"quillmark", "nato/2023-07-11-vilnius-summit.md.gz"},
        {"hexagrove", "un/2017-12-22-sanctions-briefing.html.gz"},
    };
    for (const auto& [word, document] : cases) {
        INFO(word);
        expect_hits({word}, {document});
    }
}

TEST_CASE("words inside HTML script and style elements are not indexed", "[cli][search]") {
    expect_hits({"gribblescript"}, {});
    expect_hits({"stylewomble"}, {});
    expect_hits({"analytics"}, {});
    // The stored text of an HTML document is its visible text, entities decoded.
    const json shown =
        parse_json(search({"--json", "--show", corpus_path("g7/2023-05-20-hiroshima-summit.html")}));
    CHECK(shown.at("format") == "html");
    const std::string text = shown.at("text").get<std::string>();
    CHECK(text.find("gribblescript") == std::string::npos);
    CHECK(text.find("stylewomble") == std::string::npos);
    CHECK(text.find('<') == std::string::npos);
    CHECK(text.find("&amp;") == std::string::npos);
    CHECK(text.find("together & support Ukraine") != std::string::npos);
    CHECK(text.find("d\u00e9marche") != std::string::npos);
}

// ---------------------------------------------------------------- metadata in hits

TEST_CASE("hits carry the metadata of their documents", "[cli][search]") {
    SECTION("year precision from YAML, authors as a flow list") {
        const json hit = search_json({"Biarritz"}, 0).at("hits").at(0);
        CHECK(hit.at("path") == corpus_path(kBiarritz));
        CHECK(hit.at("title") == "Biarritz Declaration for a G7 and Africa Partnership");
        CHECK(hit.at("date") == "2019");
        CHECK(hit.at("date_precision") == "year");
        CHECK(hit.at("type") == "declaration");
        CHECK(hit.at("source") == "G7");
        CHECK(hit.at("authors") == json({"G7 Leaders"}));
        // No countries in the metadata: those the text names.
        CHECK(hit.at("countries") == json({"China"}));
        CHECK(hit.at("docid").get<long long>() > 0);
    }
    SECTION("month precision from header lines, lists split on commas") {
        const json hit = search_json({"Lyon"}, 0).at("hits").at(0);
        CHECK(hit.at("path") == corpus_path("g7/1996-06-lyon-summit.txt"));
        CHECK(hit.at("title") == "Economic Communique of the Lyon Summit");
        CHECK(hit.at("date") == "1996-06");
        CHECK(hit.at("date_precision") == "month");
        CHECK(hit.at("type") == "communique");
        CHECK(hit.at("countries") == json({"France"}));
    }
    SECTION("header lines split on semicolons") {
        const json hit = search_json({"headerfen"}, 0).at("hits").at(0);
        CHECK(hit.at("authors") == json({"Mark Ellison", "Sun-hee Park"}));
        CHECK(hit.at("countries") == json({"North Korea", "United States"}));
        CHECK(hit.at("type") == "interview");
    }
    SECTION("a YAML escape in the title and an accented type") {
        const json hit =
            search_json({"--type", "communique", "--year", "2021", "Brussels"}, 0).at("hits").at(0);
        CHECK(hit.at("path") == corpus_path("nato/2021-06-14-brussels-summit.md"));
        CHECK(hit.at("title") == "BRUSSELS SUMMIT COMMUNIQU\u00c9");
        CHECK(hit.at("type") == "communique");
    }
    SECTION("tags: stands for type: and publisher: for source:") {
        CHECK(search_json({"\"West Point\""}, 0).at("hits").at(0).at("type") == "speech");
        CHECK(search_json({"title:withdrawal"}, 0).at("hits").at(0).at("source") == "Government of Japan");
    }
    SECTION("an ISO timestamp in article:published_time gives a day") {
        const json hit = search_json({"démarche"}, 0).at("hits").at(0);
        CHECK(hit.at("date") == "2023-05-20");
        CHECK(hit.at("date_precision") == "day");
        CHECK(hit.at("countries") == json({"Japan", "Ukraine", "China"}));
    }
    SECTION("dcterms.date and HTML lists split on semicolons") {
        const json hit = search_json({"decisive", "enabler"}, 0).at("hits").at(0);
        CHECK(hit.at("path") == corpus_path("nato/2024-07-10-washington-summit.html"));
        CHECK(hit.at("date") == "2024-07-10");
        CHECK(hit.at("title") == "Washington Summit Declaration");
        CHECK(hit.at("countries") == json({"Ukraine", "China", "United States"}));
        CHECK(hit.at("authors") == json({"North Atlantic Council"}));
    }
    SECTION("an undated document has an empty date") {
        const json hit = search_json({"plainwick"}, 0).at("hits").at(0);
        CHECK(hit.at("date") == "");
        CHECK(hit.at("date_precision") == "none");
        CHECK(hit.at("title") == "Remarks on maritime security in the Gulf of Aden");
    }
}

// ---------------------------------------------------------------- dates

TEST_CASE("date filters follow the period rules at the turn of 2019", "[cli][search][dates]") {
    const std::vector<std::pair<Strings, Strings>> cases = {
        {{"--before", "2019"}, {kMilan, kYearEnd}},
        {{"--before", "2019-01-01"}, {kMilan, kYearEnd}},
        {{"--before", "2018-12-31"}, {}},
        {{"--until", "2018"}, {kMilan, kYearEnd}},
        {{"--until", "2018-12"}, {kMilan, kYearEnd}},
        {{"--until", "2018-12-31"}, {kMilan, kYearEnd}},
        {{"--until", "2019-01-01"}, {kMilan, kYearEnd, kNewYear}},
        {{"--until", "2019"}, {kMilan, kYearEnd, kNewYear, kBiarritz}},
        {{"--since", "2019"}, {kNewYear, kBiarritz}},
        {{"--since", "2018-12"}, {kMilan, kYearEnd, kNewYear, kBiarritz}},
        {{"--since", "2018-12-31"}, {kYearEnd, kNewYear, kBiarritz}},
        {{"--after", "2018"}, {kNewYear, kBiarritz}},
        {{"--after", "2018-12"}, {kNewYear, kBiarritz}},
        {{"--after", "2018-12-31"}, {kNewYear, kBiarritz}},
        {{"--after", "2019"}, {}},
        {{"date:2018-12..2019-01"}, {kMilan, kYearEnd, kNewYear}},
        {{"since:2018-12-31", "until:2019-01-01"}, {kYearEnd, kNewYear}},
    };
    for (const auto& [filters, expected] : cases) {
        Strings args{"Kestrel"};
        args.insert(args.end(), filters.begin(), filters.end());
        expect_hits(args, expected);
    }
}

TEST_CASE("undated documents never match a date filter but match plain queries", "[cli][search][dates]") {
    // Filters only: every dated document.
    const json since = search_json({"--since", "1900"}, 0);
    CHECK(since.at("total") == kCorpusDocuments - 3);
    const json until = search_json({"--until", "2100"}, 0);
    CHECK(until.at("total") == kCorpusDocuments - 3);
    for (const auto& undated : corpus_paths(kUndated)) {
        INFO(undated);
        const Strings a = hit_paths(since), b = hit_paths(until);
        CHECK(std::count(a.begin(), a.end(), undated) == 0);
        CHECK(std::count(b.begin(), b.end(), undated) == 0);
    }
    expect_hits({"plainwick", "--after", "1900"}, {});
    expect_hits({"plainwick", "--before", "2100"}, {});
    expect_hits({"Arctic", "date:1900..2100"}, {});
    expect_hits({"Undersea", "cables"}, {"interviews/undated-retired-admiral.txt"});
}

TEST_CASE("a malformed date is an error with exit status 2", "[cli][search][dates]") {
    for (const Strings& args : std::vector<Strings>{{"China", "before:2019-13"},
                                                    {"China", "--before", "2019-13"},
                                                    {"China", "since:2019-02-30"},
                                                    {"China", "--until", "yesterday"}}) {
        INFO(json(args).dump());
        const RunResult result = search(args);
        CHECK(result.status == 2);
        CHECK(result.out.empty());
        CHECK(result.err.rfind("dossier-search: error: ", 0) == 0);
        CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    }
}

// An empty date is not a date: ignoring the filter would answer another question.
TEST_CASE("an empty date option is an error with exit status 2", "[cli][search][dates]") {
    for (const std::string option : {"--before", "--after", "--since", "--until"}) {
        INFO(option);
        const RunResult result = search({"China", option, ""});
        CHECK(result.status == 2);
        CHECK(result.err.rfind("dossier-search: error: ", 0) == 0);
    }
}

// ---------------------------------------------------------------- sorting, paging, counting

TEST_CASE("sorting by date lists oldest first and undated last", "[cli][search]") {
    const json result = search_json({"China", "--sort", "date"}, 0);
    const auto& hits = result.at("hits");
    REQUIRE(hits.size() == static_cast<std::size_t>(kChinaDocuments));
    CHECK(hits.front().at("path") == corpus_path("un/1995-04-11-security-assurances.txt"));
    CHECK(hits.back().at("path") == corpus_path(kChinaUndated));
    for (std::size_t i = 0; i + 2 < hits.size(); ++i) {
        const auto a = period(hits[i].at("date").get<std::string>());
        const auto b = period(hits[i + 1].at("date").get<std::string>());
        INFO(hits[i].at("path") << " before " << hits[i + 1].at("path"));
        CHECK_FALSE(b.second < a.first);  // never a wholly older one later
    }
}

TEST_CASE("sorting by -date lists newest first and undated last", "[cli][search]") {
    const json result = search_json({"China", "--sort", "-date"}, 0);
    const auto& hits = result.at("hits");
    REQUIRE(hits.size() == static_cast<std::size_t>(kChinaDocuments));
    CHECK(hits.front().at("path") == corpus_path("thinktank/2024-11-18-pacific-brief.md"));
    CHECK(hits.back().at("path") == corpus_path(kChinaUndated));
    for (std::size_t i = 0; i + 2 < hits.size(); ++i) {
        const auto a = period(hits[i].at("date").get<std::string>());
        const auto b = period(hits[i + 1].at("date").get<std::string>());
        INFO(hits[i].at("path") << " before " << hits[i + 1].at("path"));
        CHECK_FALSE(a.second < b.first);  // never a wholly newer one later
    }
}

TEST_CASE("limit and offset page through the same ordered results", "[cli][search]") {
    for (const std::string sort : {"date", "relevance"}) {
        INFO("sort " << sort);
        const Strings all = hit_paths_in_order(search_json({"China", "--sort", sort}));
        REQUIRE(all.size() == static_cast<std::size_t>(kChinaDocuments));
        Strings paged;
        for (int offset = 0; offset < kChinaDocuments; offset += 5) {
            const RunResult page =
                search({"--json", "China", "--sort", sort, "--limit", "5", "--offset",
                        std::to_string(offset)});
            CHECK(page.status == 0);
            const json parsed = parse_json(page);
            CHECK(parsed.at("total") == kChinaDocuments);
            CHECK(parsed.at("offset") == offset);
            CHECK(parsed.at("limit") == 5);
            CHECK(parsed.at("hits").size() == static_cast<std::size_t>(std::min(5, kChinaDocuments - offset)));
            if (!parsed.at("hits").empty())
                CHECK(parsed.at("hits").at(0).at("rank") == offset + 1);
            const Strings part = hit_paths_in_order(parsed);
            paged.insert(paged.end(), part.begin(), part.end());
        }
        CHECK(paged == all);
    }
    // The default limit is 10; the total stays exact.
    const RunResult first = search({"--json", "China"});
    const json parsed = parse_json(first);
    CHECK(parsed.at("limit") == 10);
    CHECK(parsed.at("hits").size() == 10);
    CHECK(parsed.at("total") == kChinaDocuments);
}

TEST_CASE("count prints the exact number of matches", "[cli][search]") {
    const RunResult text = search({"--count", "China"});
    CHECK(text.status == 0);
    CHECK(text.out == "27\n");
    const RunResult as_json = search({"--count", "--json", "China", "--before", "2019"});
    CHECK(as_json.status == 0);
    const json parsed = parse_json(as_json);
    CHECK(parsed.at("schema_version") == 1);
    CHECK(parsed.at("total") == 11);
    CHECK(parsed.contains("query"));
    const RunResult none = search({"--count", "Korea", "North", "--before", "1990"});
    CHECK(none.status == 1);
    CHECK(none.out == "0\n");
}

// ---------------------------------------------------------------- filters, operators

TEST_CASE("a query may be filters only", "[cli][search]") {
    expect_hits({"type:interview"}, kInterviews);
    expect_hits({"--type", "interview", "--since", "2020"},
                {"interviews/2020-05-12-foreign-minister.md",
                 "interviews/2021-11-03-secretary-general.html",
                 "interviews/2022-02-18-national-security-adviser.md"});
    CHECK(search({"--count", "type:declaration"}).out == "14\n");
    CHECK(search({"--count", "--type", "declaration", "--type", "interview"}).out == "20\n");
    CHECK(search({"--count", "--year", "2019"}).out == "3\n");
    CHECK(search({"--count", "year:2021"}).out == "4\n");
}

TEST_CASE("the any option makes OR the default operator", "[cli][search]") {
    expect_hits({"zephyrlog", "quillmark"}, {});
    expect_hits({"--any", "zephyrlog", "quillmark"},
                {"nato/2023-07-11-vilnius-summit.md.gz",
                 "whitehouse/2022-10-12-strategy-briefing.txt.gz"});
    expect_hits({"zephyrlog OR quillmark"},
                {"nato/2023-07-11-vilnius-summit.md.gz",
                 "whitehouse/2022-10-12-strategy-briefing.txt.gz"});
}

// ---------------------------------------------------------------- --show

TEST_CASE("show prints the stored text of a document by path and by docid", "[cli][search][show]") {
    const std::string path = corpus_path(kPlain);
    const std::string file_text = read_file(path);
    const json hit = search_json({"plainwick"}, 0).at("hits").at(0);
    REQUIRE(hit.at("path") == path);
    const long long docid = hit.at("docid").get<long long>();

    SECTION("by path, as JSON") {
        const RunResult result = search({"--json", "--show", path});
        CHECK(result.status == 0);
        const json shown = parse_json(result);
        CHECK(shown.at("schema_version") == 1);
        CHECK(shown.at("path") == path);
        CHECK(shown.at("docid") == docid);
        CHECK(shown.at("format") == "text");
        CHECK(shown.at("title") == "Remarks on maritime security in the Gulf of Aden");
        CHECK(shown.at("date") == "");
        CHECK(shown.at("date_precision") == "none");
        CHECK(shown.at("text") == file_text);
    }
    SECTION("by docid, as JSON") {
        const RunResult result = search({"--json", "--show", std::to_string(docid)});
        CHECK(result.status == 0);
        const json shown = parse_json(result);
        CHECK(shown.at("path") == path);
        CHECK(shown.at("text") == file_text);
    }
    SECTION("as text") {
        const RunResult by_path = search({"--show", path});
        CHECK(by_path.status == 0);
        CHECK(by_path.out.find(file_text) != std::string::npos);
        const RunResult by_docid = search({"--show", std::to_string(docid)});
        CHECK(by_docid.status == 0);
        CHECK(by_docid.out == by_path.out);
    }
    SECTION("a missing document gives exit status 1") {
        CHECK(search({"--show", corpus_path(kPlain) + ".missing"}).status == 1);
        CHECK(search({"--show", "999999"}).status == 1);
    }
}

TEST_CASE("show of a Markdown document gives the body without its front matter", "[cli][search][show]") {
    const std::string path = corpus_path(kBiarritz);
    const json shown = parse_json(search({"--json", "--show", path}));
    CHECK(shown.at("format") == "markdown");
    const std::string text = shown.at("text").get<std::string>();
    CHECK(text.find("# Biarritz Declaration") != std::string::npos);
    CHECK(text.find("type: declaration") == std::string::npos);
    const std::string file_text = read_file(path);
    CHECK(file_text.find(text) != std::string::npos);  // the body, byte for byte
}

// ---------------------------------------------------------------- databases and environment

TEST_CASE("several --db options are searched as one", "[cli][search]") {
    TempDir dir;
    REQUIRE(index(dir / "nato", {fs::canonical(kTestdata / "corpus" / "nato").string()}).status == 0);
    REQUIRE(index(dir / "g7", {fs::canonical(kTestdata / "corpus" / "g7").string()}).status == 0);
    const RunResult result =
        run("dossier-search", {"--db", (dir / "nato").string(), "--db", (dir / "g7").string(),
                               "--json", "--limit", "100", "type:declaration"});
    CHECK(result.status == 0);
    const json parsed = parse_json(result);
    CHECK(parsed.at("total") == 11);
    CHECK(hit_paths(parsed) ==
          corpus_paths({"g7/2003-06-03-evian-nonproliferation.md", "g7/2019-biarritz-declaration.md",
                        "nato/1999-04-24-washington-summit.md", "nato/2002-11-prague-summit.txt",
                        "nato/2006-11-29-riga-summit.html", "nato/2010-11-20-lisbon-summit.md",
                        "nato/2014-09-05-wales-summit.md", "nato/2018-07-11-brussels-summit.md",
                        "nato/2019-12-04-london-leaders.md", "nato/2022-06-29-madrid-summit.md",
                        "nato/2024-07-10-washington-summit.html"}));
    // --show by docid works across the combined databases.
    for (const auto& hit : parsed.at("hits")) {
        const RunResult shown = run(
            "dossier-search", {"--db", (dir / "nato").string(), "--db", (dir / "g7").string(),
                               "--json", "--show", std::to_string(hit.at("docid").get<long long>())});
        CHECK(shown.status == 0);
        CHECK(parse_json(shown).at("path") == hit.at("path"));
    }
}

TEST_CASE("DOSSIER_DB names the default database of both tools", "[cli]") {
    TempDir dir;
    const std::string db = (dir / "from-env").string();
    RunOptions options;
    options.env["DOSSIER_DB"] = db;
    options.cwd = dir.path();
    const RunResult indexed = run("dossier-index", {"--json", corpus_root()}, options);
    CHECK(indexed.status == 0);
    CHECK(fs::is_directory(db));
    CHECK_FALSE(fs::exists(dir / "dossier.db"));
    const RunResult found = run("dossier-search", {"--count", "China"}, options);
    CHECK(found.status == 0);
    CHECK(found.out == "27\n");
}

TEST_CASE("without DOSSIER_DB both tools use ./dossier.db", "[cli]") {
    TempDir dir;
    RunOptions options;
    options.cwd = dir.path();
    options.env["DOSSIER_DB"] = std::string();  // empty counts as unset
    CHECK(run("dossier-index", {fs::canonical(kTestdata / "corpus" / "g7").string()}, options)
              .status == 0);
    CHECK(fs::is_directory(dir / "dossier.db"));
    const RunResult found = run("dossier-search", {"--count", "Kestrel"}, options);
    CHECK(found.status == 0);
    CHECK(found.out == "2\n");
}

TEST_CASE("dossier-search exits with status 2 on errors and prints one error line", "[cli][search]") {
    TempDir dir;
    const std::vector<std::pair<std::string, Strings>> cases = {
        {"missing database", {"--db", (dir / "no-such-db").string(), "China"}},
        {"bad option", {"--db", corpus_db().string(), "--no-such-option", "China"}},
        {"bad sort", {"--db", corpus_db().string(), "--sort", "sideways", "China"}},
        {"bad facet", {"--db", corpus_db().string(), "--facets", "colour", "China"}},
        {"bad limit", {"--db", corpus_db().string(), "--limit", "many", "China"}},
    };
    for (const auto& [what, args] : cases) {
        INFO(what);
        const RunResult result = run("dossier-search", args);
        CHECK(result.status == 2);
        CHECK(result.out.empty());
        CHECK(result.err.rfind("dossier-search: error: ", 0) == 0);
        CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    }
}

TEST_CASE("exit status is 0 with hits and 1 without", "[cli][search]") {
    CHECK(search({"China"}).status == 0);
    const RunResult none = search({"xylophonequartz"});
    CHECK(none.status == 1);
    CHECK(none.err.empty());
    const json parsed = search_json({"xylophonequartz"}, 1);
    CHECK(parsed.at("total") == 0);
    CHECK(parsed.at("hits").empty());
}

// ---------------------------------------------------------------- text output and colour

TEST_CASE("text output has a match count line and four lines per hit", "[cli][search]") {
    const RunResult result = search({"headerfen"});
    CHECK(result.status == 0);
    // Blank lines between the blocks are allowed; the lines themselves are
    // fixed by the contract.
    std::istringstream all_lines(result.out);
    std::ostringstream kept;
    for (std::string text; std::getline(all_lines, text);)
        if (!text.empty()) kept << text << '\n';
    std::istringstream lines(kept.str());
    std::string line;
    REQUIRE(std::getline(lines, line));
    CHECK((line == "1 matches" || line == "1 match"));
    REQUIRE(std::getline(lines, line));
    CHECK(line == "1. Interview with the Special Envoy for the Six-Party Talks");
    REQUIRE(std::getline(lines, line));
    CHECK(line == "   2008-09-02 \u00b7 interview \u00b7 Global Affairs Weekly");
    REQUIRE(std::getline(lines, line));
    CHECK(line == "   " + corpus_path("interviews/2008-09-02-special-envoy.txt"));
    REQUIRE(std::getline(lines, line));
    CHECK(line.rfind("   ", 0) == 0);
    CHECK(line.size() > 3);
}

TEST_CASE("text output lists facets after the hits", "[cli][search]") {
    const RunResult result = search({"China", "--before", "2019", "--facets", "year,type"});
    CHECK(result.status == 0);
    CHECK(result.out.rfind("11 matches\n", 0) == 0);
    CHECK(has_line_starting(result.out, "year: "));
    CHECK(has_line_starting(result.out, "type: "));
    CHECK(result.out.find("2011 (2)") != std::string::npos);
    CHECK(result.out.find("statement (3)") != std::string::npos);
}

TEST_CASE("no ANSI escapes when output is not a terminal or NO_COLOR is set", "[cli][search]") {
    const std::string esc = "\x1b[";
    for (const std::string color : {"auto", "never"}) {
        INFO("--color " << color);
        const RunResult piped = search({"--color", color, "China"});
        CHECK(piped.status == 0);
        CHECK(piped.out.find(esc) == std::string::npos);
    }
    RunOptions no_color;
    no_color.env["NO_COLOR"] = "1";
    const RunResult result =
        run("dossier-search", {"--db", corpus_db().string(), "China"}, no_color);
    CHECK(result.status == 0);
    CHECK(result.out.find(esc) == std::string::npos);
    CHECK(search({"China"}).out.find(esc) == std::string::npos);
    const RunResult shown = search({"--show", corpus_path(kPlain)});
    CHECK(shown.out.find(esc) == std::string::npos);
}

TEST_CASE("color always colours text output even through a pipe", "[cli][search]") {
    const RunResult result = search({"--color", "always", "China"});
    CHECK(result.status == 0);
    CHECK(result.out.find("\x1b[") != std::string::npos);
    // JSON is never coloured.
    const RunResult as_json = search({"--color", "always", "--json", "China"});
    CHECK(as_json.out.find("\x1b[") == std::string::npos);
    CHECK_NOTHROW(json::parse(as_json.out));
}

TEST_CASE("JSON highlights point at words of the snippet", "[cli][search]") {
    const json hit = search_json({"zephyrlog"}, 0).at("hits").at(0);
    const std::string snippet = hit.at("snippet").get<std::string>();
    CHECK(snippet.find("\x1b") == std::string::npos);
    REQUIRE_FALSE(hit.at("highlights").empty());
    for (const auto& range : hit.at("highlights")) {
        const auto offset = range.at(0).get<std::size_t>();
        const auto length = range.at(1).get<std::size_t>();
        REQUIRE(offset + length <= snippet.size());
        std::string word = snippet.substr(offset, length);
        std::transform(word.begin(), word.end(), word.begin(), ::tolower);
        CHECK(word == "zephyrlog");
    }
}
