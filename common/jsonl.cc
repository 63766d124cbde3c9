#include "dossier/jsonl.h"

#include <algorithm>
#include <chrono>
#include <limits>

#include <nlohmann/json.hpp>

#include "dossier/detect.h"
#include "dossier/entities.h"
#include "dossier/error.h"
#include "dossier/format.h"
#include "dossier/index_writer.h"
#include "dossier/metadata.h"
#include "dossier/text.h"

namespace dossier {

namespace {

using nlohmann::json;

json parse_object(std::string_view line, const char* what) {
    json j;
    try {
        j = json::parse(line.begin(), line.end());
    } catch (const json::parse_error& e) {
        // nlohmann's message ends with a byte position, which is what helps.
        std::string msg = e.what();
        std::size_t colon = msg.find("parse error");
        throw QueryError("not JSON: " + (colon == std::string::npos ? msg : msg.substr(colon)));
    }
    if (!j.is_object()) throw QueryError(std::string("not a JSON object: expected one ") + what + " per line");
    return j;
}

std::string type_name(const json& j) {
    return j.is_null() ? "null" : j.type_name();
}

std::string get_string(const json& j, const std::string& name) {
    if (!j.is_string()) throw QueryError("\"" + name + "\" must be a string, not " + type_name(j));
    return j.get<std::string>();
}

bool get_bool(const json& j, const std::string& name) {
    if (!j.is_boolean()) throw QueryError("\"" + name + "\" must be true or false, not " + type_name(j));
    return j.get<bool>();
}

long long get_integer(const json& j, const std::string& name, long long min, long long max) {
    if (!j.is_number_integer())
        throw QueryError("\"" + name + "\" must be an integer, not " + type_name(j));
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
                             ", not " + type_name(item));
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
    if (!j.is_object()) throw QueryError("\"filters\" must be an object, not " + type_name(j));
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
    if (!j.is_array()) throw QueryError("\"facets\" must be a list of strings, not " + type_name(j));
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

std::string doc_string(const json& doc, const char* name) {
    auto it = doc.find(name);
    if (it == doc.end() || it->is_null()) return std::string();
    if (!it->is_string()) throw Error(std::string("\"") + name + "\" must be a string, not " + type_name(*it));
    return one_line(it->get<std::string>());
}

std::vector<std::string> doc_list(const json& doc, const char* name) {
    auto it = doc.find(name);
    if (it == doc.end() || it->is_null()) return {};
    if (it->is_string()) return split_list(it->get<std::string>());
    if (!it->is_array())
        throw Error(std::string("\"") + name + "\" must be a list of strings, not " + type_name(*it));
    std::vector<std::string> items;
    for (const auto& item : *it) {
        if (!item.is_string()) throw Error(std::string("\"") + name + "\" must be a list of strings");
        std::string value = one_line(item.get<std::string>());
        if (!value.empty()) items.push_back(std::move(value));
    }
    return items;
}

std::string doc_id(const json& doc) {
    auto it = doc.find("id");
    if (it == doc.end() || it->is_null()) throw Error("missing \"id\"");
    std::string id;
    if (it->is_number_integer()) {
        id = it->dump();
    } else if (it->is_string()) {
        id = it->get<std::string>();
    } else {
        throw Error("\"id\" must be a string or an integer, not " + type_name(*it));
    }
    if (id.empty()) throw Error("empty \"id\"");
    return id;
}

Date doc_date(const json& doc) {
    auto it = doc.find("date");
    if (it == doc.end() || it->is_null()) return Date();
    std::string text;
    if (it->is_number_integer()) {
        text = it->dump();
    } else if (it->is_string()) {
        text = trim(it->get<std::string>());
    } else {
        throw Error("\"date\" must be a string, not " + type_name(*it));
    }
    if (text.empty()) return Date();
    std::optional<Date> date = Date::parse(text);
    if (!date) throw Error("bad \"date\" \"" + text + "\": expected YYYY, YYYY-MM or YYYY-MM-DD");
    return *date;
}

}  // namespace

BatchRequest parse_search_request(std::string_view line, const BatchRequest& defaults) {
    json j = parse_object(line, "request");
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
    return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

Document parse_document_line(std::string_view line) {
    json j;
    try {
        j = parse_object(line, "document");
    } catch (const QueryError& e) {
        throw Error(e.what());
    }
    Document doc;
    std::string id = doc_id(j);
    doc.key = std::string(kJsonlKeyPrefix) + id;
    doc.format = "text";
    auto text = j.find("text");
    if (text == j.end() || text->is_null()) throw Error("missing \"text\"");
    if (!text->is_string()) throw Error("\"text\" must be a string, not " + type_name(*text));
    doc.text = clean_text(text->get<std::string>());
    if (trim(doc.text).empty()) throw Error("empty \"text\"");

    Metadata& meta = doc.meta;
    meta.title = std::string(cut_utf8(doc_string(j, "title"), 4 * kMaxTitleBytes));
    meta.date = doc_date(j);
    if (meta.date.is_dated()) meta.date_source = "metadata";
    meta.type = normalise_type(doc_string(j, "type"));
    if (!meta.type.empty()) meta.type_source = "metadata";
    meta.source = doc_string(j, "source");
    meta.url = doc_string(j, "url");
    meta.authors = doc_list(j, "authors");
    meta.countries = doc_list(j, "countries");
    if (meta.title.empty()) meta.title = first_line_title(doc.text);
    // What the line leaves out is found in the text, as for files.
    detect_metadata(doc, "");
    resolve_entities(doc);
    return doc;
}

IndexReport index_json_lines(std::istream& in, const IndexerOptions& options, IndexObserver* observer) {
    using Clock = std::chrono::steady_clock;
    auto start = Clock::now();
    IndexObserver quiet;
    if (!observer) observer = &quiet;

    IndexWriter writer(options.db_path);
    IndexReport report;
    report.db_path = options.db_path;
    std::size_t batch = std::max<std::size_t>(options.batch_size, 1);
    std::size_t pending = 0;
    std::uint64_t line_no = 0;
    std::string line;
    while (std::getline(in, line)) {
        ++line_no;
        report.bytes += line.size() + 1;
        if (options.cancel && options.cancel->load()) {
            report.interrupted = true;
            break;
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (trim(line).empty()) continue;
        try {
            Document doc = parse_document_line(line);
            Xapian::WritableDatabase& db = writer.database();
            bool known = db.term_exists(id_term(doc.key));
            writer.add(doc);
            ++(known ? report.updated : report.added);
            if (++pending >= batch) {
                writer.commit();
                pending = 0;
            }
        } catch (const LockError&) {
            throw;
        } catch (const Error& e) {
            IndexFailure failure{"stdin line " + std::to_string(line_no), e.what()};
            observer->on_failure(failure);
            report.failures.push_back(std::move(failure));
        }
    }
    if (in.bad()) {
        writer.commit();
        throw Error("cannot read standard input");
    }
    writer.commit();
    report.failed = report.failures.size();
    report.documents = writer.doc_count();
    report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return report;
}

}  // namespace dossier
