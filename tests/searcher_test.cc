#include "dossier/searcher.h"

#include <algorithm>
#include <limits>
#include <set>

#include <catch2/catch.hpp>

#include "dossier/error.h"
#include "dossier/index_writer.h"
#include "test_util.h"

using namespace dossier;

namespace {

struct Spec {
    const char* key;
    const char* date;  // "" = undated
    const char* type;
    const char* source;
    const char* text;
    std::vector<std::string> countries;
};

// Small fixed collection whose answers are known by construction.
const std::vector<Spec> kDocs = {
    {"/c/d2017.md", "2017-05-25", "declaration", "NATO", "Allies discuss Russia and terrorism.", {}},
    {"/c/r2018.md", "2018-12-31", "report", "Think Tank", "China and Russia in the Arctic.", {"China"}},
    {"/c/d2019a.md", "2019-01-01", "declaration", "NATO", "China presents opportunities and challenges.", {}},
    {"/c/d2019y.md", "2019", "declaration", "G7", "We note China's growing influence.", {}},
    {"/c/c2018m.md", "2018-12", "communique", "G7", "Maritime security in the Indo-Pacific.", {}},
    {"/c/i2021.md", "2021-03-02", "interview", "White House", "Q: What about North Korea? A: Talks.", {"North Korea"}},
    {"/c/undated.md", "", "statement", "NATO", "China and the alliance, undated note.", {}},
};

class Fixture {
  public:
    Fixture() {
        IndexWriter writer(dir_.str() + "/db");
        for (const auto& s : kDocs) {
            Document doc;
            doc.key = doc.path = s.key;
            doc.format = "markdown";
            doc.meta.title = s.key;
            if (*s.date) doc.meta.date = *Date::parse(s.date);
            doc.meta.type = s.type;
            doc.meta.source = s.source;
            doc.meta.countries = s.countries;
            doc.text = s.text;
            writer.add(doc);
        }
        writer.commit();
    }

    std::vector<std::string> keys(const SearchRequest& request) {
        Searcher searcher({dir_.str() + "/db"});
        SearchRequest r = request;
        r.paging.limit = 100;
        std::vector<std::string> out;
        for (const auto& hit : searcher.search(r).hits) out.push_back(hit.doc.key);
        std::sort(out.begin(), out.end());
        return out;
    }

    std::vector<std::string> keys(const std::string& text) {
        SearchRequest r;
        r.query.text = text;
        return keys(r);
    }

    std::string db() const { return dir_.str() + "/db"; }

  private:
    dossier_test::TempDir dir_;
};

using Keys = std::vector<std::string>;

}  // namespace

TEST_CASE("date filters follow the period rule at their boundaries", "[searcher][date]") {
    Fixture f;
    struct Case {
        const char* query;
        Keys expected;
    };
    const std::vector<Case> cases = {
        {"China before:2019", {"/c/r2018.md"}},
        {"China since:2019", {"/c/d2019a.md", "/c/d2019y.md"}},
        {"China after:2018", {"/c/d2019a.md", "/c/d2019y.md"}},
        {"China until:2018", {"/c/r2018.md"}},
        {"China after:2019", {}},
        {"China after:2018-12-31", {"/c/d2019a.md", "/c/d2019y.md"}},
        {"China since:2019-01-02", {}},
        {"China until:2019-01-01", {"/c/d2019a.md", "/c/r2018.md"}},
        {"China date:2019", {"/c/d2019a.md", "/c/d2019y.md"}},
        {"China date:2018..2019", {"/c/d2019a.md", "/c/d2019y.md", "/c/r2018.md"}},
        {"Indo-Pacific before:2019", {"/c/c2018m.md"}},
        {"Indo-Pacific before:2018-12", {}},
        {"Indo-Pacific until:2018-12", {"/c/c2018m.md"}},
        {"Indo-Pacific since:2018-12-15", {}},
    };
    for (const auto& c : cases) {
        INFO(c.query);
        CHECK(f.keys(c.query) == c.expected);
    }
}

