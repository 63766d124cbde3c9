// End-to-end tests of what dossier-index leaves out (.dossierignore files,
// --exclude, empty files), of its progress lines, and of the messages both
// tools give for a database they may not use.

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "process_util.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using process_util::lines_of;
using process_util::RunOptions;
using process_util::RunResult;
using process_util::TempDir;
using process_util::write_file;
using Strings = std::vector<std::string>;

const fs::path kTestdata = DOSSIER_TESTDATA;
const fs::path kBinDir = DOSSIER_BIN_DIR;

RunResult run(const std::string& program, const Strings& args, const RunOptions& options = {}) {
    return process_util::run_with_stdin_file(kBinDir / program, args, {}, options);
}

json summary_of(const RunResult& result) {
    INFO("stdout: " << result.out);
    INFO("stderr: " << result.err);
    json parsed;
    REQUIRE_NOTHROW(parsed = json::parse(result.out));
    return parsed;
}

/// A copy of testdata/exclusions that a test may change.
fs::path copy_exclusions(const TempDir& dir) {
    const fs::path copy = dir / "exclusions";
    fs::copy(kTestdata / "exclusions", copy, fs::copy_options::recursive);
    return fs::canonical(copy);
}

/// dossier-search's status for one word on db (0 found, 1 not found).
int search_status(const fs::path& db, const std::string& word) {
    const RunResult result = run("dossier-search", {"--db", db.string(), "--count", word});
    INFO("stderr: " << result.err);
    return result.status;
}

// Marker words of testdata/exclusions: the documents that must be found,
// and the files the ignore files leave out.
const Strings kIndexedWords = {"readmereport", "annualtidings", "passagecompact",
                               "harbourgreeting"};
const Strings kExcludedWords = {"zephyrcatalogue", "quillprovenance", "draftlanternword",
                                "mappingtableword", "notescallword"};

/// A user other than the one running the tests when that one is root
/// (whom permission bits do not stop): "nobody".
std::optional<uid_t> other_user() {
    if (::geteuid() != 0) return std::nullopt;
    return uid_t(65534);
}

/// True, with a warning that CTest reads as a skip, when the child could
/// not become the other user.
bool skipped_for_user(const RunResult& result) {
    if (result.status != 125) return false;
    WARN("SKIPPED: cannot run as another user to test permissions");
    return true;
}

}  // namespace

TEST_CASE("dossier-index leaves out what .dossierignore files match, and empty files",
          "[cli][index][ignore]") {
    TempDir dir;
    const fs::path db = dir / "db";
    const std::string root = fs::canonical(kTestdata / "exclusions").string();
    const RunResult result = run("dossier-index", {"--db", db.string(), "--json", root});
    INFO("stderr: " << result.err);
    // Empty files are ignored, not failed: the run succeeds and says nothing.
    CHECK(result.status == 0);
    CHECK(result.err.empty());
    const json summary = summary_of(result);
    CHECK(summary.at("added") == 4);
    CHECK(summary.at("failed") == 0);
    CHECK(summary.at("ignored") == 7);
    const json reasons = {{"excluded", 4}, {"excluded folder", 1}, {"empty file", 2}};
    CHECK(summary.at("ignored_reasons") == reasons);
    CHECK(summary.at("documents") == 4);

    for (const auto& word : kIndexedWords) {
        INFO(word);
        CHECK(search_status(db, word) == 0);
    }
    for (const auto& word : kExcludedWords) {
        INFO(word);
        CHECK(search_status(db, word) == 1);
    }

    // The text summary gives the reasons too, on its one line.
    const RunResult again = run("dossier-index", {"--db", db.string(), root});
    CHECK(again.status == 0);
    CHECK(again.out.rfind("added 0, updated 0, unchanged 4, removed 0, failed 0, ignored 7 "
                          "(empty file 2, excluded 4, excluded folder 1); ",
                          0) == 0);
    CHECK(lines_of(again.out).size() == 1);
}

