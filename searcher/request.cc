#include "dossier/request.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <limits>

#include <nlohmann/json.hpp>

#include "dossier/error.h"
#include "dossier/schema.h"
#include "facets.h"
#include "json_util.h"
#include "text.h"

namespace dossier {

namespace {

using nlohmann::json;

/// What a member's JSON value must be; a command line and other text front
/// ends give every value as text.
enum class Kind {
    kText,     // a string
    kTexts,    // a string or a list of strings
    kYears,    // a string or integer, or a list of them
    kDate,     // a string or an integer year
    kList,     // a list of strings
    kFlag,     // true or false
    kInteger,  // an integer
    kNumber,   // a number
};

/// The values given for one member, with the member's name as the front end
/// spells it: each member's parse and range check is written once, with
/// these, in kMembers.
class Values {
  public:
    Values(std::string spelled, const std::vector<std::string>& values)
        : spelled_(std::move(spelled)), values_(values) {}

    [[noreturn]] void fail(const std::string& what) const { throw QueryError(spelled_ + " " + what); }

    /// The one value given.
    const std::string& one() const {
        if (values_.size() != 1)
            fail("takes one value, not " + std::to_string(values_.size()));
        return values_.front();
    }

    /// The values joined with spaces (the words of a query).
    std::string joined() const {
        std::string out;
        for (const auto& value : values_) {
            if (!out.empty()) out += ' ';
            out += value;
        }
        return out;
    }

    /// The one value, which must not be blank: an empty value would
    /// silently drop the filter asked for.
    std::string filled() const {
        const std::string& value = one();
        if (trim(value).empty()) throw QueryError("empty value for " + spelled_);
        return value;
    }

    /// Every value, none of them blank.
    std::vector<std::string> all_filled() const {
        for (const auto& value : values_)
            if (trim(value).empty()) throw QueryError("empty value for " + spelled_);
        return values_;
    }

    /// The names of comma-separated lists, each once, empty names skipped.
    std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const auto& value : values_) {
            for (std::size_t start = 0; start <= value.size();) {
                std::size_t end = std::min(value.find(',', start), value.size());
                std::string name = value.substr(start, end - start);
                if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end())
                    out.push_back(std::move(name));
                start = end + 1;
            }
        }
        return out;
    }

    /// A date: YYYY, YYYY-MM or YYYY-MM-DD, a day that exists.
    Date date() const {
        const std::string value = filled();
        try {
            return Date::parse_or_throw(value);
        } catch (const Error& e) {
            throw QueryError(std::string(e.what()) + " in " + spelled_);
        }
    }

    bool flag() const {
        const std::string& value = one();
        if (value == "true") return true;
        if (value == "false") return false;
        fail("must be true or false, not '" + value + "'");
    }

    /// An integer from min to max, converted to T.
    template <typename T>
    T integer(long long min, long long max) const {
        const std::string& value = one();
        long long n = 0;
        const char* end = value.data() + value.size();
        auto [ptr, ec] = std::from_chars(value.data(), end, n);
        if (ptr != end || value.empty() || (ec != std::errc() && ec != std::errc::result_out_of_range))
            fail("must be an integer, not '" + value + "'");
        if (ec == std::errc::result_out_of_range || n < min || n > max)
            fail("must be from " + std::to_string(min) + " to " + std::to_string(max) + ": " + value +
                 " is out of range");
        return static_cast<T>(n);
    }

    /// A number from low to high.
    double number(double low, double high) const {
        const std::string& value = one();
        double x = 0;
        const char* end = value.data() + value.size();
        auto [ptr, ec] = std::from_chars(value.data(), end, x);
        if (ptr != end || value.empty() || (ec != std::errc() && ec != std::errc::result_out_of_range))
            fail("must be a number, not '" + value + "'");
        // NaN fails both comparisons.
        if (ec == std::errc::result_out_of_range || !(x >= low && x <= high))
            fail("must be from " + shortest(low) + " to " + shortest(high) + ": " + value + " is out of range");
        return x;
    }

    SortOrder sort() const {
        const std::string& value = one();
        if (value == "relevance") return SortOrder::kRelevance;
        if (value == "date") return SortOrder::kDate;
        if (value == "-date") return SortOrder::kDateDesc;
        throw QueryError("bad " + spelled_ + " '" + value + "': expected relevance, date or -date");
    }

    RankingMode ranking_mode() const {
        const std::string& value = one();
        if (value == "auto") return RankingMode::kAuto;
        if (value == "plain") return RankingMode::kPlain;
        if (value == "full") return RankingMode::kFull;
        throw QueryError("bad " + spelled_ + " '" + value + "': expected auto, plain or full");
    }

    /// Facets by name, each checked against the one list of facets.
    std::vector<Facet> facets() const {
        std::vector<Facet> out;
        const auto& known = facet_names();
        for (const auto& name : names()) {
            if (std::find(known.begin(), known.end(), name) == known.end())
                throw QueryError("unknown facet '" + name + "' in " + spelled_ + ": expected " + facet_list());
            out.push_back(parse_facet(name));
        }
        return out;
    }

  private:
    static std::string shortest(double x) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%g", x);
        return buffer;
    }

    std::string spelled_;
    const std::vector<std::string>& values_;
};