TEST_CASE("every date bound, whole year or inside one, selects the documents the period rule names",
          "[searcher][date]") {
    // Whole years go through the year terms and a bound inside a year
    // through the date slot: both must agree with the rule computed here
    // from the documents' own periods.
    Fixture f;
    const char* bounds[] = {"2016",       "2017",       "2017-05",    "2017-05-25", "2017-05-26",
                            "2018",       "2018-12",    "2018-12-30", "2018-12-31", "2019",
                            "2019-01",    "2019-01-01", "2019-01-02", "2020",       "2021-03",
                            "2021-03-02", "2021-03-03", "2021-12-31", "2022"};
    for (const char* op : {"before", "after", "since", "until"}) {
        for (const char* given : bounds) {
            Date bound = *Date::parse(given);
            Keys expected;
            for (const auto& spec : kDocs) {
                if (!*spec.date) continue;
                Date d = *Date::parse(spec.date);
                bool in = std::string(op) == "before" ? d.last_day_key() < bound.first_day_key()
                        : std::string(op) == "after"  ? d.first_day_key() > bound.last_day_key()
                        : std::string(op) == "since"  ? d.first_day_key() >= bound.first_day_key()
                                                      : d.last_day_key() <= bound.last_day_key();
                if (in) expected.push_back(spec.key);
            }
            std::sort(expected.begin(), expected.end());
            INFO(op << ":" << given);
            CHECK(f.keys(std::string(op) + ":" + given) == expected);
            SearchRequest r;
            std::optional<Date>& option = std::string(op) == "before" ? r.query.filters.before
                                : std::string(op) == "after"  ? r.query.filters.after
                                : std::string(op) == "since"  ? r.query.filters.since
                                                              : r.query.filters.until;
            option = Date::parse_or_throw(given);
            CHECK(f.keys(r) == expected);
        }
    }
}

TEST_CASE("undated documents match plain queries but never a date filter", "[searcher][date]") {
    Fixture f;
    CHECK(f.keys("undated") == Keys{"/c/undated.md"});
    CHECK(f.keys("undated since:1000").empty());
    CHECK(f.keys("undated until:9999").empty());
}

TEST_CASE("filters in the query and as options give the same answers", "[searcher]") {
    Fixture f;
    SearchRequest r;
    r.query.text = "China";
    r.query.filters.types = {"declaration"};
    r.query.filters.before = Date::parse_or_throw("2019");
    CHECK(f.keys(r).empty());
    CHECK(f.keys("China type:declaration before:2019").empty());
    r.query.filters.before.reset();
    r.query.filters.since = Date::parse_or_throw("2019");
    CHECK(f.keys(r) == f.keys("China type:declaration since:2019"));
    CHECK(f.keys(r) == Keys{"/c/d2019a.md", "/c/d2019y.md"});
}

TEST_CASE("same-field filters are OR-ed and different fields AND-ed", "[searcher]") {
    Fixture f;
    CHECK(f.keys("type:report type:interview") == Keys{"/c/i2021.md", "/c/r2018.md"});
    CHECK(f.keys("type:declaration source:g7") == Keys{"/c/d2019y.md"});
    CHECK(f.keys("country:\"north korea\"") == Keys{"/c/i2021.md"});
    CHECK(f.keys("country:\"North Korea\"") == Keys{"/c/i2021.md"});
    CHECK(f.keys("source:\"white house\"") == Keys{"/c/i2021.md"});
    CHECK(f.keys("year:2019") == Keys{"/c/d2019a.md", "/c/d2019y.md"});
}

TEST_CASE("a filter-only request lists every matching document", "[searcher]") {
    Fixture f;
    SearchRequest r;
    r.query.filters.types = {"declaration"};
    CHECK(f.keys(r) == Keys{"/c/d2017.md", "/c/d2019a.md", "/c/d2019y.md"});
    SearchRequest all;
    CHECK(f.keys(all).size() == kDocs.size());
}

