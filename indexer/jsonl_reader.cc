#include "dossier/indexer.h"

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "dossier/error.h"
#include "detect.h"
#include "language_detect.h"
#include "entities.h"
#include "index_session.h"
#include "json_util.h"
#include "metadata.h"
#include "normalise.h"
#include "text.h"

namespace dossier {

namespace {

using nlohmann::json;

std::string doc_string(const json& doc, const char* name) {
    auto it = doc.find(name);
    if (it == doc.end() || it->is_null()) return std::string();
    if (!it->is_string()) throw Error(std::string("\"") + name + "\" must be a string, not " + json_type_name(*it));
    return one_line(it->get<std::string>());
}

std::vector<std::string> doc_list(const json& doc, const char* name) {
    auto it = doc.find(name);
    if (it == doc.end() || it->is_null()) return {};
    if (it->is_string()) return split_list(it->get<std::string>());
    if (!it->is_array())
        throw Error(std::string("\"") + name + "\" must be a list of strings, not " + json_type_name(*it));
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
        throw Error("\"id\" must be a string or an integer, not " + json_type_name(*it));
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
        throw Error("\"date\" must be a string, not " + json_type_name(*it));
    }
    if (text.empty()) return Date();
    std::optional<Date> date = Date::parse(text);
    if (!date) throw Error("bad \"date\" \"" + text + "\": expected YYYY, YYYY-MM or YYYY-MM-DD");
    return *date;
}

}  // namespace

Document parse_document_line(std::string_view line) {
    json j = parse_json_object(line, "document");
    Document doc;
    std::string id = doc_id(j);
    doc.key = std::string(kJsonlKeyPrefix) + id;
    doc.format = "text";
    auto text = j.find("text");
    if (text == j.end() || text->is_null()) throw Error("missing \"text\"");
    if (!text->is_string()) throw Error("\"text\" must be a string, not " + json_type_name(*text));
    doc.text = clean_text(text->get<std::string>());
    if (trim(doc.text).empty()) throw Error("empty \"text\"");

    Metadata& meta = doc.meta;
    meta.title = std::string(cut_utf8(doc_string(j, "title"), 4 * kMaxTitleBytes));
    meta.date = doc_date(j);
    meta.type = doc_string(j, "type");
    meta.source = doc_string(j, "source");
    meta.url = doc_string(j, "url");
    meta.authors = doc_list(j, "authors");
    meta.countries = doc_list(j, "countries");
    // Tags and categories, as front matter gives them: one naming a known
    // type is the type (when "type" gives none), the others are tags.
    meta.tags = doc_list(j, "tags");
    for (std::string& category : doc_list(j, "categories")) meta.tags.push_back(std::move(category));
    meta.language = doc_string(j, "lang");
    if (meta.language.empty()) meta.language = doc_string(j, "language");
    // What the line leaves out is found in the text, as for files and for
    // documents given to IndexWriter::add.
    normalise_document(doc, true);
    return doc;
}

IndexReport index_json_lines(std::istream& in, const IndexerOptions& options, IndexObserver* observer) {
    IndexSession session(options, observer);
    std::uint64_t line_no = 0;
    std::string line;
    while (std::getline(in, line)) {
        ++line_no;
        session.report().bytes += line.size() + 1;
        if (session.check_cancel()) break;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (trim(line).empty()) continue;
        try {
            session.add(parse_document_line(line));
        } catch (const LockError&) {
            throw;
        } catch (const Error& e) {
            session.fail({"stdin line " + std::to_string(line_no), e.what()});
        }
    }
    if (in.bad()) {
        session.commit();
        throw Error("cannot read standard input");
    }
    return session.finish();
}

}  // namespace dossier
