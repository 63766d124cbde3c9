#pragma once
// The languages Dossier tells apart, with the Xapian stemmer of each: the
// one table the index side (detection, stemming) and the query side
// (stemming a query in every language of the index) share.

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace dossier {

/// One language Dossier recognises.
struct LanguageInfo {
    const char* code;     ///< ISO 639-1 code, as in the lang: filter ("fr").
    const char* name;     ///< English name, lower case ("french").
    const char* stemmer;  ///< Xapian::Stem language, or "" for none (CJK).
};

/// Every language Dossier recognises, English first.
const std::vector<LanguageInfo>& known_languages();

/// The language of code (exactly as in the table), or nullptr.
const LanguageInfo* find_language(std::string_view code);

/// The code of a language named in metadata: an ISO 639-1 or 639-2 code
/// with or without a region ("fr", "fr-FR", "fre", "fra", "zh_Hans"), or a
/// name in English or in the language itself ("French", "français",
/// "Deutsch"). "" when Dossier does not know the language.
std::string language_code(std::string_view given);

/// The stemmer for a document or query in language code; English for ""
/// and for unknown codes, no stemming (Xapian::Stem("none")) for languages
/// without one.
Xapian::Stem stemmer_for(std::string_view code);

/// The codes of the languages the database holds documents in (its
/// kPrefixLanguage terms), sorted. Empty for a database indexed before
/// languages were recorded: all of it is English.
std::vector<std::string> indexed_languages(const Xapian::Database& db);

}  // namespace dossier