TEST_CASE("facets count every match exactly", "[searcher][facets]") {
    Fixture f;
    Searcher searcher({f.db()});
    SearchRequest r;
    r.query.text = "China";
    r.paging.limit = 1;
    r.counting.facets = {Facet::kYear, Facet::kType, Facet::kSource, Facet::kCountry};
    SearchResults res = searcher.search(r);
    CHECK(res.total == 4);
    CHECK(res.total_exact);
    CHECK(res.hits.size() == 1);
    CHECK(res.facets[Facet::kYear] == FacetCounts{{"2018", 1}, {"2019", 2}});
    CHECK(res.facets[Facet::kType] == FacetCounts{{"declaration", 2}, {"report", 1}, {"statement", 1}});
    CHECK(res.facets[Facet::kSource] == FacetCounts{{"G7", 1}, {"NATO", 2}, {"Think Tank", 1}});
    // Documents without metadata countries take those their text mentions,
    // as files and JSON lines do.
    CHECK(res.facets[Facet::kCountry] == FacetCounts{{"China", 4}});
}

TEST_CASE("date sort puts undated documents last in both directions", "[searcher][sort]") {
    Fixture f;
    Searcher searcher({f.db()});
    SearchRequest r;
    r.query.text = "China";
    r.paging.sort = SortOrder::kDate;
    auto res = searcher.search(r);
    REQUIRE(res.hits.size() == 4);
    CHECK(res.hits[0].doc.key == "/c/r2018.md");
    CHECK(res.hits[3].doc.key == "/c/undated.md");
    r.paging.sort = SortOrder::kDateDesc;
    res = searcher.search(r);
    REQUIRE(res.hits.size() == 4);
    CHECK(res.hits[2].doc.key == "/c/r2018.md");
    CHECK(res.hits[3].doc.key == "/c/undated.md");
}

TEST_CASE("paging with offset and limit walks the ranking", "[searcher]") {
    Fixture f;
    Searcher searcher({f.db()});
    SearchRequest r;
    r.query.text = "China";
    r.paging.sort = SortOrder::kDate;
    r.paging.limit = 2;
    r.paging.offset = 2;
    auto res = searcher.search(r);
    REQUIRE(res.hits.size() == 2);
    CHECK(res.hits[0].rank == 3);
    CHECK(res.hits[0].doc.key == "/c/d2019y.md");
}

TEST_CASE("an offset at the largest docid gives no hits and the same total", "[searcher]") {
    // offset + limit would wrap round to a small number.
    Fixture f;
    Searcher searcher({f.db()});
    SearchRequest r;
    r.query.text = "China";
    const Xapian::doccount total = searcher.search(r).total;
    REQUIRE(total > 0);
    r.paging.offset = std::numeric_limits<Xapian::doccount>::max();
    for (std::size_t neighbours : {0, 5}) {
        r.ranking.neighbours = neighbours;
        auto res = searcher.search(r);
        CHECK(res.hits.empty());
        CHECK(res.total == total);
    }
}

TEST_CASE("snippets are plain text with highlight offsets on the matches", "[searcher]") {
    Fixture f;
    Searcher searcher({f.db()});
    SearchRequest r;
    r.query.text = "arctic";
    auto res = searcher.search(r);
    REQUIRE(res.hits.size() == 1);
    const Hit& hit = res.hits[0];
    REQUIRE(hit.highlights.size() == 1);
    CHECK(hit.snippet.substr(hit.highlights[0].first, hit.highlights[0].second) == "Arctic");
}

TEST_CASE("bad dates and malformed queries raise QueryError", "[searcher][query]") {
    Fixture f;
    Searcher searcher({f.db()});
    for (const char* text : {"China before:2019-13", "before:20x9", "since:2019-02-30",
                             "date:..", "year:19"}) {
        INFO(text);
        SearchRequest r;
        r.query.text = text;
        CHECK_THROWS_AS(searcher.search(r), QueryError);
    }
    CHECK_THROWS_AS(Date::parse_or_throw("yesterday"), Error);
}

