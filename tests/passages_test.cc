#include "passages.h"

#include <random>

#include <catch2/catch.hpp>

#include "codec.h"
#include "dossier/index_writer.h"

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

TEST_CASE("passages found from the stored blocks are those of the whole text", "[passages]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    DocumentBuilder builder;
    const std::vector<std::string> vocabulary = {
        "sanctions", "sanctioned", "China", "China's", "Taiwan", "strait", "alliance", "the", "of", "and",
        "ministers", "agreed", "policy", "policies", "defence", "U.S.", "Korea", "nuclear", "talks", "détente",
        "Ünited", "summit", "declaration", "banks", "o'brien", "reaffirm", "security", "partners"};
    const std::vector<std::string> breaks = {"\n\n", "\n", "\n \n", "\n\n\n", "\r\n\r\n"};
    std::mt19937 rng(42);
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
    std::vector<std::pair<Xapian::docid, std::string>> docs;
    for (int d = 0; d < 24; ++d) {
        std::string text;
        std::size_t paragraphs = 1 + pick(d % 3 == 0 ? 6 : 90);
        for (std::size_t p = 0; p < paragraphs; ++p) {
            std::size_t words = 1 + pick(d % 4 == 1 ? 700 : 90);
            for (std::size_t w = 0; w < words; ++w) {
                text += vocabulary[pick(vocabulary.size())];
                text += pick(9) == 0 ? ". " : " ";
            }
            text += breaks[pick(breaks.size())];
        }
        Document doc;
        doc.key = "doc" + std::to_string(d);
        doc.text = text;
        docs.emplace_back(db.add_document(builder.build(doc).xdoc), text);
    }
    const std::vector<std::vector<const char*>> queries = {
        {"Zsanction", "Zbank"}, {"china"}, {"Ztaiwan", "Zstrait"}, {"Zpolici"}, {"korea", "Znuclear"},
        {"détente"}, {"brien"}, {"zephyr"}, {"Zthe", "Zof"}};
    std::size_t multi_block = 0;
    for (const auto& [docid, text] : docs) {
        StoredData stored(db.get_document(docid));
        Document whole = stored.metadata();
        whole.text = stored.text();
        REQUIRE(whole.text == text);  // byte-exact round trip through the blocks
        REQUIRE(stored.has_positions());
        if (stored.blocks().size() > 1) ++multi_block;
        for (const auto& terms : queries) {
            std::vector<Xapian::Query> parts;
            for (const char* t : terms) parts.emplace_back(t);
            PassageFinder finder(Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()), db);
            for (std::size_t wanted : {1, 3, 8}) {
                std::vector<Passage> from_blocks = finder.find(stored, stored.metadata(), docid, wanted);
                std::vector<Passage> from_text = finder.find(whole, wanted);
                INFO("document " << docid << ", first term " << terms[0] << ", " << wanted << " passages");
                REQUIRE(from_blocks.size() == from_text.size());
                for (std::size_t k = 0; k < from_text.size(); ++k) {
                    CHECK(from_blocks[k].text == from_text[k].text);
                    CHECK(from_blocks[k].offset == from_text[k].offset);
                    CHECK(from_blocks[k].length == from_text[k].length);
                    CHECK(from_blocks[k].char_offset == from_text[k].char_offset);
                    CHECK(from_blocks[k].char_length == from_text[k].char_length);
                    CHECK(from_blocks[k].paragraph == from_text[k].paragraph);
                    CHECK(from_blocks[k].score == from_text[k].score);
                    CHECK(from_blocks[k].highlights == from_text[k].highlights);
                }
            }
        }
    }
    CHECK(multi_block >= 12);
}

namespace {

/// The words an excerpt marks, as text.
std::vector<std::string> marked(const std::string& text, const std::vector<std::pair<std::size_t, std::size_t>>& hl) {
    std::vector<std::string> out;
    for (const auto& [offset, length] : hl) out.push_back(text.substr(offset, length));
    return out;
}

/// A passage of text with its matches found as a search finds them.
Passage passage_of(const std::string& text, std::initializer_list<const char*> terms) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Document doc;
    doc.text = text;
    PassageFinder finder(words(terms), db);
    auto passages = finder.find(doc, 1);
    REQUIRE(passages.size() == 1);
    return passages.front();
}

