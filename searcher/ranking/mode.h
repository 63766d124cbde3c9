#pragma once
// Internal to libdossier: which re-rankings a search runs (RankingMode).
// Pseudo-relevance feedback and neighbour smoothing raise the relevance
// benchmark's MAP from 0.446 to 0.492 on questions written in words, but a
// short query or one with operators, phrases or filters already says
// exactly what it wants: re-ranking it by the words of its top hits would
// second-guess the user at the cost of reading those hits' word lists.

#include <cstddef>
#include <string>

#include <xapian.h>

#include "dossier/searcher.h"

namespace dossier {

/// Feedback documents of full ranking (RankingMode::kFull).
constexpr Xapian::doccount kFullFeedbackDocs = 10;
/// Neighbours of full ranking (RankingMode::kFull).
constexpr std::size_t kFullNeighbours = 5;
/// Fewest words other than stop words of a query that auto ranking ranks in full.
constexpr std::size_t kMinFullRankingWords = 4;

/// The re-rankings one search runs, with the reason for --explain.
struct RankingPlan {
    Xapian::doccount feedback_docs = 0;  ///< Feedback documents (0 = none).
    std::size_t neighbours = 0;          ///< Neighbours for smoothing (0 = none).
    /// "full (6 content words, no operators)", "plain (a phrase)", ...
    std::string explanation;
};

/// Decides the re-rankings of request: its mode (auto judged from the query
/// text, the filters and the order), then the values the request sets
/// explicitly, which always win.
RankingPlan plan_ranking(const SearchRequest& request);

}  // namespace dossier