TEST_CASE("a word longer than any word of the index is said never to match, at once",
          "[searcher][query]") {
    // Regression: every split point of a 100,000-byte word was tried as a
    // joined compound, copying the whole word each time (seconds of CPU).
    Fixture f;
    Searcher searcher({f.db()});
    SearchRequest r;
    r.query.text = std::string(200000, 'q') + " china";
    r.query.options.any = true;
    SearchResults results = searcher.search(r);
    CHECK(results.total > 0);  // the other word still finds documents
    bool noted = false;
    for (const auto& line : results.parsed.expansions)
        if (line.find("200000 bytes") != std::string::npos &&
            line.find("can never match") != std::string::npos)
            noted = true;
    CHECK(noted);
}

namespace {

/// The message of the QueryError that searching text throws (the test
/// fails when it throws none).
std::string query_error(Searcher& searcher, const std::string& text) {
    SearchRequest r;
    r.query.text = text;
    try {
        searcher.search(r);
    } catch (const QueryError& e) {
        return e.what();
    }
    FAIL("no QueryError");
    return {};
}

}  // namespace

TEST_CASE("a bad filter value inside a larger query is a QueryError naming the value",
          "[searcher][query]") {
    // Found by fuzzing: a field value that fails while Xapian's parser is
    // mid-way through a query with brackets and operators (the sanitized
    // build checks that no memory is freed twice or leaked).
    Fixture f;
    Searcher searcher({f.db()});
    for (const char* text : {"+before:2019-02-30cu)ity O& a +\n)ri& a",
                             "(China OR year:19) AND \"North Korea\"",
                             "since:2019-02-30 OR before:2020 OR (type:x AND date:..)"}) {
        INFO(text);
        const std::string message = query_error(searcher, text);
        CHECK(message.find('\n') == std::string::npos);
        CHECK((message.find("2019-02-30") != std::string::npos ||
               message.find("'19'") != std::string::npos));
    }
}

TEST_CASE("a boolean operator with nothing on one side is a QueryError naming it",
          "[searcher][query]") {
    // Found by fuzzing: Xapian 1.4's parser loses a term object on some of
    // these ("OR x%y NEAR a b"); the sanitized build checks that none leaks.
    Fixture f;
    Searcher searcher({f.db()});
    const std::string invalid_utf8 = std::string("OR \xff\xa2") + "0\x01NEAR R r";
    for (const std::string& text : {std::string("OR x%y NEAR a b"), invalid_utf8,
                                    std::string("China AND"), std::string("(XOR China)"),
                                    std::string("\"\" OR x,y NEAR a b"), std::string("China NOT"),
                                    std::string("() OR China"), std::string("China OR -Arctic")}) {
        INFO(text);
        const std::string message = query_error(searcher, text);
        CHECK(message.find("malformed query") != std::string::npos);
        CHECK((message.find("needs a query on both sides") != std::string::npos ||
               message.find("NOT needs a query after it") != std::string::npos));
    }
    // The same words used as words, and operators with both sides, still work.
    for (const char* text : {"NOT Arctic", "China AND NOT Arctic", "China OR NOT Arctic",
                             "\"OR\" China", "title:OR China", "(China) OR Arctic"}) {
        INFO(text);
        SearchRequest r;
        r.query.text = text;
        CHECK_NOTHROW(searcher.search(r));
    }
}

TEST_CASE("several databases are searched as one", "[searcher]") {
    Fixture a, b;
    Searcher searcher({a.db(), b.db()});
    SearchRequest r;
    r.query.text = "China";
    r.counting.exact_total = true;
    CHECK(searcher.search(r).total == 8);
}

