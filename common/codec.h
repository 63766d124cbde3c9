#pragma once
// Internal to libdossier: the document codec, the layout of a document's
// stored data (docs/index-format.md). The index writer encodes, the searcher
// decodes; both go through this file only.

#include <string>

#include "dossier/document.h"

namespace dossier {

/// The unique-id term of a document key (kPrefixId + key, or + a hash when
/// the key is too long for a term).
std::string id_term(const std::string& key);

/// Serialises a document's metadata and compressed text into the document
/// data blob (format described in docs/index-format.md).
std::string encode_document_data(const Document& doc);

/// Inverse of encode_document_data(). with_text=false skips inflating the
/// text. Throws dossier::Error on a corrupt blob.
Document decode_document_data(const std::string& data, bool with_text = true);

}  // namespace dossier
