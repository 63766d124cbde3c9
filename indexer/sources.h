#pragma once
/// @file sources.h
/// Publishers of documents that do not name one: found in the site name or
/// the address of the document, or in the layout of its text (a masthead at
/// the top, a byline or credit line), with a small table of known publishers
/// (docs/index-format.md, "Known publishers").

#include <optional>
#include <string>
#include <string_view>

#include "dossier/document.h"

namespace dossier {

/// A source found by the detector.
struct SourceGuess {
    std::string source;    ///< The publisher's name, e.g. "The White House".
    std::string kind;      ///< "url", "masthead" or "credit" (Metadata::source_source).
    std::string evidence;  ///< The host name or the line it was read from.
};

/// The name of the known publisher that name is a name or host of
/// ("WhiteHouse.gov" and "the white house" are "The White House"), or name
/// itself, trimmed, when it is none. Never throws.
std::string publisher_name(std::string_view name);

/// The known publisher whose host the address url is on (the host itself or
/// a subdomain of it: "press.un.org" is the United Nations'), or nullopt.
/// Never throws.
std::optional<SourceGuess> source_from_url(std::string_view url);

/// The known publisher the text names where its layout says who published
/// it: a masthead line alone among the first lines ("THE WHITE HOUSE",
/// "Office of the Press Secretary", "United Nations", "Security Council"),
/// possibly followed by a date, or else a byline or credit line among the
/// first or last lines ("Interview by Ann Lee for The Diplomat", "Credit:
/// The Diplomat"). Returns nullopt when there is none. Never throws.
std::optional<SourceGuess> source_from_text(std::string_view text);

/// Completes meta.source where the metadata is silent and records where it
/// came from in source_source and source_evidence: a source given by the
/// metadata is kept ("metadata"; a site name, already recorded as
/// "site-name", becomes the name of its known publisher), else the host of
/// meta.url, else the text (source_from_text()). Never throws.
void detect_source(Metadata& meta, std::string_view text);

}  // namespace dossier
