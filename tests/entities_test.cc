#include <algorithm>

#include <catch2/catch.hpp>

#include "dossier/error.h"
#include "dossier/schema.h"
#include "aliases.h"
#include "entities.h"
#include "gazetteer.h"
#include "gazetteer_impl.h"

using dossier::Gazetteer;

namespace {

/// Ids found in text, in order of first mention.
std::vector<std::string> ids(std::string_view text) {
    std::vector<std::string> out;
    for (const auto& hit : Gazetteer::builtin().detect(text)) out.push_back(hit.id);
    return out;
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("the built-in gazetteer resolves names, aliases and ids", "[entities]") {
    const Gazetteer& g = Gazetteer::builtin();
    for (const char* name : {"South Korea", "Republic of Korea", "ROK", "Korea, Republic of", "south-korea",
                             "SOUTH KOREA"}) {
        CAPTURE(name);
        REQUIRE(g.lookup(name) != nullptr);
        CHECK(g.lookup(name)->id == "south-korea");
    }
    CHECK(g.lookup("DPRK")->id == "north-korea");
    CHECK(g.lookup("Democratic People's Republic of Korea")->id == "north-korea");
    CHECK(g.lookup("PRC")->id == "china");
    CHECK(g.lookup("USA")->id == "united-states");
    CHECK(g.lookup("Britain")->id == "united-kingdom");
    CHECK(g.lookup("North Atlantic Treaty Organization")->id == "nato");
    CHECK(g.lookup("G-7")->id == "g7");
    CHECK(g.lookup("Group of Seven")->id == "g7");
    CHECK(g.lookup("Türkiye")->id == "turkey");
    CHECK(g.lookup("Atlantis") == nullptr);
    CHECK(g.lookup("Chinese") == nullptr);  // an adjective is no name
    CHECK(g.find("ip4")->kind == dossier::EntityKind::kOrganisation);
    CHECK(g.find("south-korea")->name.text == "South Korea");
}

TEST_CASE("filter values of country: and entity: are canonical", "[entities]") {
    CHECK(dossier::country_filter_value("ROK") == "south korea");
    CHECK(dossier::country_filter_value("south-korea") == "south korea");
    CHECK(dossier::country_filter_value("Republic of Korea") == "south korea");
    CHECK(dossier::country_filter_value("North Korea") == "north korea");
    CHECK(dossier::country_filter_value("Atlantis") == "atlantis");
    CHECK(dossier::entity_filter_value("NATO") == "nato");
    CHECK(dossier::entity_filter_value("the quad") == "the-quad");
    CHECK(dossier::entity_filter_value("Quad") == "quad");
    CHECK(dossier::entity_filter_value("ROK") == "south-korea");
}

TEST_CASE("names are found with their capitals and the longest name wins", "[entities]") {
    CHECK(ids("The Democratic People's Republic of Korea and the Republic of Korea met.") ==
          Ids{"north-korea", "south-korea"});
    CHECK(ids("Let us talk about the US and the U.S. and the USA.") == Ids{"united-states"});
    CHECK(ids("let us go, and us too") == Ids{});
    CHECK(ids("THE PRESIDENT: LET US BEGIN") == Ids{});
    CHECK(ids("THE PEOPLE'S REPUBLIC OF CHINA") == Ids{"china"});
    CHECK(ids("Chinese and South Korean officials") == Ids{"china", "south-korea"});
    CHECK(ids("china plates and a turkey dinner") == Ids{});
    CHECK(ids("Latin America and New Mexico") == Ids{});
    CHECK(ids("patrols in the South China Sea and the Indian Ocean") == Ids{});
    CHECK(ids("The G-7 and the Group of Seven and G7") == Ids{"g7"});
    CHECK(ids("the Indo-Pacific partners and AUKUS and the Quad") == Ids{"ip4", "aukus", "quad"});
    CHECK(ids("Beijing said") == Ids{"china"});
    const auto hits = Gazetteer::builtin().detect("NATO, NATO and the North Atlantic Treaty Organization");
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].count == 3);
    CHECK(hits[0].first == 0);
}

