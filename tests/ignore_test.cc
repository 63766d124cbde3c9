// IgnoreRules: gitignore patterns of .dossierignore files and --exclude.

#include "ignore.h"

#include <string>

#include <catch2/catch.hpp>

using dossier::IgnoreMatch;
using dossier::IgnoreRules;

namespace {

constexpr IgnoreMatch kNone = IgnoreMatch::kNone;
constexpr IgnoreMatch kOut = IgnoreMatch::kExcluded;
constexpr IgnoreMatch kIn = IgnoreMatch::kIncluded;

struct Case {
    const char* patterns;  // the ignore file's text
    const char* path;      // relative to its folder
    bool folder;
    IgnoreMatch expected;
};

IgnoreMatch match(const char* patterns, const char* path, bool folder) {
    IgnoreRules rules;
    rules.add_lines(patterns);
    return rules.match(path, folder);
}

}  // namespace

TEST_CASE("ignore patterns match paths as gitignore does", "[ignore]") {
    const Case cases[] = {
        // A name without "/" matches at any depth, and only the whole name.
        {"README.md", "README.md", false, kOut},
        {"README.md", "reports/README.md", false, kOut},
        {"README.md", "README.md.bak", false, kNone},
        {"README.md", "OLD-README.md", false, kNone},
        {"README.md", "readme.md", false, kNone},  // case matters, as in git
        // Wildcards stay within one name.
        {"*.tmp", "a/b/c.tmp", false, kOut},
        {"*.tmp", "c.tmp.md", false, kNone},
        {"README*", "README", false, kOut},
        {"README*", "README.txt", false, kOut},
        {"LICEN?E", "LICENSE", false, kOut},
        {"LICEN?E", "LICENCE", false, kOut},
        {"[Dd]raft-*.md", "Draft-1.md", false, kOut},
        {"[Dd]raft-*.md", "draft-1.md", false, kOut},
        {"[Dd]raft-*.md", "xdraft-1.md", false, kNone},
        {"a*b", "a/b", false, kNone},
        // "*" matches a leading dot too.
        {"*.md", ".notes.md", false, kOut},
        // Comments and blank lines add nothing; "\#" is a "#".
        {"# README.md\n\n   \n", "README.md", false, kNone},
        {"\\#1.md", "#1.md", false, kOut},
        // Negation: the last matching pattern decides.
        {"*.md\n!keep.md", "keep.md", false, kIn},
        {"*.md\n!keep.md", "drop.md", false, kOut},
        {"!keep.md\n*.md", "keep.md", false, kOut},
        {"\\!important.md", "!important.md", false, kOut},
        // A trailing "/" matches folders only.
        {"drafts/", "drafts", true, kOut},
        {"drafts/", "drafts", false, kNone},
        {"drafts/", "reports/drafts", true, kOut},
        // A "/" anchors the pattern to the folder of the ignore file.
        {"/README.md", "README.md", false, kOut},
        {"/README.md", "reports/README.md", false, kNone},
        {"reports/*.txt", "reports/a.txt", false, kOut},
        {"reports/*.txt", "old/reports/a.txt", false, kNone},
        {"reports/*.txt", "reports/sub/a.txt", false, kNone},
        {"/drafts/", "drafts", true, kOut},
        // "**": any number of folders.
        {"**/notes", "notes", true, kOut},
        {"**/notes", "a/b/notes", true, kOut},
        {"**/notes/*.txt", "notes/x.txt", false, kOut},
        {"**/notes/*.txt", "a/notes/x.txt", false, kOut},
        {"**/notes/*.txt", "a/notes/x.md", false, kNone},
        {"a/**/b", "a/b", false, kOut},
        {"a/**/b", "a/x/y/b", false, kOut},
        {"a/**/b", "x/a/b", false, kNone},
        {"a/**", "a/x", false, kOut},
        {"a/**", "a/x/y.md", false, kOut},
        {"a/**", "a", true, kNone},
        // Trailing spaces go unless escaped; Windows line endings are read.
        {"notes.txt   ", "notes.txt", false, kOut},
        {"notes.txt\\ ", "notes.txt ", false, kOut},
        {"one.md\r\ntwo.md\r\n", "two.md", false, kOut},
        // Nothing to match.
        {"", "a.md", false, kNone},
        {"/\n!\n", "a.md", false, kNone},
    };
    for (const Case& c : cases) {
        CAPTURE(c.patterns, c.path, c.folder);
        CHECK(match(c.patterns, c.path, c.folder) == c.expected);
    }
}

TEST_CASE("ignore rules report whether they hold any pattern", "[ignore]") {
    IgnoreRules rules;
    CHECK(rules.empty());
    rules.add("# a comment");
    rules.add("");
    CHECK(rules.empty());
    rules.add("*.bak");
    CHECK_FALSE(rules.empty());
    CHECK(rules.match("", false) == kNone);
}

