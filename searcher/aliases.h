#pragma once
// Internal to libdossier: alias expansion, which widens a query so that an
// alias of a country or organisation finds every other name of it.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "dossier/query.h"

namespace dossier {

/// Rewrites query text (already in index_form()) so that each quoted phrase
/// holding an alias, and each unquoted alias, is searched for under every
/// name of its entity: the words are replaced by a field that parser
/// resolves (a FieldProcessor is added to parser, which owns it) into an OR
/// of phrases. Inside a phrase followed by more words, adjectives stand in
/// for the name too ("ROK forces" also finds "South Korean forces"). Names
/// that could be other words ('=' names such as "US", which the index holds
/// in lower case) or part of a longer name ("Republic of Korea") only match
/// documents in which the entity was detected. Names that find nothing in db,
/// or nothing the typed words do not find ("People's Republic of China" for
/// "China"), are left out, and an alias with no other name left is searched
/// as typed. Words after a field prefix, a '+' or a '-' are left alone, and
/// so is a query using NEAR or ADJ. Each expansion is appended to
/// expansions. Throws only Xapian's database errors (such as
/// DatabaseModifiedError when a commit discards the revision db reads).
std::string expand_aliases(std::string_view query_text, const Xapian::Database& db,
                           Xapian::QueryParser& parser, std::vector<AliasExpansion>& expansions);

/// The forms of the given expansions that occur in text (as the index
/// compares words: case-insensitive), in the order of the expansions.
std::vector<std::string> matched_aliases(const std::vector<AliasExpansion>& expansions,
                                         std::string_view text);

/// The same forms, found from the word positions of document did of db
/// (a local database): no text is read. Words compare as the index holds
/// them (case and accents aside, possessives dropped); unlike the text scan,
/// the whole document counts.
std::vector<std::string> matched_aliases(const std::vector<AliasExpansion>& expansions, const Xapian::Database& db,
                                         Xapian::docid did);

/// Where the forms of the given expansions occur in text, as byte ranges
/// (offset, length) of whole forms, sorted, overlapping ones merged.
std::vector<std::pair<std::size_t, std::size_t>> alias_ranges(const std::vector<AliasExpansion>& expansions,
                                                              std::string_view text);

/// Highlights of text for a query with alias expansions: each occurrence of
/// a form as one highlight, and the other highlights kept unless they fall
/// inside one or are stop words on their own (the "of" of "Republic of
/// Korea" found alone). highlights are (offset, length) pairs in text.
void highlight_aliases(const std::vector<AliasExpansion>& expansions, std::string_view text,
                       std::vector<std::pair<std::size_t, std::size_t>>& highlights);

}  // namespace dossier