TEST_CASE("documents are found by docid and by path", "[searcher]") {
    Fixture f;
    Searcher searcher({f.db()});
    Document doc = searcher.get_document_by_path("/c/r2018.md");
    CHECK(doc.text == "China and Russia in the Arctic.");
    CHECK(searcher.get_document(doc.docid).key == "/c/r2018.md");
    CHECK_THROWS_AS(searcher.get_document(9999), NotFoundError);
    CHECK_THROWS_AS(searcher.get_document_by_path("/c/none.md"), NotFoundError);
}

TEST_CASE("a missing database is an error naming it", "[searcher]") {
    CHECK_THROWS_WITH(Searcher({"/nonexistent/dossier.db"}),
                      Catch::Contains("/nonexistent/dossier.db"));
}

namespace {

/// A document of the revision tests below: every one holds "maritime" and
/// "security"; those written after the first commit also hold "icebreaker".
Document revision_doc(int n, bool late) {
    Document doc;
    doc.key = doc.path = "/w/note" + std::to_string(n) + ".md";
    doc.format = "markdown";
    doc.meta.title = "Note " + std::to_string(n);
    doc.text = late ? "Maritime security patrols now include an icebreaker, note " + std::to_string(n) + "."
                    : "Maritime security along the northern shipping lanes, note " + std::to_string(n) + ".";
    return doc;
}

}  // namespace

TEST_CASE("a searcher answers from the latest revision after a writer has committed many times",
          "[searcher]") {
    dossier_test::TempDir dir;
    const std::string db = dir.str() + "/db";
    IndexWriter writer(db);
    std::set<int> live, late;
    for (int n = 0; n < 12; ++n) {
        writer.add(revision_doc(n, false));
        live.insert(n);
    }
    writer.commit();

    Searcher searcher({db});
    auto keys_of = [](const SearchResults& results) {
        std::vector<std::string> keys;
        for (const auto& hit : results.hits) keys.push_back(hit.doc.key);
        return keys;
    };
    // Runs text on the long-lived searcher and on a fresh one: same answers.
    auto total = [&](const std::string& text) {
        SearchRequest r;
        r.query.text = text;
        r.counting.exact_total = true;
        r.paging.limit = 100;
        SearchResults results = searcher.search(r);
        SearchResults fresh = Searcher({db}).search(r);
        INFO("query " << text);
        CHECK(results.total_exact);
        CHECK(results.hits.size() == results.total);
        CHECK(keys_of(results) == keys_of(fresh));
        return results.total;
    };
    CHECK(total("maritime") == 12);
    CHECK(total("secur*") == 12);
    CHECK(total("icebreaker") == 0);
    CHECK(total("zanzibarian") == 0);

    int next = 100;
    for (int round = 0; round < 4; ++round) {
        // Three commits between searches: glass keeps only the previous
        // revision, so the one the searcher last read is gone.
        for (int commit = 0; commit < 3; ++commit) {
            for (int k = 0; k < 3; ++k) {
                writer.add(revision_doc(next, true));
                live.insert(next);
                late.insert(next);
                ++next;
            }
            int victim = *live.begin();
            REQUIRE(writer.remove("/w/note" + std::to_string(victim) + ".md"));
            live.erase(victim);
            late.erase(victim);
            writer.commit();
        }
        INFO("round " << round);
        CHECK(total("maritime") == live.size());
        CHECK(total("secur*") == live.size());
        CHECK(total("icebreaker") == late.size());
        CHECK(total("icebreak*") == late.size());
        CHECK(total("zanzibarian") == 0);
        CHECK(total("maritime zanzibarian") == 0);
        CHECK(searcher.doc_count() == live.size());
        CHECK(searcher.get_document_by_path("/w/note" + std::to_string(next - 1) + ".md").docid > 0);
        CHECK_THROWS_AS(searcher.get_document_by_path("/w/note" + std::to_string(round) + ".md"), NotFoundError);
        SearchRequest years;
        years.query.text = "icebreaker";
        CHECK(searcher.timeline(years).undated == late.size());
    }
}
