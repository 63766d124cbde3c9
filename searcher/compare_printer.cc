// Comparisons of two stored documents: the query filter, and the text and
// JSON printers (siblings, as for search results).

#include <set>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "compare.h"
#include "dossier/query.h"
#include "dossier/schema.h"
#include "json_util.h"
#include "text.h"

namespace dossier {

namespace {

using nlohmann::json;

constexpr const char* kGreen = "\x1b[32m";
constexpr const char* kRed = "\x1b[31m";
constexpr const char* kBold = "\x1b[1m";
constexpr const char* kReset = "\x1b[0m";

json side_json(const ComparedParagraph& p) {
    if (p.index == 0) return nullptr;
    return {{"index", p.index}, {"text", p.text}};
}

json document_json(const Document& doc) {
    return {{"docid", doc.docid},
            {"path", doc.path},
            {"title", doc.meta.title},
            {"date", doc.meta.date.to_string()}};
}

std::string describe(const Document& doc) {
    std::string out = one_line(doc.meta.title);
    if (doc.meta.date.is_dated()) out += " (" + doc.meta.date.to_string() + ")";
    if (!doc.path.empty()) out += ", " + doc.path;
    return out;
}

/// A run of words with the same mark in a line's diff: 0 the same in a
/// and b, 1 added, 2 removed.
struct DiffRun {
    int mark = 0;
    std::string text;  ///< The run's words, joined by single spaces.
};

/// b's words with the removed ones of a among them, in runs of one mark.
std::vector<DiffRun> diff_runs(const ParagraphChange& line) {
    std::vector<DiffRun> runs;
    for (const auto& [word, mark] : line.diff) {
        if (runs.empty() || runs.back().mark != mark) {
            runs.push_back({mark, word});
        } else {
            runs.back().text += ' ' + word;
        }
    }
    return runs;
}

/// b's words with the removed ones of a among them, each run of added or
/// removed words in one marker.
std::string marked(const ParagraphChange& line, bool colour) {
    std::string out;
    for (const DiffRun& run : diff_runs(line)) {
        if (!out.empty()) out += ' ';
        if (run.mark == 1) out += std::string(colour ? kGreen : "") + "[+" + run.text + "+]" + (colour ? kReset : "");
        if (run.mark == 2) out += std::string(colour ? kRed : "") + "[-" + run.text + "-]" + (colour ? kReset : "");
        if (run.mark == 0) out += run.text;
    }
    return out;
}

/// A changed or moved line's diff for programs: runs of words "same",
/// "added" or "removed", in the reading order of b.
json diff_json(const ParagraphChange& line) {
    static const char* const kOps[] = {"same", "added", "removed"};
    json runs = json::array();
    for (const DiffRun& run : diff_runs(line)) runs.push_back({{"op", kOps[run.mark]}, {"text", run.text}});
    return runs;
}

}  // namespace

std::function<bool(std::string_view)> query_filter(const std::string& query) {
    // Parsing needs a database only to expand wildcards; an empty one
    // leaves them out.
    const Xapian::Database no_database;
    const ParsedQuery parsed = QueryBuilder(no_database).build(query);
    auto terms = std::make_shared<std::set<std::string>>();
    const Xapian::Query& q = parsed.match_query.empty() ? parsed.query : parsed.match_query;
    for (auto it = q.get_unique_terms_begin(); it != q.get_unique_terms_end(); ++it) {
        const std::string& term = *it;
        // Words and stems only: filters and fields say nothing of a paragraph.
        if (!term.empty() && (term[0] == 'Z' || !(term[0] >= 'A' && term[0] <= 'Z'))) terms->insert(term);
    }
    // A query of filters only says nothing of paragraphs: every line shows.
    if (terms->empty()) return {};
    return [terms](std::string_view text) {
        Xapian::TermGenerator generator;
        generator.set_stemmer(Xapian::Stem(schema::kStemLanguage));
        generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        generator.set_max_word_length(schema::kMaxWordBytes);
        Xapian::Document doc;
        generator.set_document(doc);
        generator.index_text(index_form(text));
        for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it)
            if (terms->count(*it)) return true;
        return false;
    };
}

