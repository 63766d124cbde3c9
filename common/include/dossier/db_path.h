#pragma once
/// @file db_path.h
/// Where the tools look for their database when no --db is given.

#include <string>

#include "dossier/export.h"

namespace dossier {

/// The default database path: $DOSSIER_DB when set and not empty, else
/// "dossier.db". Never throws.
DOSSIER_EXPORT std::string default_db_path();

}  // namespace dossier
