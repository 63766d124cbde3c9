#pragma once
// The facets a search may count, with the value slot each one reads.

#include <string>

#include <xapian.h>

#include "dossier/searcher.h"

namespace dossier {

/// The value slot facet reads. Never throws.
Xapian::valueno facet_slot(Facet facet);

/// "year, type, source, tag, country or lang": the facet names for an error message.
std::string facet_list();

}  // namespace dossier
