#include "dossier/request.h"
#include "dossier/indexer.h"

#include <algorithm>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "dossier/error.h"
#include "dossier/searcher.h"
#include "test_util.h"

using namespace dossier;

TEST_CASE("parse_search_request reads every member of a request", "[jsonl]") {
    BatchRequest r = parse_search_request(
        R"({"schema_version": 1, "query": "China", "filters": {"type": ["declaration"], "source": "NATO",)"
        R"( "country": ["Japan", "India"], "year": [2019, "2020"], "before": "2024", "after": 2000,)"
        R"( "since": "2001-02", "until": "2023-12-31"}, "limit": 3, "offset": 6,)"
        R"( "facets": ["year", "type", "year"], "sort": "-date", "any": true, "count": true,)"
        R"( "feedback": 10, "neighbours": 5})",
        BatchRequest{});
    CHECK(r.search.query.text == "China");
    CHECK(r.search.query.filters.types == std::vector<std::string>{"declaration"});
    CHECK(r.search.query.filters.sources == std::vector<std::string>{"NATO"});
    CHECK(r.search.query.filters.countries == std::vector<std::string>{"Japan", "India"});
    CHECK(r.search.query.filters.years == std::vector<std::string>{"2019", "2020"});
    CHECK(r.search.query.filters.before == Date::parse("2024"));
    CHECK(r.search.query.filters.after == Date::parse("2000"));
    CHECK(r.search.query.filters.since == Date::parse("2001-02"));
    CHECK(r.search.query.filters.until == Date::parse("2023-12-31"));
    CHECK(r.search.paging.limit == 3);
    CHECK(r.search.paging.offset == 6);
    CHECK(r.search.counting.facets == std::vector<Facet>{Facet::kYear, Facet::kType});
    CHECK(r.search.paging.sort == SortOrder::kDateDesc);
    CHECK(r.search.query.options.any);
    CHECK(r.count);
    CHECK(r.search.counting.exact_total);
    CHECK(r.search.ranking.feedback_docs == 10);
    CHECK(r.search.ranking.neighbours == 5);
}

TEST_CASE("parse_search_request keeps defaults for absent members", "[jsonl]") {
    BatchRequest defaults;
    defaults.search.query.text = "ignored";
    defaults.search.paging.limit = 7;
    defaults.search.query.filters.types = {"interview"};
    defaults.search.query.filters.since = Date::parse("2019");
    defaults.search.counting.facets = {Facet::kSource};
    BatchRequest r = parse_search_request(R"({"query": "Taiwan", "filters": {"type": "communique"}})", defaults);
    CHECK(r.search.query.text == "Taiwan");
    CHECK(r.search.paging.limit == 7);
    CHECK(r.search.query.filters.types == std::vector<std::string>{"communique"});
    CHECK(r.search.query.filters.since == Date::parse("2019"));
    CHECK(r.search.counting.facets == std::vector<Facet>{Facet::kSource});
    CHECK_FALSE(r.count);
}

TEST_CASE("parse_search_request rejects malformed requests with a reason", "[jsonl]") {
    struct Case {
        const char* line;
        const char* reason;
    };
    const Case cases[] = {
        {"{", "not JSON"},
        {"[1]", "not a JSON object"},
        {R"({"qeury": "x"})", "qeury"},
        {R"({"query": 1})", "\"query\" must be a string"},
        {R"({"limit": "3"})", "\"limit\" must be an integer"},
        {R"({"limit": 1000001})", "\"limit\" must be from 0 to 1000000"},
        {R"({"offset": -1})", "\"offset\""},
        {R"({"limit": 18446744073709551615})", "out of range"},
        {R"({"facets": "year"})", "\"facets\" must be a list"},
        {R"({"facets": ["colour"]})", "colour"},
        {R"({"sort": "newest"})", "newest"},
        {R"({"any": 1})", "\"any\" must be true or false"},
        {R"({"neighbours": -1})", "\"neighbours\" must be from 0 to 99"},
        {R"({"feedback": 1001})", "\"feedback\" must be from 0 to 1000"},
        {R"({"filters": []})", "\"filters\" must be an object"},
        {R"({"filters": {"types": ["x"]}})", "unknown filter \"types\""},
        {R"({"filters": {"type": [""]}})", "empty value"},
        {R"({"filters": {"type": [3]}})", "must be strings"},
        {R"({"filters": {"since": ""}})", "empty value"},
        {R"({"filters": {"until": true}})", "must be a string"},
        {R"({"schema_version": 2})", "schema_version"},
    };
    for (const Case& c : cases) {
        INFO("line: " << c.line);
        try {
            parse_search_request(c.line, BatchRequest{});
            FAIL("no exception");
        } catch (const QueryError& e) {
            CHECK_THAT(e.what(), Catch::Contains(c.reason));
        }
    }
}

