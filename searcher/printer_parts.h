#pragma once
// Internal to libdossier: the parts of the printers that show timelines,
// alias expansions and where a date came from (format_policy.cc).

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dossier/query.h"
#include "dossier/searcher.h"

namespace dossier {

/// {"years":[{"year":Y,"count":N}...],"undated":N,"earliest":HIT|null,
///  "latest":HIT|null}, HIT being the metadata, docid, snippet and page.
nlohmann::json timeline_json(const Timeline& timeline);

/// The timeline as a bar chart per year, then the earliest and latest match
/// with their snippets.
void print_timeline_text(const Timeline& timeline, bool colour, std::ostream& out);

/// Mentions per 10,000 words, rounded to 2 decimals; 0 for no words.
double per_10k_words(std::uint64_t mentions, std::uint64_t words);

/// "12 mentions in 3,456 words (34.72 per 10,000 words)".
std::string mentions_line(std::uint64_t mentions, std::uint64_t words);

/// [{"typed":"ROK","entity":"south-korea","forms":["ROK",...]}...]
nlohmann::json aliases_json(const std::vector<AliasExpansion>& aliases);

}  // namespace dossier
