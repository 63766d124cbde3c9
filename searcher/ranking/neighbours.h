#pragma once
// Internal to libdossier: score regularisation over the best matches, after
// Diaz ("Regularizing ad hoc retrieval scores", CIKM 2005). Documents that
// resemble each other tend to be relevant to the same requests (the cluster
// hypothesis), so each of the best matches takes part of its score from
// its most similar neighbours among them: a relevant document that uses
// other words than the query rises with the matches it resembles, and a
// match that resembles none of the others sinks a little.

#include <cstddef>
#include <vector>

#include <xapian.h>

namespace dossier {

/// A match and its score.
struct ScoredDoc {
    Xapian::docid docid = 0;
    double score = 0;
};

/// Settings of smooth_scores().
struct SmoothingOptions {
    /// Neighbours each document takes scores from.
    std::size_t neighbours = 5;
    /// Share of the new score that comes from the neighbours, in [0, 1].
    double weight = 0.5;
    /// Words of a document compared (its best by TF-IDF), which bounds the
    /// cost for long documents.
    std::size_t words_per_document = 50;
};

/// Re-scores docs, the best matches of one query, in place (the caller
/// sorts them again). Each document is a vector of its stemmed words (Z-prefixed
/// terms other than stop words), weighted (1 + ln wdf) x IDF, cut to its
/// best options.words_per_document and normalised; its new score is
/// (1 - weight) x its score + weight x the mean score of its most similar
/// docs, weighted by their cosine similarity to it. A document similar to
/// none keeps (1 - weight) of its score.
void smooth_scores(const Xapian::Database& db, std::vector<ScoredDoc>& docs,
                   const SmoothingOptions& options);

}  // namespace dossier
