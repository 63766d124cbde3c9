#include "dossier/query.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

#include "dossier/date.h"
#include "aliases.h"
#include "gazetteer.h"
#include "dossier/error.h"
#include "dossier/schema.h"
#include "text.h"
#include "types.h"
#include "ranking/dependence.h"
#include "language.h"
#include "multilingual.h"
#include "query_text.h"

namespace dossier {

namespace {

std::string key_to_iso(const std::string& key) {
    return key.substr(0, 4) + "-" + key.substr(4, 2) + "-" + key.substr(6, 2);
}

Date parse_filter_date(const std::string& op, const std::string& given) {
    auto date = Date::parse(trim(given));
    if (!date)
        throw QueryError("bad date '" + given + "' in " + op +
                         ": expected YYYY, YYYY-MM or YYYY-MM-DD");
    return *date;
}

/// The years of the documents in a database (its XY terms), read once and
/// only when a date filter asks for them.
class IndexedYears {
  public:
    explicit IndexedYears(const Xapian::Database& db) : db_(db) {}

    const std::vector<int>& get() {
        if (!years_) {
            years_.emplace();
            const std::string prefix(schema::kPrefixYear);
            for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it) {
                std::string digits = (*it).substr(prefix.size());
                if (!digits.empty() && digits.size() <= 5 &&
                    std::all_of(digits.begin(), digits.end(), ::isdigit))
                    years_->push_back(std::stoi(digits));
            }
        }
        return *years_;
    }

  private:
    const Xapian::Database& db_;
    std::optional<std::vector<int>> years_;
};

/// Builds the query of one date constraint and records it.
///
/// A document's date lies within one calendar year, so the whole years a
/// bound admits are matched through their XY terms (a posting-list union
/// the matcher can skip through) and only the bound's own year, when the
/// bound falls inside it, compares the date value slot.
Xapian::Query date_query(const std::string& op, const std::string& given,
                         std::vector<DateBound>& log, IndexedYears& indexed) {
    Date date = parse_filter_date(op, given);
    std::string bound;
    Xapian::Query range;
    bool lower = op == "after" || op == "since";  // bound on the start date
    if (op == "before") {
        bound = previous_day_key(date.first_day_key());
        range = Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kSlotDateEnd, bound);
    } else if (op == "after") {
        bound = next_day_key(date.last_day_key());
        range = Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDateStart, bound);
    } else if (op == "since") {
        bound = date.first_day_key();
        range = Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDateStart, bound);
    } else {  // until
        bound = date.last_day_key();
        range = Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kSlotDateEnd, bound);
    }
    log.push_back({op, trim(given), key_to_iso(bound)});

    const int bound_year = std::stoi(bound.substr(0, 4));
    const bool whole_year = bound.substr(4) == (lower ? "0101" : "1231");
    const std::string prefix(schema::kPrefixYear);
    std::vector<Xapian::Query> parts;
    for (int year : indexed.get()) {
        bool admitted = lower ? (year > bound_year || (whole_year && year == bound_year))
                              : (year < bound_year || (whole_year && year == bound_year));
        if (admitted) parts.emplace_back(prefix + std::to_string(year));
    }
    if (!whole_year)
        parts.emplace_back(Xapian::Query::OP_AND, Xapian::Query(prefix + std::to_string(bound_year)), range);
    // No year qualifies: the bare prefix is a term no document has (an
    // empty Query would be dropped from the filter, matching everything).
    if (parts.empty()) parts.emplace_back(prefix);
    // A filter: the year terms must add no weight to a document.
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()), 0.0);
}

