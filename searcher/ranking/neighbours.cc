#include "ranking/neighbours.h"

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

/// The word vectors of docs. The words of all documents are read first and
/// their document frequencies looked up afterwards in sorted order, where
/// consecutive look-ups share the index's blocks: looked up document by
/// document, each word costs a walk down the index.
std::vector<WordVector> word_vectors(const Xapian::Database& db, const std::vector<ScoredDoc>& docs,
                                     std::size_t keep, std::size_t& word_count) {
    struct Word {
        std::size_t index = 0;
        double idf = 0;
    };
    std::unordered_map<std::string, Word> words;
    std::vector<std::vector<std::pair<const Word*, Xapian::termcount>>> held(docs.size());
    for (std::size_t i = 0; i < docs.size(); ++i)
        for_each_topic_stem(db, docs[i].docid, [&](const std::string& term, Xapian::termcount wdf) {
            held[i].emplace_back(&words[term], wdf);
        });
    std::vector<std::pair<const std::string*, Word*>> sorted;
    sorted.reserve(words.size());
    for (auto& [term, word] : words) sorted.emplace_back(&term, &word);
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
    const double documents = static_cast<double>(db.get_doccount());
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        sorted[i].second->idf = rsj_idf(db.get_termfreq(*sorted[i].first), documents);
        sorted[i].second->index = i;
    }
    word_count = sorted.size();

    std::vector<WordVector> vectors(docs.size());
    std::vector<std::pair<double, std::size_t>> weighted;
    for (std::size_t i = 0; i < docs.size(); ++i) {
        weighted.clear();
        for (const auto& [word, wdf] : held[i]) {
            // Words in most documents say nothing about which ones resemble.
            if (word->idf <= 0) continue;
            weighted.emplace_back((1 + std::log(static_cast<double>(wdf))) * word->idf, word->index);
        }
        std::size_t top = std::min(keep, weighted.size());
        std::partial_sort(weighted.begin(), weighted.begin() + static_cast<std::ptrdiff_t>(top),
                          weighted.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        weighted.resize(top);
        double norm = 0;
        for (const auto& [w, index] : weighted) norm += w * w;
        norm = std::sqrt(norm);
        for (const auto& [w, index] : weighted) vectors[i].emplace_back(index, w / norm);
    }
    return vectors;
}

}  // namespace

void smooth_scores(const Xapian::Database& db, std::vector<ScoredDoc>& docs,
                   const SmoothingOptions& options) {
    const std::size_t n = docs.size();
    if (n < 2 || options.neighbours == 0 || options.weight <= 0) return;
    std::size_t word_count = 0;
    const std::vector<WordVector> vectors = word_vectors(db, docs, options.words_per_document, word_count);

    // Cosine similarities through an inverted list of the documents' words:
    // only pairs that share a word cost anything.
    std::vector<std::vector<std::pair<std::size_t, double>>> holders(word_count);
    for (std::size_t i = 0; i < n; ++i)
        for (const auto& [word, w] : vectors[i]) holders[word].emplace_back(i, w);
    // Lists are in document order, so each pair fills the upper triangle;
    // the lower one is copied after.
    std::vector<double> similarity(n * n, 0.0);
    for (const auto& list : holders)
        for (std::size_t a = 0; a < list.size(); ++a) {
            double* row = &similarity[list[a].first * n];
            const double wa = list[a].second;
            for (std::size_t b = a + 1; b < list.size(); ++b) row[list[b].first] += wa * list[b].second;
        }
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) similarity[j * n + i] = similarity[i * n + j];

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
