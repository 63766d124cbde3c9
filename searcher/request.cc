#include "dossier/request.h"

#include <algorithm>
#include <limits>

#include <nlohmann/json.hpp>

#include "dossier/error.h"
#include "dossier/schema.h"
#include "json_util.h"
#include "text.h"

namespace dossier {

namespace {

using nlohmann::json;

json parse_object(std::string_view line) {
    try {
        return parse_json_object(line, "request");
    } catch (const QueryError&) {
        throw;
    } catch (const Error& e) {
        throw QueryError(e.what());
    }
}

std::string get_string(const json& j, const std::string& name) {
    if (!j.is_string()) throw QueryError("\"" + name + "\" must be a string, not " + json_type_name(j));
    return j.get<std::string>();
}

bool get_bool(const json& j, const std::string& name) {
    if (!j.is_boolean()) throw QueryError("\"" + name + "\" must be true or false, not " + json_type_name(j));
    return j.get<bool>();
}

long long get_integer(const json& j, const std::string& name, long long min, long long max) {
    if (!j.is_number_integer())
        throw QueryError("\"" + name + "\" must be an integer, not " + json_type_name(j));
    if (j.is_number_unsigned() && j.get<unsigned long long>() >
                                      static_cast<unsigned long long>(std::numeric_limits<long long>::max()))
        throw QueryError("\"" + name + "\" is out of range");
    long long value = j.get<long long>();
    if (value < min || value > max)
        throw QueryError("\"" + name + "\" must be from " + std::to_string(min) + " to " + std::to_string(max));
    return value;
}

/// A filter list: one string or a list of strings (years may be integers).
std::vector<std::string> get_values(const json& j, const std::string& name, bool integers) {
    std::vector<std::string> values;
    auto add = [&](const json& item) {
        std::string value;
        if (integers && item.is_number_integer()) {
            value = std::to_string(item.get<long long>());
        } else if (item.is_string()) {
            value = item.get<std::string>();
        } else {
            throw QueryError("\"" + name + "\" values must be strings" + (integers ? " or integers" : "") +
                             ", not " + json_type_name(item));
        }
        // An empty value would silently drop the filter asked for.
        if (trim(value).empty()) throw QueryError("empty value in \"" + name + "\"");
        values.push_back(std::move(value));
    };
    if (j.is_array()) {
        for (const auto& item : j) add(item);
    } else {
        add(j);
    }
    return values;
}

std::string get_date_filter(const json& j, const std::string& name) {
    if (j.is_number_integer()) return std::to_string(j.get<long long>());
    std::string value = get_string(j, name);
    if (trim(value).empty()) throw QueryError("empty value for \"" + name + "\"");
    return value;
}

void apply_filters(const json& j, Filters& f) {
    if (!j.is_object()) throw QueryError("\"filters\" must be an object, not " + json_type_name(j));
    for (const auto& [name, value] : j.items()) {
        if (name == "type") f.types = get_values(value, "filters.type", false);
        else if (name == "source") f.sources = get_values(value, "filters.source", false);
        else if (name == "country") f.countries = get_values(value, "filters.country", false);
        else if (name == "year") f.years = get_values(value, "filters.year", true);
        else if (name == "before") f.before = get_date_filter(value, "filters.before");
        else if (name == "after") f.after = get_date_filter(value, "filters.after");
        else if (name == "since") f.since = get_date_filter(value, "filters.since");
        else if (name == "until") f.until = get_date_filter(value, "filters.until");
        else
            throw QueryError("unknown filter \"" + name +
                             "\": expected type, source, country, year, before, after, since or until");
    }
}

std::vector<std::string> get_facets(const json& j) {
    if (!j.is_array()) throw QueryError("\"facets\" must be a list of strings, not " + json_type_name(j));
    std::vector<std::string> facets;
    const auto& known = facet_names();
    for (const auto& item : j) {
        if (!item.is_string()) throw QueryError("\"facets\" must be a list of strings");
        std::string name = item.get<std::string>();
        if (std::find(known.begin(), known.end(), name) == known.end())
            throw QueryError("unknown facet \"" + name + "\": expected year, type, source or country");
        if (std::find(facets.begin(), facets.end(), name) == facets.end()) facets.push_back(name);
    }
    return facets;
}

SortOrder get_sort(const json& j) {
    std::string value = get_string(j, "sort");
    if (value == "relevance") return SortOrder::kRelevance;
    if (value == "date") return SortOrder::kDate;
    if (value == "-date") return SortOrder::kDateDesc;
    throw QueryError("bad \"sort\" \"" + value + "\": expected relevance, date or -date");
}

}  // namespace

BatchRequest parse_search_request(std::string_view line, const BatchRequest& defaults) {
    json j = parse_object(line);
    BatchRequest out = defaults;
    SearchRequest& req = out.search;
    for (const auto& [name, value] : j.items()) {
        if (name == "query") {
            req.text = get_string(value, name);
        } else if (name == "filters") {
            apply_filters(value, req.filters);
        } else if (name == "limit") {
            req.limit = static_cast<Xapian::doccount>(get_integer(value, name, 0, 1000000));
        } else if (name == "offset") {
            req.offset = static_cast<Xapian::doccount>(
                get_integer(value, name, 0, std::numeric_limits<Xapian::doccount>::max()));
        } else if (name == "facets") {
            req.facets = get_facets(value);
        } else if (name == "sort") {
            req.sort = get_sort(value);
        } else if (name == "any") {
            req.query_options.any = get_bool(value, name);
        } else if (name == "count") {
            out.count = get_bool(value, name);
        } else if (name == "feedback") {
            req.feedback_docs = static_cast<Xapian::doccount>(get_integer(value, name, 0, 1000));
        } else if (name == "neighbours") {
            req.neighbours = static_cast<std::size_t>(get_integer(value, name, 0, 99));
        } else if (name == "schema_version") {
            if (get_integer(value, name, 0, std::numeric_limits<int>::max()) != 1)
                throw QueryError("unsupported \"schema_version\": this version reads 1");
        } else {
            throw QueryError("unknown member \"" + name +
                             "\": expected query, filters, limit, offset, facets, sort, any, count, feedback or neighbours");
        }
    }
    req.exact_total = out.count || defaults.search.exact_total;
    return out;
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