TEST_CASE("dossier-index removes the documents of files excluded since they were indexed",
          "[cli][index][ignore]") {
    TempDir dir;
    const fs::path root = copy_exclusions(dir);
    const fs::path db = dir / "db";
    REQUIRE(run("dossier-index", {"--db", db.string(), root.string()}).status == 0);
    REQUIRE(search_status(db, "harbourgreeting") == 0);

    SECTION("by --exclude, even with --keep-deleted") {
        const RunResult result =
            run("dossier-index", {"--db", db.string(), "--json", "--keep-deleted", "--exclude",
                                  "statements/2019-*", root.string()});
        CHECK(result.status == 0);
        const json summary = summary_of(result);
        CHECK(summary.at("removed") == 1);
        CHECK(summary.at("ignored_reasons").at("excluded") == 5);
        CHECK(summary.at("documents") == 3);
        CHECK(search_status(db, "harbourgreeting") == 1);
        CHECK(search_status(db, "passagecompact") == 0);
    }
    SECTION("by a new line in an ignore file") {
        write_file(root / "statements" / ".dossierignore", "*.txt\n");
        const RunResult result = run("dossier-index", {"--db", db.string(), "--json", root.string()});
        CHECK(result.status == 0);
        const json summary = summary_of(result);
        CHECK(summary.at("removed") == 1);
        // statements/empty.txt is now excluded rather than empty.
        CHECK(summary.at("ignored_reasons").at("excluded") == 6);
        CHECK(summary.at("ignored_reasons").at("empty file") == 1);
        CHECK(search_status(db, "passagecompact") == 1);
        CHECK(search_status(db, "harbourgreeting") == 0);
    }
    SECTION("by emptying the file") {
        write_file(root / "statements" / "2019-harbour-remarks.md", "\n \n");
        const RunResult result = run("dossier-index", {"--db", db.string(), "--json", root.string()});
        CHECK(result.status == 0);
        const json summary = summary_of(result);
        CHECK(summary.at("removed") == 1);
        CHECK(summary.at("failed") == 0);
        CHECK(summary.at("ignored_reasons").at("empty file") == 3);
        CHECK(search_status(db, "harbourgreeting") == 1);
    }
}

TEST_CASE("dossier-index refuses an --exclude without a pattern", "[cli][index][ignore]") {
    TempDir dir;
    const RunResult result = run("dossier-index", {"--db", (dir / "db").string(), "--exclude", "/",
                                                   (kTestdata / "exclusions").string()});
    CHECK(result.status == 2);
    CHECK(result.err == "dossier-index: error: --exclude '/' has no pattern\n");
    CHECK_FALSE(fs::exists(dir / "db"));
}

TEST_CASE("dossier-index --progress prints plain progress lines when stderr is not a terminal",
          "[cli][index][progress]") {
    TempDir dir;
    const std::string corpus = fs::canonical(kTestdata / "corpus").string();
    const RunResult quiet = run("dossier-index", {"--db", (dir / "quiet").string(), corpus});
    CHECK(quiet.status == 0);
    CHECK(quiet.err.empty());

    const RunResult result = run("dossier-index", {"--db", (dir / "db").string(), "--progress",
                                                   "--progress-interval", "0", "--threads", "1",
                                                   corpus});
    INFO("stderr: " << result.err);
    CHECK(result.status == 0);
    const Strings lines = lines_of(result.err);
    // At least the line giving the total once the walk has counted the files.
    REQUIRE_FALSE(lines.empty());
    CHECK(lines.front() == "dossier-index: progress: 0/51 files");
    const std::regex line(
        R"(dossier-index: progress: \d+/51 files(, \d+ files/s, \d+ (s|min) left)?)");
    for (const auto& l : lines) {
        INFO(l);
        CHECK(std::regex_match(l, line));
        // The last state is the summary's to tell.
        CHECK(l.find(" 51/51 ") == std::string::npos);
    }
    CHECK(lines_of(result.out).size() == 1);
    CHECK(result.out.rfind("added 51, ", 0) == 0);

    const RunResult bad = run("dossier-index", {"--db", (dir / "db").string(), "--progress-interval",
                                                "-1", corpus});
    CHECK(bad.status == 2);
}

