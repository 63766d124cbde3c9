// Ranking rules that the relevance benchmark (bench/RELEVANCE.md) chose,
// checked on small collections whose right order is known by construction.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "dossier/index_writer.h"
#include "dossier/searcher.h"
#include "query_text.h"
#include "ranking/dependence.h"
#include "test_util.h"

using namespace dossier;

namespace {

Document text_document(const std::string& key, const std::string& text) {
    Document doc;
    doc.key = doc.path = key;
    doc.format = "text";
    doc.meta.title = "note";
    doc.text = text;
    return doc;
}

std::string key_of(std::size_t i) { return "/r/doc" + std::to_string(i + 1) + ".txt"; }

/// Indexes texts in the order given (docid 1, 2, ...) with one shared title.
class Collection {
  public:
    explicit Collection(const std::vector<std::string>& texts) {
        IndexWriter writer(db());
        for (std::size_t i = 0; i < texts.size(); ++i) writer.add(text_document(key_of(i), texts[i]));
        writer.commit();
    }

    /// Keys of the hits of an OR query, best first.
    std::vector<std::string> ranking(const std::string& text, Xapian::doccount feedback_docs = 0,
                                     std::size_t neighbours = 0, Xapian::doccount offset = 0,
                                     Xapian::doccount limit = 100) {
        Searcher searcher({db()});
        SearchRequest request;
        request.query.text = text;
        request.query.options.any = true;
        request.presentation.snippet_bytes = 0;
        request.paging.offset = offset;
        request.paging.limit = limit;
        request.ranking.feedback_docs = feedback_docs;
        request.ranking.neighbours = neighbours;
        std::vector<std::string> keys;
        for (const auto& hit : searcher.search(request).hits) keys.push_back(hit.doc.key);
        return keys;
    }

    std::string db() const { return dir_.str() + "/db"; }

  private:
    dossier_test::TempDir dir_;
};

/// Position of key in ranking, or -1.
long rank_of(const std::vector<std::string>& ranking, const std::string& key) {
    auto it = std::find(ranking.begin(), ranking.end(), key);
    return it == ranking.end() ? -1 : it - ranking.begin();
}

}  // namespace

TEST_CASE("a word written joined and split counts as one query word, not three", "[ranking]") {
    // doc1 holds one query word in both spellings; doc2 holds both query
    // words. Were "cyber" and "attack" weighed besides "cyberattack", doc1
    // would win on the rarity of its parts.
    std::vector<std::string> texts = {
        "The cyberattack was a cyber attack on the grid.",
        "The cyberattack came after the sanctions on the grid.",
    };
    for (int i = 0; i < 12; ++i) texts.push_back("The grid, filler text number " + std::to_string(i) + ".");
    Collection c(texts);
    auto ranking = c.ranking("cyberattack sanctions");
    REQUIRE(ranking.size() >= 2);
    CHECK(ranking[0] == "/r/doc2.txt");
    CHECK(ranking[1] == "/r/doc1.txt");
}

TEST_CASE("a long question keeps the proximity bonus when few of its words are content words",
          "[ranking]") {
    // Both documents hold the same words, so BM25 alone ties them and the
    // lower docid (doc1, words far apart) would come first. The question has
    // 19 words but only 5 that are not stop words.
    const std::string filler = " alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu ";
    Collection c({"known" + filler + "effect" + filler + "sanctions" + filler + "grid" + filler + "it",
                  "known effect sanctions grid it" + filler + filler + filler + filler});
    auto ranking = c.ranking(
        "what is known about the effect of the sanctions on the grid and what has been done about it");
    REQUIRE(ranking.size() == 2);
    CHECK(ranking[0] == "/r/doc2.txt");
}

TEST_CASE("query words standing together in order outrank the same words apart", "[ranking]") {
    const std::string filler = " alpha beta gamma delta epsilon zeta eta theta iota kappa ";
    std::vector<std::string> texts = {
        "the layer" + filler + "of the boundary" + filler,
        "the boundary layer" + filler + "of the" + filler,
    };
    for (int i = 0; i < 6; ++i) texts.push_back("boundary" + filler + "layer " + std::to_string(i));
    Collection c(texts);
    auto ranking = c.ranking("boundary layer");
    REQUIRE(ranking.size() == 8);
    CHECK(ranking[0] == "/r/doc2.txt");
    // Another form of a word counts in a pair too: "layers" is "layer".
    CHECK(c.ranking("boundary layers")[0] == "/r/doc2.txt");
}

