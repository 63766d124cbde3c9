// Ranking rules that the relevance benchmark (bench/RELEVANCE.md) chose,
// checked on small collections whose right order is known by construction.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "dossier/index_writer.h"
#include "dossier/searcher.h"
#include "test_util.h"

using namespace dossier;

namespace {

/// Indexes texts in the order given (docid 1, 2, ...) with one shared title.
class Collection {
  public:
    explicit Collection(const std::vector<std::string>& texts) {
        IndexWriter writer(db());
        for (std::size_t i = 0; i < texts.size(); ++i) {
            Document doc;
            doc.key = doc.path = "/r/doc" + std::to_string(i + 1) + ".txt";
            doc.format = "text";
            doc.meta.title = "note";
            doc.text = texts[i];
            writer.add(doc);
        }
        writer.commit();
    }

    /// Keys of the hits of an OR query, best first.
    std::vector<std::string> ranking(const std::string& text) {
        Searcher searcher({db()});
        SearchRequest request;
        request.text = text;
        request.query_options.any = true;
        request.snippet_bytes = 0;
        request.limit = 100;
        std::vector<std::string> keys;
        for (const auto& hit : searcher.search(request).hits) keys.push_back(hit.doc.key);
        return keys;
    }

    std::string db() const { return dir_.str() + "/db"; }

  private:
    dossier_test::TempDir dir_;
};

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
