// docs/json.md matches what dossier-search --json prints: the fields listed
// in its tables for the top level, hits[] and passages are those printed.

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "process_util.h"

namespace {

using nlohmann::json;
using process_util::RunResult;
using process_util::TempDir;
namespace fs = std::filesystem;

const fs::path kTestdata = DOSSIER_TESTDATA;
const fs::path kBinDir = DOSSIER_BIN_DIR;
const fs::path kDocs = fs::path(DOSSIER_TESTDATA).parent_path() / "docs" / "json.md";

/// The names in the first column (`name`) of the table under the heading
/// `### section` of docs/json.md.
std::set<std::string> documented(const std::string& section) {
    std::ifstream in(kDocs);
    REQUIRE(in);
    std::set<std::string> names;
    std::string line;
    bool inside = false;
    while (std::getline(in, line)) {
        if (line.rfind("### ", 0) == 0 || line.rfind("## ", 0) == 0) {
            if (inside) break;
            inside = line == "### " + section;
            continue;
        }
        if (!inside || line.rfind("| `", 0) != 0) continue;
        std::size_t end = line.find('`', 3);
        names.insert(line.substr(3, end - 3));
    }
    return names;
}

std::set<std::string> keys(const json& object) {
    std::set<std::string> out;
    for (auto it = object.begin(); it != object.end(); ++it) out.insert(it.key());
    return out;
}

}  // namespace

TEST_CASE("docs/json.md lists exactly the fields dossier-search --json prints", "[json][docs]") {
    TempDir dir;
    const fs::path db = dir / "db";
    RunResult indexed = process_util::run_with_input(kBinDir / "dossier-index",
                                                     {"--db", db.string(), (kTestdata / "corpus").string()}, "");
    REQUIRE(indexed.status == 0);
    RunResult r = process_util::run_with_input(
        kBinDir / "dossier-search",
        {"--db", db.string(), "--json", "--passages", "2", "--facets", "year,type", "--explain", "--timeline",
         "--mentions", "--limit", "5", "ROK OR China"},
        "");
    INFO(r.err);
    REQUIRE(r.status == 0);
    json answer = json::parse(r.out);

    const std::set<std::string> top = documented("Top level");
    CHECK(keys(answer) == top);

    const std::set<std::string> hit_fields = documented("hits[]");
    REQUIRE_FALSE(answer.at("hits").empty());
    std::set<std::string> printed;
    for (const json& hit : answer.at("hits")) {
        std::set<std::string> k = keys(hit);
        for (const auto& name : k) {
            INFO("hit field " << name);
            CHECK(hit_fields.count(name) == 1);
        }
        printed.insert(k.begin(), k.end());
    }
    // Every documented hit field is printed, except those only some
    // documents have (a PDF page, alias forms the query did not widen).
    for (const auto& name : hit_fields) {
        if (name == "page" || name == "matched_aliases") continue;
        INFO("documented hit field " << name);
        CHECK(printed.count(name) == 1);
    }

    const std::set<std::string> passage_fields = documented("passages");
    for (const json& hit : answer.at("hits"))
        for (const json& passage : hit.at("passages")) CHECK(keys(passage) == passage_fields);
}