TEST_CASE("several databases score word pairs as one database holding them all", "[ranking]") {
    const std::vector<std::string> texts = {
        "heat transfer in a boundary layer",    "the boundary layer of heat transfer",
        "boundary conditions of heat flow",      "transfer of heat across a boundary layer",
        "layer by layer the heat is transferred", "a boundary layer, heat and its transfer",
        "heat transfer heat transfer",           "nothing of interest here",
    };
    dossier_test::TempDir dir;
    const std::string whole = dir.str() + "/whole", odd = dir.str() + "/odd", even = dir.str() + "/even";
    {
        IndexWriter all(whole), first(odd), second(even);
        for (std::size_t i = 0; i < texts.size(); ++i) {
            all.add(text_document(key_of(i), texts[i]));
            (i % 2 == 0 ? first : second).add(text_document(key_of(i), texts[i]));
        }
        all.commit();
        first.commit();
        second.commit();
    }
    auto scores = [](const std::vector<std::string>& dbs) {
        Searcher searcher(dbs);
        SearchRequest request;
        request.query.text = "heat transfer boundary layer";
        request.query.options.any = true;
        request.presentation.snippet_bytes = 0;
        request.paging.limit = 100;
        std::map<std::string, double> out;
        for (const auto& hit : searcher.search(request).hits) out[hit.doc.key] = hit.score;
        return out;
    };
    auto one = scores({whole});
    auto two = scores({odd, even});
    REQUIRE(one.size() == 7);
    REQUIRE(two.size() == one.size());
    for (const auto& [key, score] : one) CHECK(two.at(key) == Approx(score).epsilon(1e-9));
}

TEST_CASE("feedback ranks higher the documents that share the top hit's words", "[ranking]") {
    // doc2 and doc3 tie on "reactor"; doc3 shares "coolant" and "turbine"
    // with the top hit doc1, so feedback from doc1 lifts it above doc2.
    std::vector<std::string> texts = {
        "reactor reactor coolant turbine",
        "reactor alpha beta gamma delta",
        "reactor coolant turbine gamma delta",
    };
    for (int i = 0; i < 10; ++i) texts.push_back("unrelated filler text number " + std::to_string(i));
    Collection c(texts);
    auto plain = c.ranking("reactor");
    REQUIRE(plain.size() == 3);
    CHECK(plain[0] == "/r/doc1.txt");
    auto with_feedback = c.ranking("reactor", 1);
    REQUIRE(with_feedback.size() == 3);
    CHECK(rank_of(with_feedback, "/r/doc3.txt") < rank_of(with_feedback, "/r/doc2.txt"));
}

TEST_CASE("neighbour smoothing lifts a match that resembles the best match", "[ranking]") {
    // doc2 and doc3 tie on "reactor"; doc3 resembles the top hit doc1
    // ("coolant", "turbine"), doc2 resembles the long, weak match doc4, so
    // smoothing lifts doc3 above doc2 and leaves doc1 first.
    std::vector<std::string> texts = {
        "reactor reactor coolant turbine",
        "reactor alpha beta epsilon zeta",
        "reactor coolant turbine gamma delta",
        "reactor alpha beta epsilon zeta and a long tail of words that says little more",
    };
    for (int i = 0; i < 10; ++i) texts.push_back("unrelated filler text number " + std::to_string(i));
    Collection c(texts);
    auto plain = c.ranking("reactor");
    REQUIRE(plain.size() == 4);
    CHECK(plain[0] == "/r/doc1.txt");
    CHECK(rank_of(plain, "/r/doc2.txt") < rank_of(plain, "/r/doc3.txt"));
    auto smoothed = c.ranking("reactor", 0, 1);
    REQUIRE(smoothed.size() == 4);
    CHECK(smoothed[0] == "/r/doc1.txt");
    CHECK(rank_of(smoothed, "/r/doc3.txt") < rank_of(smoothed, "/r/doc2.txt"));
}

