#include "dossier/version.h"

namespace dossier {

const char* version() { return DOSSIER_VERSION_STRING; }

}  // namespace dossier
