// The contracts a program embedding libdossier relies on: in-memory
// documents normalised as files are, only dossier exceptions, move-only
// handles with clone() for threads, typed facets and dates, and readers in
// threads beside a writer.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <limits>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <catch2/catch.hpp>

#include "dossier/dossier.h"
#include "test_util.h"

using namespace dossier;

namespace {

std::vector<std::string> keys_of(Searcher& searcher, const std::string& text) {
    SearchRequest r;
    r.query.text = text;
    r.paging.limit = 100;
    std::vector<std::string> out;
    for (const auto& hit : searcher.search(r).hits) out.push_back(hit.doc.key);
    return out;
}

using Keys = std::vector<std::string>;

}  // namespace

static_assert(!std::is_copy_constructible_v<Searcher>, "a copy would share one Xapian handle");
static_assert(!std::is_copy_assignable_v<Searcher>, "a copy would share one Xapian handle");
static_assert(std::is_nothrow_move_constructible_v<Searcher>, "Searcher moves");
static_assert(!std::is_copy_constructible_v<IndexWriter>, "one writer holds the lock");
static_assert(std::is_nothrow_move_constructible_v<IndexWriter>, "IndexWriter moves with its lock");

TEST_CASE("IndexWriter::add resolves the countries of an in-memory document as the indexer does",
          "[embedding][normalise]") {
    dossier_test::TempDir dir;
    const std::string db = dir.str() + "/db";
    {
        IndexWriter writer(db);
        Document doc;
        doc.key = "notes:dprk";
        doc.meta.title = "Talks";
        doc.meta.countries = {"DPRK"};
        doc.meta.type = "Joint Statement";
        doc.text = "Envoys met again on Tuesday.";
        writer.add(doc);
        writer.commit();
    }
    Searcher searcher({db});
    CHECK(keys_of(searcher, "country:\"North Korea\"") == Keys{"notes:dprk"});
    CHECK(keys_of(searcher, "country:DPRK") == Keys{"notes:dprk"});
    CHECK(keys_of(searcher, "entity:north-korea") == Keys{"notes:dprk"});
    CHECK(keys_of(searcher, "type:joint-statement") == Keys{"notes:dprk"});
    Document stored = searcher.get_document(searcher.search(SearchRequest{}).hits.at(0).docid);
    CHECK(stored.meta.countries == std::vector<std::string>{"North Korea"});
    CHECK(stored.meta.countries_source == "metadata");
    CHECK(stored.meta.type == "joint-statement");
    CHECK(stored.meta.type_source == "metadata");
    CHECK(stored.meta.title_source == "metadata");
}

TEST_CASE("IndexWriter::add repairs invalid UTF-8 and detects what metadata leaves out",
          "[embedding][normalise]") {
    dossier_test::TempDir dir;
    const std::string db = dir.str() + "/db";
    {
        IndexWriter writer(db);
        Document doc;
        doc.key = "notes:raw";
        doc.meta.title = "Caf\xe9 talks";  // Latin-1, not UTF-8
        doc.text = "Brussels, 12 March 2019\n\nNATO allies met in Brussels on the caf\xe9 terrace.";
        writer.add(doc);
        Document bare;
        bare.key = "notes:bare";
        bare.text = "Joint statement on maritime security\n\nThe ministers met.";
        writer.add(bare);
        writer.commit();
    }
    Searcher searcher({db});
    SearchRequest r;
    r.query.text = "terrace";
    SearchResults results = searcher.search(r);
    REQUIRE(results.hits.size() == 1);
    Document stored = searcher.get_document(results.hits[0].docid);
    CHECK(stored.meta.title == "Caf\xc3\xa9 talks");
    CHECK(stored.text.find("caf\xc3\xa9 terrace") != std::string::npos);
    CHECK(stored.meta.date.to_string() == "2019-03-12");
    CHECK_FALSE(stored.meta.date_source.empty());
    CHECK(std::find(stored.meta.entities.begin(), stored.meta.entities.end(), "nato") != stored.meta.entities.end());
    r.query.text = "ministers";
    results = searcher.search(r);
    REQUIRE(results.hits.size() == 1);
    CHECK(results.hits[0].doc.meta.title == "Joint statement on maritime security");
    CHECK_FALSE(results.hits[0].doc.meta.title_source.empty());
}

