#pragma once
// Internal to libdossier: how many times a query matches in a document,
// counted from the positions of its words (dossier-search --mentions).

#include <string>
#include <vector>

#include <xapian.h>

#include "dossier/searcher.h"

namespace dossier {

class StoredData;

/// A document's mentions of a query, and its length.
struct MentionCount {
    Xapian::termcount mentions = 0;  ///< Matches of the query's words and phrases in the text.
    Xapian::termcount words = 0;     ///< Words of the text (term positions it takes).
};

/// Counts the matches of a query in documents: each word of the query (a
/// stemmed word counts every indexed form with its stem), each phrase (its
/// words at consecutive positions) and each alias phrase the query was
/// widened to, in the text only (not the title or other metadata).
/// Filters, field searches (title:, author:) and value ranges count
/// nothing. Each distinct word or phrase is counted on its own, so a word
/// that is also part of a phrase of the query counts in both.
class MentionCounter {
  public:
    /// Reads the words and phrases of query (the match query, without
    /// word-pair scores); finds the forms of stemmed words in db's term
    /// list (at most kMaxFormsScanned terms looked at per stem). db must
    /// outlive the counter. Throws Xapian errors on database problems.
    MentionCounter(const Xapian::Database& db, const Xapian::Query& query);

    /// The forms counted: words, then phrases in quotes, in query order.
    std::vector<std::string> forms() const;

    /// Counts in document did, whose data is stored. Throws
    /// dossier::Error on corrupt data, Xapian errors on database problems.
    MentionCount count(Xapian::docid did, const StoredData& stored) const;

    /// Terms of the index looked at per stemmed word to find its forms.
    static constexpr unsigned kMaxFormsScanned = 5000;

  private:
    void collect(const Xapian::Query& query);
    void add_unit(std::vector<std::string> terms);

    const Xapian::Database& db_;
    std::vector<std::vector<std::string>> units_;  // a word, or the words of a phrase
};

/// The query of a search as mentions are counted from it: the match query
/// without word-pair scores when there is one, else the query.
const Xapian::Query& mention_query(const ParsedQuery& parsed);

/// Counts the mentions of parsed's words in its dated matches, per year,
/// into timeline.mentions: at most kMaxMentionDocuments matches, oldest
/// first (timeline.mentions_partial says when there were more). Throws as
/// MentionCounter does.
void count_timeline_mentions(const Xapian::Database& db, const ParsedQuery& parsed, Timeline& timeline);

}  // namespace dossier