/// One request member: its JSON name (inside "filters" when filter is set;
/// the command-line option is the name with '-' for '_'), what its JSON
/// value must be, and how its values are parsed into the request.
struct Member {
    const char* name;
    Kind kind;
    bool filter;
    void (*set)(const Values& v, BatchRequest& r);
};

constexpr long long kMaxDocs = std::numeric_limits<Xapian::doccount>::max();

// The request schema: the ranges here are those of docs/json.md.
const Member kMembers[] = {
    {"query", Kind::kText, false, [](const Values& v, BatchRequest& r) { r.search.query.text = v.joined(); }},
    {"type", Kind::kTexts, true,
     [](const Values& v, BatchRequest& r) { r.search.query.filters.types = v.all_filled(); }},
    {"source", Kind::kTexts, true,
     [](const Values& v, BatchRequest& r) { r.search.query.filters.sources = v.all_filled(); }},
    {"tag", Kind::kTexts, true, [](const Values& v, BatchRequest& r) { r.search.query.filters.tags = v.all_filled(); }},
    {"lang", Kind::kTexts, true,
     [](const Values& v, BatchRequest& r) { r.search.query.filters.languages = v.all_filled(); }},
    {"country", Kind::kTexts, true,
     [](const Values& v, BatchRequest& r) { r.search.query.filters.countries = v.all_filled(); }},
    {"year", Kind::kYears, true,
     [](const Values& v, BatchRequest& r) { r.search.query.filters.years = v.all_filled(); }},
    {"before", Kind::kDate, true, [](const Values& v, BatchRequest& r) { r.search.query.filters.before = v.date(); }},
    {"after", Kind::kDate, true, [](const Values& v, BatchRequest& r) { r.search.query.filters.after = v.date(); }},
    {"since", Kind::kDate, true, [](const Values& v, BatchRequest& r) { r.search.query.filters.since = v.date(); }},
    {"until", Kind::kDate, true, [](const Values& v, BatchRequest& r) { r.search.query.filters.until = v.date(); }},
    {"limit", Kind::kInteger, false,
     [](const Values& v, BatchRequest& r) { r.search.paging.limit = v.integer<Xapian::doccount>(0, 1000000); }},
    {"offset", Kind::kInteger, false,
     [](const Values& v, BatchRequest& r) { r.search.paging.offset = v.integer<Xapian::doccount>(0, kMaxDocs); }},
    {"facets", Kind::kList, false, [](const Values& v, BatchRequest& r) { r.search.counting.facets = v.facets(); }},
    {"sort", Kind::kText, false, [](const Values& v, BatchRequest& r) { r.search.paging.sort = v.sort(); }},
    {"any", Kind::kFlag, false, [](const Values& v, BatchRequest& r) { r.search.query.options.any = v.flag(); }},
    {"count", Kind::kFlag, false, [](const Values& v, BatchRequest& r) { r.count = v.flag(); }},
    {"passages", Kind::kInteger, false,
     [](const Values& v, BatchRequest& r) { r.search.presentation.passages = v.integer<std::size_t>(0, 1000); }},
    {"explain", Kind::kFlag, false, [](const Values& v, BatchRequest& r) { r.search.presentation.explain = v.flag(); }},
    {"timeline", Kind::kFlag, false, [](const Values& v, BatchRequest& r) { r.search.counting.timeline = v.flag(); }},
    {"mentions", Kind::kFlag, false, [](const Values& v, BatchRequest& r) { r.search.counting.mentions = v.flag(); }},
    {"snippet_bytes", Kind::kInteger, false,
     [](const Values& v, BatchRequest& r) { r.search.presentation.snippet_bytes = v.integer<std::size_t>(0, 100000); }},
    {"weighting", Kind::kText, false,
     [](const Values& v, BatchRequest& r) { r.search.ranking.weighting = v.one(); }},
    {"ranking", Kind::kText, false,
     [](const Values& v, BatchRequest& r) { r.search.ranking.mode = v.ranking_mode(); }},
    {"feedback", Kind::kInteger, false,
     [](const Values& v, BatchRequest& r) { r.search.ranking.feedback_docs = v.integer<Xapian::doccount>(0, 1000); }},
    {"feedback_terms", Kind::kInteger, false,
     [](const Values& v, BatchRequest& r) {
         r.search.ranking.feedback_terms = v.integer<Xapian::termcount>(1, 1000);
     }},
    {"feedback_weight", Kind::kNumber, false,
     [](const Values& v, BatchRequest& r) { r.search.ranking.feedback_weight = v.number(0, 100); }},
    {"neighbours", Kind::kInteger, false,
     [](const Values& v, BatchRequest& r) { r.search.ranking.neighbours = v.integer<std::size_t>(0, 99); }},
    {"neighbour_weight", Kind::kNumber, false,
     [](const Values& v, BatchRequest& r) { r.search.ranking.neighbour_weight = v.number(0, 1); }},
    {"no_aliases", Kind::kFlag, false,
     [](const Values& v, BatchRequest& r) { r.search.query.options.no_aliases = v.flag(); }},
    {"proximity", Kind::kNumber, false,
     [](const Values& v, BatchRequest& r) { r.search.query.options.proximity_weight = v.number(0, 100); }},
    {"proximity_window", Kind::kInteger, false,
     [](const Values& v, BatchRequest& r) {
         r.search.query.options.proximity_window = v.integer<unsigned>(1, 1000);
     }},
    {"near_pairs", Kind::kFlag, false,
     [](const Values& v, BatchRequest& r) { r.search.query.options.exact_pairs = !v.flag(); }},
};