TEST_CASE("IndexWriter::add keeps metadata as given when detection is off", "[embedding][normalise]") {
    dossier_test::TempDir dir;
    const std::string db = dir.str() + "/db";
    IndexWriterOptions options;
    options.detect_metadata = false;
    {
        IndexWriter writer(db, options);
        Document doc;
        doc.key = "notes:plain";
        doc.meta.title = "Plain";
        doc.text = "Brussels, 12 March 2019\n\nThe allies met.";
        writer.add(doc);
    }
    Searcher searcher({db});
    SearchResults results = searcher.search(SearchRequest{});
    REQUIRE(results.hits.size() == 1);
    CHECK_FALSE(results.hits[0].doc.meta.date.is_dated());
}

TEST_CASE("IndexWriter::add refuses a document without a key", "[embedding][normalise]") {
    dossier_test::TempDir dir;
    IndexWriter writer(dir.str() + "/db");
    Document doc;
    doc.text = "First keyless document.";
    CHECK_THROWS_WITH(writer.add(doc), Catch::Contains("without a key"));
    doc.key = "   ";
    CHECK_THROWS_AS(writer.add(doc), Error);
    CHECK(writer.doc_count() == 0);
}

TEST_CASE("files and in-memory documents share one writer and one commit", "[embedding][normalise]") {
    dossier_test::TempDir dir;
    const std::string db = dir.str() + "/db";
    const std::string file = dir.str() + "/note.md";
    dossier_test::write_file(file, "---\ntitle: From a file\ncountries: [ROK]\n---\nA file about ports.\n");
    {
        IndexWriter writer(db);
        writer.add(extract_file(file));
        Document doc;
        doc.key = "notes:memory";
        doc.meta.countries = {"ROK"};
        doc.text = "A note about ports.";
        writer.add(doc);
        writer.commit();
    }
    Searcher searcher({db});
    CHECK(keys_of(searcher, "ports country:\"South Korea\"").size() == 2);
}

TEST_CASE("every public failure is a dossier exception", "[embedding][errors]") {
    dossier_test::TempDir dir;
    CHECK_THROWS_AS(Searcher(std::vector<std::string>{}), Error);
    CHECK_THROWS_AS(Searcher({dir.str() + "/missing"}), DatabaseNotFoundError);
    const std::string db = dir.str() + "/db";
    {
        IndexWriter writer(db);
        CHECK_FALSE(writer.remove("notes:none"));
        CHECK(writer.indexed_files().empty());
    }
    Searcher searcher({db});
    CHECK_THROWS_AS(searcher.get_document(12345), NotFoundError);
    CHECK_THROWS_AS(searcher.get_document(0), NotFoundError);
    CHECK_THROWS_AS(searcher.get_document_by_path(std::string(5000, 'x')), NotFoundError);
    CHECK_THROWS_AS(searcher.get_document_by_path(""), NotFoundError);
    CHECK(searcher.doc_count() == 0);
    // A table damaged on disk is said to be damaged.
    {
        IndexWriter writer(db);
        Document doc;
        doc.key = "notes:1";
        doc.text = "Some words to store.";
        writer.add(doc);
    }
    for (const auto& entry : std::filesystem::directory_iterator(db))
        if (entry.path().filename() == "postlist.glass") std::filesystem::resize_file(entry.path(), 100);
    try {
        Searcher damaged({db});
        SearchRequest r;
        r.query.text = "words";
        damaged.search(r);
        FAIL("a damaged database was read");
    } catch (const DatabaseCorruptError& e) {
        CHECK(std::string(e.what()).find("damaged") != std::string::npos);
    } catch (const Error& e) {
        // Xapian may report the cut table in other words; a dossier error
        // all the same.
        SUCCEED(e.what());
    }
}

TEST_CASE("facets are typed and named in one table", "[embedding][facets]") {
    for (Facet facet : all_facets()) CHECK(parse_facet(facet_name(facet)) == facet);
    CHECK(facet_name(Facet::kCountry) == "country");
    CHECK(facet_names().size() == all_facets().size());
    CHECK_THROWS_WITH(parse_facet("contry"), "unknown facet 'contry': expected year, type, source, tag, country or lang");
}

TEST_CASE("Date::parse_or_throw names the bad date", "[embedding][date]") {
    CHECK(Date::parse_or_throw("2019-02-28").to_string() == "2019-02-28");
    CHECK_THROWS_WITH(Date::parse_or_throw("2019-02-30"), "bad date '2019-02-30': 2019-02 has no day 30");
    CHECK_THROWS_WITH(Date::parse_or_throw("soon"), "bad date 'soon': expected YYYY, YYYY-MM or YYYY-MM-DD");
    CHECK_THROWS_AS(Date::parse_or_throw(""), Error);
}

