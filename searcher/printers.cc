#include "dossier/printers.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include <nlohmann/json.hpp>

#include "json_util.h"
#include "printer_parts.h"
#include "text.h"

namespace dossier {

namespace {

using nlohmann::json;

constexpr const char* kBold = "\x1b[1m";
constexpr const char* kMatch = "\x1b[1;31m";
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kReset = "\x1b[0m";

json filters_json(const ParsedQuery& parsed) {
    json dates = json::array();
    for (const auto& d : parsed.dates)
        dates.push_back({{"op", d.op}, {"given", d.given}, {"bound", d.bound}});
    return {{"types", parsed.types},         {"sources", parsed.sources}, {"tags", parsed.tags},
            {"countries", parsed.countries}, {"years", parsed.years},
            {"dates", dates}, {"entities", parsed.entities},
            {"aliases", aliases_json(parsed.aliases)}};
}

json metadata_json(const Document& doc) {
    return {{"path", doc.path},
            {"key", doc.key},
            {"title", doc.meta.title},
            {"title_source", doc.meta.title_source},
            {"date", doc.meta.date.to_string()},
            {"date_precision", doc.meta.date.precision_name()},
            {"type", doc.meta.type},
            {"source", doc.meta.source},
            {"source_source", doc.meta.source_source},
            {"source_evidence", doc.meta.source_evidence},
            {"tags", doc.meta.tags},
            {"lang", doc.meta.language},
            {"authors", doc.meta.authors},
            {"countries", doc.meta.countries},
            {"url", doc.meta.url},
            {"date_source", doc.meta.date_source},
            {"date_evidence", doc.meta.date_evidence},
            {"date_refused", doc.meta.date_refused},
            {"countries_source", doc.meta.countries_source},
            {"entities", doc.meta.entities},
            {"type_source", doc.meta.type_source}};
}

/// The snippet on one line, matches marked with colour (or left plain).
std::string render_snippet(const Hit& hit, bool colour) {
    const std::string& s = hit.snippet;
    if (!colour || hit.highlights.empty()) return one_line(s);
    std::string out;
    std::size_t pos = 0;
    for (const auto& [offset, length] : hit.highlights) {
        if (offset < pos || offset + length > s.size()) continue;
        out += s.substr(pos, offset - pos);
        out += kMatch;
        out += s.substr(offset, length);
        out += kReset;
        pos = offset + length;
    }
    out += s.substr(pos);
    return one_line(out);
}

std::string join(const std::vector<std::string>& items, const char* sep) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += sep;
        out += item;
    }
    return out;
}

