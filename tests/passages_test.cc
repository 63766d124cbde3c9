#include "passages.h"

#include <catch2/catch.hpp>

using namespace dossier;

namespace {

Xapian::Query words(std::initializer_list<const char*> terms) {
    std::vector<Xapian::Query> q;
    for (const char* t : terms) q.emplace_back(t);
    return Xapian::Query(Xapian::Query::OP_OR, q.begin(), q.end());
}

}  // namespace

TEST_CASE("the passage where query words cluster comes first", "[passages]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Document doc;
    doc.text = "Opening words about budgets.\n\nNothing here either.\n\n"
               "Sanctions on the regime and sanctioned banks.\n\nA last word on sanctions.";
    PassageFinder finder(words({"Zsanction", "Zbank"}), db);
    auto passages = finder.find(doc, 3);
    REQUIRE(passages.size() == 2);  // non-matching paragraphs are not listed after the best
    CHECK(passages[0].paragraph == 3);
    CHECK(passages[0].text == "Sanctions on the regime and sanctioned banks.");
    CHECK(doc.text.substr(passages[0].offset, passages[0].length) == passages[0].text);
    REQUIRE(passages[0].highlights.size() == 3);
    CHECK(passages[0].text.substr(passages[0].highlights[1].first, passages[0].highlights[1].second) ==
          "sanctioned");
    CHECK(passages[1].paragraph == 4);
}

TEST_CASE("offsets are counted in bytes and in characters", "[passages]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Document doc;
    doc.text = "Détente é.\n\nThe entente held.";
    PassageFinder finder(words({"entente"}), db);
    auto passages = finder.find(doc, 1);
    REQUIRE(passages.size() == 1);
    CHECK(passages[0].offset == 14);
    CHECK(passages[0].char_offset == 12);
    CHECK(passages[0].char_length == passages[0].length);
}

TEST_CASE("long paragraphs are cut at sentence ends and keep their number", "[passages]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Document doc;
    std::string sentence = "The alliance met again to discuss routine matters of budget. ";
    for (int i = 0; i < 40; ++i) doc.text += sentence;
    doc.text += "Only here is the word zephyr.";
    PassageFinder finder(words({"zephyr"}), db);
    auto passages = finder.find(doc, 1);
    REQUIRE(passages.size() == 1);
    CHECK(passages[0].paragraph == 1);
    CHECK(passages[0].length <= 1200);
    CHECK(passages[0].text.find("zephyr") != std::string::npos);
}

TEST_CASE("pages are found from the page offsets", "[passages]") {
    Document doc;
    doc.text = "page one\n\npage two\n\npage three";
    doc.pages = {0, 10, 20};
    CHECK(page_of(doc, 0) == 1);
    CHECK(page_of(doc, 12) == 2);
    CHECK(page_of(doc, 25) == 3);
    Document unpaged;
    CHECK(page_of(unpaged, 5) == 0);
}

TEST_CASE("a filter-only query gives the first paragraph with score 0", "[passages]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Document doc;
    doc.text = "\n\nFirst.\n\nSecond.";
    PassageFinder finder(Xapian::Query("XTreport"), db);
    auto passages = finder.find(doc, 2);
    REQUIRE(passages.size() == 1);
    CHECK(passages[0].text == "First.");
    CHECK(passages[0].score == 0);
    CHECK(PassageFinder(Xapian::Query("x"), db).find(Document{}, 1).empty());
}