/// A member's name in a syntax: JSON names put filters under "filters.";
/// options use '-' where JSON uses '_'.
std::string name_in(const Member& member, RequestSyntax syntax) {
    std::string name = member.name;
    if (syntax == RequestSyntax::kJson) return member.filter ? "filters." + name : name;
    std::replace(name.begin(), name.end(), '_', '-');
    return name;
}

/// How a member is named in an error.
std::string spelled(const Member& member, RequestSyntax syntax) {
    std::string name = name_in(member, syntax);
    if (syntax == RequestSyntax::kJson) return "\"" + name + "\"";
    return name == "query" ? "QUERY" : "--" + name;
}

const Member* find_member(std::string_view name, RequestSyntax syntax) {
    for (const Member& member : kMembers)
        if (name_in(member, syntax) == name) return &member;
    return nullptr;
}

/// "a, b, c or d" of the JSON names of the members (top-level or filters).
std::string json_names(bool filters) {
    std::vector<std::string> names;
    if (!filters) names.push_back("filters");
    for (const Member& member : kMembers)
        if (member.filter == filters) names.push_back(member.name);
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
        out += names[i];
    }
    return out;
}

json parse_object(std::string_view line) {
    try {
        return parse_json_object(line, "request");
    } catch (const QueryError&) {
        throw;
    } catch (const Error& e) {
        throw QueryError(e.what());
    }
}