bool valid_utf8(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

}  // namespace

TEST_CASE("an excerpt of a short passage is the passage on one line with its matches", "[passages][excerpt]") {
    Passage p = passage_of("Talks on the  Taiwan\nStrait resumed\tin June.", {"Ztaiwan", "Zstrait"});
    std::string text;
    std::vector<std::pair<std::size_t, std::size_t>> hl;
    excerpt(p, 240, text, hl);
    CHECK(text == "Talks on the Taiwan Strait resumed in June.");
    CHECK(marked(text, hl) == std::vector<std::string>{"Taiwan", "Strait"});
    excerpt(p, 0, text, hl);
    CHECK(text.empty());
    CHECK(hl.empty());
}

TEST_CASE("an excerpt of a long passage holds the most distinct matched words, cut between words",
          "[passages][excerpt]") {
    std::string filler;
    for (int i = 0; i < 30; ++i) filler += "The delegates spoke at length. ";
    // One early match alone, then both words close together further on.
    const std::string text = "Sanctions opened the day. " + filler + "Later the banks faced sanctions again. " + filler;
    Passage p = passage_of(text, {"Zsanction", "Zbank"});
    std::string out;
    std::vector<std::pair<std::size_t, std::size_t>> hl;
    excerpt(p, 120, out, hl);
    CHECK(out.size() <= 120 + 6);
    CHECK(out.rfind("...", 0) == 0);
    CHECK(out.size() >= 3);
    CHECK(out.compare(out.size() - 3, 3, "...") == 0);
    CHECK(marked(out, hl) == std::vector<std::string>{"banks", "sanctions"});
    // Both cut ends fall between words.
    CHECK(out[3] != ' ');
    const std::string inner = out.substr(3, out.size() - 6);
    CHECK(text.find(inner) != std::string::npos);
    const std::size_t at = text.find(inner);
    CHECK(text[at - 1] == ' ');
    CHECK((at + inner.size() == text.size() || text[at + inner.size()] == ' '));
}

TEST_CASE("an excerpt never cuts a character, whatever the budget", "[passages][excerpt]") {
    std::string text;
    for (int i = 0; i < 40; ++i) text += "Сирия и Ирак обсуждали санкции ";
    Passage p = passage_of(text, {"санкции"});
    for (std::size_t budget : {1, 2, 3, 7, 13, 50, 101, 240}) {
        std::string out;
        std::vector<std::pair<std::size_t, std::size_t>> hl;
        excerpt(p, budget, out, hl);
        INFO("budget " << budget << ": " << out);
        CHECK(valid_utf8(out));
        CHECK(out.size() <= budget + 6);
        if (budget >= 14) CHECK(!hl.empty());  // the word is 14 bytes
        for (const auto& [offset, length] : hl) {
            REQUIRE(offset + length <= out.size());
            CHECK(out.substr(offset, length) == "санкции");
        }
    }
}