/// Facet values in display order: years chronologically, others by count.
std::vector<std::pair<std::string, Xapian::doccount>> ordered(const std::string& name,
                                                              const FacetCounts& counts) {
    std::vector<std::pair<std::string, Xapian::doccount>> items(counts.begin(), counts.end());
    if (name != "year") {
        std::stable_sort(items.begin(), items.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
    }
    return items;
}

/// "¶ 3, p. 2": where a passage or snippet sits in its document.
std::string location(std::size_t paragraph, std::size_t page) {
    std::string out;
    if (paragraph > 0) out = "\xc2\xb6 " + std::to_string(paragraph);
    if (page > 0) out += (out.empty() ? "" : ", ") + std::string("p. ") + std::to_string(page);
    return out;
}

/// A passage on one line, at most about 400 bytes around its first match.
std::string render_passage(const Passage& p, bool colour) {
    Hit view;
    std::size_t start = 0;
    constexpr std::size_t kMax = 400;
    if (p.text.size() > kMax && !p.highlights.empty() && p.highlights.front().first > kMax / 2)
        start = p.text.find(' ', p.highlights.front().first - kMax / 2);
    if (start == std::string::npos) start = 0;
    std::size_t end = std::min(p.text.size(), start + kMax);
    while (end < p.text.size() && (static_cast<unsigned char>(p.text[end]) & 0xC0) == 0x80) ++end;
    view.snippet = (start > 0 ? "..." : "") + p.text.substr(start, end - start) +
                   (end < p.text.size() ? "..." : "");
    std::size_t shift = start > 0 ? 3 : 0;
    for (const auto& [offset, length] : p.highlights)
        if (offset >= start && offset + length <= end)
            view.highlights.emplace_back(offset - start + shift, length);
    return render_snippet(view, colour);
}

json explain_json(const SearchResults& r) {
    return {{"parsed", r.description},
            {"rewritten", r.parsed.rewritten},
            {"expansions", r.parsed.expansions},
            {"stopwords", r.parsed.stopwords},
            {"filters", filters_json(r.parsed)},
            {"weighting", r.weighting},
             {"ranking", r.ranking},
            {"reranking", r.reranking},
            {"mention_forms", r.mention_forms}};
}

void print_explain_text(const SearchResults& r, std::ostream& out) {
    out << "Query: " << r.description << "\n";
    if (!r.parsed.rewritten.empty()) out << "Rewritten: " << r.parsed.rewritten << "\n";
    for (const auto& e : r.parsed.expansions) out << "Expansion: " << e << "\n";
    if (!r.parsed.stopwords.empty()) out << "Stop words ignored: " << join(r.parsed.stopwords, ", ") << "\n";
    for (const auto& d : r.parsed.dates)
        out << "Filter: " << d.op << ":" << d.given << " = dated "
            << (d.op == "before" || d.op == "until" ? "on or before " : "on or after ") << d.bound
            << " (undated documents excluded)\n";
    auto list = [&](const char* name, const std::vector<std::string>& values) {
        if (!values.empty()) out << "Filter: " << name << " is any of " << join(values, ", ") << "\n";
    };
    list("type", r.parsed.types);
    list("source", r.parsed.sources);
    list("tag", r.parsed.tags);
    list("country", r.parsed.countries);
    list("year", r.parsed.years);
    if (r.mentions) out << "Mentions counted: " << join(r.mention_forms, ", ") << "\n";
    out << "Weighting: " << r.weighting << "\n";
    out << "Ranking: " << r.ranking << "\n";
    for (const auto& line : r.reranking) out << "Re-ranking: " << line << "\n";
    out << "\n";
}

}  // namespace

void TextPrinter::print_results(const SearchResults& results, std::ostream& out) {
    if (results.explain) print_explain_text(results, out);
    out << (results.total_exact ? "" : "about ") << results.total
        << (results.total == 1 ? " match" : " matches")
        << (results.total_exact ? "" : " (--count for the exact number)") << "\n";
    if (!results.suggestion.empty()) out << "Did you mean: " << results.suggestion << "\n";
    for (const Hit& hit : results.hits) {
        const Metadata& m = hit.doc.meta;
        out << "\n" << hit.rank << ". " << (colour_ ? kBold : "") << one_line(m.title)
            << (colour_ ? kReset : "") << "\n";
        std::vector<std::string> line;
        line.push_back(m.date.is_dated() ? m.date.to_string() : "undated");
        if (!m.type.empty()) line.push_back(m.type);
        if (!m.source.empty()) line.push_back(m.source);
        out << "   " << (colour_ ? kDim : "") << join(line, " · ") << (colour_ ? kReset : "")
            << "\n";
        if (!m.tags.empty()) out << "   " << (colour_ ? kDim : "") << "tags: " << join(m.tags, ", ")
                                 << (colour_ ? kReset : "") << "\n";
        if (!hit.doc.path.empty()) out << "   " << hit.doc.path << "\n";
        if (results.mentions) out << "   " << mentions_line(hit.mentions, hit.words) << "\n";
        if (!hit.passages.empty()) {
            for (const Passage& p : hit.passages)
                out << "   [" << location(p.paragraph, p.page) << "] " << render_passage(p, colour_) << "\n";
            continue;
        }
        std::string snippet = render_snippet(hit, colour_);
        std::string where = location(hit.paragraph, hit.page);
        if (!snippet.empty()) out << "   " << (where.empty() ? "" : "[" + where + "] ") << snippet << "\n";
    }
    if (!results.facets.empty()) out << "\n";
    for (const auto& [facet, counts] : results.facets) {
        const std::string& name = facet_name(facet);
        out << name << ":";
        // A facet no match has a value for says so instead of a bare "name:".
        if (counts.empty()) out << " (none)";
        const char* sep = " ";
        for (const auto& [value, count] : ordered(name, counts)) {
            out << sep << value << " (" << count << ")";
            sep = ", ";
        }
        out << "\n";
    }
    if (results.timeline) print_timeline_text(*results.timeline, colour_, out);
}

