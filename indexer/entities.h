#pragma once
// Internal to libdossier: the countries and entities of a document, from
// its metadata and the gazetteer's detection in its text.

#include "dossier/document.h"

namespace dossier {

/// Resolves the countries and entities of a document with the built-in
/// gazetteer: metadata countries become display names where known (others
/// stay as written) and set countries_source "metadata"; when metadata gives
/// no country, the countries mentioned in the text (and title) are used with
/// countries_source "text". meta.entities receives the ids of every entity
/// given or mentioned (metadata countries, a source that is an entity such
/// as "NATO", then mentions in title and text), in order of first
/// appearance. Never throws.
void resolve_entities(Document& doc);

}  // namespace dossier
