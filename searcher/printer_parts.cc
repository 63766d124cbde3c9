#include "printer_parts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "dossier/printers.h"
#include "json_util.h"
#include "text.h"

namespace dossier {

namespace {

using nlohmann::json;

constexpr std::size_t kBarWidth = 40;
// Longer spans are shown without the empty years in between.
constexpr int kMaxYearsWithGaps = 60;
constexpr const char* kBold = "\x1b[1m";
constexpr const char* kReset = "\x1b[0m";

json hit_json(const Hit& hit) {
    const Metadata& m = hit.doc.meta;
    json j = {{"docid", hit.docid},
              {"path", hit.doc.path},
              {"title", m.title},
              {"date", m.date.to_string()},
              {"date_precision", m.date.precision_name()},
              {"date_source", m.date_source},
              {"type", m.type},
              {"snippet", hit.snippet}};
    if (hit.page > 0) j["page"] = hit.page;
    return j;
}

void print_end(const char* label, const Hit& hit, bool colour, std::ostream& out) {
    const Metadata& m = hit.doc.meta;
    out << label << m.date.to_string() << "  " << (colour ? kBold : "") << one_line(m.title)
        << (colour ? kReset : "") << "\n";
    if (!hit.doc.path.empty())
        out << "   " << hit.doc.path << (hit.page > 0 ? ", p. " + std::to_string(hit.page) : "") << "\n";
    std::string snippet = one_line(hit.snippet);
    if (!snippet.empty()) out << "   " << snippet << "\n";
}

std::string explanation(const Metadata& m) {
    if (!m.date.is_dated()) return "no date: no metadata, dateline, heading or file name gives one";
    if (m.date_source == "metadata") return "from the document's metadata";
    if (m.date_source == "pdf-info") return "from the PDF's Info dictionary (CreationDate)";
    if (m.date_source == "dateline") return "from a dateline or heading near the top or end of the text";
    if (m.date_source == "filename") return "from the file name";
    if (m.date_source == "text") return "from a date in the first lines of the text";
    return "source not recorded (indexed by an older Dossier)";
}

std::string title_explanation(const Metadata& m) {
    if (m.title_source == "metadata") return "from the document's metadata";
    if (m.title_source == "pdf-info") return "from the PDF's Info dictionary (Title)";
    if (m.title_source == "heading") return "from the first heading";
    if (m.title_source == "designation") return "from a line of the cover naming the document";
    if (m.title_source == "cover") return "from the best title line of the cover (scan junk and mastheads passed over)";
    if (m.title_source == "first-line") return "from the first line that is not scan junk (no line looks like a title)";
    if (m.title_source == "filename") return "from the file name (the text has no usable line)";
    return "source not recorded";
}

}  // namespace

double per_10k_words(std::uint64_t mentions, std::uint64_t words) {
    if (words == 0) return 0;
    return std::round(static_cast<double>(mentions) * 10000.0 / static_cast<double>(words) * 100.0) / 100.0;
}

std::string mentions_line(std::uint64_t mentions, std::uint64_t words) {
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.2f", per_10k_words(mentions, words));
    return std::to_string(mentions) + (mentions == 1 ? " mention" : " mentions") + " in " + std::to_string(words) +
           (words == 1 ? " word" : " words") + " (" + rate + " per 10,000 words)";
}

json timeline_json(const Timeline& timeline) {
    json years = json::array();
    for (const auto& [year, count] : timeline.years) {
        json y = {{"year", year}, {"count", count}};
        if (!timeline.mentions.empty()) {
            auto it = timeline.mentions.find(year);
            const YearMentions m = it == timeline.mentions.end() ? YearMentions{} : it->second;
            y["documents"] = count;
            y["mentions"] = m.mentions;
            y["words"] = m.words;
            y["per_10k_words"] = per_10k_words(m.mentions, m.words);
        }
        years.push_back(std::move(y));
    }
    json out = {{"years", years},
            {"undated", timeline.undated},
            {"earliest", timeline.earliest ? hit_json(*timeline.earliest) : json()},
            {"latest", timeline.latest ? hit_json(*timeline.latest) : json()}};
    if (!timeline.mentions.empty()) out["mentions_partial"] = timeline.mentions_partial;
    return out;
}

void print_timeline_text(const Timeline& timeline, bool colour, std::ostream& out) {
    out << "\ntimeline:";
    if (timeline.years.empty()) {
        out << " no dated match" << (timeline.undated ? " (" + std::to_string(timeline.undated) + " undated)" : "")
            << "\n";
        return;
    }
    out << "\n";
    // With mentions the bars chart mentions, not documents.
    const bool mentions = !timeline.mentions.empty();
    auto mentions_of = [&](int year) {
        auto it = timeline.mentions.find(year);
        return it == timeline.mentions.end() ? YearMentions{} : it->second;
    };
    std::uint64_t top = 0;
    for (const auto& [year, count] : timeline.years)
        top = std::max<std::uint64_t>(top, mentions ? mentions_of(year).mentions : count);
    const int first = timeline.years.begin()->first, last = timeline.years.rbegin()->first;
    const bool gaps = last - first < kMaxYearsWithGaps;
    for (int year = first; year <= last; ++year) {
        auto it = timeline.years.find(year);
        if (it == timeline.years.end() && !gaps) continue;
        Xapian::doccount count = it == timeline.years.end() ? 0 : it->second;
        const YearMentions m = mentions_of(year);
        const std::uint64_t value = mentions ? m.mentions : count;
        std::size_t width = value == 0 ? 0 : std::max<std::size_t>(1, value * kBarWidth / top);
        std::string bar;
        for (std::size_t i = 0; i < width; ++i) bar += "\xE2\x96\x88";  // U+2588 full block
        out << "  " << year << " " << bar << std::string(kBarWidth - width + 1, ' ');
        if (mentions) {
            char rate[32];
            std::snprintf(rate, sizeof rate, "%.2f", per_10k_words(m.mentions, m.words));
            out << m.mentions << (m.mentions == 1 ? " mention" : " mentions") << " in " << count
                << (count == 1 ? " document" : " documents") << ", " << rate << " per 10,000 words\n";
        } else {
            out << count << "\n";
        }
    }
    if (timeline.undated > 0) out << "  undated " << timeline.undated << (mentions ? " (mentions not counted)" : "") << "\n";
    if (timeline.mentions_partial)
        out << "  (mentions counted in the oldest " << kMaxMentionDocuments << " matches only)\n";
    if (timeline.earliest) print_end("\nearliest: ", *timeline.earliest, colour, out);
    if (timeline.latest) print_end("latest:   ", *timeline.latest, colour, out);
}

json aliases_json(const std::vector<AliasExpansion>& aliases) {
    json out = json::array();
    for (const auto& a : aliases) out.push_back({{"typed", a.typed}, {"entity", a.entity}, {"forms", a.forms}});
    return out;
}

void TextPrinter::print_date_explanation(const Document& doc, std::ostream& out) {
    const Metadata& m = doc.meta;
    out << "Title: " << m.title << "\n";
    if (!m.title_source.empty()) out << "Title source: " << m.title_source << ": " << title_explanation(m) << "\n";
    if (!doc.path.empty()) out << "Path: " << doc.path << "\n";
    out << "Date: " << (m.date.is_dated() ? m.date.to_string() : "undated");
    if (m.date.is_dated()) out << " (" << m.date.precision_name() << " precision)";
    out << "\n";
    out << "Date source: " << (m.date_source.empty() ? "none" : m.date_source) << ": " << explanation(m) << "\n";
    if (!m.date_evidence.empty()) out << "Evidence: " << m.date_evidence << "\n";
    if (!m.date_refused.empty()) out << "Refused: " << m.date_refused << "\n";
    out << "Type: " << (m.type.empty() ? "none" : m.type);
    if (!m.type_source.empty()) out << " (from " << m.type_source << ")";
    out << "\n";
    if (!m.tags.empty()) {
        out << "Tags:";
        const char* sep = " ";
        for (const auto& tag : m.tags) {
            out << sep << tag;
            sep = ", ";
        }
        out << "\n";
    }
    out << "Source: " << (m.source.empty() ? "none" : m.source);
    if (!m.source_source.empty()) out << " (from " << m.source_source << ")";
    out << "\n";
    if (!m.source_evidence.empty()) out << "Source evidence: " << m.source_evidence << "\n";
    if (!m.countries.empty()) {
        out << "Countries:";
        const char* sep = " ";
        for (const auto& c : m.countries) {
            out << sep << c;
            sep = "; ";
        }
        out << " (from " << m.countries_source << ")\n";
    }
}

void JsonPrinter::print_date_explanation(const Document& doc, std::ostream& out) {
    const Metadata& m = doc.meta;
    json j = {{"schema_version", kJsonSchemaVersion},
              {"docid", doc.docid},
              {"path", doc.path},
              {"title", m.title},
              {"title_source", m.title_source},
              {"date", m.date.to_string()},
              {"date_precision", m.date.precision_name()},
              {"date_source", m.date_source},
              {"date_evidence", m.date_evidence},
              {"date_refused", m.date_refused},
              {"explanation", explanation(m)},
              {"type", m.type},
              {"type_source", m.type_source},
              {"tags", m.tags},
              {"source", m.source},
              {"source_source", m.source_source},
              {"source_evidence", m.source_evidence},
              {"countries", m.countries},
              {"countries_source", m.countries_source},
              {"entities", m.entities}};
    out << json_line(j) << "\n";
}

}  // namespace dossier
