#pragma once
// Queries over a database holding documents in several languages: each
// query word is stemmed in English, as it always was, and its stems in the
// database's other languages are added as synonyms.

#include <map>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

namespace dossier {

/// The words a query parser stemmed, by English stem.
using StemmedWords = std::map<std::string, std::set<std::string>>;

/// An English Xapian::Stem that also records, into words, each word it
/// stems: give it to the QueryParser, then to add_language_stems(). words
/// must outlive every use of the stemmer.
Xapian::Stem recording_stemmer(StemmedWords& words);

/// The stemmers of the languages of db other than English that have one
/// (empty for an English-only database).
std::vector<Xapian::Stem> other_stemmers(const Xapian::Database& db);

/// query with each English stem term ("Zsanction", "ZSsanction") of a word
/// in words widened to OP_SYNONYM with the word's stems by each of
/// stemmers that the database holds. Operators with parameters (phrases,
/// NEAR, weight scaling) are kept as they are. Returns query itself when
/// nothing is added, so that an English-only database ranks as before.
Xapian::Query add_language_stems(const Xapian::Query& query, const StemmedWords& words,
                                 const std::vector<Xapian::Stem>& stemmers,
                                 const Xapian::Database& db);

}  // namespace dossier