void TextPrinter::print_count(const SearchResults& results, std::ostream& out) {
    out << results.total << "\n";
}

void TextPrinter::print_document(const Document& doc, std::ostream& out) {
    const Metadata& m = doc.meta;
    out << "Title: " << m.title << "\n";
    out << "Date: " << (m.date.is_dated() ? m.date.to_string() : "undated") << "\n";
    if (!m.date_source.empty()) out << "Date-Source: " << m.date_source << " (" << m.date.precision_name() << ")\n";
    if (!m.type.empty()) out << "Type: " << m.type << "\n";
    if (!m.source.empty()) out << "Source: " << m.source << "\n";
    if (!m.source_source.empty()) out << "Source-Source: " << m.source_source << "\n";
    if (!m.tags.empty()) out << "Tags: " << join(m.tags, ", ") << "\n";
    if (!m.authors.empty()) out << "Authors: " << join(m.authors, "; ") << "\n";
    if (!m.countries.empty()) out << "Countries: " << join(m.countries, "; ") << "\n";
    if (!m.url.empty()) out << "URL: " << m.url << "\n";
    if (!doc.path.empty()) out << "Path: " << doc.path << "\n";
    out << "\n" << doc.text;
    if (!doc.text.empty() && doc.text.back() != '\n') out << "\n";
}

void JsonPrinter::print_results(const SearchResults& results, std::ostream& out) {
    json hits = json::array();
    for (const Hit& hit : results.hits) {
        json h = metadata_json(hit.doc);
        h["rank"] = hit.rank;
        h["docid"] = hit.docid;
        h["score"] = hit.score;
        h["snippet"] = hit.snippet;
        json marks = json::array();
        for (const auto& [offset, length] : hit.highlights) marks.push_back({offset, length});
        h["highlights"] = std::move(marks);
        if (hit.page > 0) h["page"] = hit.page;
        if (hit.paragraph > 0) h["paragraph"] = hit.paragraph;
        if (!hit.passages.empty()) {
            json passages = json::array();
            for (const Passage& p : hit.passages) {
                json pm = json::array();
                for (const auto& [offset, length] : p.highlights) pm.push_back({offset, length});
                passages.push_back({{"text", p.text},
                                    {"offset", p.offset},
                                    {"length", p.length},
                                    {"char_offset", p.char_offset},
                                    {"char_length", p.char_length},
                                    {"paragraph", p.paragraph},
                                    {"page", p.page},
                                    {"score", p.score},
                                    {"highlights", std::move(pm)}});
            }
            h["passages"] = std::move(passages);
        }
        if (!hit.matched_aliases.empty()) h["matched_aliases"] = hit.matched_aliases;
        if (results.mentions) {
            h["mentions"] = hit.mentions;
            h["words"] = hit.words;
            h["per_10k_words"] = per_10k_words(hit.mentions, hit.words);
        }
        hits.push_back(std::move(h));
    }
    json j = {{"schema_version", kJsonSchemaVersion},
              {"query", results.query_text},
              {"parsed", results.description},
              {"filters", filters_json(results.parsed)},
              {"total", results.total},
              {"total_exact", results.total_exact},
              {"offset", results.offset},
              {"limit", results.limit},
              {"hits", std::move(hits)},
              {"suggestion", results.suggestion}};
    if (results.explain) j["explain"] = explain_json(results);
    if (!results.facets.empty()) {
        json facets = json::object();
        for (const auto& [facet, counts] : results.facets) {
            json values = json::object();
            for (const auto& [value, count] : counts) values[value] = count;
            facets[facet_name(facet)] = std::move(values);
        }
        j["facets"] = std::move(facets);
    }
    if (results.timeline) j["timeline"] = timeline_json(*results.timeline);
    out << json_line(j) << "\n";
}

void JsonPrinter::print_count(const SearchResults& results, std::ostream& out) {
    json j = {{"schema_version", kJsonSchemaVersion},
              {"query", results.query_text},
              {"total", results.total}};
    out << json_line(j) << "\n";
}

void JsonPrinter::print_document(const Document& doc, std::ostream& out) {
    json j = metadata_json(doc);
    j["schema_version"] = kJsonSchemaVersion;
    j["docid"] = doc.docid;
    j["format"] = doc.format;
    j["text"] = doc.text;
    out << json_line(j) << "\n";
}

}  // namespace dossier