TEST_CASE("ambiguous names need context and are not part of a person's name", "[entities]") {
    // Georgia the country needs a word of its context; the US state has none.
    CHECK(ids("Savannah, Georgia is a port.") == Ids{});
    CHECK(ids("Georgia and Russia fought over South Ossetia.") == Ids{"georgia", "russia"});
    CHECK(ids("Georgia Tech and Tbilisi") == Ids{});
    // Jordan: the country with Middle East context, not Michael Jordan.
    CHECK(ids("Jordan hosts refugees from Syria.") == Ids{"jordan", "syria"});
    CHECK(ids("Michael Jordan played in Chicago.") == Ids{});
    CHECK(ids("Michael Jordan met officials from Israel.") == Ids{"israel"});
    // Chad: not a first name.
    CHECK(ids("Chad Thompson led the team.") == Ids{});
    CHECK(ids("Chad and Niger patrol the Sahel.") == Ids{"chad", "niger"});
    // Turkey: the country with its context, not a place name.
    CHECK(ids("Turkey Creek, Texas") == Ids{});
    CHECK(ids("Turkey and Greece, both in NATO, met.") == Ids{"turkey", "greece", "nato"});
    // "the Alliance" is NATO only where NATO is named.
    CHECK(ids("the Alliance for Progress") == Ids{});
    CHECK(ids("NATO allies met; the Alliance agreed.") == Ids{"nato"});
}

TEST_CASE("resolve_entities canonicalises metadata and falls back to the text", "[entities]") {
    SECTION("metadata countries are kept, in display form") {
        dossier::Document doc;
        doc.meta.countries = {"ROK", "USA", "Atlantis"};
        doc.text = "China and NATO.";
        dossier::resolve_entities(doc);
        CHECK(doc.meta.countries == std::vector<std::string>{"South Korea", "United States", "Atlantis"});
        CHECK(doc.meta.countries_source == "metadata");
        CHECK(doc.meta.entities == std::vector<std::string>{"south-korea", "united-states", "china", "nato"});
    }
    SECTION("without metadata countries those of the text are used") {
        dossier::Document doc;
        doc.meta.source = "NATO";
        doc.text = "The DPRK fired; Japan and the ROK protested. NATO met.";
        dossier::resolve_entities(doc);
        CHECK(doc.meta.countries == std::vector<std::string>{"North Korea", "Japan", "South Korea"});
        CHECK(doc.meta.countries_source == "text");
        CHECK(doc.meta.entities == std::vector<std::string>{"nato", "north-korea", "japan", "south-korea"});
    }
    SECTION("no country anywhere") {
        dossier::Document doc;
        doc.text = "Nothing named here.";
        dossier::resolve_entities(doc);
        CHECK(doc.meta.countries.empty());
        CHECK(doc.meta.countries_source.empty());
    }
}

TEST_CASE("a malformed gazetteer is refused with its line number", "[entities]") {
    CHECK_THROWS_WITH(Gazetteer::parse("# c\nx\tcountry\tX\n"), Catch::Contains("line 2"));
    CHECK_THROWS_WITH(Gazetteer::parse("X\tcountry\tX\t\t\t\t\n"), Catch::Contains("lower-case"));
    CHECK_THROWS_WITH(Gazetteer::parse("x\tplanet\tX\t\t\t\t\n"), Catch::Contains("kind"));
    CHECK_THROWS_WITH(Gazetteer::parse("x\tcountry\tX\t\t\t\t\nx\tcountry\tY\t\t\t\t\n"),
                      Catch::Contains("duplicate"));
    const Gazetteer small = Gazetteer::parse("ruritania\tcountry\tRuritania\tKingdom of Ruritania\tRuritanian\t\t\n");
    REQUIRE(small.entities().size() == 1);
    CHECK(small.detect("The Ruritanian envoy")[0].id == "ruritania");
}

TEST_CASE("query aliases widen to every name of the entity", "[entities][query]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    auto add = [&](const std::string& text, const std::string& entity) {
        Xapian::Document doc;
        Xapian::TermGenerator tg;
        tg.set_document(doc);
        tg.index_text(text);
        if (!entity.empty()) doc.add_boolean_term(std::string(dossier::schema::kPrefixEntity) + entity);
        db.add_document(doc);
    };
    add("republic of korea forces train", "south-korea");
    add("south korean forces train", "south-korea");
    add("democratic people republic of korea forces parade", "north-korea");
    add("rok forces train", "south-korea");
    add("let us force nothing", "");

    auto run = [&](const std::string& text, std::vector<dossier::AliasExpansion>* out = nullptr) {
        Xapian::QueryParser parser;
        parser.set_database(db);
        parser.add_prefix("title", "S");
        std::vector<dossier::AliasExpansion> expansions;
        std::string rewritten = dossier::expand_aliases(text, db, parser, expansions);
        if (out) *out = expansions;
        Xapian::Enquire enquire(db);
        enquire.set_query(parser.parse_query(rewritten, Xapian::QueryParser::FLAG_DEFAULT));
        std::vector<Xapian::docid> ids;
        Xapian::MSet mset = enquire.get_mset(0, 10);
        for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(*it);
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    std::vector<dossier::AliasExpansion> expansions;
    // The DPRK's name ends with "Republic of Korea": its document is not
    // South Korean.
    CHECK(run("\"ROK forces\"", &expansions) == std::vector<Xapian::docid>{1, 2, 4});
    REQUIRE(expansions.size() == 1);
    CHECK(expansions[0].typed == "ROK");
    CHECK(expansions[0].entity == "south-korea");
    CHECK(expansions[0].forms.front() == "ROK forces");
    CHECK(run("\"Republic of Korea forces\"") == std::vector<Xapian::docid>{1, 2, 3, 4});
    CHECK(run("ROK") == std::vector<Xapian::docid>{1, 4});
    CHECK(run("title:\"ROK forces\"").empty());
    // Lower-case "us" is a word, not the United States.
    CHECK(run("us").size() == 1);
    expansions.clear();
    run("us", &expansions);
    CHECK(expansions.empty());
    CHECK(dossier::matched_aliases({{"ROK", "south-korea", {"ROK forces", "South Korean forces"}}},
                                   "Some South Korean forces.") == std::vector<std::string>{"South Korean forces"});
}

