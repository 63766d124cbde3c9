// End-to-end tests of British and American spellings finding each other,
// run through the real binaries on testdata/spelling (one British and one
// American text on the same subject).
#include <algorithm>

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

const std::string& spelling_db() {
    static TempDir dir;
    static const std::string db = [] {
        const std::string path = (dir / "db").string();
        RunResult r = run_tool("dossier-index", {"--db", path, (kTestdata / "spelling").string()});
        REQUIRE(r.status == 0);
        return path;
    }();
    return db;
}

/// The file names of the hits for query, sorted.
Strings hits(const std::string& query) {
    RunResult r = run_tool("dossier-search", {"--db", spelling_db(), "--json", "--", query});
    INFO("query: " << query << "\nstderr: " << r.err);
    REQUIRE((r.status == 0 || r.status == 1));
    const json result = json::parse(r.out);
    Strings names;
    for (const auto& hit : result.at("hits"))
        names.push_back(fs::path(hit.at("path").get<std::string>()).filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

const Strings kBoth = {"london-briefing.md", "washington-readout.md"};

}  // namespace

TEST_CASE("British and American spellings of a word find each other", "[cli][spelling]") {
    CHECK(hits("denuclearisation") == kBoth);
    CHECK(hits("denuclearization") == kBoth);
    CHECK(hits("organised") == kBoth);
    CHECK(hits("organized") == kBoth);
    CHECK(hits("defence") == kBoth);
    CHECK(hits("center") == kBoth);
    CHECK(hits("programme") == kBoth);
}

TEST_CASE("a phrase finds the other spelling of its words", "[cli][spelling]") {
    CHECK(hits("\"missile defence\"") == kBoth);
    CHECK(hits("\"missile defense\"") == kBoth);
    CHECK(hits("title:\"peninsula\" \"missile defense\"") == kBoth);
}

TEST_CASE("an exact form finds only its own spelling", "[cli][spelling]") {
    CHECK(hits("=denuclearisation") == Strings{"london-briefing.md"});
    CHECK(hits("=denuclearization") == Strings{"washington-readout.md"});
}

TEST_CASE("excluding a word excludes both its spellings", "[cli][spelling]") {
    CHECK(hits("peninsula -defence").empty());
    CHECK(hits("peninsula NOT defense").empty());
    CHECK(hits("peninsula -\"missile defence\"").empty());
}

TEST_CASE("the explanation names the spelling variants it added", "[cli][spelling]") {
    RunResult r = run_tool("dossier-search", {"--db", spelling_db(), "--explain", "--", "defence"});
    REQUIRE(r.status == 0);
    CHECK(r.out.find("spelling defence -> (defence OR defense)") != std::string::npos);
}