TEST_CASE("reversed date ranges are refused in the query and in filters", "[embedding][date]") {
    dossier_test::TempDir dir;
    const std::string db = dir.str() + "/db";
    { IndexWriter writer(db); }
    Searcher searcher({db});
    SearchRequest r;
    r.query.text = "date:2020..2019";
    CHECK_THROWS_WITH(searcher.search(r),
                      "reversed date range '2020..2019' in date: 2020 is after 2019; write date:2019..2020");
    r.query.text = "date:2019-05..2019-04-30";
    CHECK_THROWS_AS(searcher.search(r), QueryError);
    r.query.text = "date:2019..2019";
    CHECK_NOTHROW(searcher.search(r));
    r.query.text = "";
    r.query.filters.since = Date::parse_or_throw("2020");
    r.query.filters.until = Date::parse_or_throw("2019");
    CHECK_THROWS_WITH(searcher.search(r), "reversed date range: since 2020 and until 2019 admit no date");
    r.query.filters.since.reset();
    r.query.filters.until.reset();
    r.query.filters.after = Date::parse_or_throw("2019");
    r.query.filters.before = Date::parse_or_throw("2019-12");
    CHECK_THROWS_AS(searcher.search(r), QueryError);
    r.query.filters.before = Date::parse_or_throw("2020-01-02");
    CHECK_NOTHROW(searcher.search(r));
}

TEST_CASE("a default SearchRequest holds the documented defaults of each part", "[embedding][request]") {
    const SearchRequest request;
    CHECK(request.query.text.empty());
    CHECK_FALSE(request.query.options.any);
    CHECK(request.paging.sort == SortOrder::kRelevance);
    CHECK(request.paging.offset == 0);
    CHECK(request.paging.limit == 10);
    CHECK(request.presentation.snippet_bytes == 240);
    CHECK(request.presentation.passages == 0);
    CHECK_FALSE(request.presentation.explain);
    CHECK(request.counting.facets.empty());
    CHECK_FALSE(request.counting.exact_total);
    CHECK_FALSE(request.counting.timeline);
    CHECK_FALSE(request.counting.mentions);
    CHECK(request.ranking.mode == RankingMode::kAuto);
}

TEST_CASE("each part of a SearchRequest does what it says", "[embedding][request]") {
    dossier_test::TempDir dir;
    const std::string db = dir.str() + "/db";
    {
        IndexWriter writer(db);
        for (int year : {2019, 2021, 2023}) {
            Document doc;
            doc.key = "notes:" + std::to_string(year);
            doc.meta.date = Date::parse_or_throw(std::to_string(year));
            doc.text = "Cables under the Baltic, surveyed in " + std::to_string(year) + ".";
            writer.add(doc);
        }
    }
    Searcher searcher({db});
    SearchRequest request;
    request.query.text = "cables";
    request.query.filters.since = Date::parse_or_throw("2020");
    request.paging.sort = SortOrder::kDateDesc;
    request.paging.offset = 1;
    request.paging.limit = 1;
    request.presentation.snippet_bytes = 0;
    request.presentation.explain = true;
    request.counting.facets = {Facet::kYear};
    const SearchResults results = searcher.search(request);
    CHECK(results.total == 2);
    CHECK(results.total_exact);
    REQUIRE(results.hits.size() == 1);
    CHECK(results.hits[0].doc.key == "notes:2021");
    CHECK(results.hits[0].snippet.empty());
    CHECK(results.explain);
    CHECK(results.facets.at(Facet::kYear) == FacetCounts{{"2021", 1}, {"2023", 1}});
}

TEST_CASE("a moved Searcher searches and a clone reads the same databases", "[embedding][threads]") {
    dossier_test::TempDir dir;
    const std::string db = dir.str() + "/db";
    {
        IndexWriter first(db);
        IndexWriter writer(std::move(first));  // the lock moves with it
        Document doc;
        doc.key = "notes:1";
        doc.text = "Cables under the Baltic.";
        writer.add(doc);
    }
    Searcher searcher({db});
    Searcher moved(std::move(searcher));
    Searcher clone = moved.clone();
    CHECK(clone.db_paths() == std::vector<std::string>{db});
    CHECK(keys_of(moved, "cables") == Keys{"notes:1"});
    CHECK(keys_of(clone, "cables") == Keys{"notes:1"});
}

