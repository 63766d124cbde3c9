#pragma once
/// @file request.h
/// Search requests as JSON lines (one per line, as read by
/// `dossier-search --batch`). The schema is described in docs/json.md.

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>

#include "dossier/export.h"
#include "dossier/searcher.h"

namespace dossier {

/// A search request read from one line, plus how to answer it.
struct BatchRequest {
    SearchRequest search;  ///< The search to run.
    bool count = false;    ///< Answer with the number of matches only.
};

/// Parses one JSON search request such as
/// `{"query": "China", "filters": {"type": ["declaration"]}, "limit": 5}`.
/// Members that are absent keep their value from defaults (so a command
/// line can set defaults for a whole batch); each member of "filters"
/// replaces the corresponding default filter. Members: query (string),
/// filters (object of type, source, country, year: a string or a list of
/// strings, years may be integers; before, after, since, until: strings),
/// limit (0 to 1000000), offset (0 or more), facets (list of year, type,
/// source, country), sort ("relevance", "date" or "-date"), any (bool),
/// count (bool), schema_version (must be 1 when present).
/// Throws dossier::QueryError with a one-line reason when the line is not a
/// JSON object, a member is unknown, has the wrong type or a bad value.
DOSSIER_EXPORT BatchRequest parse_search_request(std::string_view line, const BatchRequest& defaults);

/// The answer to a batch line that could not be run, as one line of JSON
/// (no newline): {"schema_version":1,"error":message,"query":Q,"line":N}
/// where Q is the "query" member when input_line is a JSON object that has
/// one, else input_line itself, and N is line_number. Never throws.
DOSSIER_EXPORT std::string batch_error_line(std::string_view message, std::string_view input_line,
                             std::uint64_t line_number);

}  // namespace dossier
