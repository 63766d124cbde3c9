#include "mentions.h"

#include <string>

#include <catch2/catch.hpp>

#include "codec.h"
#include "dossier/index_writer.h"
#include "dossier/query.h"
#include "text.h"

using namespace dossier;

namespace {

/// An in-memory database of one document built as the indexer builds it.
struct OneDoc {
    Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};
    Xapian::docid did = 0;
    explicit OneDoc(const Document& doc) {
        DocumentBuilder builder;
        did = db.add_document(builder.build(doc).xdoc);
    }
    MentionCount count(const std::string& query) const {
        const ParsedQuery parsed = QueryBuilder(db).build(query);
        const MentionCounter counter(db, mention_query(parsed));
        return counter.count(did, StoredData(db.get_document(did)));
    }
};

/// Words the term generator reads in text, as the indexer configures it.
Xapian::termcount generator_words(const std::string& text) {
    Xapian::TermGenerator generator;
    Xapian::Document scratch;
    generator.set_document(scratch);
    generator.index_text(index_form(text));
    return generator.get_termpos();
}

}  // namespace

TEST_CASE("the words of a text of many blocks are those the term generator reads", "[mentions]") {
    Document doc;
    doc.meta.title = "Karsland Karsland Karsland";
    for (int i = 0; i < 60; ++i) {
        doc.text += "Paragraph " + std::to_string(i) + " of the report on Karsland's navy, with its ships and 12 ports.";
        if (i % 7 == 0)
            for (int k = 0; k < 30; ++k) doc.text += " A long stretch of sentences makes this paragraph cut in parts.";
        doc.text += "\n\n";
    }
    doc.text += "The last words.";
    const OneDoc one(doc);
    REQUIRE(StoredData(one.db.get_document(one.did)).blocks().size() > 3);
    const MentionCount count = one.count("Karsland");
    CHECK(count.words == generator_words(doc.text));
    // The title's three are not mentions; the possessive counts.
    CHECK(count.mentions == 60);
}

TEST_CASE("phrases count where their words stand side by side", "[mentions]") {
    Document doc;
    doc.text = "The Frost Strait froze. Frost closed the strait.\n\nShips waited at the Frost Strait.";
    const OneDoc one(doc);
    CHECK(one.count("\"Frost Strait\"").mentions == 2);
    CHECK(one.count("frost").mentions == 3);
    CHECK(one.count("frost strait").mentions == 6);
    CHECK(one.count("frost NOT ice").mentions == 3);
    CHECK(one.count("frost type:report").mentions == 3);
}

TEST_CASE("a stemmed word counts each form that has its stem", "[mentions]") {
    Document doc;
    doc.text = "Sanctions and a sanction; they sanctioned the sanctioning body. Sanctuary is another word.";
    const OneDoc one(doc);
    const ParsedQuery parsed = QueryBuilder(one.db).build("sanctions");
    const MentionCounter counter(one.db, mention_query(parsed));
    CHECK(counter.forms() == std::vector<std::string>{"sanction", "sanctioned", "sanctioning", "sanctions"});
    CHECK(one.count("sanctions").mentions == 4);
}
