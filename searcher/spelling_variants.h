#pragma once
// Internal to libdossier: British and American spellings of a word, so
// that "denuclearisation" and "denuclearization" find each other.

#include <string>
#include <vector>

namespace dossier {

/// The other spellings of word (lower case, ASCII) under the rules of
/// docs/query-syntax.md ("Spelling variants"): -ise/-ize, -isation/-ization,
/// -yse/-yze, -our/-or, -tre/-ter, -elled/-eled and their inflections, and a
/// short list of irregular pairs (defence/defense, programme/program, ...).
/// The candidates are not checked against any index; the caller keeps those
/// the index holds. Returns nothing for words shorter than five letters.
std::vector<std::string> spelling_variants(const std::string& word);

}  // namespace dossier
