#include "dossier/index_writer.h"
#include "codec.h"

#include <catch2/catch.hpp>

#include "dossier/error.h"
#include "dossier/schema.h"
#include "test_util.h"

using namespace dossier;

namespace {

Document make_doc(const std::string& key, const std::string& text) {
    Document doc;
    doc.key = key;
    doc.path = key;
    doc.format = "text";
    doc.meta.title = "Summit Declaration";
    doc.meta.date = *Date::parse("2019-06");
    doc.meta.type = "declaration";
    doc.meta.source = "NATO";
    doc.meta.countries = {"South Korea", "North Korea"};
    doc.meta.authors = {"Jane Doe"};
    doc.text = text;
    return doc;
}

}  // namespace

TEST_CASE("document data round-trips metadata and text byte-exactly", "[index_writer]") {
    Document doc = make_doc("/corpus/a.txt", std::string("Line one\n\x01\xc3\xa9 and more\n", 20));
    doc.meta.url = "https://example.org/a";
    doc.meta.date_source = "dateline";
    doc.meta.date_evidence = "Brussels, 14 June 2019";
    doc.meta.type_source = "title";
    doc.meta.title_source = "designation";
    doc.meta.date_refused = "2023-07: a photo caption: Left to right: ...";
    doc.pages = {0, 12};
    Document back = decode_document_data(encode_document_data(doc));
    CHECK(back.key == doc.key);
    CHECK(back.path == doc.path);
    CHECK(back.format == "text");
    CHECK(back.meta.title == doc.meta.title);
    CHECK(back.meta.date.to_string() == "2019-06");
    CHECK(back.meta.type == "declaration");
    CHECK(back.meta.source == "NATO");
    CHECK(back.meta.countries == doc.meta.countries);
    CHECK(back.meta.authors == doc.meta.authors);
    CHECK(back.meta.url == doc.meta.url);
    CHECK(back.text == doc.text);
    CHECK(back.meta.date_source == "dateline");
    CHECK(back.meta.date_evidence == "Brussels, 14 June 2019");
    CHECK(back.meta.type_source == "title");
    CHECK(back.meta.title_source == "designation");
    CHECK(back.meta.date_refused == doc.meta.date_refused);
    CHECK(back.pages == doc.pages);
}

TEST_CASE("decoding rejects corrupt document data", "[index_writer]") {
    CHECK_THROWS_AS(decode_document_data(EncodedDocument{"junk", ""}), Error);
    EncodedDocument encoded = encode_document_data(make_doc("k", "text"));
    CHECK_THROWS_AS(decode_document_data(EncodedDocument{encoded.data.substr(0, 6), encoded.text}), Error);
    // The blocks are missing or cut short.
    CHECK_THROWS_AS(decode_document_data(EncodedDocument{encoded.data, ""}), Error);
    CHECK_THROWS_AS(decode_document_data(EncodedDocument{encoded.data, encoded.text.substr(1)}), Error);
}

TEST_CASE("the text blocks are stored apart from the document data; the older layout is still read",
          "[index_writer]") {
    Document doc = make_doc("/corpus/b.txt", std::string(20000, 'x') + "\n\nsecond paragraph\n");
    EncodedDocument encoded = encode_document_data(doc);
    CHECK(encoded.data.compare(0, 4, "DSR3") == 0);
    CHECK(encoded.data.size() < 1000);  // the header alone
    CHECK_FALSE(encoded.text.empty());

    Xapian::Document xdoc;
    set_stored_document(xdoc, encoded);
    CHECK(xdoc.get_value(schema::kSlotText) == encoded.text);
    CHECK(decode_document_data(xdoc).text == doc.text);

    // DSR2: the same header, the blocks after it in the data.
    std::string v2 = encoded.data;
    v2.replace(0, 4, "DSR2");
    v2 += encoded.text;
    Xapian::Document old;
    old.set_data(v2);
    StoredData stored(old);
    CHECK(stored.blocks().size() == StoredData(encoded.data, encoded.text).blocks().size());
    CHECK(stored.text() == doc.text);
    CHECK(decode_document_data(EncodedDocument{v2, ""}).meta.title == doc.meta.title);
}

TEST_CASE("long keys get a hashed id term within Xapian's limit", "[index_writer]") {
    std::string key(400, 'x');
    std::string term = id_term(key);
    CHECK(term.size() <= schema::kMaxTermBytes);
    CHECK(term.rfind("Q#", 0) == 0);
    CHECK(id_term(key) == term);
    CHECK(id_term("/a/b.txt") == "Q/a/b.txt");
}