// ------------------------------------------------ the Indexer and its walk

#include <filesystem>
#include <map>

#include <xapian.h>

#include "dossier/indexer.h"
#include "test_util.h"

namespace {

namespace fs = std::filesystem;
using dossier_test::TempDir;
using dossier_test::write_file;

/// The documents' keys of a database, sorted.
std::vector<std::string> keys_of(const fs::path& db_path) {
    Xapian::Database db(db_path.string());
    std::vector<std::string> keys;
    for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it)
        keys.push_back((*it).substr(1));
    return keys;
}

/// A collection with an ignore file at its top and one below, an empty and
/// a blank file, and four documents.
fs::path make_collection(const TempDir& dir) {
    const fs::path root = dir / "collection";
    fs::create_directories(root / "sub" / "notes");
    fs::create_directories(root / "drafts");
    write_file(root / ".dossierignore", "README.md\ndrafts/\n**/notes/*.txt\n");
    write_file(root / "sub" / ".dossierignore", "!README.md\n");
    write_file(root / "README.md", "About the collection.\n");
    write_file(root / "sub" / "README.md", "A real report named README.\n");
    write_file(root / "sub" / "notes" / "call.txt", "Call notes.\n");
    write_file(root / "drafts" / "draft.md", "A draft.\n");
    write_file(root / "a.md", "First document.\n");
    write_file(root / "b.txt", "Second document.\n");
    write_file(root / "empty.txt", "");
    write_file(root / "blank.md", " \n\t\n");
    return fs::canonical(root);
}

}  // namespace

TEST_CASE("the indexer skips what ignore files and --exclude match, and empty files",
          "[ignore][indexer]") {
    TempDir dir;
    const fs::path root = make_collection(dir);
    dossier::IndexerOptions options;
    options.db_path = (dir / "db").string();
    options.threads = GENERATE(1u, 3u);
    CAPTURE(options.threads);

    dossier::IndexReport report = dossier::Indexer(options).run({root.string()});
    CHECK(report.added == 3);
    CHECK(report.failed == 0);
    CHECK(report.ignored == 5);
    const std::map<std::string, std::uint64_t> reasons = {
        {"empty file", 2}, {"excluded", 2}, {"excluded folder", 1}};
    CHECK(report.ignored_reasons == reasons);
    const std::vector<std::string> indexed = {(root / "a.md").string(), (root / "b.txt").string(),
                                              (root / "sub" / "README.md").string()};
    CHECK(keys_of(options.db_path) == indexed);

    SECTION("a file excluded later is removed, even with keep_deleted") {
        options.exclude = {"b.txt"};
        options.keep_deleted = true;
        report = dossier::Indexer(options).run({root.string()});
        CHECK(report.removed == 1);
        CHECK(report.unchanged == 2);
        CHECK(report.ignored_reasons.at("excluded") == 3);
        CHECK(keys_of(options.db_path) ==
              std::vector<std::string>{(root / "a.md").string(), (root / "sub" / "README.md").string()});
    }
    SECTION("new patterns remove what they match, and --exclude can re-include") {
        write_file(root / "sub" / ".dossierignore", "*\n");
        options.exclude = {"!a.md"};
        write_file(root / ".dossierignore", "*.md\n");
        report = dossier::Indexer(options).run({root.string()});
        CHECK(report.removed == 1);  // sub/README.md
        CHECK(keys_of(options.db_path) ==
              std::vector<std::string>{(root / "a.md").string(), (root / "b.txt").string()});
    }
    SECTION("a file emptied since it was indexed is removed") {
        write_file(root / "a.md", "\n\n");
        report = dossier::Indexer(options).run({root.string()});
        CHECK(report.removed == 1);
        CHECK(report.failed == 0);
        CHECK(report.ignored_reasons.at("empty file") == 3);
        CHECK(keys_of(options.db_path) ==
              std::vector<std::string>{(root / "b.txt").string(), (root / "sub" / "README.md").string()});
    }
}

TEST_CASE("a root named on the command line is indexed whatever the patterns say",
          "[ignore][indexer]") {
    TempDir dir;
    const fs::path root = make_collection(dir);
    dossier::IndexerOptions options;
    options.db_path = (dir / "db").string();
    options.exclude = {"*.md"};
    const dossier::IndexReport report =
        dossier::Indexer(options).run({(root / "README.md").string(), root.string()});
    CHECK(report.added == 2);  // README.md as a root, and b.txt
    CHECK(keys_of(options.db_path) ==
          std::vector<std::string>{(root / "README.md").string(), (root / "b.txt").string()});
}
