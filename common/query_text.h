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
};

/// Rewrites query text outside quoted phrases so that the parser applies
/// Dossier's rules:
/// - words are lower-cased so that they are stemmed ("Sanctions" finds
///   "sanctioned"); words in capitals ("US", "NATO") and words written
///   "=word" stay exact;
/// - a hyphenated word ("Indo-Pacific") matches the phrase or the joined
///   word ("indopacific"); two adjacent words whose joined form is a word of
///   the index ("Indo Pacific", "cyber attack") are read the same way.
/// Operators, field prefixes and quoted phrases pass through unchanged.
RewrittenQuery rewrite_query_text(const std::string& text, const Xapian::Database& db);

/// The English stop words ignored in queries outside phrases.
Xapian::Stopper& english_stopper();

}  // namespace dossier
