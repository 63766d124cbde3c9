#pragma once
// Command-line options of dossier-search.

#include <string>
#include <vector>

#include "dossier/searcher.h"

namespace dossier {

/// When to colour the output.
enum class ColourMode { kAuto, kAlways, kNever };

/// What the command line asked for.
struct SearchCommand {
    SearchRequest request;              ///< The search to run.
    std::vector<std::string> db_paths;  ///< Databases searched as one.
    std::string show;                   ///< --show PATH|DOCID, or "".
    std::string explain_date;           ///< --explain-date PATH|DOCID, or "".
    /// --compare A B: the two documents (PATH or DOCID), or empty.
    std::vector<std::string> compare;
    bool count = false;                 ///< Print the number of matches only.
    bool batch = false;                 ///< Answer one query per stdin line (JSON lines).
    bool json = false;                  ///< JSON output.
    ColourMode colour = ColourMode::kAuto;  ///< --color.
    bool help = false;                  ///< --help given: usage is in help_text.
    bool version = false;               ///< --version given.
    std::string help_text;              ///< Usage text, with --help only.
};

/// Parses argv. Throws dossier::Error with a one-line message on bad options.
SearchCommand parse_search_command(int argc, char** argv);

}  // namespace dossier
