#pragma once
/// @file document.h
/// Document and Metadata: plain values passed from extraction to indexing and
/// back from search.

#include <cstddef>
#include <string>
#include <vector>

#include "dossier/date.h"

namespace dossier {

/// What is known about a document besides its text. Empty strings and empty
/// lists mean "unknown".
struct Metadata {
    std::string title;                   ///< Title as written (UTF-8).
    Date date;                           ///< Publication date; may be undated.
    std::string type;                    ///< Lower-case free text, e.g. "declaration".
    std::string source;                  ///< Publisher or institution, e.g. "NATO".
    /// Front matter tags and categories that name no known type, as
    /// written: a web site's section such as "statements-releases".
    std::vector<std::string> tags;
    std::vector<std::string> authors;    ///< Author names as written.
    std::vector<std::string> countries;  ///< Countries named (display names where known).
    std::string url;                     ///< Original address, if known.
    /// Where the date came from: "metadata", "pdf-info", "properties" (the
    /// creation date of a DOCX, ODT or RTF), "dateline", "text" or
    /// "filename"; "" when undated.
    std::string date_source;
    /// The words the date was read from (for explaining it), or "".
    std::string date_evidence;
    /// Where the type came from: "metadata" (a type: naming a known type),
    /// "tag" (a tag or category naming one), or the detector's reason
    /// ("section", "title", "turns", "opening", "byline"); "" when untyped.
    std::string type_source;
    /// Where the source came from: "metadata" (source: or publisher:),
    /// "site-name" (front matter site_name), "url" (the host of the
    /// document's address), "masthead" (a publisher's heading at the top of
    /// the text), "credit" (a byline or credit line); "" when unknown.
    std::string source_source;
    /// The words or host name the source was read from, or "".
    std::string source_evidence;
    /// Where the title came from: "metadata" (front matter, header lines,
    /// an HTML \<title\>, a JSON-lines "title"), "pdf-info" (the PDF Info
    /// Title), "heading" (the first Markdown heading or HTML \<h1\>),
    /// "designation" (a line naming the document, such as "Resolution 2999
    /// (2031)"), "cover" (the best line of the cover, or lines joined),
    /// "first-line" (the first line that is no scan junk), "filename", or ""
    /// when not recorded.
    std::string title_source;
    /// A date the detector saw near the top and refused as the publication
    /// date, with the reason and the words it was in (a photo caption, a
    /// credit line, a "then-" context), or the modification date of a DOCX
    /// or ODT that has no creation date ("a modification date"), or "".
    std::string date_refused;
    /// Where the countries came from: "metadata", "text" (detected because
    /// metadata gave none), or "" when there are none.
    std::string countries_source;
    /// Ids of the countries and organisations the document mentions or its
    /// metadata gives (gazetteer ids such as "south-korea", "nato").
    std::vector<std::string> entities;
    /// Language of the text, an ISO 639-1 code ("fr"). Extractors copy a
    /// language named by the metadata as written ("fr-FR", "French");
    /// indexing turns it into a code, or detects one from the text.
    std::string language;
    /// Where the language came from: "metadata", "text" (detected), or
    /// "default" (English, detection unsure); "" before indexing.
    std::string language_source;
};

/// A document ready to be indexed, or read back from the index.
struct Document {
    std::string key;   ///< Identity in the index: the absolute path for files.
    std::string path;  ///< Absolute path of the source file; empty if none.
    std::string format;  ///< "text", "markdown", "html", "pdf", "docx", "odt", "epub" or "rtf".
    Metadata meta;       ///< Metadata found by the extractor.
    std::string text;    ///< Cleaned UTF-8 body text, stored byte-exactly.
    unsigned docid = 0;  ///< Xapian docid when read back from an index; else 0.
    /// Byte offset in text where each page starts (PDF only; empty for
    /// formats without pages). pages[0] is 0 when present.
    std::vector<std::size_t> pages;
};

}  // namespace dossier