TEST_CASE("readers in threads beside a writer see whole commits and only dossier exceptions",
          "[embedding][threads]") {
    constexpr int kCommits = 40;
    constexpr int kPerCommit = 7;
    constexpr int kReaders = 3;
    dossier_test::TempDir dir;
    const std::string db = dir.str() + "/db";
    IndexWriter writer(db);
    writer.commit();  // the database exists before the readers open it
    Searcher first({db});

    std::atomic<bool> done{false};
    std::mutex mutex;
    std::vector<std::string> problems;  // wrong counts and foreign exceptions
    std::atomic<int> searches{0}, changed{0};
    auto note = [&](const std::string& problem) {
        std::lock_guard<std::mutex> lock(mutex);
        problems.push_back(problem);
    };

    std::vector<std::thread> readers;
    for (int t = 0; t < kReaders; ++t) {
        readers.emplace_back([&, searcher = first.clone()]() mutable {
            Xapian::doccount last = 0;
            bool finished = false;
            while (!finished) {
                finished = done.load();  // one more search after the last commit
                try {
                    SearchRequest r;
                    r.query.text = "pipelines";
                    r.paging.limit = 5;
                    r.counting.facets = {Facet::kYear};
                    SearchResults results = searcher.search(r);
                    ++searches;
                    if (results.total % kPerCommit != 0 || results.total < last)
                        note("total " + std::to_string(results.total) + " after " + std::to_string(last));
                    if (results.facets[Facet::kYear]["2024"] != results.total)
                        note("year facet disagrees with total " + std::to_string(results.total));
                    for (const Hit& hit : results.hits) {
                        if (hit.doc.key.rfind("notes:", 0) != 0) note("hit without its key");
                        Document doc = searcher.get_document(hit.docid);
                        if (doc.key != hit.doc.key) note("get_document read another document");
                    }
                    last = results.total;
                    if (finished && results.total != kCommits * kPerCommit)
                        note("final total " + std::to_string(results.total));
                } catch (const DatabaseChangedError&) {
                    ++changed;
                } catch (const Error& e) {
                    note(std::string("dossier error: ") + e.what());
                } catch (const std::exception& e) {
                    note(std::string("foreign exception: ") + e.what());
                } catch (...) {
                    note("foreign exception of unknown type");
                }
            }
        });
    }
    for (int c = 0; c < kCommits; ++c) {
        for (int i = 0; i < kPerCommit; ++i) {
            Document doc;
            doc.key = "notes:" + std::to_string(c * kPerCommit + i);
            doc.meta.date = Date::parse_or_throw("2024-05-01");
            doc.text = "Gas pipelines and cables, report " + std::to_string(c) + " item " + std::to_string(i) +
                       ". " + std::string(200, 'x');
            writer.add(doc);
        }
        writer.commit();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    done = true;
    for (auto& reader : readers) reader.join();
    INFO(searches.load() << " searches, " << changed.load() << " gave up on a changing database");
    std::string all;
    for (const auto& problem : problems) all += problem + "\n";
    INFO(all);
    CHECK(problems.empty());
    CHECK(searches.load() >= kReaders);
    // Giving up is allowed by the contract but must stay rare.
    CHECK(changed.load() * 10 <= searches.load() + 10);
}

TEST_CASE("clones in threads build queries at once without sharing query objects", "[embedding][threads]") {
    // Query forms that start from, or stay, a match-all: a filter alone, an
    // empty query, words, a phrase. Each thread hammers its own clone.
    constexpr int kThreads = 4;
    constexpr int kSearches = 1500;
    dossier_test::TempDir dir;
    const std::string db = dir.str() + "/db";
    {
        IndexWriter writer(db);
        for (int i = 0; i < 20; ++i) {
            Document doc;
            doc.key = "notes:" + std::to_string(i);
            doc.meta.date = Date::parse_or_throw(i % 2 ? "2023-03-01" : "2024-05-01");
            doc.text = "Undersea cables were cut near the coast, report " + std::to_string(i) + ".";
            writer.add(doc);
        }
    }
    Searcher first({db});
    const std::vector<std::string> texts = {"year:2024", "", "cables", "\"cables were cut\"", "coast after:2023"};
    auto total_of = [](Searcher& searcher, const std::string& text) -> long {
        SearchRequest r;
        r.query.text = text;
        r.paging.limit = 1;
        return static_cast<long>(searcher.search(r).total);
    };
    std::vector<long> expected;
    for (const auto& text : texts) expected.push_back(total_of(first, text));
    CHECK(expected == std::vector<long>{10, 20, 20, 20, 10});
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t, searcher = first.clone()]() mutable {
            for (int i = 0; i < kSearches; ++i) {
                const size_t n = static_cast<size_t>(i + t) % texts.size();
                try {
                    if (total_of(searcher, texts[n]) != expected[n]) ++wrong;
                } catch (const Error&) {
                    ++wrong;
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(wrong.load() == 0);
}

TEST_CASE("dossier::version() is the project version the headers carry", "[embedding][version]") {
    const std::string expected = std::to_string(DOSSIER_VERSION_MAJOR) + "." + std::to_string(DOSSIER_VERSION_MINOR) +
                                 "." + std::to_string(DOSSIER_VERSION_PATCH);
    CHECK(expected == DOSSIER_VERSION_STRING);
    CHECK(std::string(version()) == DOSSIER_VERSION_STRING);
}

TEST_CASE("an alias expansion highlights the form the hit holds, never its stop words alone",
          "[embedding][highlights]") {
    dossier_test::TempDir dir;
    const std::string db = dir.str() + "/db";
    {
        IndexWriter writer(db);
        Document doc;
        doc.key = "notes:dprk";
        doc.text = "The Democratic People's Republic of Korea launched a missile. Officials of the Ministry of "
                   "Defence of Japan spoke.";
        writer.add(doc);
    }
    Searcher searcher({db});
    SearchRequest r;
    r.query.text = "\"North Korea\"";
    r.presentation.passages = 1;
    SearchResults results = searcher.search(r);
    REQUIRE(results.hits.size() == 1);
    const Hit& hit = results.hits[0];
    auto marked = [](const std::string& text, const std::vector<std::pair<std::size_t, std::size_t>>& ranges) {
        std::vector<std::string> out;
        for (const auto& [offset, length] : ranges) out.push_back(text.substr(offset, length));
        return out;
    };
    const std::vector<std::string> expected{"Democratic People's Republic of Korea"};
    CHECK(marked(hit.snippet, hit.highlights) == expected);
    REQUIRE(hit.passages.size() == 1);
    CHECK(marked(hit.passages[0].text, hit.passages[0].highlights) == expected);
    // As typed, without aliases, nothing of the document matches.
    r.query.options.no_aliases = true;
    CHECK(searcher.search(r).total == 0);
}

TEST_CASE("a search past the Searcher's time limit stops with TimeLimitError", "[embedding][time-limit]") {
    dossier_test::TempDir dir;
    const std::string db = dir.str() + "/db";
    {
        IndexWriter writer(db);
        for (int i = 0; i < 200; ++i) {
            Document doc;
            doc.key = "notes:" + std::to_string(i);
            doc.meta.date = Date::parse_or_throw(std::to_string(1990 + i % 30));
            doc.text = "Envoys discussed the strait and the ports, meeting number " + std::to_string(i) + ".";
            writer.add(doc);
        }
        writer.commit();
    }
    Searcher searcher({db});
    SearchRequest request;
    request.query.text = "envoys OR strait OR ports";
    request.counting.facets = {Facet::kYear, Facet::kType};
    const SearchResults unlimited = searcher.search(request);
    REQUIRE(unlimited.total == 200);
    CHECK(searcher.time_limit() == 0);

    // A limit no search can meet: every call stops with the error, whatever it asks.
    searcher.set_time_limit(1e-9);
    CHECK(searcher.time_limit() == 1e-9);
    CHECK_THROWS_MATCHES(searcher.search(request), TimeLimitError,
                         Catch::Matchers::Message("the search took longer than its time limit of 1e-09 s: narrow the query (more words, a phrase, a type or date filter)"));
    CHECK_THROWS_AS(searcher.timeline(request), TimeLimitError);
    SearchRequest plain;
    plain.query.text = "envoys";
    CHECK_THROWS_AS(searcher.search(plain), TimeLimitError);

    // A bad limit is refused and the last good one stays.
    CHECK_THROWS_WITH(searcher.set_time_limit(-1), Catch::Matchers::StartsWith("bad time limit -1:"));
    CHECK_THROWS_AS(searcher.set_time_limit(std::numeric_limits<double>::quiet_NaN()), Error);
    CHECK(searcher.time_limit() == 1e-9);

    // A generous limit changes nothing in the answer; 0 lifts it.
    searcher.set_time_limit(60);
    const SearchResults limited = searcher.search(request);
    CHECK(limited.total == unlimited.total);
    CHECK(limited.facets == unlimited.facets);
    searcher.set_time_limit(0);
    CHECK(searcher.search(request).total == 200);
    CHECK(searcher.timeline(request).years.size() == 30);
}
