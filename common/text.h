#pragma once
/// @file text.h
/// Text normalisation shared by the extractors and the query side.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

/// Makes text safe and searchable: repairs invalid UTF-8 (each invalid byte
/// is read as Windows-1252/Latin-1), turns CRLF and CR into LF, removes NUL
/// bytes, soft hyphens (U+00AD), zero-width characters and the BOM, and folds
/// typographic quotes and apostrophes (U+2018, U+2019, U+201A, U+201B, U+2032
/// to ', U+201C, U+201D, U+201E, U+2033 to ") so that "People's" matches
/// "People’s". Never throws.
std::string clean_text(std::string_view text);

/// Returns text with invalid UTF-8 sequences repaired as clean_text() does,
/// and nothing else changed.
std::string repair_utf8(std::string_view text);

/// The characters of UTF-8 text: its bytes that do not continue a
/// character (an invalid byte counts as one).
std::size_t count_chars(std::string_view text);

/// Folds a metadata value to the form used in filter terms and facet keys of
/// type, source and country: trimmed, inner white space collapsed to one
/// space, lower case, Latin accents removed ("Communiqué " -> "communique").
std::string fold_filter_value(std::string_view value);

/// The form of text given to the term generator, on the index and the query
/// side alike: typographic quotes folded as by clean_text(), and the English
/// possessive "'s" after a word replaced by spaces, so that "China" finds
/// "China's" and "People's Republic" finds "People’s Republic". Expects
/// valid UTF-8 (invalid bytes pass through). Never throws.
std::string index_form(std::string_view text);

/// The hyphenated compounds of text ("Indo-Pacific", "cyber-attack",
/// "post-Cold-War"), each lower-cased and joined ("indopacific"), in order
/// of appearance with repeats. Only ASCII letters and digits take part;
/// joined forms longer than 64 bytes are left out. Never throws.
std::vector<std::string> hyphen_compounds(std::string_view text);

/// Trims ASCII white space at both ends.
std::string trim(std::string_view text);

/// Bytes kept of a title taken from free text (a first line, a heading):
/// what fits on a result line.
constexpr std::size_t kMaxTitleBytes = 200;

/// text as one line: every run of white space (ASCII space, tab, newline,
/// carriage return, form feed, vertical tab, and the no-break space U+00A0)
/// becomes one space, and white space at both ends is dropped. Never throws.
std::string one_line(std::string_view text);

/// The longest prefix of text of at most max_bytes bytes that does not
/// split a UTF-8 sequence. The view points into text. Never throws.
std::string_view cut_utf8(std::string_view text, std::size_t max_bytes);

/// The first line of text that is not blank, as one line (one_line()) cut
/// to kMaxTitleBytes (cut_utf8()); "" when every line is blank. Used as the
/// title of a document that gives none.
std::string first_line_title(std::string_view text);

/// Decodes the character at pos and advances pos past it. A byte that does
/// not start a well-formed sequence (RFC 3629: no overlongs, no surrogates)
/// is taken alone as Windows-1252, the usual meaning of mis-labelled legacy
/// text. REQUIRES: pos < text.size().
char32_t next_char(std::string_view text, std::size_t& pos);

/// Appends the UTF-8 encoding of ch to out.
void append_utf8(std::string& out, char32_t ch);

/// A term with its accents removed, for the accent-insensitive twin terms
/// of the index and for query words: Latin letters lose their diacritics as
/// in fold_filter_value() and in lower case ("côte" -> "cote", "Straße" ->
/// "strasse"), Cyrillic yo becomes ie ("ё" -> "е"), combining marks are
/// dropped; every other character is kept. Returns term unchanged when it
/// is ASCII. Never throws.
std::string fold_accents(std::string_view term);

/// text with ASCII capitals lowered (other bytes unchanged).
std::string ascii_lower(std::string_view text);

/// text with ASCII small letters raised (other bytes unchanged).
std::string ascii_upper(std::string_view text);

}  // namespace dossier