TEST_CASE("pages of a smoothed ranking follow on from each other", "[ranking]") {
    // 230 matches, more than the 100 that smoothing re-ranks and the 200
    // that word pairs re-rank: pages of 7 cut at any point must list every
    // match once, in the order of one long page, with or without feedback.
    std::vector<std::string> texts;
    const char* topics[] = {"coolant turbine", "budget tariff", "harbour fleet", "grid outage"};
    for (int i = 0; i < 230; ++i) {
        // Documents of one group resemble each other across topics, whose
        // scores differ: smoothing has something to move.
        std::string text = "reactor " + std::string(topics[i % 4]) + (i % 3 ? " reactor" : "");
        for (int j = 0; j < i % 5; ++j) text += " filler";
        std::string group = " group" + std::to_string(i % 9);
        texts.push_back(text + group + group + " item" + std::to_string(i));
    }
    Collection c(texts);
    for (Xapian::doccount feedback : {0u, 3u}) {
        auto whole = c.ranking("reactor coolant", feedback, 5, 0, 300);
        REQUIRE(whole.size() == 230);
        CHECK(whole != c.ranking("reactor coolant", feedback, 0, 0, 300));
        std::vector<std::string> paged;
        for (Xapian::doccount offset = 0; offset < 240; offset += 7) {
            auto page = c.ranking("reactor coolant", feedback, 5, offset, 7);
            paged.insert(paged.end(), page.begin(), page.end());
        }
        CHECK(paged == whole);
    }
}

TEST_CASE("a document whose title holds the query outranks a long one that mentions it once",
          "[ranking]") {
    dossier_test::TempDir dir;
    const std::string db = dir.str() + "/db";
    {
        IndexWriter writer(db);
        std::string report = "The annual report reviews trade, budgets and staffing.";
        for (int i = 0; i < 40; ++i)
            report += " Paragraph " + std::to_string(i) + " covers budgets, staffing and the year's trade figures.";
        report += " It notes new export controls in passing.";
        Document long_report = text_document("/r/report.txt", report);
        long_report.meta.title = "Annual report";
        writer.add(long_report);
        Document declaration =
            text_document("/r/declaration.txt", "The partners agree to coordinate their lists of goods.");
        declaration.meta.title = "Joint declaration on export controls";
        writer.add(declaration);
        for (int i = 0; i < 10; ++i) writer.add(text_document(key_of(i), "Other business, item " + std::to_string(i) + "."));
        writer.commit();
    }
    Searcher searcher({db});
    SearchRequest request;
    request.query.text = "export controls";
    request.presentation.snippet_bytes = 0;
    auto results = searcher.search(request);
    REQUIRE(results.hits.size() == 2);
    CHECK(results.hits[0].doc.key == "/r/declaration.txt");
}

TEST_CASE("word pairs reorder the best matches but never change totals, facets or pages",
          "[ranking]") {
    // 300 matches, more than the candidates the pair scores rerank: the
    // documents with the words adjacent must lead, every page must list
    // each match once, and the total must stay exact.
    std::vector<std::string> texts;
    for (int i = 0; i < 300; ++i) {
        std::string filler(static_cast<std::size_t>(i % 7) + 1, 'x');
        texts.push_back(i % 50 == 49 ? "maritime security in the strait " + filler
                                     : "security of the " + filler + " ports and maritime lanes");
    }
    Collection c(texts);
    Searcher searcher({c.db()});
    auto run = [&](double proximity, Xapian::doccount offset, Xapian::doccount limit) {
        SearchRequest r;
        r.query.text = "maritime security";
        r.query.options.proximity_weight = proximity;
        r.paging.offset = offset;
        r.paging.limit = limit;
        r.presentation.snippet_bytes = 0;
        r.counting.exact_total = true;
        r.counting.facets = {dossier::Facet::kType};
        return searcher.search(r);
    };
    SearchResults with = run(0.3, 0, 6);
    SearchResults without = run(0, 0, 6);
    CHECK(with.total == 300);
    CHECK(with.total == without.total);
    CHECK(with.facets == without.facets);
    // The six adjacent documents (keys 50, 100, ... 300) come first.
    REQUIRE(with.hits.size() == 6);
    for (const auto& hit : with.hits) CHECK(std::stoi(hit.doc.key.substr(6)) % 50 == 0);

    // Pages of 30 and of 70 (one straddles the rerank depth) walk all 300
    // matches, each once, with ranks that follow on.
    for (Xapian::doccount page : {30u, 70u}) {
        INFO("page size " << page);
        std::vector<std::string> seen;
        Xapian::doccount expected_rank = 1;
        for (Xapian::doccount offset = 0; offset < 300; offset += page) {
            for (const auto& hit : run(0.3, offset, page).hits) {
                CHECK(hit.rank == expected_rank++);
                seen.push_back(hit.doc.key);
            }
        }
        CHECK(seen.size() == 300);
        std::sort(seen.begin(), seen.end());
        CHECK(std::unique(seen.begin(), seen.end()) == seen.end());
    }
}