TEST_CASE("words the query holds only in a phrase are marked where the phrase is", "[passages][excerpt]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Document doc;
    doc.text = "The Secretary General met the press. Then the Press  Secretary spoke on sanctions.";
    const std::vector<Xapian::Query> pair{Xapian::Query("press"), Xapian::Query("secretary")};
    const Xapian::Query phrase(Xapian::Query::OP_PHRASE, pair.begin(), pair.end());
    SECTION("the phrase and a word") {
        PassageFinder finder(Xapian::Query(Xapian::Query::OP_AND, phrase, Xapian::Query("Zsanction")), db);
        auto passages = finder.find(doc, 1);
        REQUIRE(passages.size() == 1);
        CHECK(marked(passages[0].text, passages[0].highlights) ==
              std::vector<std::string>{"Press  Secretary", "sanctions"});
        std::string text;
        std::vector<std::pair<std::size_t, std::size_t>> hl;
        excerpt(passages[0], 240, text, hl);
        CHECK(marked(text, hl) == std::vector<std::string>{"Press Secretary", "sanctions"});
    }
    SECTION("a phrase word also asked for alone is marked everywhere") {
        PassageFinder finder(Xapian::Query(Xapian::Query::OP_OR, phrase, Xapian::Query("Zpress")), db);
        auto passages = finder.find(doc, 1);
        REQUIRE(passages.size() == 1);
        CHECK(marked(passages[0].text, passages[0].highlights) ==
              std::vector<std::string>{"press", "Press  Secretary"});
    }
    SECTION("a phrase with an elision, written with either apostrophe and with or without accents") {
        Document talks;
        talks.text = "Talks in C\xC3\xB4te d\xE2\x80\x99Ivoire, then in cote d'ivoire; Ivoire alone, and d' Ivoire.";
        const std::vector<Xapian::Query> names{Xapian::Query("cote"), Xapian::Query("d'ivoire")};
        PassageFinder finder(Xapian::Query(Xapian::Query::OP_PHRASE, names.begin(), names.end()), db);
        auto passages = finder.find(talks, 1);
        REQUIRE(passages.size() == 1);
        CHECK(marked(passages[0].text, passages[0].highlights) ==
              std::vector<std::string>{"C\xC3\xB4te d\xE2\x80\x99Ivoire", "cote d'ivoire"});
    }
}

TEST_CASE("a query word's forms are found past longer words that start like it", "[passages]") {
    // "of" starts "office" and "offer", "north" "northern", "don" "donor":
    // the passages read from blocks must still be those of the whole text,
    // and "don" is found in the term "don't". The stems "say" and "capabl"
    // are found in "saying" and "capability", past "sanctions" and "capacity".
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    DocumentBuilder builder;
    const std::vector<std::string> vocabulary = {"office", "offer", "off",   "northern",  "Korea", "korean", "talks",
                                                 "the",    "n0rth", "northward", "donor", "done",  "sanctions", "capacity",
                                                 "capital"};
    std::mt19937 rng(7);
    std::vector<std::pair<Xapian::docid, std::string>> docs;
    for (int d = 0; d < 6; ++d) {
        std::string text;
        for (int p = 0; p < 300; ++p) {
            for (int w = 0; w < 1 + static_cast<int>(rng() % 40); ++w) text += vocabulary[rng() % vocabulary.size()] + " ";
            // Far in, the only words "north" and "don" (in the term "don't").
            if (p == 250) text += "north's talks don't saying capability";
            text += "\n\n";
        }
        Document doc;
        doc.key = "doc" + std::to_string(d);
        doc.text = text;
        docs.emplace_back(db.add_document(builder.build(doc).xdoc), text);
    }
    const std::vector<std::vector<const char*>> queries = {{"don"}, {"north"}, {"Zsay"}, {"Zcapabl"}, {"north", "korea"}, {"of", "Zoffic"},
                                                           {"off"}, {"of"}};
    for (const auto& [docid, text] : docs) {
        StoredData stored(db.get_document(docid));
        REQUIRE(stored.blocks().size() > 1);
        Document whole = stored.metadata();
        whole.text = stored.text();
        for (const auto& terms : queries) {
            std::vector<Xapian::Query> parts;
            for (const char* t : terms) parts.emplace_back(t);
            PassageFinder finder(Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()), db);
            std::vector<Passage> from_blocks = finder.find(stored, stored.metadata(), docid, 3);
            std::vector<Passage> from_text = finder.find(whole, 3);
            INFO("document " << docid << ", first term " << terms[0]);
            REQUIRE(from_blocks.size() == from_text.size());
            const std::string first = terms[0];
            if (terms.size() == 1 && (first == "don" || first == "north" || first == "Zsay" || first == "Zcapabl")) CHECK(from_text[0].paragraph == 251);
            for (std::size_t k = 0; k < from_text.size(); ++k) {
                CHECK(from_blocks[k].offset == from_text[k].offset);
                CHECK(from_blocks[k].score == from_text[k].score);
                CHECK(from_blocks[k].highlights == from_text[k].highlights);
            }
        }
    }
}