Xapian::Query date_range_query(const std::string& value, std::vector<DateBound>& log,
                               IndexedYears& indexed) {
    auto dots = value.find("..");
    if (dots == std::string::npos) {
        return Xapian::Query(Xapian::Query::OP_AND, date_query("since", value, log, indexed),
                             date_query("until", value, log, indexed));
    }
    std::string from = value.substr(0, dots), to = value.substr(dots + 2);
    if (from.empty() && to.empty())
        throw QueryError("bad date range '" + value + "' in date: expected D1..D2");
    // A reversed range would silently match nothing.
    if (!from.empty() && !to.empty() &&
        parse_filter_date("date", from).first_day_key() > parse_filter_date("date", to).last_day_key())
        throw QueryError("reversed date range '" + value + "' in date: " + trim(from) + " is after " + trim(to) +
                         "; write date:" + trim(to) + ".." + trim(from));
    std::vector<Xapian::Query> parts;
    if (!from.empty()) parts.push_back(date_query("since", from, log, indexed));
    if (!to.empty()) parts.push_back(date_query("until", to, log, indexed));
    return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

/// Refuses date filters that no date satisfies together (since 2020 and
/// until 2019, after 2019 and before 2019-06): the search would silently
/// match nothing.
void check_date_filters(const Filters& filters) {
    std::string low, high;  // inclusive "YYYYMMDD" bounds, "" when open
    std::string low_text, high_text;
    auto raise_low = [&](const std::string& key, const std::string& text) {
        if (low.empty() || key > low) low = key, low_text = text;
    };
    auto lower_high = [&](const std::string& key, const std::string& text) {
        if (high.empty() || key < high) high = key, high_text = text;
    };
    for (const auto* date : {&filters.before, &filters.after, &filters.since, &filters.until})
        if (*date && !(*date)->is_dated()) throw QueryError("bad date filter: an undated Date as a bound");
    if (filters.since) raise_low(filters.since->first_day_key(), "since " + filters.since->to_string());
    if (filters.after) raise_low(next_day_key(filters.after->last_day_key()), "after " + filters.after->to_string());
    if (filters.until) lower_high(filters.until->last_day_key(), "until " + filters.until->to_string());
    if (filters.before)
        lower_high(previous_day_key(filters.before->first_day_key()), "before " + filters.before->to_string());
    if (!low.empty() && !high.empty() && low > high)
        throw QueryError("reversed date range: " + low_text + " and " + high_text + " admit no date");
}

/// Xapian's parse error in Dossier's words. check_operands() has made sure
/// that each operator has words on both sides, so "Syntax: <expression> OR
/// <expression>" means that one side only excludes ("China OR -Taiwan").
std::string parser_message(const std::string& message) {
    const std::string head = "Syntax: <expression> ", tail = " <expression>";
    if (message.size() > head.size() + tail.size() && message.compare(0, head.size(), head) == 0 &&
        message.compare(message.size() - tail.size(), tail.size(), tail) == 0) {
        const std::string op = message.substr(head.size(), message.size() - head.size() - tail.size());
        return op + " needs a query on both sides, and words excluded with '-' are not one";
    }
    return message;
}

std::string checked_year(const std::string& value) {
    std::string year = trim(value);
    if (year.size() != 4 || !std::all_of(year.begin(), year.end(), ::isdigit))
        throw QueryError("bad year '" + value + "' in year: expected YYYY");
    return year;
}

/// A boolean field of the query language (type:, country:, before:, ...).
/// Records what it understood into the ParsedQuery being built.
///
/// An exception must not leave a field processor: Xapian 1.4's query parser
/// then frees memory it does not own. A bad value is kept in `failure` and
/// thrown once parse_query() has returned; so is a commit that discarded
/// the revision a date filter was reading the indexed years from.
class FilterField : public Xapian::FieldProcessor {
  public:
    /// What went wrong in any field of one parse, thrown after it.
    struct Failure {
        std::optional<QueryError> error;
        std::optional<Xapian::DatabaseModifiedError> modified;
    };

    FilterField(std::string field, ParsedQuery& parsed, IndexedYears& years, Failure& failure)
        : field_(std::move(field)), parsed_(parsed), years_(years), failure_(failure) {}

    Xapian::Query operator()(const std::string& value) override {
        try {
            return make(field_, value, parsed_, years_);
        } catch (const QueryError& e) {
            if (!failure_.error) failure_.error = e;
        } catch (const std::exception& e) {
            if (!failure_.error) failure_.error = QueryError(std::string("bad value in ") + field_ + ": " + e.what());
        } catch (const Xapian::DatabaseModifiedError& e) {
            if (!failure_.modified) failure_.modified.emplace(e);
        }
        return Xapian::Query::MatchNothing;
    }

    static Xapian::Query make(const std::string& field, const std::string& value,
                              ParsedQuery& parsed, IndexedYears& years) {
        if (field == "before" || field == "after" || field == "since" || field == "until")
            return date_query(field, value, parsed.dates, years);
        if (field == "date") return date_range_query(value, parsed.dates, years);
        if (field == "year") {
            std::string year = checked_year(value);
            parsed.years.push_back(year);
            return Xapian::Query(std::string(schema::kPrefixYear) + year);
        }
        std::string folded = fold_filter_value(value);
        if (folded.empty()) throw QueryError("empty value in " + field + ":");
        std::string_view prefix;
        if (field == "lang") {
            // lang:fr, lang:fr-FR, lang:French and lang:français alike.
            std::string code = language_code(value);
            if (code.empty()) {
                std::string known;
                for (const auto& language : known_languages())
                    known += std::string(known.empty() ? "" : ", ") + language.code;
                throw QueryError("unknown language '" + value + "' in lang: expected one of " + known);
            }
            return Xapian::Query(std::string(schema::kPrefixLanguage) + code);
        }
        if (field == "type") {
            // The stored name of a known type however it is written:
            // "press briefing", "Press_Briefing", "press conference" and
            // "press-briefing" alike.
            prefix = schema::kPrefixType;
            if (std::optional<std::string> known = known_type(value)) folded = *known;
            parsed.types.push_back(folded);
        } else if (field == "source") {
            prefix = schema::kPrefixSource;
            parsed.sources.push_back(folded);
        } else if (field == "tag") {
            prefix = schema::kPrefixTag;
            parsed.tags.push_back(folded);
        } else if (field == "entity") {
            // Gazetteer ids and aliases: entity:ROK is entity:south-korea.
            prefix = schema::kPrefixEntity;
            folded = entity_filter_value(value);
            parsed.entities.push_back(folded);
        } else {
            // country:ROK and country:south-korea are country:"South Korea".
            prefix = schema::kPrefixCountry;
            folded = country_filter_value(value);
            parsed.countries.push_back(folded);
        }
        return Xapian::Query(std::string(prefix) + folded);
    }

  private:
    std::string field_;
    ParsedQuery& parsed_;
    IndexedYears& years_;
    Failure& failure_;
};

const char* const kFilterFields[] = {"type",  "source", "country", "year", "before",
                                     "after", "since",  "until",   "date", "entity", "tag", "lang"};

bool is_boolean_term(const std::string& term) {
    for (std::string_view prefix : {schema::kPrefixId, schema::kPrefixType, schema::kPrefixSource,
                                    schema::kPrefixCountry, schema::kPrefixYear, schema::kPrefixEntity,
                                    schema::kPrefixTag, schema::kPrefixLanguage}) {
        if (term.compare(0, prefix.size(), prefix) == 0 && term.size() > prefix.size())
            return true;
    }
    return false;
}

/// OR of one field's values given as options.
void add_option_field(const std::string& field, const std::vector<std::string>& values,
                      ParsedQuery& parsed, IndexedYears& years, std::vector<Xapian::Query>& filters) {
    if (values.empty()) return;
    std::vector<Xapian::Query> alternatives;
    for (const auto& value : values) alternatives.push_back(FilterField::make(field, value, parsed, years));
    filters.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
}

/// Xapian's matcher slows down faster than linearly with the number of
/// OR-ed terms (4 s of CPU for 10,000 here): refuse what no person types.
constexpr std::size_t kMaxQueryWords = 2000;

void check_length(const std::string& text) {
    std::size_t words = 0;
    bool in_word = false;
    for (char c : text) {
        bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    if (words > kMaxQueryWords)
        throw QueryError("query too long: " + std::to_string(words) + " words (at most " +
                         std::to_string(kMaxQueryWords) + ")");
}

/// Xapian reads "since:" with nothing after it as the word "since"; a user
/// who typed a filter name meant a filter, so say what is missing instead.
void check_empty_filters(const std::string& text) {
    for (const char* field : kFilterFields) {
        std::string needle = std::string(field) + ":";
        for (std::size_t pos = text.find(needle); pos != std::string::npos;
             pos = text.find(needle, pos + 1)) {
            bool starts_word = pos == 0 || std::isspace(static_cast<unsigned char>(text[pos - 1])) ||
                               text[pos - 1] == '(' || text[pos - 1] == '+' || text[pos - 1] == '-';
            std::size_t after = pos + needle.size();
            bool nothing_after = after == text.size() ||
                                 std::isspace(static_cast<unsigned char>(text[after])) ||
                                 text[after] == ')';
            if (starts_word && nothing_after)
                throw QueryError("missing value after '" + needle + "' in query '" + text + "'");
        }
    }
}

/// Longest query, in words other than stop words, that gets pair scores.
constexpr std::size_t kMaxProximityWords = 16;

/// Documents whose positions a query may read to count word pairs exactly
/// (up to about 0.07 s on a warm index of dense text). Pairs beyond it, in
/// query order, get Xapian's NEAR bonus, which reads far fewer positions.
constexpr Xapian::doccount kPairDocumentBudget = 3000;

/// The word-pair scores of consecutive query words (see
/// QueryOptions::proximity_weight), to be added with AND_MAYBE so that they
/// never change which documents match; an empty query when there are none.
Xapian::Query proximity_bonus(const std::vector<std::string>& words, const Xapian::Database& db,
                              const QueryOptions& options) {
    if (options.proximity_weight <= 0) return Xapian::Query();
    std::vector<std::string> content;
    for (const auto& w : words)
        if (!english_stopper()(w)) content.push_back(w);
    // Pairs of a long query (a pasted paragraph) would cost more than they
    // are worth. The cost is one pair per word that is not a stop word, so
    // those are what is counted: a question of 20 words, half of them
    // function words, keeps its pairs.
    if (content.size() > kMaxProximityWords) return Xapian::Query();
    Xapian::Stem stemmer(schema::kStemLanguage);
    std::vector<Xapian::Query> exact, near;
    Xapian::doccount budget = kPairDocumentBudget;
    for (std::size_t i = 0; i + 1 < content.size(); ++i) {
        // "flow" next to "flows" is not a pair of two ideas.
        if (stemmer(content[i]) == stemmer(content[i + 1])) continue;
        if (options.exact_pairs) {
            WordPair pair;
            pair.first = index_forms(db, content[i], stemmer);
            pair.second = index_forms(db, content[i + 1], stemmer);
            pair.ordered_weight = options.proximity_weight;
            pair.unordered_weight = options.proximity_weight / 2;
            pair.window = options.proximity_window;
            // The budget is counted on all shards together, so that a
            // sharded collection decides as one database would.
            Xapian::doccount cost = WordPairSource::holder_count(db, pair, budget);
            if (cost <= budget) {
                budget -= cost;
                // Shards each see part of the collection: weigh every one
                // with the statistics of all, as one database would be.
                auto* source = db.size() > 1
                                   ? new WordPairSource(pair, WordPairSource::statistics(db, pair))
                                   : new WordPairSource(std::move(pair));
                exact.emplace_back(source->release());
                continue;
            }
        }
        Xapian::Query pair[] = {Xapian::Query(content[i]), Xapian::Query(content[i + 1])};
        near.emplace_back(Xapian::Query::OP_NEAR, pair, pair + 2,
                          std::max(2u, options.proximity_window / 2));
    }
    std::vector<Xapian::Query> bonus(exact.begin(), exact.end());
    if (!near.empty())
        bonus.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                           Xapian::Query(Xapian::Query::OP_OR, near.begin(), near.end()),
                           options.proximity_weight / 6);
    if (bonus.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_OR, bonus.begin(), bonus.end());
}

/// The words of a phrase query, in order.
std::vector<std::string> phrase_words(const Xapian::Query& phrase) {
    return {phrase.get_terms_begin(), phrase.get_terms_end()};
}

/// True when `alternative OR "part part"` is one word written joined and
/// split, as the compound rewrite of query_text.h writes it: the joined
/// parts are the term itself or its stem.
bool is_compound_pair(const Xapian::Query& word, const Xapian::Query& phrase,
                      const Xapian::Stem& stemmer) {
    if (word.get_type() != Xapian::Query::LEAF_TERM || phrase.get_type() != Xapian::Query::OP_PHRASE)
        return false;
    std::string term = *word.get_terms_begin();
    std::vector<std::string> parts = phrase_words(phrase);
    if (parts.size() < 2) return false;
    std::string joined;
    for (const auto& p : parts) joined += p;
    return term == joined || term == "Z" + stemmer(joined);
}

/// Rebuilds the query with each compound alternative (`cyberattack OR
/// "cyber attack"`) as one synonym: a document holding both forms then
/// scores as if it held one word that often, instead of getting the weight
/// of the joined word and of both parts. Xapian's parser may flatten the
/// alternative into a longer OR, so the pair is looked for among the
/// children of any OR. Only operators without parameters are rebuilt; other
/// nodes are kept as they are.
Xapian::Query merge_compound_alternatives(const Xapian::Query& query, const Xapian::Stem& stemmer,
                                          bool& changed) {
    using Q = Xapian::Query;
    Q::op op = query.get_type();
    bool rebuildable = op == Q::OP_AND || op == Q::OP_OR || op == Q::OP_AND_NOT || op == Q::OP_XOR ||
                       op == Q::OP_AND_MAYBE || op == Q::OP_FILTER || op == Q::OP_SYNONYM ||
                       op == Q::OP_MAX;
    if (!rebuildable) return query;
    bool changed_here = false;
    std::vector<Q> subs;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        subs.push_back(merge_compound_alternatives(query.get_subquery(i), stemmer, changed_here));
    if (op == Q::OP_OR) {
        std::size_t p = 0;
        while (p < subs.size()) {
            bool paired = false;
            for (std::size_t w = 0; w < subs.size() && !paired; ++w) {
                if (w == p || !is_compound_pair(subs[w], subs[p], stemmer)) continue;
                subs[w] = Q(Q::OP_SYNONYM, subs[w], subs[p]);
                paired = true;
            }
            if (paired) {
                subs.erase(subs.begin() + static_cast<std::ptrdiff_t>(p));
                changed_here = true;
            } else {
                ++p;
            }
        }
    }
    if (!changed_here) return query;
    changed = true;
    if (subs.size() == 1) return subs.front();
    return Q(op, subs.begin(), subs.end());
}

// Xapian::Query::MatchAll is one shared object whose reference count is not
// atomic: copying it from two threads at once can free it under the other.
// Each query gets its own match-all instead.
Xapian::Query match_all() { return Xapian::Query(std::string()); }

}  // namespace

