#pragma once
// dossier-serve's command line.

#include <string>

#include "server.h"

namespace dossier {

/// What dossier-serve's command line asks for.
struct ServeCommand {
    ServeOptions options;   ///< Databases, address and limits.
    bool help = false;      ///< --help: print help_text and exit.
    bool version = false;   ///< --version.
    std::string help_text;  ///< Usage text, when help.
};

/// Parses argv. Throws dossier::Error with a one-line message on a bad
/// option or a --listen that is not ADDR:PORT.
ServeCommand parse_serve_command(int argc, char** argv);

/// Splits "ADDR:PORT" ("[::1]:8080" for IPv6) into options' host and port.
/// Throws dossier::Error naming the value when it is malformed.
void parse_listen(const std::string& value, ServeOptions& options);

}  // namespace dossier
