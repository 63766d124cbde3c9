#pragma once
/// @file jsonl.h
/// JSON-lines input: search requests (one per line, as read by
/// `dossier-search --batch`) and documents (one per line, as read by
/// `dossier-index --stdin-jsonl`). The schemas are described in docs/json.md.

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>

#include "dossier/document.h"
#include "dossier/indexer.h"
#include "dossier/searcher.h"

namespace dossier {

/// Prefix of the key of every document read from JSON lines: the document
/// with "id": "42" has key "jsonl:42" (and no path).
inline constexpr std::string_view kJsonlKeyPrefix = "jsonl:";

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
BatchRequest parse_search_request(std::string_view line, const BatchRequest& defaults);

/// The answer to a batch line that could not be run, as one line of JSON
/// (no newline): {"schema_version":1,"error":message,"query":Q,"line":N}
/// where Q is the "query" member when input_line is a JSON object that has
/// one, else input_line itself, and N is line_number. Never throws.
std::string batch_error_line(std::string_view message, std::string_view input_line,
                             std::uint64_t line_number);

/// Parses one JSON document such as
/// `{"id": "r-17", "title": "...", "date": "2019-06", "text": "..."}`.
/// Members: id (non-empty string or integer; required), text (string,
/// required, not blank), title, date (YYYY, YYYY-MM, YYYY-MM-DD or an ISO
/// timestamp; "" or null for undated), type, source, url (strings), authors,
/// countries (lists of strings, or one string split on ';' else ',').
/// Unknown members are ignored. The result has key kJsonlKeyPrefix + id, no
/// path, format "text", the text cleaned as for files, the type folded and
/// the title falling back to the first line of the text. Date, type and
/// countries the line does not give are detected in the text
/// (detect_metadata(), resolve_entities()), as for files.
/// Throws dossier::Error with a one-line reason for a line that is not a
/// JSON object or a member that is missing, of the wrong type or invalid.
Document parse_document_line(std::string_view line);

/// Indexes the documents given as JSON lines on in (see
/// parse_document_line()) into options.db_path, replacing any earlier
/// document with the same id, committing every options.batch_size
/// documents and at the end. Blank lines are skipped. A bad line is a
/// failure with path "stdin line N" (N counting from 1), reported to
/// observer (may be null; not owned) and counted in IndexReport::failed; the
/// run goes on. bytes counts the bytes read. options.full and
/// options.keep_deleted have no effect; options.cancel is honoured between
/// lines. Throws dossier::LockError / dossier::Error when the database
/// cannot be opened or written, and dossier::Error when reading in fails.
IndexReport index_json_lines(std::istream& in, const IndexerOptions& options,
                             IndexObserver* observer = nullptr);

}  // namespace dossier
