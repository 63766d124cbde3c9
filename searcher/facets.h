#pragma once
// The facets a search may count, with the value slot each one reads.

#include <string>

#include <xapian.h>

namespace dossier {

/// The value slot of facet name (one of facet_names()). Throws
/// dossier::QueryError naming the facet when there is no such facet.
Xapian::valueno facet_slot(const std::string& name);

/// "year, type, source, tag, country or lang": the facet names for an error message.
std::string facet_list();

}  // namespace dossier
