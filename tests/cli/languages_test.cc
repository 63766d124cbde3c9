// End-to-end tests of documents in other languages, run through the real
// binaries on testdata/languages: one summit text each in French, German,
// Spanish, Russian and Chinese, and two English notes on Côte d'Ivoire, one
// written with the accent and one without.
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
const fs::path kBin = DOSSIER_BIN_DIR;

using process_util::run_tool;

const std::string& languages_db() {
    static TempDir dir;
    static const std::string db = [] {
        const std::string path = (dir / "db").string();
        RunResult r = run_tool("dossier-index", {"--db", path, (kTestdata / "languages").string()});
        INFO("stderr: " << r.err);
        REQUIRE(r.status == 0);
        return path;
    }();
    return db;
}

json search(const Strings& args) {
    Strings all = {"--db", languages_db(), "--json"};
    all.insert(all.end(), args.begin(), args.end());
    RunResult r = run_tool("dossier-search", all);
    INFO("args: " << args.back() << "\nstderr: " << r.err);
    REQUIRE((r.status == 0 || r.status == 1));
    return json::parse(r.out);
}

/// The file names of the hits for query, sorted.
Strings hits(const std::string& query) {
    const json result = search({"--limit", "50", "--", query});
    Strings names;
    for (const auto& hit : result.at("hits"))
        names.push_back(fs::path(hit.at("path").get<std::string>()).filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

const Strings kForeign = {"de-gipfel.txt", "es-cumbre.txt", "fr-sommet.txt", "ru-sammit.txt"};

}  // namespace

TEST_CASE("the language facet counts the detected languages", "[cli][languages]") {
    const json result = search({"--limit", "0", "--facets", "lang", ""});
    const json& lang = result.at("facets").at("lang");
    CHECK(lang.value("fr", 0) == 1);
    CHECK(lang.value("de", 0) == 1);
    CHECK(lang.value("es", 0) == 1);
    CHECK(lang.value("ru", 0) == 1);
    CHECK(lang.value("zh", 0) == 1);
    CHECK(lang.value("en", 0) == 2);
}

TEST_CASE("lang: keeps the documents of one language", "[cli][languages]") {
    CHECK(hits("lang:fr") == Strings{"fr-sommet.txt"});
    CHECK(hits("lang:French") == Strings{"fr-sommet.txt"});
    CHECK(hits("Vilnius lang:de") == Strings{"de-gipfel.txt"});
    CHECK(hits("lang:en") == Strings{"en-cote.txt", "en-ivoire.txt"});
}

TEST_CASE("each hit says its language", "[cli][languages]") {
    const json result = search({"--limit", "50", ""});
    std::map<std::string, std::string> lang_of;
    for (const auto& hit : result.at("hits"))
        lang_of[fs::path(hit.at("path").get<std::string>()).filename().string()] = hit.at("lang").get<std::string>();
    CHECK(lang_of["fr-sommet.txt"] == "fr");
    CHECK(lang_of["ru-sammit.txt"] == "ru");
    CHECK(lang_of["en-cote.txt"] == "en");
}

TEST_CASE("the lang option and batch member filter as lang: does", "[cli][languages]") {
    auto names = [](const json& result) {
        Strings out;
        for (const auto& hit : result.at("hits"))
            out.push_back(fs::path(hit.at("path").get<std::string>()).filename().string());
        std::sort(out.begin(), out.end());
        return out;
    };
    CHECK(names(search({"--lang", "fr", "--lang", "German", ""})) == Strings{"de-gipfel.txt", "fr-sommet.txt"});
    RunResult batch = process_util::run_with_input(kBin / "dossier-search", {"--db", languages_db(), "--batch"},
                                     R"({"query": "", "filters": {"lang": ["es"]}})" "\n");
    REQUIRE(batch.status == 0);
    const json answer = json::parse(batch.out);
    CHECK(names(answer) == Strings{"es-cumbre.txt"});
    RunResult bad = run_tool("dossier-search", {"--db", languages_db(), "--lang", "klingon", ""});
    CHECK(bad.status == 2);
    CHECK(bad.err.find("unknown language 'klingon'") != std::string::npos);
}

TEST_CASE("an unknown language in lang: is a clear error", "[cli][languages]") {
    RunResult r = run_tool("dossier-search", {"--db", languages_db(), "lang:klingon"});
    CHECK(r.status == 2);
    CHECK(r.err.find("unknown language 'klingon'") != std::string::npos);
}

TEST_CASE("a French word finds its other forms in French text", "[cli][languages]") {
    // The text says "sanctionné": only the French stemmer makes both
    // "sanction".
    CHECK(hits("sanctionnées") == Strings{"fr-sommet.txt"});
    // German and Spanish forms likewise.
    CHECK(hits("Verbündete") == Strings{"de-gipfel.txt"});
    CHECK(hits("sancionados") == Strings{"es-cumbre.txt"});
}

TEST_CASE("a Russian word finds its inflected forms", "[cli][languages]") {
    // The text has "ракет" (genitive plural); the query the nominative.
    CHECK(hits("ракеты") == Strings{"ru-sammit.txt"});
}

TEST_CASE("a word typed without accents finds the accented text", "[cli][languages]") {
    CHECK(hits("Cote") == Strings{"en-cote.txt", "en-ivoire.txt"});
    CHECK(hits("Côte") == Strings{"en-cote.txt", "en-ivoire.txt"});
    CHECK(hits("\"Cote d'Ivoire\" elections") == Strings{"en-ivoire.txt"});
    CHECK(hits("securite europeenne") == Strings{"fr-sommet.txt"});
    CHECK(hits("Gendarmerie") == Strings{"fr-sommet.txt"});
}

TEST_CASE("an exact form keeps its accents", "[cli][languages]") {
    CHECK(hits("=Côte") == Strings{"en-ivoire.txt"});
}

TEST_CASE("country: finds texts naming the country in their own language", "[cli][languages]") {
    CHECK(hits("country:China") == kForeign);
    CHECK(hits("country:\"North Korea\"") == kForeign);
    CHECK(hits("entity:nato") == kForeign);
}

TEST_CASE("an English name finds its foreign names in the texts", "[cli][languages]") {
    CHECK(hits("\"North Korea\"") == kForeign);
    CHECK(hits("NATO") == kForeign);  // the French text says "l'OTAN"
}

TEST_CASE("a Chinese query finds words inside Chinese text", "[cli][languages]") {
    CHECK(hits("峰会") == Strings{"zh-fenghui.txt"});
    CHECK(hits("朝鲜 导弹") == Strings{"zh-fenghui.txt"});
    CHECK(hits("日本").empty());
}

TEST_CASE("the snippet of a foreign text shows the words its language stems alike", "[cli][languages]") {
    auto snippet = [](const std::string& query) {
        const json result = search({"--limit", "1", "--", query});
        REQUIRE(result.at("hits").size() == 1);
        return result.at("hits")[0].at("snippet").get<std::string>();
    };
    CHECK(snippet("sanctionnées").find("sanctionné") != std::string::npos);
    CHECK(snippet("securite europeenne").find("sécurité européenne") != std::string::npos);
}