TEST_CASE("both tools say in one line that a --db file is not a Dossier database",
          "[cli][index][search][db]") {
    TempDir dir;
    const fs::path file = dir / "notes.md";
    const std::string text = "# Notes\n\nNot a database at all.\n";
    write_file(file, text);
    const RunResult index = run("dossier-index", {"--db", file.string(),
                                                  (kTestdata / "exclusions").string()});
    CHECK(index.status == 2);
    CHECK(index.err == "dossier-index: error: " + file.string() + " is not a Dossier database\n");
    CHECK(index.out.empty());
    const RunResult search = run("dossier-search", {"--db", file.string(), "security"});
    CHECK(search.status == 2);
    CHECK(search.err == "dossier-search: error: " + file.string() + " is not a Dossier database\n");
    CHECK(process_util::read_file(file) == text);

    // Nor is a folder of documents: no database is made among them.
    const fs::path folder = dir / "copy";
    fs::copy(kTestdata / "exclusions" / "statements", folder, fs::copy_options::recursive);
    const RunResult into = run("dossier-index", {"--db", folder.string(),
                                                 (kTestdata / "exclusions").string()});
    CHECK(into.status == 2);
    CHECK(into.err == "dossier-index: error: " + folder.string() + " is not a Dossier database\n");
    CHECK_FALSE(fs::exists(folder / "iamglass"));
    const RunResult from = run("dossier-search", {"--db", folder.string(), "security"});
    CHECK(from.status == 2);
    CHECK(from.err == "dossier-search: error: " + folder.string() + " is not a Dossier database\n");
}

TEST_CASE("both tools name the permission a database lacks instead of a lock",
          "[cli][index][search][db]") {
    TempDir dir;
    const fs::path db = dir / "db";
    const std::string root = fs::canonical(kTestdata / "exclusions").string();
    REQUIRE(run("dossier-index", {"--db", db.string(), root}).status == 0);
    // As root the tools run as another user, whom the bits stop; otherwise
    // the bits are taken away from the user running the tests.
    RunOptions as;
    as.uid = other_user();
    fs::permissions(dir.path(), fs::perms::all);  // the other user may reach db

    fs::permissions(db, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                            fs::perms::group_exec | fs::perms::others_read |
                            fs::perms::others_exec);
    const RunResult index = run("dossier-index", {"--db", db.string(), root}, as);
    if (skipped_for_user(index)) return;
    CHECK(index.status == 2);
    CHECK(index.err ==
          "dossier-index: error: cannot write the database " + db.string() + ": permission denied\n");
    // Reading needs no more than that.
    const RunResult readable = run("dossier-search", {"--db", db.string(), "annualtidings"}, as);
    CHECK(readable.status == 0);

    // A folder of mode 0700 is the owner's alone; the owner is kept out
    // with no bits at all.
    fs::permissions(db, as.uid ? fs::perms::owner_all : fs::perms::none);
    const RunResult search = run("dossier-search", {"--db", db.string(), "annualtidings"}, as);
    CHECK(search.status == 2);
    CHECK(search.err == "dossier-search: error: cannot read the database " + db.string() +
                            ": permission denied\n");
    fs::permissions(db, fs::perms::owner_all);

    // A new database in a folder the user may not write.
    const fs::path locked = dir / "locked";
    fs::create_directory(locked);
    fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::others_read |
                                fs::perms::others_exec);
    const fs::path fresh = locked / "db";
    const RunResult create = run("dossier-index", {"--db", fresh.string(), root}, as);
    CHECK(create.status == 2);
    CHECK(create.err ==
          "dossier-index: error: cannot create the database " + fresh.string() + ": permission denied\n");
}

TEST_CASE("a database inside the indexed folder is not read as documents", "[cli][exclusions]") {
    TempDir dir;
    const fs::path folder = dir / "notes";
    fs::create_directories(folder);
    write_file(folder / "note.txt", "A note on harbour sanctions.\n");
    const std::string own = (folder / "dossier.db").string();
    for (int pass = 0; pass < 2; ++pass) {
        const json summary = summary_of(run("dossier-index", {"--json", "--db", own, folder.string()}));
        CHECK(summary.at("documents") == 1);
        CHECK(summary.at("ignored") == 0);
    }
    // Another database among the documents counts once, as what it is.
    fs::copy(own, folder / "old.db", fs::copy_options::recursive);
    const json summary = summary_of(run("dossier-index", {"--json", "--db", own, folder.string()}));
    CHECK(summary.at("documents") == 1);
    CHECK(summary.at("ignored_reasons") == json{{"search database", 1}});
}
