#pragma once
// Language detection: from the document's metadata when it names one, else
// from its text (script, then libexttextcat's n-gram fingerprints).

#include <string>
#include <string_view>

#include "dossier/document.h"

namespace dossier {

/// The language of text as an ISO 639-1 code of known_languages(), or ""
/// when unsure: a text of fewer than 150 letters (about 30 words), one
/// whose best guess is not clearly ahead of English or of the second best,
/// or when the fingerprints cannot be read. Chinese, Japanese and Korean
/// are told by their scripts (Han, kana, Hangul); the other languages by
/// comparing the text's character n-grams with libexttextcat's fingerprints
/// of English, French, German, Spanish, Russian, Italian, Portuguese and
/// Dutch, unless its English function words ("the", "of", ...) are at
/// least twice as many as those of each of the others: then it is English.
/// Reads the first 16 KiB of text. Never throws.
std::string detect_language(std::string_view text);

/// Sets doc.meta.language and language_source: the language its metadata
/// names, when known ("metadata"); else the detected one ("text"); else
/// English ("default"). Never throws.
void detect_document_language(Document& doc);

}  // namespace dossier
