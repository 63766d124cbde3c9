#pragma once
// Internal to libdossier: how a stored text divides into paragraphs and the
// parts of long paragraphs. The index writer cuts stored blocks and the
// passage finder scores passages along the same lines, so that a block
// read alone yields the very passages of the whole text.

#include <cstddef>
#include <string_view>
#include <vector>

namespace dossier {

/// A paragraph, or part of a long one, of a text.
struct TextSpan {
    std::size_t begin = 0;      ///< Byte offset of its first character.
    std::size_t end = 0;        ///< Byte offset just past its last non-space character.
    std::size_t paragraph = 0;  ///< 1-based number of the paragraph it belongs to.
};

/// A paragraph longer than this many bytes is cut into parts.
inline constexpr std::size_t kLongParagraph = 1200;

/// The spans of text in order. Paragraphs are separated by lines holding
/// only white space; a paragraph longer than kLongParagraph is cut at a
/// sentence end (else a space, else hard, on a character boundary) into
/// parts of 600 to 1,200 bytes that keep its number. Text read from a span's
/// begin yields the same following spans (numbered from 1), so a text may
/// be cut at any span's begin. Never throws but std::bad_alloc.
std::vector<TextSpan> split_spans(std::string_view text);

}  // namespace dossier