QueryBuilder::QueryBuilder(const Xapian::Database& db, QueryOptions options)
    : db_(db), options_(options) {}

ParsedQuery QueryBuilder::build(std::string_view text, const Filters& filters) const {
    ParsedQuery parsed;
    IndexedYears years(db_);
    std::string query_text = index_form(trim(text));
    Xapian::Query main = match_all();
    Xapian::Query unboosted;  // main before the word-pair scores, when it has some

    if (!query_text.empty()) {
        check_empty_filters(query_text);
        check_length(query_text);
        RewrittenQuery rewritten = rewrite_query_text(query_text, db_, options_.any);
        parsed.rewritten = rewritten.text;
        parsed.expansions = rewritten.notes;
        parsed.words = rewritten.words;
        Xapian::QueryParser parser;
        parser.set_stopper(&english_stopper());
        parser.set_database(db_);
        // A database with documents in other languages also gets each
        // word's stems in those languages (multilingual.h); an English-only
        // one is parsed exactly as it always was.
        const std::vector<Xapian::Stem> other_stems = other_stemmers(db_);
        StemmedWords stemmed_words;
        parser.set_stemmer(other_stems.empty() ? Xapian::Stem(schema::kStemLanguage)
                                               : recording_stemmer(stemmed_words));
        parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        parser.set_default_op(options_.any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
        parser.set_max_expansion(5000, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        parser.add_prefix("title", std::string(schema::kPrefixTitle));
        parser.add_prefix("author", std::string(schema::kPrefixAuthor));
        FilterField::Failure field_failure;
        std::vector<std::unique_ptr<FilterField>> fields;
        for (const char* field : kFilterFields) {
            fields.push_back(std::make_unique<FilterField>(field, parsed, years, field_failure));
            parser.add_boolean_prefix(field, fields.back().get());
        }
        if (!options_.no_aliases) rewritten.text = expand_aliases(rewritten.text, db_, parser, parsed.aliases);
        parsed.rewritten = rewritten.text;
        unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                         Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_CJK_NGRAM;
        check_operands(rewritten.text, query_text);
        try {
            main = parser.parse_query(rewritten.text, flags);
            for (auto it = parser.stoplist_begin(); it != parser.stoplist_end(); ++it)
                parsed.stopwords.push_back(*it);
        } catch (const Xapian::QueryParserError& e) {
            throw QueryError("malformed query '" + query_text + "': " + parser_message(e.get_msg()));
        } catch (const Xapian::DatabaseModifiedError&) {
            // Wildcards read the database: the Searcher runs the query again
            // on the new revision.
            throw;
        } catch (const Xapian::Error& e) {
            throw QueryError("cannot parse query '" + query_text + "': " + e.get_msg());
        }
        if (field_failure.modified) throw *field_failure.modified;
        if (field_failure.error) throw *field_failure.error;
        if (main.empty()) main = match_all();
        bool merged = false;
        if (!rewritten.notes.empty())
            main = merge_compound_alternatives(main, Xapian::Stem(schema::kStemLanguage), merged);
        main = add_language_stems(main, stemmed_words, other_stems, db_);
        Xapian::Query bonus = proximity_bonus(rewritten.words, db_, options_);
        if (!bonus.empty()) {
            unboosted = main;
            main = Xapian::Query(Xapian::Query::OP_AND_MAYBE, main, bonus);
        }
    }
    for (auto it = main.get_unique_terms_begin(); it != main.get_unique_terms_end(); ++it) {
        if (!is_boolean_term(*it)) {
            parsed.has_terms = true;
            break;
        }
    }

    std::vector<Xapian::Query> option_filters;
    add_option_field("type", filters.types, parsed, years, option_filters);
    add_option_field("source", filters.sources, parsed, years, option_filters);
    add_option_field("tag", filters.tags, parsed, years, option_filters);
    add_option_field("lang", filters.languages, parsed, years, option_filters);
    add_option_field("country", filters.countries, parsed, years, option_filters);
    add_option_field("year", filters.years, parsed, years, option_filters);
    check_date_filters(filters);
    if (filters.before) option_filters.push_back(date_query("before", filters.before->to_string(), parsed.dates, years));
    if (filters.after) option_filters.push_back(date_query("after", filters.after->to_string(), parsed.dates, years));
    if (filters.since) option_filters.push_back(date_query("since", filters.since->to_string(), parsed.dates, years));
    if (filters.until) option_filters.push_back(date_query("until", filters.until->to_string(), parsed.dates, years));

    if (option_filters.empty()) {
        parsed.query = main;
        parsed.match_query = unboosted;
    } else {
        Xapian::Query filter(Xapian::Query::OP_AND, option_filters.begin(), option_filters.end());
        parsed.query = Xapian::Query(Xapian::Query::OP_FILTER, main, filter);
        if (!unboosted.empty())
            parsed.match_query = Xapian::Query(Xapian::Query::OP_FILTER, unboosted, filter);
    }
    return parsed;
}

}  // namespace dossier