namespace dossier::detail {
extern const char* const kGazetteerTsv;
}  // namespace dossier::detail

TEST_CASE("the built-in gazetteer reads back the very entries and forms that parsing computes", "[entities]") {
    // Entries and forms are recorded when the library is built; a recording
    // that drifted from the parser would make aliases miss without an error.
    const auto* recorded = dossier::Gazetteer::builtin().tables();
    const dossier::Gazetteer computed = dossier::Gazetteer::parse(dossier::detail::kGazetteerTsv);
    const auto& a = dossier::Gazetteer::builtin().entities();
    const auto& b = computed.entities();
    REQUIRE(a.size() == b.size());
    auto same_names = [](const std::vector<dossier::EntityName>& x, const std::vector<dossier::EntityName>& y) {
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (x[i].text != y[i].text || x[i].exact != y[i].exact || x[i].guarded != y[i].guarded) return false;
        return true;
    };
    for (std::size_t i = 0; i < a.size(); ++i) {
        INFO(b[i].id);
        CHECK(a[i].id == b[i].id);
        CHECK(a[i].kind == b[i].kind);
        CHECK(same_names({a[i].name}, {b[i].name}));
        CHECK(same_names(a[i].aliases, b[i].aliases));
        CHECK(same_names(a[i].adjectives, b[i].adjectives));
        CHECK(same_names(a[i].mentions, b[i].mentions));
        CHECK(a[i].context == b[i].context);
    }
    REQUIRE(recorded != nullptr);
    REQUIRE(computed.tables() != nullptr);
    CHECK(recorded->by_name == computed.tables()->by_name);
    CHECK(recorded->all_folded == computed.tables()->all_folded);
    REQUIRE(recorded->query_forms.size() == computed.tables()->query_forms.size());
    for (std::size_t i = 0; i < recorded->query_forms.size(); ++i) {
        INFO(i);
        CHECK(recorded->query_forms[i].words == computed.tables()->query_forms[i].words);
        CHECK(recorded->query_forms[i].folded == computed.tables()->query_forms[i].folded);
        CHECK(recorded->query_forms[i].entity == computed.tables()->query_forms[i].entity);
    }
    CHECK(recorded->by_name.size() > 100);
}

TEST_CASE("the alias forms a document holds are read from its word positions", "[entities][query]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    auto add = [&](const std::string& text) {
        Xapian::Document doc;
        Xapian::TermGenerator tg;
        tg.set_document(doc);
        tg.index_text(text);
        // Accent-free twins at the same positions, as the index writer adds them.
        std::vector<Xapian::termpos> accented;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
            if (*t == "c\xC3\xB4te")
                for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) accented.push_back(*p);
        for (Xapian::termpos p : accented) doc.add_posting("cote", p, 0);
        return db.add_document(doc);
    };
    const Xapian::docid both = add("Talks with South Korean forces and ROK forces ended.");
    const Xapian::docid apart = add("South Korean troops; other forces. ROK troops and forces.");
    const Xapian::docid accented = add("Envoys from C\xC3\xB4te d'Ivoire met.");
    const std::vector<dossier::AliasExpansion> rok = {{"ROK", "south-korea", {"ROK forces", "South Korean forces"}}};
    CHECK(dossier::matched_aliases(rok, db, both) == std::vector<std::string>{"ROK forces", "South Korean forces"});
    CHECK(dossier::matched_aliases(rok, db, apart).empty());
    const std::vector<dossier::AliasExpansion> ivory = {{"Ivory Coast", "cote-d-ivoire", {"Ivory Coast", "Cote d'Ivoire"}}};
    CHECK(dossier::matched_aliases(ivory, db, accented) == std::vector<std::string>{"Cote d'Ivoire"});
    // The text scan agrees where both can look.
    CHECK(dossier::matched_aliases(rok, "Talks with South Korean forces and ROK forces ended.") ==
          std::vector<std::string>{"ROK forces", "South Korean forces"});
}