DocumentComparison compare_documents(Document a, Document b, const std::string& query, CompareOptions options) {
    DocumentComparison out;
    out.query = query;
    if (!trim(query).empty()) options.filter = query_filter(query);
    out.comparison = compare_texts(a.text, b.text, options);
    a.text.clear();
    b.text.clear();
    out.a = std::move(a);
    out.b = std::move(b);
    return out;
}

void print_comparison_text(const DocumentComparison& c, bool colour, std::ostream& out) {
    out << "a: " << describe(c.a) << "\n";
    out << "b: " << describe(c.b) << "\n";
    if (!c.query.empty()) out << "paragraphs matching: " << c.query << "\n";
    for (const ParagraphChange& line : c.comparison.paragraphs) {
        std::string where;
        if (line.a.index > 0) where += "a\xc2\xb6" + std::to_string(line.a.index);
        if (line.b.index > 0) where += std::string(where.empty() ? "" : " ") + "b\xc2\xb6" + std::to_string(line.b.index);
        out << "\n" << (colour ? kBold : "") << status_name(line.status) << (colour ? kReset : "") << " " << where
            << (line.split ? " (split)" : "") << (line.joined ? " (joined)" : "") << "\n";
        switch (line.status) {
            case ParagraphStatus::kKept:
                out << "  " << one_line(line.b.text) << "\n";
                break;
            case ParagraphStatus::kAdded:
                out << "  " << (colour ? kGreen : "") << "[+" << one_line(line.b.text) << "+]"
                    << (colour ? kReset : "") << "\n";
                break;
            case ParagraphStatus::kRemoved:
                out << "  " << (colour ? kRed : "") << "[-" << one_line(line.a.text) << "-]"
                    << (colour ? kReset : "") << "\n";
                break;
            case ParagraphStatus::kChanged:
            case ParagraphStatus::kMoved:
                out << "  " << marked(line, colour) << "\n";
                break;
        }
    }
    const CompareSummary& s = c.comparison.summary;
    out << "\nkept " << s.kept << ", changed " << s.changed << ", added " << s.added << ", removed " << s.removed
        << ", moved " << s.moved;
    if (s.split > 0) out << " (" << s.split << " split in two)";
    if (s.joined > 0) out << " (" << s.joined << " joined from two)";
    out << "\n";
    if (c.comparison.truncated) out << "note: only the first paragraphs of a long text were compared\n";
}

void print_comparison_json(const DocumentComparison& c, std::ostream& out) {
    json paragraphs = json::array();
    for (const ParagraphChange& line : c.comparison.paragraphs) {
        json p = {{"status", status_name(line.status)},
                  {"a", side_json(line.a)},
                  {"b", side_json(line.b)},
                  {"added_words", line.added_words},
                  {"removed_words", line.removed_words}};
        if (line.status == ParagraphStatus::kChanged || line.status == ParagraphStatus::kMoved)
            p["diff"] = diff_json(line);
        if (line.split) p["split"] = true;
        if (line.joined) p["joined"] = true;
        paragraphs.push_back(std::move(p));
    }
    const CompareSummary& s = c.comparison.summary;
    json j = {{"schema_version", kJsonSchemaVersion},
              {"a", document_json(c.a)},
              {"b", document_json(c.b)},
              {"query", c.query},
              {"paragraphs", paragraphs},
              {"summary",
               {{"kept", s.kept},
                {"changed", s.changed},
                {"added", s.added},
                {"removed", s.removed},
                {"moved", s.moved},
                {"split", s.split},
                {"joined", s.joined}}},
              {"truncated", c.comparison.truncated}};
    out << json_line(j) << "\n";
}

}  // namespace dossier