TEST_CASE("batch_error_line names the query of the failed line", "[jsonl]") {
    using nlohmann::json;
    json a = json::parse(batch_error_line("bad", R"({"query": "China", "x": 1})", 3));
    CHECK(a == json{{"schema_version", 1}, {"error", "bad"}, {"query", "China"}, {"line", 3}});
    json b = json::parse(batch_error_line("bad", "{broken", 4));
    CHECK(b.at("query") == "{broken");
    json c = json::parse(batch_error_line("bad", R"({"limit": 3})", 5));
    CHECK(c.at("query") == "");
    json d = json::parse(batch_error_line("bad", "caf\xe9", 6));  // invalid UTF-8 is replaced
    CHECK(d.at("line") == 6);
}

TEST_CASE("parse_document_line builds a tidy document", "[jsonl]") {
    Document doc = parse_document_line(
        R"({"id": "r-1", "title": "  Cable\n security ", "date": "2021-03", "type": " Communiqué ",)"
        R"( "source": "Nordic Council", "authors": ["Ann Berg", " "], "countries": "Norway; Ireland",)"
        R"( "url": "https://example.org", "text": "Cables \u2019s\r\ncut.", "unknown": [1]})");
    CHECK(doc.key == "jsonl:r-1");
    CHECK(doc.path.empty());
    CHECK(doc.format == "text");
    CHECK(doc.meta.title == "Cable security");
    CHECK(doc.meta.date.to_string() == "2021-03");
    CHECK(doc.meta.date_source == "metadata");
    CHECK(doc.meta.type == "communique");
    CHECK(doc.meta.source == "Nordic Council");
    CHECK(doc.meta.authors == std::vector<std::string>{"Ann Berg"});
    CHECK(doc.meta.countries == std::vector<std::string>{"Norway", "Ireland"});
    CHECK(doc.meta.url == "https://example.org");
    CHECK(doc.text == "Cables 's\ncut.");

    Document tagged = parse_document_line(
        R"({"id": "t-1", "text": "Ministers met.", "tags": ["statements-releases", "Fact Sheet"],)"
        R"( "categories": "Trade; Ports"})");
    CHECK(tagged.meta.type == "fact-sheet");
    CHECK(tagged.meta.type_source == "tag");
    CHECK(tagged.meta.tags == std::vector<std::string>{"statements-releases", "Trade", "Ports"});

    Document plain = parse_document_line(R"({"id": 42, "text": "\n\n  First line here\nbody", "date": null})");
    CHECK(plain.key == "jsonl:42");
    CHECK(plain.meta.title == "First line here");
    CHECK_FALSE(plain.meta.date.is_dated());
    CHECK(plain.meta.date_source.empty());
}

TEST_CASE("parse_document_line detects what the line leaves out, as for files", "[jsonl]") {
    Document doc = parse_document_line(
        R"({"id": "d-1", "title": "Joint statement on maritime security",)"
        R"( "text": "Brussels, 14 June 2021\n\nThe ministers discussed Japan and the DPRK."})");
    CHECK(doc.meta.date.to_string() == "2021-06-14");
    CHECK(doc.meta.date_source == "dateline");
    CHECK(doc.meta.type == "joint-statement");
    CHECK(doc.meta.countries == std::vector<std::string>{"Japan", "North Korea"});
    CHECK(doc.meta.countries_source == "text");
    CHECK(std::find(doc.meta.entities.begin(), doc.meta.entities.end(), "north-korea") != doc.meta.entities.end());

    // What the line gives stays.
    Document given = parse_document_line(
        R"({"id": "d-2", "date": "2019", "type": "report", "countries": ["Chile"],)"
        R"( "text": "Brussels, 14 June 2021\n\nThe ministers discussed Japan."})");
    CHECK(given.meta.date.to_string() == "2019");
    CHECK(given.meta.date_source == "metadata");
    CHECK(given.meta.type == "report");
    CHECK(given.meta.countries == std::vector<std::string>{"Chile"});
    CHECK(given.meta.countries_source == "metadata");
}

TEST_CASE("parse_document_line rejects bad documents with a reason", "[jsonl]") {
    struct Case {
        const char* line;
        const char* reason;
    };
    const Case cases[] = {
        {"nope", "not JSON"},
        {"\"text\"", "not a JSON object"},
        {R"({"text": "t"})", "missing \"id\""},
        {R"({"id": "", "text": "t"})", "empty \"id\""},
        {R"({"id": 1.5, "text": "t"})", "\"id\" must be a string or an integer"},
        {R"({"id": "a"})", "missing \"text\""},
        {R"({"id": "a", "text": 3})", "\"text\" must be a string"},
        {R"({"id": "a", "text": " \n "})", "empty \"text\""},
        {R"({"id": "a", "text": "t", "date": "June 2019"})", "bad \"date\""},
        {R"({"id": "a", "text": "t", "date": []})", "\"date\" must be a string"},
        {R"({"id": "a", "text": "t", "title": 5})", "\"title\" must be a string"},
        {R"({"id": "a", "text": "t", "authors": {"a": 1}})", "\"authors\" must be a list"},
        {R"({"id": "a", "text": "t", "countries": [null]})", "\"countries\" must be a list of strings"},
    };
    for (const Case& c : cases) {
        INFO("line: " << c.line);
        try {
            parse_document_line(c.line);
            FAIL("no exception");
        } catch (const Error& e) {
            CHECK_THAT(e.what(), Catch::Contains(c.reason));
        }
    }
}

TEST_CASE("index_json_lines indexes, replaces and counts failures", "[jsonl]") {
    dossier_test::TempDir dir;
    IndexerOptions options;
    options.db_path = (dir.path() / "db").string();
    options.batch_size = 2;
    std::istringstream first(
        "{\"id\": \"a\", \"text\": \"undersea cables\"}\n"
        "\r\n"
        "{\"id\": \"b\", \"text\": \"gas pipelines\"}\r\n"
        "{\"id\": \"c\"}\n"
        "{\"id\": \"a\", \"text\": \"cables again\"}\n");
    IndexReport report = index_json_lines(first, options);
    CHECK(report.added == 2);
    CHECK(report.updated == 1);
    CHECK(report.failed == 1);
    REQUIRE(report.failures.size() == 1);
    CHECK(report.failures[0].path == "stdin line 4");
    CHECK(report.documents == 2);
    CHECK(report.db_path == options.db_path);

    Searcher searcher({options.db_path});
    SearchRequest request;
    request.query.text = "again";
    SearchResults results = searcher.search(request);
    REQUIRE(results.hits.size() == 1);
    CHECK(results.hits[0].doc.key == "jsonl:a");
    request.query.text = "undersea";
    CHECK(searcher.search(request).total == 0);
}

TEST_CASE("index_json_lines stops between lines when cancelled", "[jsonl]") {
    dossier_test::TempDir dir;
    std::atomic<bool> cancel{true};
    IndexerOptions options;
    options.db_path = (dir.path() / "db").string();
    options.cancel = &cancel;
    std::istringstream in("{\"id\": \"a\", \"text\": \"t\"}\n");
    IndexReport report = index_json_lines(in, options);
    CHECK(report.interrupted);
    CHECK(report.added == 0);
    CHECK(report.documents == 0);
}

namespace {

/// How often word is in db's spelling dictionary (0 when absent); Xapian
/// 1.4 has no direct call for it.
Xapian::doccount spelling_frequency(const Xapian::Database& db, const std::string& word) {
    auto it = db.spellings_begin();
    it.skip_to(word);
    return it != db.spellings_end() && *it == word ? it.get_termfreq() : 0;
}

}  // namespace

TEST_CASE("index_json_lines fills the spelling dictionary, so a misspelt query gets a suggestion",
          "[jsonl][spelling]") {
    dossier_test::TempDir dir;
    IndexerOptions options;
    options.db_path = (dir.path() / "db").string();
    std::istringstream in(
        "{\"id\": \"a\", \"text\": \"Attribution of the cyber-attack took months.\"}\n");
    IndexReport report = index_json_lines(in, options);
    REQUIRE(report.added == 1);

    Xapian::Database db(options.db_path);
    CHECK(spelling_frequency(db, "attribution") == 1);
    Searcher searcher({options.db_path});
    SearchRequest request;
    request.query.text = "attributon";
    SearchResults results = searcher.search(request);
    CHECK(results.total == 0);
    CHECK(results.suggestion == "attribution");
}

TEST_CASE("index_json_lines takes the words of a replaced document out of the spelling dictionary",
          "[jsonl][spelling]") {
    dossier_test::TempDir dir;
    IndexerOptions options;
    options.db_path = (dir.path() / "db").string();
    std::istringstream first(
        "{\"id\": \"a\", \"text\": \"attribution evidence\"}\n"
        "{\"id\": \"b\", \"text\": \"evidence of pipelines\"}\n");
    index_json_lines(first, options);
    std::istringstream second("{\"id\": \"a\", \"text\": \"undersea cables\"}\n");
    IndexReport report = index_json_lines(second, options);
    CHECK(report.updated == 1);

    Xapian::Database db(options.db_path);
    CHECK(spelling_frequency(db, "attribution") == 0);
    CHECK(spelling_frequency(db, "evidence") == 1);
    CHECK(spelling_frequency(db, "cables") == 1);
    CHECK(spelling_frequency(db, "pipelines") == 1);
}

TEST_CASE("index_json_lines leaves the spelling dictionary alone when no line changed a document",
          "[jsonl][spelling]") {
    dossier_test::TempDir dir;
    IndexerOptions options;
    options.db_path = (dir.path() / "db").string();
    std::istringstream first("{\"id\": \"a\", \"text\": \"attribution evidence\"}\n");
    index_json_lines(first, options);
    // A hand-made entry stands for words a run must not touch: a run whose
    // every line fails changes no document and so does not sync.
    {
        Xapian::WritableDatabase db(options.db_path);
        db.add_spelling("handmade");
        db.commit();
    }
    std::istringstream bad("{\"id\": \"b\"}\nnot json\n");
    IndexReport report = index_json_lines(bad, options);
    CHECK(report.failed == 2);
    Xapian::Database db(options.db_path);
    CHECK(spelling_frequency(db, "handmade") == 1);
    CHECK(spelling_frequency(db, "attribution") == 1);
}