/// A JSON value as the text values RequestBuilder::set reads, once its JSON
/// type is the member's.
std::vector<std::string> json_values(const json& j, const Member& member) {
    const std::string name = spelled(member, RequestSyntax::kJson);
    auto wrong = [&](const std::string& expected, const json& value) {
        return QueryError(name + " must be " + expected + ", not " + json_type_name(value));
    };
    switch (member.kind) {
        case Kind::kText:
            if (!j.is_string()) throw wrong("a string", j);
            return {j.get<std::string>()};
        case Kind::kDate:
            if (j.is_number_integer()) return {j.dump()};
            if (!j.is_string()) throw wrong("a string", j);
            return {j.get<std::string>()};
        case Kind::kTexts:
        case Kind::kYears: {
            const bool years = member.kind == Kind::kYears;
            std::vector<std::string> values;
            auto add = [&](const json& item) {
                if (years && item.is_number_integer()) {
                    values.push_back(item.dump());
                } else if (item.is_string()) {
                    values.push_back(item.get<std::string>());
                } else {
                    throw QueryError(name + " values must be strings" + (years ? " or integers" : "") +
                                     ", not " + json_type_name(item));
                }
            };
            if (j.is_array()) {
                for (const auto& item : j) add(item);
            } else {
                add(j);
            }
            return values;
        }
        case Kind::kList: {
            if (!j.is_array()) throw wrong("a list of strings", j);
            std::vector<std::string> values;
            for (const auto& item : j) {
                if (!item.is_string()) throw wrong("a list of strings", item);
                values.push_back(item.get<std::string>());
            }
            return values;
        }
        case Kind::kFlag:
            if (!j.is_boolean()) throw wrong("true or false", j);
            return {j.get<bool>() ? "true" : "false"};
        case Kind::kInteger:
            if (!j.is_number_integer()) throw wrong("an integer", j);
            return {j.dump()};
        case Kind::kNumber:
            if (!j.is_number()) throw wrong("a number", j);
            return {j.dump()};
    }
    return {};
}

}  // namespace

RequestBuilder::RequestBuilder(const BatchRequest& defaults, RequestSyntax syntax)
    : request_(defaults), syntax_(syntax) {}

bool RequestBuilder::has_member(std::string_view name) const { return find_member(name, syntax_) != nullptr; }

void RequestBuilder::set(std::string_view name, const std::vector<std::string>& values) {
    const Member* member = find_member(name, syntax_);
    if (!member) throw QueryError("unknown request member '" + std::string(name) + "'");
    member->set(Values(spelled(*member, syntax_), values), request_);
    const std::string_view base = member->name;
    if (base == "limit") limit_set_ = true;
    if (base == "timeline") timeline_set_ = true;
    if (base == "sort") sort_set_ = true;
}

BatchRequest RequestBuilder::finish() const {
    BatchRequest out = request_;
    if (out.count) out.search.counting.exact_total = true;
    if (timeline_set_ && out.search.counting.timeline && !limit_set_) out.search.paging.limit = 0;
    // Mentions are read as a series: oldest first unless an order is asked for.
    if (out.search.counting.mentions && !sort_set_) out.search.paging.sort = SortOrder::kDate;
    return out;
}

BatchRequest parse_search_request(std::string_view line, const BatchRequest& defaults) {
    json j = parse_object(line);
    RequestBuilder builder(defaults, RequestSyntax::kJson);
    auto set = [&](const std::string& name, const json& value) {
        const Member* member = find_member(name, RequestSyntax::kJson);
        builder.set(name, json_values(value, *member));
    };
    for (const auto& [name, value] : j.items()) {
        if (name == "schema_version") {
            if (!value.is_number_integer() || value.dump() != "1")
                throw QueryError("unsupported \"schema_version\": this version reads 1");
        } else if (name == "filters") {
            if (!value.is_object())
                throw QueryError("\"filters\" must be an object, not " + json_type_name(value));
            for (const auto& [filter, filter_value] : value.items()) {
                if (!builder.has_member("filters." + filter))
                    throw QueryError("unknown filter \"" + filter + "\": expected " + json_names(true));
                set("filters." + filter, filter_value);
            }
        } else if (builder.has_member(name) && name.rfind("filters.", 0) != 0) {
            set(name, value);
        } else {
            throw QueryError("unknown member \"" + name + "\": expected " + json_names(false));
        }
    }
    return builder.finish();
}

std::string batch_error_line(std::string_view message, std::string_view input_line,
                             std::uint64_t line_number) {
    std::string query(input_line);
    if (!input_line.empty() && input_line.front() == '{') {
        json j = json::parse(input_line.begin(), input_line.end(), nullptr, false);
        if (j.is_object()) {
            auto it = j.find("query");
            query = it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
        }
    }
    json out = {{"schema_version", kJsonSchemaVersion},
                {"error", std::string(message)},
                {"query", query},
                {"line", line_number}};
    return json_line(out);
}

}  // namespace dossier
