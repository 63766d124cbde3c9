#pragma once
/// @file metadata.h
/// Metadata parsing shared by the extractors: YAML front matter and
/// plain-text header lines.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/document.h"

namespace dossier {

/// A document split into its YAML front matter and its body.
struct FrontMatter {
    std::string yaml;  ///< Text between the opening and closing "---" lines.
    std::string body;  ///< Everything after the closing line.
};

/// Splits off front matter when content starts with a "---" line (after an
/// optional BOM). Returns nullopt when there is none. Throws dossier::Error
/// when the opening line is present but no closing "---" or "..." follows.
std::optional<FrontMatter> split_front_matter(std::string_view content);

/// Parses YAML front matter with yaml-cpp into meta: title, date, type,
/// tags and categories (every item into meta.tags; detect_metadata() takes
/// the type from them when one names a known type), source (or publisher,
/// or else site_name, with source_source "site-name"), author/authors,
/// countries, url (or source_url). Scalars or lists are accepted where
/// lists make sense.
/// Throws dossier::Error on YAML syntax errors or an unparseable date.
void parse_front_matter(std::string_view yaml, Metadata& meta);

/// Reads plain-text header lines ("Title: ...") from the top of content up
/// to the first blank line, filling meta. Returns the number of bytes the
/// header occupied (0 when the first line is not a known header), so the
/// caller can keep or drop it.
std::size_t parse_header_lines(std::string_view content, Metadata& meta);

/// Splits a metadata list written as one string on ';' (or ',' when there is
/// no ';'), trimming items and dropping empty ones.
std::vector<std::string> split_list(std::string_view text);

/// Normalises a document type: folded with fold_filter_value().
std::string normalise_type(std::string_view type);

}  // namespace dossier
