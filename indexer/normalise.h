#pragma once
// The one normalisation every document goes through before it is indexed,
// whether it comes from a file, a JSON line or a program (IndexWriter::add).

#include "dossier/document.h"

namespace dossier {

/// Makes metadata values safe and uniform: invalid UTF-8 repaired, each
/// value on one line, the type folded (normalise_type()), empty list items
/// dropped. Never throws.
void tidy_metadata(Metadata& meta);

/// Normalises a document built in memory exactly as the extractors and the
/// JSON-lines reader normalise theirs: the key and text repaired and
/// cleaned (clean_text()), the metadata tidied (tidy_metadata()), the
/// sources of given values recorded as "metadata", a missing title taken
/// from the first line, then, when detect is true, what the metadata leaves
/// out detected from the text (detect_metadata()), and last the countries
/// and entities resolved with the gazetteer (resolve_entities(); entities
/// given in meta.entities are kept). Normalising twice gives the same
/// document. Throws dossier::Error when the key is empty or blank.
void normalise_document(Document& doc, bool detect);

}  // namespace dossier
