#pragma once
// Internal to libdossier: the rewriting of query text before Xapian's
// QueryParser sees it, and the English stop-word list.

#include <string>
#include <vector>

#include <xapian.h>

namespace dossier {

/// Query text ready for the QueryParser, and what was changed.
struct RewrittenQuery {
    std::string text;                 ///< Text to parse.
    std::vector<std::string> notes;   ///< One line per change, for --explain.
    /// The plain words the user wants present, lower-cased, in order (no
    /// phrases, excluded words or field values): for the proximity bonus.
    std::vector<std::string> words;
};

/// Rewrites query text outside quoted phrases so that the parser applies
/// Dossier's rules:
/// - words are lower-cased so that they are stemmed ("Sanctions" finds
///   "sanctioned"); words in capitals ("US", "NATO") and words written
///   "=word" stay exact;
/// - a hyphenated word ("Indo-Pacific") matches the phrase or the joined
///   word ("indopacific"); without `any`, two adjacent words whose joined
///   form is a word of the index ("Indo Pacific", "cyber attack") are read
///   the same way.
/// Operators, field prefixes and quoted phrases pass through unchanged.
/// With any (OR semantics) adjacent words are left apart: "high speed"
/// then means either word, as the user asked.
RewrittenQuery rewrite_query_text(const std::string& text, const Xapian::Database& db,
                                  bool any);

/// Throws QueryError if a boolean operator (AND, OR, XOR, or NOT after a
/// query) has nothing to work on: "OR china", "china AND", "(XOR x)".
/// Words, phrases and brackets are found as Xapian's QueryParser finds them
/// (Xapian::Unicode::is_wordchar); text in double quotes is not read for
/// operators. `shown` is the query as the user wrote it, for the message.
///
/// Xapian 1.4's parser reports such a query as a syntax error too, but on
/// some of them ("OR x%y NEAR a b") it loses a term object on the way: a
/// query server would grow with every one. This check runs first.
void check_operands(const std::string& text, const std::string& shown);

/// The English stop words ignored in queries outside phrases.
Xapian::Stopper& english_stopper();

/// True for a stemmed word of the index (a Z-prefixed term) that is not a
/// stop word: the terms that say what a document is about, as used by
/// pseudo-relevance feedback and by document similarity. Filter terms, ids
/// and field-prefixed copies are not.
bool is_topic_stem(const std::string& term);

/// Calls visit(term, wdf) for each topic stem (is_topic_stem) of document
/// did of db, in term order. Stems (Z + lower case) sort together: the
/// other terms are skipped unread.
template <typename Visit>
void for_each_topic_stem(const Xapian::Database& db, Xapian::docid did, Visit&& visit) {
    auto t = db.termlist_begin(did);
    for (t.skip_to("Za"); t != db.termlist_end(did); ++t) {
        const std::string term = *t;
        if (term[0] != 'Z') break;
        if (is_topic_stem(term)) visit(term, t.get_wdf());
    }
}

/// Inverse document frequency of a word in df of `documents` documents, as
/// BM25 computes it: log((documents - df + 0.5) / (df + 0.5)), zero or less
/// for a word in half the documents or more.
double rsj_idf(double df, double documents);

}  // namespace dossier
