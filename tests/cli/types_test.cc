// End-to-end tests of the types of White House titles (testdata/types):
// nominations, appointments, announcements, presidential documents, and
// documents that only mention one. dossier-index on the folder, then
// dossier-search --json, --facets type, type: filters and --explain-date.

#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "process_util.h"

using nlohmann::json;
using process_util::RunResult;
using process_util::Strings;
namespace fs = std::filesystem;

namespace {

const fs::path kTestdata = DOSSIER_TESTDATA;
const fs::path kBin = DOSSIER_BIN_DIR;

using process_util::run_tool;

std::string path_of(const std::string& name) {
    return fs::weakly_canonical(kTestdata / "types" / name).string();
}

/// testdata/types indexed once.
const process_util::IndexedFolder& types_db() {
    static const process_util::IndexedFolder db(kBin, kTestdata / "types");
    return db;
}

json search_json(Strings args) {
    args.insert(args.begin(), {"--db", types_db().db(), "--json"});
    const RunResult r = run_tool("dossier-search", args);
    INFO("args: " << json(args).dump() << "\nstderr: " << r.err);
    REQUIRE(r.status == 0);
    return json::parse(r.out);
}

/// The file names of the hits of a search.
std::set<std::string> files_of(const json& result) {
    std::set<std::string> files;
    for (const json& hit : result.at("hits")) files.insert(fs::path(hit.at("path").get<std::string>()).filename());
    return files;
}

struct Expected {
    const char* file;
    const char* type;
    const char* type_source;
};

// testdata/README.md, "types/".
const std::vector<Expected> kExpected = {
    {"nominations-sent.md", "nomination", "title"},
    {"key-appointments.md", "appointment", "title"},
    {"relief-flight.md", "announcement", "title"},
    {"message-to-congress.md", "message", "title"},
    {"delegation-memorandum.md", "memorandum", "title"},
    {"resilience-order.md", "executive-order", "title"},
    {"emergency-notice.md", "notice", "title"},
    {"disaster-declaration.md", "disaster-declaration", "title"},
    {"harbour-bill.md", "bill-action", "title"},
    {"leaders-applaud.md", "roundup", "title"},
    {"port-security-memorandum.txt", "memorandum", "title"},
    {"northern-ports-order.txt", "executive-order", "opening"},
    {"metadata-order.md", "executive-order", "metadata"},
    // Titles that only mention a nomination or an executive order.
    {"nomination-remarks.md", "speech", "title"},
    {"order-follow-up.md", "announcement", "title"},
};

}  // namespace

TEST_CASE("White House titles get the type they name", "[cli][types]") {
    const process_util::IndexedFolder& db = types_db();
    INFO("stderr: " << db.index.err);
    REQUIRE(db.index.status == 0);
    const json all = search_json({"--limit", "100", "--snippet-bytes", "0", ""});
    std::map<std::string, json> by_file;
    for (const json& hit : all.at("hits")) by_file[fs::path(hit.at("path").get<std::string>()).filename()] = hit;
    REQUIRE(by_file.size() == kExpected.size());
    for (const Expected& e : kExpected) {
        CAPTURE(e.file);
        REQUIRE(by_file.count(e.file) == 1);
        CHECK(by_file[e.file].at("type") == e.type);
        CHECK(by_file[e.file].at("type_source") == e.type_source);
    }
    // The web site's section stays a tag, never the type.
    CHECK(by_file["nominations-sent.md"].at("tags") == json::array({"statements-releases"}));
    CHECK(by_file["metadata-order.md"].at("tags") == json::array({"presidential-actions"}));
}

TEST_CASE("the type facet counts the new types and type: filters find them", "[cli][types]") {
    const json facets = search_json({"--facets", "type,tag", "--limit", "0", ""});
    const json& types = facets.at("facets").at("type");
    std::map<std::string, int> expected;
    for (const Expected& e : kExpected) ++expected[e.type];
    CHECK(types.size() == expected.size());
    for (const auto& [type, count] : expected) {
        CAPTURE(type);
        CHECK(types.value(type, 0) == count);
    }
    CHECK(types.count("statements-releases") == 0);
    CHECK(facets.at("facets").at("tag").at("statements-releases") == 11);

    CHECK(files_of(search_json({"type:executive-order"})) ==
          std::set<std::string>{"resilience-order.md", "northern-ports-order.txt", "metadata-order.md"});
    CHECK(files_of(search_json({"--type", "nomination"})) == std::set<std::string>{"nominations-sent.md"});
    CHECK(files_of(search_json({"--type", "memorandum", "--type", "message"})) ==
          std::set<std::string>{"delegation-memorandum.md", "port-security-memorandum.txt",
                                "message-to-congress.md"});
    // A disaster declaration is no declaration.
    CHECK(run_tool("dossier-search", {"--db", types_db().db(), "--count", "type:declaration"}).status == 1);
    CHECK(files_of(search_json({"type:disaster-declaration"})) == std::set<std::string>{"disaster-declaration.md"});
    // A type however it is written: spaces, capitals, underscores, or one
    // of its other names.
    const std::set<std::string> orders = {"resilience-order.md", "northern-ports-order.txt", "metadata-order.md"};
    CHECK(files_of(search_json({"type:\"Executive Order\""})) == orders);
    CHECK(files_of(search_json({"--type", "executive order"})) == orders);
    CHECK(files_of(search_json({"--type", "Executive_Order"})) == orders);
    CHECK(files_of(search_json({"--type", "presidential memorandum"})) ==
          files_of(search_json({"--type", "memorandum"})));
    // Words and types together: the documents naming Ada Lee, less the roundup.
    CHECK(files_of(search_json({"\"Ada Lee\" NOT type:roundup"})) ==
          std::set<std::string>{"nominations-sent.md", "nomination-remarks.md"});
}

TEST_CASE("explaining a document says where its new type came from", "[cli][types]") {
    const RunResult text =
        run_tool("dossier-search", {"--db", types_db().db(), "--explain-date", path_of("northern-ports-order.txt")});
    CHECK(text.status == 0);
    CHECK(text.out.find("Type: executive-order (from opening)\n") != std::string::npos);
    const json message = search_json({"--explain-date", path_of("message-to-congress.md")});
    CHECK(message.at("type") == "message");
    CHECK(message.at("type_source") == "title");
    CHECK(message.at("tags") == json::array({"statements-releases"}));
}
