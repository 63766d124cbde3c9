#pragma once
/// @file detect.h
/// Publication dates and document types of documents that nobody described:
/// found in the text (datelines, headings, titles, question/answer turns)
/// and in the file name.

#include <optional>
#include <string>
#include <string_view>

#include "dossier/document.h"

namespace dossier {

/// A date found by the detector.
struct DateGuess {
    Date date;             ///< The date, with its precision.
    /// "dateline" (a place-and-date line, a heading that is a date, "Issued
    /// on ...", "Adopted ... on ...", "Done at ... on ..."), "text" (a date
    /// in the first lines) or "filename".
    std::string source;
    std::string evidence;  ///< The line or file name it was read from.
};

/// A type found by the detector.
struct TypeGuess {
    /// One of declaration, communique, joint-statement, resolution,
    /// strategy, report, interview, press-briefing, speech, statement,
    /// article.
    std::string type;
    /// "section" (a publisher section such as "Interviews | Security"),
    /// "title", "turns" (question and answer turns), "opening" ("We, the
    /// Heads of State and Government...") or "byline".
    std::string source;
    std::string evidence;  ///< The line it was read from.
};

/// Reads an English date written out in words or ISO form from a piece of
/// text: "14 June 2021", "04 Dec. 2019", "June 14, 2021", "13-15 June 2021"
/// (the last day), "OCTOBER 1998" (month precision), "2021-06-14". Numeric
/// forms such as 14.06.2021 or 06/14/2021 are ambiguous and never read.
/// Returns the first date in text, or nullopt. Never throws.
std::optional<Date> parse_english_date(std::string_view text);

/// The publication date of a text from its datelines and first lines.
/// Datelines and headings near the top win over dates in running text;
/// dates cited as references ("resolution 825 (1993) of 11 May 1993",
/// "the Declaration of 5 May 1999", "since 12 March 2003") are never taken.
/// A dateline at the very end ("Done at Brussels on 14 June 2021") counts
/// when the top has none. Never throws.
std::optional<DateGuess> detect_date_in_text(std::string_view text);

/// A date or year in a file name: 2021-06-14, 2021_06_14, 20210614,
/// 2021-06, or a year 1900-2099 standing apart
/// (1998_national_security_strategy.txt). Never throws.
std::optional<DateGuess> detect_date_in_file_name(std::string_view file_name);

/// The type of a document from its title, first lines and turns. Returns
/// nullopt when nothing points to a type. Never throws.
std::optional<TypeGuess> detect_type(std::string_view title, std::string_view text);

/// Completes doc.meta where its metadata is silent, and records where each
/// value came from. A date from the document's metadata is kept with
/// date_source "metadata" (an extractor may have set "pdf-info" already); a
/// type from metadata is kept with type_source "metadata". Otherwise the
/// date is, in this order of preference: a dateline of the text, the PDF
/// Info date, a date in the file name, a date in the first lines; the type
/// comes from detect_type(). file_name is the name of the file (or "").
/// Never throws.
void detect_metadata(Document& doc, std::string_view file_name);

}  // namespace dossier
