// default_db_path() lives apart from the indexer so that a program which
// only searches does not link the indexer and, through it, the extractors
// and their libraries (poppler for PDF).
#include <cstdlib>
#include <string>

#include "dossier/indexer.h"

namespace dossier {

std::string default_db_path() {
    const char* env = std::getenv("DOSSIER_DB");
    if (env && *env) return env;
    return "dossier.db";
}

}  // namespace dossier
