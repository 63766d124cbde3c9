#pragma once
/// @file request.h
/// One request schema for every front end of a search: the command line,
/// JSON lines (as read by `dossier-search --batch`) and any other front end
/// fill a SearchRequest through RequestBuilder, so that each member is parsed
/// and checked in one place. The members are described in docs/json.md.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/export.h"
#include "dossier/searcher.h"

namespace dossier {

/// A search request, plus how to answer it.
struct BatchRequest {
    SearchRequest search;  ///< The search to run.
    bool count = false;    ///< Answer with the number of matches only.
};

/// How a front end spells the names of request members, in the names it
/// passes to RequestBuilder and in the errors it gets back.
enum class RequestSyntax {
    /// JSON member names: "feedback_terms", and "filters.type" for the
    /// members of "filters"; errors quote them: `"feedback_terms" must...`.
    kJson,
    /// Command-line option names without their dashes: "feedback-terms",
    /// "type"; errors name the option: `--feedback-terms must...`.
    kCommandLine,
};

/// Fills a BatchRequest member by member from the text a front end read.
///
/// Each member (query, the filters type, source, country, year, before,
/// after, since, until, then limit, offset, facets, sort, any, count,
/// passages, explain, timeline, mentions, snippet_bytes, weighting, feedback,
/// feedback_terms, feedback_weight, neighbours, neighbour_weight, and the
/// query options no_aliases, proximity, proximity_window, near_pairs) is
/// parsed and range-checked here and nowhere else. Members not set keep
/// their value from the defaults given to the constructor.
class DOSSIER_EXPORT RequestBuilder {
  public:
    /// Starts from defaults (a command line's options are the defaults of a
    /// batch), reading member names spelt as syntax says.
    RequestBuilder(const BatchRequest& defaults, RequestSyntax syntax);

    /// Whether name is a request member in this builder's syntax.
    bool has_member(std::string_view name) const;

    /// Sets member name from its values, as text: numbers in decimal, flags
    /// "true" or "false", each value of a repeatable member (the filters
    /// type, source, country and year) as one string, facets as one or more
    /// comma-separated lists, the query as words joined with spaces. A
    /// member set again is replaced. Throws dossier::QueryError with one
    /// line naming the member and the bad value when name is not a member,
    /// a single-valued member gets several values, a value is empty where a
    /// value is needed, is not of the member's type or is out of its range.
    void set(std::string_view name, const std::vector<std::string>& values);

    /// The request: the members set over the defaults, then the rules that
    /// link members applied: count implies an exact total, timeline set
    /// without limit in the same builder sets limit to 0 (the timeline
    /// alone, no hit list), and mentions without sort in the same builder
    /// sorts by date, oldest first. Never throws.
    BatchRequest finish() const;

  private:
    BatchRequest request_;
    RequestSyntax syntax_;
    bool limit_set_ = false;
    bool timeline_set_ = false;
    bool sort_set_ = false;
};

/// Parses one JSON search request such as
/// `{"query": "China", "filters": {"type": ["declaration"]}, "limit": 5}`
/// through a RequestBuilder in RequestSyntax::kJson. Members that are absent
/// keep their value from defaults (so a command line can set defaults for a
/// whole batch); each member of "filters" replaces the corresponding default
/// filter. "schema_version" must be 1 when present. Each JSON member must
/// have its documented type (docs/json.md): a string, an integer, a number,
/// true or false, or a list. Throws dossier::QueryError with a one-line
/// reason when the line is not a JSON object, a member is unknown, has the
/// wrong type or a bad value.
DOSSIER_EXPORT BatchRequest parse_search_request(std::string_view line, const BatchRequest& defaults);

/// The answer to a batch line that could not be run, as one line of JSON
/// (no newline): {"schema_version":1,"error":message,"query":Q,"line":N}
/// where Q is the "query" member when input_line is a JSON object that has
/// one, else input_line itself, and N is line_number. Never throws.
DOSSIER_EXPORT std::string batch_error_line(std::string_view message, std::string_view input_line,
                             std::uint64_t line_number);

}  // namespace dossier
