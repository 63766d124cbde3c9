// dossier-search: parse flags, run the Searcher, hand the results to a
// printer, map to an exit status (0 hits, 1 none, 2 error).

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "dossier/dossier.h"
#include "options.h"

namespace {

bool use_colour(dossier::ColourMode mode) {
    if (mode == dossier::ColourMode::kAlways) return true;
    if (mode == dossier::ColourMode::kNever) return false;
    const char* no_colour = std::getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) && !(no_colour && *no_colour);
}

int show(dossier::Searcher& searcher, const std::string& what, dossier::ResultPrinter& printer) {
    bool numeric = !what.empty() && std::all_of(what.begin(), what.end(), ::isdigit);
    try {
        dossier::Document doc = numeric
            ? searcher.get_document(static_cast<Xapian::docid>(std::stoul(what)))
            : searcher.get_document_by_path(what);
        printer.print_document(doc, std::cout);
        return 0;
    } catch (const dossier::NotFoundError& e) {
        std::cerr << "dossier-search: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace

int main(int argc, char** argv) {
    try {
        dossier::SearchCommand cmd = dossier::parse_search_command(argc, argv);
        if (cmd.help) {
            std::cout << cmd.help_text;
            return 0;
        }
        if (cmd.version) {
            std::cout << "dossier-search " << DOSSIER_VERSION << "\n";
            return 0;
        }
        std::unique_ptr<dossier::ResultPrinter> printer;
        if (cmd.json) {
            printer = std::make_unique<dossier::JsonPrinter>();
        } else {
            printer = std::make_unique<dossier::TextPrinter>(use_colour(cmd.colour));
        }
        dossier::Searcher searcher(cmd.db_paths);
        if (!cmd.show.empty()) return show(searcher, cmd.show, *printer);
        if (cmd.count) cmd.request.limit = 0;
        dossier::SearchResults results;
        for (int attempt = 1;; ++attempt) {
            try {
                results = attempt == 1 ? searcher.search(cmd.request)
                                       : dossier::Searcher(cmd.db_paths).search(cmd.request);
                break;
            } catch (const Xapian::DatabaseModifiedError&) {
                // An indexer committed while the hits were read: read again
                // from the revision it made.
                if (attempt == 5) throw;
            }
        }
        if (cmd.count) {
            printer->print_count(results, std::cout);
        } else {
            printer->print_results(results, std::cout);
        }
        return results.total > 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "dossier-search: error: " << e.what() << "\n";
        return 2;
    } catch (const Xapian::Error& e) {
        std::cerr << "dossier-search: error: " << e.get_description() << "\n";
        return 2;
    }
}
