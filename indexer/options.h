#pragma once
// Command-line options of dossier-index.

#include <string>
#include <vector>

#include "dossier/indexer.h"

namespace dossier {

/// What the command line asked for.
struct IndexCommand {
    IndexerOptions indexer;          ///< Passed to Indexer.
    std::vector<std::string> roots;  ///< Files and folders to index.
    bool json = false;               ///< Print the summary as JSON.
    /// Print progress lines on a stderr that is not a terminal too.
    bool progress = false;
    double progress_interval = 5;    ///< Seconds between two such lines.
    bool stdin_jsonl = false;        ///< Index JSON-lines documents read from stdin.
    bool help = false;               ///< --help was given: usage is in help_text.
    bool version = false;            ///< --version was given.
    std::string help_text;           ///< Usage text, with --help only.
};

/// Parses argv. Throws dossier::Error with a one-line message on bad options.
IndexCommand parse_index_command(int argc, char** argv);

}  // namespace dossier