TEST_CASE("word pairs: documents holding both words are counted from the rarer word, to a limit", "[ranking]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    // Two forms of each word at fixed positions: "china taiwan" at 1-2,
    // "chinese taiwanese" at 5-6; "china" is far commoner than "taiwan".
    std::size_t holders = 0, ordered = 0, reversed = 0;
    for (Xapian::docid i = 1; i <= 300; ++i) {
        Xapian::Document doc;
        const bool china = i % 2 == 0, chinese = i % 3 == 0, taiwan = i % 5 == 0, taiwanese = i % 7 == 0;
        if (china) doc.add_posting("china", 1);
        if (chinese) doc.add_posting("chinese", 5);
        if (taiwan) doc.add_posting("taiwan", 2);
        if (taiwanese) doc.add_posting("taiwanese", 6);
        doc.add_posting("filler", 9);
        db.add_document(doc);
        if ((china || chinese) && (taiwan || taiwanese)) ++holders;
        if ((china && taiwan) || (chinese && taiwanese)) ++ordered;
    }
    // Documents where only the second form of the first word comes right
    // before the second word: "china ... chinese taiwan".
    for (int i = 0; i < 5; ++i) {
        Xapian::Document doc;
        doc.add_posting("china", 1);
        doc.add_posting("chinese", 5);
        doc.add_posting("taiwan", 6);
        db.add_document(doc);
        ++holders;
        ++ordered;
    }
    db.commit();
    WordPair pair;
    pair.first = {"china", "chinese"};
    pair.second = {"taiwan", "taiwanese"};
    pair.ordered_weight = 1;
    WordPair swapped = pair;
    std::swap(swapped.first, swapped.second);
    REQUIRE(holders > 20);
    CHECK(WordPairSource::holder_count(db, pair) == holders);
    CHECK(WordPairSource::holder_count(db, swapped) == holders);
    CHECK(WordPairSource::holder_count(db, pair, 10) == 11);
    CHECK(WordPairSource::holder_count(db, swapped, static_cast<Xapian::doccount>(holders)) == holders);
    // Which forms each document holds steers the positions read: "china
    // taiwan" is in order, "taiwan china" never is.
    CHECK(WordPairSource::statistics(db, pair).ordered_df == ordered);
    CHECK(WordPairSource::statistics(db, swapped).ordered_df == reversed);
}

TEST_CASE("topic stems leave out exactly the stop words the query parser drops", "[ranking]") {
    // Every stop word, and words next to them in byte order.
    const char* stop[] = {"a",     "about", "after", "all",   "also",  "an",     "and",    "any",   "are",  "as",
                          "at",    "be",    "been",  "being", "but",   "by",     "can",    "could", "did",  "do",
                          "does",  "done",  "for",   "from",  "had",   "has",    "have",   "having", "he",  "her",
                          "his",   "how",   "i",     "if",    "in",    "into",   "is",     "its",   "more", "most",
                          "must",  "of",    "on",    "or",    "other", "our",    "she",    "should", "so",  "some",
                          "such",  "than",  "that",  "the",   "their", "them",   "then",   "there", "these", "they",
                          "this",  "those", "to",    "under", "upon",  "very",   "was",    "we",    "were", "what",
                          "when",  "where", "which", "while", "who",   "whom",   "why",    "will",  "with", "would",
                          "you",   "your"};
    for (const char* w : stop) {
        INFO(w);
        CHECK(english_stopper()(w));
        CHECK_FALSE(is_topic_stem(std::string("Z") + w));
    }
    for (const char* w : {"abouts", "yours", "whomever", "shoulder", "ab", "zz", "us", "it", "may", "china",
                          "secur", "thei", "wer"}) {
        INFO(w);
        CHECK_FALSE(english_stopper()(w));
        CHECK(is_topic_stem(std::string("Z") + w));
    }
    CHECK_FALSE(is_topic_stem("china"));   // not a stem term
    CHECK_FALSE(is_topic_stem("ZAchina")); // a field's stem
}
