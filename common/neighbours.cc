#include "neighbours.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <unordered_map>
#include <utility>

#include "query_text.h"

namespace dossier {

namespace {

/// One document's words: (word index, weight), normalised to length 1.
using WordVector = std::vector<std::pair<std::size_t, double>>;

class VectorBuilder {
  public:
    VectorBuilder(const Xapian::Database& db, std::size_t keep)
        : db_(db), keep_(keep), documents_(static_cast<double>(db.get_doccount())) {}

    WordVector build(Xapian::docid did) {
        std::vector<std::pair<double, std::size_t>> weighted;
        // Stemmed words (Z + lower case) sort together: skip the other
        // terms unread.
        auto t = db_.termlist_begin(did);
        for (t.skip_to("Za"); t != db_.termlist_end(did); ++t) {
            const std::string term = *t;
            if (term[0] != 'Z') break;
            if (!is_topic_stem(term)) continue;
            auto [it, added] = words_.try_emplace(term, Word{});
            if (added) {
                double df = t.get_termfreq();
                it->second.index = words_.size() - 1;
                it->second.idf = std::log((documents_ - df + 0.5) / (df + 0.5));
            }
            // Words in most documents say nothing about which ones resemble.
            if (it->second.idf <= 0) continue;
            weighted.emplace_back((1 + std::log(static_cast<double>(t.get_wdf()))) * it->second.idf,
                                  it->second.index);
        }
        std::size_t keep = std::min(keep_, weighted.size());
        std::partial_sort(weighted.begin(), weighted.begin() + static_cast<std::ptrdiff_t>(keep),
                          weighted.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        weighted.resize(keep);
        double norm = 0;
        for (const auto& [w, index] : weighted) norm += w * w;
        norm = std::sqrt(norm);
        WordVector out;
        for (const auto& [w, index] : weighted) out.emplace_back(index, w / norm);
        return out;
    }

    std::size_t word_count() const { return words_.size(); }

  private:
    struct Word {
        std::size_t index = 0;
        double idf = 0;
    };
    const Xapian::Database& db_;
    std::size_t keep_;
    double documents_;
    std::unordered_map<std::string, Word> words_;
};

}  // namespace

void smooth_scores(const Xapian::Database& db, std::vector<ScoredDoc>& docs,
                   const SmoothingOptions& options) {
    const std::size_t n = docs.size();
    if (n < 2 || options.neighbours == 0 || options.weight <= 0) return;
    VectorBuilder builder(db, options.words_per_document);
    std::vector<WordVector> vectors;
    vectors.reserve(n);
    for (const auto& d : docs) vectors.push_back(builder.build(d.docid));

    // Cosine similarities through an inverted list of the documents' words:
    // only pairs that share a word cost anything.
    std::vector<std::vector<std::pair<std::size_t, double>>> holders(builder.word_count());
    for (std::size_t i = 0; i < n; ++i)
        for (const auto& [word, w] : vectors[i]) holders[word].emplace_back(i, w);
    std::vector<double> similarity(n * n, 0.0);
    for (const auto& list : holders)
        for (std::size_t a = 0; a < list.size(); ++a)
            for (std::size_t b = a + 1; b < list.size(); ++b) {
                double product = list[a].second * list[b].second;
                similarity[list[a].first * n + list[b].first] += product;
                similarity[list[b].first * n + list[a].first] += product;
            }

    std::vector<double> smoothed(n);
    std::vector<std::size_t> others;
    for (std::size_t i = 0; i < n; ++i) {
        const double* row = &similarity[i * n];
        others.resize(n);
        std::iota(others.begin(), others.end(), 0);
        others.erase(others.begin() + static_cast<std::ptrdiff_t>(i));
        std::size_t k = std::min(options.neighbours, others.size());
        std::partial_sort(others.begin(), others.begin() + static_cast<std::ptrdiff_t>(k), others.end(),
                          [&](std::size_t a, std::size_t b) { return row[a] > row[b]; });
        double total = 0, mix = 0;
        for (std::size_t j = 0; j < k; ++j) {
            double s = row[others[j]];
            if (s <= 0) break;
            total += s;
            mix += s * docs[others[j]].score;
        }
        double neighbour_score = total > 0 ? mix / total : 0;
        smoothed[i] = (1 - options.weight) * docs[i].score + options.weight * neighbour_score;
    }
    for (std::size_t i = 0; i < n; ++i) docs[i].score = smoothed[i];
}

}  // namespace dossier
