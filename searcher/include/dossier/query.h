#pragma once
/// @file query.h
/// QueryBuilder: query text plus filters -> Xapian::Query.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "dossier/date.h"
#include "dossier/export.h"

namespace dossier {

/// How a query word or phrase was widened by alias expansion.
struct AliasExpansion {
    std::string typed;               ///< The alias as typed, e.g. "ROK".
    std::string entity;              ///< Entity id, e.g. "south-korea".
    std::vector<std::string> forms;  ///< Every phrase searched for, typed first.
};

/// Filters given outside the query text (command-line options). Inside the
/// query text the same filters are written type:, source:, tag:, country:, year:,
/// before:, after:, since:, until: and date:D1..D2; entity:NAME (a country
/// or organisation of the gazetteer, by id or any name) is only written in
/// the query text.
struct Filters {
    std::vector<std::string> types;      ///< Any of these types (OR).
    std::vector<std::string> sources;    ///< Any of these sources (OR).
    std::vector<std::string> tags;       ///< Any of these tags (OR).
    std::vector<std::string> languages;  ///< Any of these languages (OR), as lang: takes them.
    std::vector<std::string> countries;  ///< Any of these countries (OR).
    std::vector<std::string> years;      ///< Any of these years (OR).
    /// Dated before the start of this date (Date::parse_or_throw() reads
    /// one from text). Bounds that no date can satisfy together (since
    /// 2020 until 2019) are refused by QueryBuilder::build.
    std::optional<Date> before;
    std::optional<Date> after;  ///< Dated after the end of this date.
    std::optional<Date> since;  ///< Dated on or after the start of this date.
    std::optional<Date> until;  ///< Dated on or before the end of this date.
};

/// One date constraint as understood, with its exact bound.
struct DateBound {
    std::string op;     ///< "before", "after", "since" or "until".
    std::string given;  ///< The date as the user wrote it, e.g. "2019".
    std::string bound;  ///< Inclusive bound "YYYY-MM-DD" the document date is compared with.
};

/// A query as understood.
struct ParsedQuery {
    Xapian::Query query;            ///< What Enquire runs.
    /// query without the word-pair scores (same words and filters): the
    /// documents it matches are those of query. Empty when query has no
    /// word-pair scores. A Searcher ranks with it first and adds the pair
    /// scores to the best of those documents only.
    Xapian::Query match_query;
    std::vector<DateBound> dates;   ///< Date constraints, in the order given.
    std::vector<std::string> types;      ///< Folded type filter values.
    std::vector<std::string> sources;    ///< Folded source filter values.
    std::vector<std::string> tags;       ///< Folded tag filter values.
    std::vector<std::string> countries;  ///< Folded country filter values.
    std::vector<std::string> years;      ///< Year filter values.
    std::vector<std::string> entities;       ///< entity: filter values (gazetteer ids).
    std::vector<AliasExpansion> aliases;     ///< Aliases widened to all names of an entity.
    bool has_terms = false;         ///< False when the query is filters only.
    std::string rewritten;          ///< Query text as given to Xapian's parser.
    std::vector<std::string> expansions;  ///< Rewrites applied, one line each.
    std::vector<std::string> stopwords;   ///< Words ignored as stop words.
    std::vector<std::string> words;       ///< Plain query words, lower-cased.
};

/// Settings of a QueryBuilder.
struct QueryOptions {
    bool any = false;  ///< Default operator OR instead of AND.
    /// Search names of countries and organisations as typed: no alias
    /// expansion (expand_aliases() in entities.h).
    bool no_aliases = false;
    /// Weight of the word-pair scores (Metzler and Croft's sequential
    /// dependence model): two consecutive query words score again as one
    /// more term, with the rarity of the pair as its IDF and BM25's
    /// saturation of its count, where they stand next to each other in
    /// order (this weight) and within proximity_window positions in any
    /// order (half this weight). The pair scores only add weight: they never
    /// change which documents match. 0 turns them off.
    double proximity_weight = 0.3;
    /// Window (in word positions) of the unordered pair count.
    unsigned proximity_window = 8;
    /// Count pairs exactly with Dossier's own posting source. False for a
    /// database with remote shards, which a stock xapian-tcpsrv serves:
    /// the pairs then only add proximity_weight / 6 of the two words'
    /// weight where they stand within proximity_window / 2 positions
    /// (Xapian's NEAR).
    bool exact_pairs = true;
};

/// Parses query text with Xapian's QueryParser configured from schema.h.
///
/// Date semantics (documents carry a period: "2019" is 2019-01-01..12-31):
/// before:D matches documents whose period ends before D starts; after:D
/// those whose period starts after D ends; since:D those starting on or
/// after D's start; until:D those ending on or before D's end. Undated
/// documents never match a date filter.
class DOSSIER_EXPORT QueryBuilder {
  public:
    /// Builds a parser. db is used for wildcard expansion and must outlive
    /// the QueryBuilder.
    QueryBuilder(const Xapian::Database& db, QueryOptions options = {});

    /// Parses text and combines it with filters. Empty text with filters
    /// matches every document passing the filters; empty text and no filters
    /// matches everything. Throws dossier::QueryError naming the problem for
    /// a malformed query, a bad date, or a reversed date range (date:D1..D2
    /// with D1 after D2, or filters whose bounds admit no date).
    ParsedQuery build(std::string_view text, const Filters& filters = {}) const;

  private:
    const Xapian::Database& db_;
    QueryOptions options_;
};

}  // namespace dossier
