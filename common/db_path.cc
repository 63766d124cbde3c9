#include "dossier/db_path.h"

#include <cstdlib>

namespace dossier {

std::string default_db_path() {
    const char* env = std::getenv("DOSSIER_DB");
    if (env && *env) return env;
    return "dossier.db";
}

}  // namespace dossier