TEST_CASE("adding twice with the same key replaces the document", "[index_writer]") {
    dossier_test::TempDir dir;
    IndexWriter writer(dir.str() + "/db");
    writer.add(make_doc("/c/a.txt", "first version"), "1:1");
    writer.add(make_doc("/c/a.txt", "second version"), "2:2");
    writer.add(make_doc("/c/b.txt", "other"), "3:3");
    writer.commit();
    CHECK(writer.doc_count() == 2);
    auto files = writer.indexed_files();
    REQUIRE(files.size() == 2);
    CHECK(files["/c/a.txt"].signature == "2:2");
    CHECK(writer.remove("/c/a.txt"));
    CHECK_FALSE(writer.remove("/c/a.txt"));
    CHECK(writer.doc_count() == 1);
}

TEST_CASE("metadata gets filter terms, facet values and date slots", "[index_writer]") {
    dossier_test::TempDir dir;
    IndexWriter writer(dir.str() + "/db");
    Xapian::docid id = writer.add(make_doc("/c/a.txt", "Allies met in London."));
    writer.commit();
    Xapian::Document xdoc = writer.database().get_document(id);
    auto has = [&](const std::string& term) {
        auto it = xdoc.termlist_begin();
        it.skip_to(term);
        return it != xdoc.termlist_end() && *it == term;
    };
    CHECK(has("XTdeclaration"));
    CHECK(has("XSnato"));
    CHECK(has("XCnorth korea"));
    CHECK(has("XCsouth korea"));
    CHECK(has("XY2019"));
    CHECK(has("Ssummit"));
    CHECK(has("Ajane"));
    CHECK(xdoc.get_value(schema::kSlotDateStart) == "20190601");
    CHECK(xdoc.get_value(schema::kSlotDateEnd) == "20190630");
    CHECK(xdoc.get_value(schema::kSlotYear) == "2019");
    CHECK(xdoc.get_value(schema::kSlotCountries) == "South Korea\x1fNorth Korea");
}

TEST_CASE("no phrase spans two metadata values", "[index_writer]") {
    dossier_test::TempDir dir;
    IndexWriter writer(dir.str() + "/db");
    writer.add(make_doc("/c/a.txt", "Nothing about the peninsula here."));
    writer.commit();
    Xapian::Enquire enquire(writer.database());
    auto phrase = [&](const std::string& a, const std::string& b) {
        std::vector<Xapian::Query> words = {Xapian::Query(a), Xapian::Query(b)};
        enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end()));
        return enquire.get_mset(0, 10).size();
    };
    CHECK(phrase("north", "korea") == 1);
    CHECK(phrase("korea", "north") == 0);
}

TEST_CASE("a second writer gets a lock error naming the lock", "[index_writer]") {
    dossier_test::TempDir dir;
    IndexWriter first(dir.str() + "/db");
    try {
        IndexWriter second(dir.str() + "/db");
        FAIL("second writer opened a locked database");
    } catch (const LockError& e) {
        CHECK(std::string(e.what()).find("locked") != std::string::npos);
    }
}

TEST_CASE("a database whose creation was killed midway is created again", "[index_writer]") {
    // What a SIGKILL during Xapian's creation of a database leaves: table
    // files and the version file still under its temporary name.
    dossier_test::TempDir dir;
    const std::string db = dir.str() + "/db";
    std::filesystem::create_directories(db);
    for (const char* name : {"flintlock", "postlist.glass", "termlist.glass", "v.tmp"})
        dossier_test::write_file(std::filesystem::path(db) / name, "");
    {
        IndexWriter writer(db);
        Document doc;
        doc.key = doc.path = "/k/one.txt";
        doc.format = "text";
        doc.text = "Recovered after an interrupted creation.";
        writer.add(doc);
        writer.commit();
        CHECK(writer.doc_count() == 1);
    }
    CHECK(std::filesystem::exists(std::filesystem::path(db) / "iamglass"));
    CHECK_FALSE(std::filesystem::exists(std::filesystem::path(db) / "v.tmp"));
}

TEST_CASE("a folder with table files and anything else is never cleared", "[index_writer]") {
    dossier_test::TempDir dir;
    const std::string db = dir.str() + "/db";
    std::filesystem::create_directories(db);
    for (const char* name : {"postlist.glass", "v.tmp", "notes.txt"})
        dossier_test::write_file(std::filesystem::path(db) / name, "kept");
    CHECK_THROWS_AS(IndexWriter(db), Error);
    CHECK(dossier_test::read_file(std::filesystem::path(db) / "notes.txt") == "kept");
    CHECK(dossier_test::read_file(std::filesystem::path(db) / "postlist.glass") == "kept");
}
