#include "paragraphs.h"

#include <cctype>

namespace dossier {

namespace {

constexpr std::size_t kPartTarget = 600;

/// Cuts a long paragraph at sentence ends into parts of about kPartTarget.
void cut_long(std::string_view text, TextSpan span, std::vector<TextSpan>& out) {
    std::size_t start = span.begin;
    while (span.end - start > kLongParagraph) {
        std::size_t cut = std::string_view::npos;
        for (std::size_t i = start + kPartTarget; i + 1 < span.end && i < start + kLongParagraph; ++i) {
            if ((text[i] == '.' || text[i] == '?' || text[i] == '!') &&
                std::isspace(static_cast<unsigned char>(text[i + 1]))) {
                cut = i + 1;
                break;
            }
        }
        if (cut == std::string_view::npos) {
            // No sentence end: cut at a space, or hard at the limit.
            cut = text.find(' ', start + kPartTarget);
            if (cut == std::string_view::npos || cut >= span.end) cut = start + kLongParagraph;
            while (cut < span.end && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) ++cut;
        }
        out.push_back({start, cut, span.paragraph});
        start = cut;
        while (start < span.end && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
    }
    if (start < span.end) out.push_back({start, span.end, span.paragraph});
}

}  // namespace

std::vector<TextSpan> split_spans(std::string_view text) {
    std::vector<TextSpan> out;
    std::size_t paragraph = 0, pos = 0;
    while (pos < text.size()) {
        while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
        if (pos >= text.size()) break;
        // A paragraph ends at a line holding only white space.
        std::size_t end = pos;
        while (end < text.size()) {
            std::size_t nl = text.find('\n', end);
            if (nl == std::string_view::npos) {
                end = text.size();
                break;
            }
            std::size_t next = nl + 1;
            while (next < text.size() && (text[next] == ' ' || text[next] == '\t' || text[next] == '\r')) ++next;
            if (next >= text.size() || text[next] == '\n') {
                end = nl;
                break;
            }
            end = next;
        }
        std::size_t trimmed = end;
        while (trimmed > pos && std::isspace(static_cast<unsigned char>(text[trimmed - 1]))) --trimmed;
        cut_long(text, {pos, trimmed, ++paragraph}, out);
        pos = end;
    }
    return out;
}


}  // namespace dossier
