#pragma once
/// @file detect.h
/// Publication dates and document types of documents that nobody described:
/// found in the text (datelines, headings, titles, question/answer turns)
/// and in the file name.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/document.h"
#include "types.h"

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
    /// article, fact-sheet, readout, proclamation, letter, executive-order,
    /// memorandum, message, notice, nomination, appointment, announcement,
    /// disaster-declaration, bill-action, agreement, roundup.
    std::string type;
    /// "section" (a publisher section such as "Interviews | Security"),
    /// "title", "turns" (question and answer turns), "opening" ("We, the
    /// Heads of State and Government...") or "byline".
    std::string source;
    std::string evidence;  ///< The line it was read from.
};

/// A date the detector saw and refused as the publication date.
struct RefusedDate {
    Date date;             ///< The date refused.
    /// Why: "a photo caption" or "a credit line", and/or a "then-"
    /// context (the text was written later), in words.
    std::string reason;
    std::string evidence;  ///< The line it was in.
};

/// A title found by the detector.
struct TitleGuess {
    std::string title;  ///< One line, at most kMaxTitleBytes bytes.
    /// "designation" (a line naming the document: "Resolution 2999 (2031)",
    /// "Joint Statement ...", "Declaration ..."), "cover" (the best-scoring
    /// line of the cover, with the lines it continues on joined) or
    /// "first-line" (no line looks like a title: the first line that is not
    /// scan junk).
    std::string source;
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
/// A heading of capitals ending in a date ("THE WHITE HOUSE DECEMBER 2000")
/// is a dateline, letter-spaced dates ("D E C E M B E R 2 0 0 0") are read,
/// and a date heading alone on a line of the first page (12,000 bytes)
/// counts when the top has no dateline. A dateline at the very end ("Done
/// at Brussels on 14 June 2021") counts when the top has none. Never throws.
/// When refused is not null, it is set to the first date of the top that
/// was refused because its line is a photo caption, a credit line ("Photo:
/// ...", "Credit: ...", "Image: ...", "(AP Photo/...)") or speaks of someone
/// as "then-" (so the text was written later), or to nullopt when none was.
std::optional<DateGuess> detect_date_in_text(std::string_view text,
                                             std::optional<RefusedDate>* refused = nullptr);

/// A date or year in a file name: 2021-06-14, 2021_06_14, 20210614,
/// 2021-06, or a year 1900-2099 standing apart
/// (1998_national_security_strategy.txt). Never throws.
std::optional<DateGuess> detect_date_in_file_name(std::string_view file_name);


/// Keeps a type given by metadata (type_source "" or "metadata") only when
/// it names a known type, as that type; any other value moves to
/// meta.tags. When meta.type is then empty, the first tag naming a known
/// type becomes the type (type_source "tag") and leaves the tags. Never
/// throws.
void resolve_metadata_type(Metadata& meta);

/// The type of a document from its title, first lines and turns. A noun of
/// the title or of a heading names the type ("Summit Declaration", "Key
/// Nominees"); a presidential document counts only where the title or
/// heading begins with it ("Message to the Congress ...", "Executive Order
/// on ...", after a label such as "Press Release:"), so a title that only
/// mentions one keeps its own type; the verb of a headline ("President X
/// Announces ...", "... Appoints ...") counts only in the title and only
/// when no noun names a type. Lines of running text (a wrapped paragraph, a
/// sentence) are no headings. Returns nullopt when nothing points to a
/// type. Never throws.
std::optional<TypeGuess> detect_type(std::string_view title, std::string_view text);

/// Why line cannot be a document's title, or "" when it can: "too short",
/// "one word" (a masthead such as "UNITED", or scan junk), "letter-spaced"
/// ("F E B R U A R Y 2 0 1 5"), "page furniture" ("TABLE OF CONTENTS",
/// "THE WHITE HOUSE", "Distr.: General"), "producer title" ("Microsoft Word
/// - Nssr1ms.doc"), "file name", "document symbol" ("S/RES/893 (1994)"),
/// "section line" ("Interviews | Security"), "caption", "byline", "turn"
/// ("Q: ..."), "date line" ("New York, 22 September 2031"), or "too long"
/// (over 1,000 bytes: running text). Never throws.
std::string title_junk_reason(std::string_view line);

/// The title of a text without one, from its first lines (the cover):
/// lines that are scan junk (see title_junk_reason()) or running prose are
/// passed over; a line naming the document ("Resolution 2999 (2031)",
/// "Joint Statement ...", "Declaration ...", "Statement by ...") is
/// preferred, then the earliest line, a line with a type word counting as
/// nearer the top; a title spread over consecutive cover lines ("A
/// National Security Strategy" / "of Engagement and Enlargement") is joined.
/// When no line looks like a title, the first line that is not junk is
/// returned with source "first-line"; nullopt when every line is junk.
/// The title is kept in the case it is written in. Never throws.
std::optional<TitleGuess> detect_title(std::string_view text);

/// Completes doc.meta where its metadata is silent, and records where each
/// value came from. A date from the document's metadata is kept with
/// date_source "metadata" (an extractor may have set "pdf-info" already); a
/// type from metadata or tags is kept as resolve_metadata_type() says, and
/// the source as detect_source() (sources.h) says. Otherwise the
/// date is, in this order of preference: a dateline of the text, the PDF
/// Info date, a date in the file name, a date in the first lines; the type
/// comes from detect_type(). The title is detected with detect_title() when
/// it was only a fallback (title_source "first-line" or "filename", or
/// empty) or a PDF Info Title that is junk ("Microsoft Word - X.doc"); a
/// title without a title_source is kept as metadata. date_refused records a
/// refused caption or "then-" date. file_name is the name of the file (or
/// ""). Never throws.
void detect_metadata(Document& doc, std::string_view file_name);

}  // namespace dossier
