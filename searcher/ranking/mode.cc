#include "ranking/mode.h"

#include <cctype>
#include <string_view>

#include "query_text.h"

namespace dossier {

namespace {

bool is_operator_word(std::string_view word) {
    for (std::string_view op : {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"}) {
        if (word.substr(0, op.size()) == op && (word.size() == op.size() || word[op.size()] == '/'))
            return true;
    }
    return false;
}

bool has_filters(const Filters& f) {
    return !f.types.empty() || !f.sources.empty() || !f.tags.empty() || !f.languages.empty() || !f.countries.empty() ||
           !f.years.empty() || f.before || f.after || f.since || f.until;
}

/// What in the query text asks for an exact match, or "" for none; counts
/// the words other than stop words in content_words.
std::string exact_intent(std::string_view text, std::size_t& content_words) {
    content_words = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
        std::size_t end = pos;
        while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
        std::string_view token = text.substr(pos, end - pos);
        pos = end;
        if (token.empty()) continue;
        if (is_operator_word(token)) return "the operator " + std::string(token);
        if (token.find('"') != std::string_view::npos) return "a phrase";
        if (token.find('(') != std::string_view::npos || token.find(')') != std::string_view::npos)
            return "brackets";
        if (token.front() == '+' || token.front() == '-') return "a required or excluded word";
        if (token.front() == '=') return "an exact form";
        if (token.find('*') != std::string_view::npos) return "a wildcard";
        // A colon inside a word is a field prefix or a filter (title:, type:,
        // since:); "Note:" at the end of a word is punctuation.
        if (auto colon = token.find(':'); colon != std::string_view::npos && colon + 1 < token.size())
            return "a field prefix or filter";
        // Punctuation around a word is not part of it ("policy?", "(and").
        std::size_t first = 0, last = token.size();
        while (first < last && std::ispunct(static_cast<unsigned char>(token[first]))) ++first;
        while (last > first && std::ispunct(static_cast<unsigned char>(token[last - 1]))) --last;
        if (first == last) continue;
        std::string word(token.substr(first, last - first));
        for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!english_stopper()(word)) ++content_words;
    }
    return {};
}

std::string words_text(std::size_t n) { return std::to_string(n) + (n == 1 ? " content word" : " content words"); }

}  // namespace

RankingPlan plan_ranking(const SearchRequest& request) {
    const RankingOptions& options = request.ranking;
    RankingPlan plan;
    if (request.paging.limit == 0) {
        // Counts, facets and timelines read no order: nothing is ranked,
        // not even by word pairs, whatever the request sets.
        plan.explanation = "none (no hits asked for)";
        return plan;
    }
    bool full = false;
    std::string reason;
    switch (options.mode) {
        case RankingMode::kPlain:
            reason = "asked for";
            break;
        case RankingMode::kFull:
            full = true;
            reason = "asked for";
            break;
        case RankingMode::kAuto: {
            std::size_t words = 0;
            std::string exact = exact_intent(request.query.text, words);
            if (request.paging.sort != SortOrder::kRelevance) {
                reason = "sorted by date";
            } else if (!exact.empty()) {
                reason = exact;
            } else if (has_filters(request.query.filters)) {
                reason = "filters";
            } else if (words < kMinFullRankingWords) {
                reason = words_text(words) + ", fewer than " + std::to_string(kMinFullRankingWords);
            } else {
                full = true;
                reason = words_text(words) + ", no operators";
            }
            break;
        }
    }
    plan.feedback_docs = options.feedback_docs.value_or(full ? kFullFeedbackDocs : 0);
    plan.neighbours = options.neighbours.value_or(full ? kFullNeighbours : 0);
    // Values set in the request win over the mode's: say what ran.
    plan.explanation = std::string(full ? "full" : "plain") + " (" + reason + ")";
    if (options.feedback_docs.has_value() || options.neighbours.has_value())
        plan.explanation += ", with feedback " + std::to_string(plan.feedback_docs) + " and neighbours " +
                            std::to_string(plan.neighbours) + " as set";
    return plan;
}

}  // namespace dossier
