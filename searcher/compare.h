#pragma once
// Internal to libdossier: two stored texts aligned paragraph by paragraph,
// with the words added and removed inside the paragraphs that changed
// (dossier-search --compare). The algorithm and its limits are described in
// docs/compare.md.

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/document.h"

namespace dossier {

/// What became of a paragraph between the two texts.
enum class ParagraphStatus {
    kKept,     ///< The same words, in the same order among the others.
    kChanged,  ///< Matched to a similar paragraph, in order; some words differ.
    kAdded,    ///< Only in the second text.
    kRemoved,  ///< Only in the first text.
    kMoved,    ///< Matched to a paragraph out of order (its words may differ too).
};

/// "kept", "changed", "added", "removed" or "moved".
const char* status_name(ParagraphStatus status);

/// A paragraph of one of the two texts.
struct ComparedParagraph {
    std::size_t index = 0;  ///< 1-based number of the span in its text (split_spans()); 0 for none.
    std::string text;       ///< The span as stored.
};

/// One line of a comparison: a paragraph of the first text (a), of the
/// second (b) or of both.
struct ParagraphChange {
    ParagraphStatus status = ParagraphStatus::kKept;
    ComparedParagraph a;  ///< In the first text; index 0 when added.
    ComparedParagraph b;  ///< In the second text; index 0 when removed.
    /// Part of a paragraph split in two (b is one half of a) or of two
    /// paragraphs joined into one (a is one half of b).
    bool split = false;
    bool joined = false;
    std::vector<std::string> added_words;    ///< Words of b not in a, in order.
    std::vector<std::string> removed_words;  ///< Words of a not in b, in order.
    /// b's words, each marked: 0 the same in a, 1 added. With removed words
    /// (from a) interleaved where they stood, marked 2. For printers.
    std::vector<std::pair<std::string, int>> diff;
};

/// Counts of the statuses of the lines shown.
struct CompareSummary {
    std::size_t kept = 0;
    std::size_t changed = 0;
    std::size_t added = 0;
    std::size_t removed = 0;
    std::size_t moved = 0;
    std::size_t split = 0;   ///< Paragraphs of a split in two (each half is a changed line).
    std::size_t joined = 0;  ///< Paragraphs of b joined from two of a.
};

/// The comparison of two texts, in reading order of the second text, each
/// removed paragraph where it stood.
struct Comparison {
    std::vector<ParagraphChange> paragraphs;
    CompareSummary summary;
    /// Whether a text had more than CompareOptions::max_paragraphs spans:
    /// the rest of it was left out of the comparison.
    bool truncated = false;
};

/// Settings of compare_texts().
struct CompareOptions {
    /// Two paragraphs whose word sets have at least this Dice similarity
    /// (2|A∩B| / (|A|+|B|), on lower-cased words) are the same paragraph,
    /// changed.
    double similarity = 0.5;
    /// A paragraph next to the counterpart of another whose words are at
    /// least this share of that other's words is its second half (split or
    /// joined).
    double containment = 0.7;
    /// Spans of each text compared at most: the work grows with the square
    /// of this (spans are at most kLongParagraph bytes, so the word diffs
    /// are bounded too).
    std::size_t max_paragraphs = 1000;
    /// When set, only lines where a or b passes it are kept (with their
    /// counterparts); the summary counts those lines.
    std::function<bool(std::string_view)> filter;
};

/// Aligns text b with text a paragraph by paragraph (see docs/compare.md).
/// Never throws but std::bad_alloc.
Comparison compare_texts(std::string_view a, std::string_view b, const CompareOptions& options = {});

/// The words of a paragraph as the diff compares them: runs of characters
/// between white space, as written.
std::vector<std::string> diff_words(std::string_view text);

/// Two stored documents compared (dossier-search --compare).
struct DocumentComparison {
    Document a;          ///< The first document, its text left empty.
    Document b;          ///< The second document, its text left empty.
    std::string query;   ///< The query the lines were chosen by, or "".
    Comparison comparison;
};

/// A filter for CompareOptions::filter: whether a paragraph holds a word
/// of query as the index would match it (a word by its stem, an exact
/// form as written, an alias by its forms; each word of a phrase counts
/// alone). Filters in the query (type:, year:...) are ignored: a query of
/// filters only gives no filter (an empty function).
/// Throws dossier::QueryError for a malformed query.
std::function<bool(std::string_view)> query_filter(const std::string& query);

/// Compares the stored texts of a and b, keeping only the lines that match
/// query when it is not empty. Throws dossier::QueryError for a malformed
/// query.
DocumentComparison compare_documents(Document a, Document b, const std::string& query,
                                     CompareOptions options = {});

/// Prints a comparison for people: each line's status, paragraph numbers
/// and text, with added words as [+word+] and removed ones as [-word-]
/// (green and red with colour), then the summary.
void print_comparison_text(const DocumentComparison& comparison, bool colour, std::ostream& out);

/// Prints a comparison as one JSON object on one line (docs/json.md).
void print_comparison_json(const DocumentComparison& comparison, std::ostream& out);

}  // namespace dossier
