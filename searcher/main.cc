// dossier-search: parse flags, run the Searcher, hand the results to a
// printer, map to an exit status (0 hits, 1 none, 2 error).

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "dossier/error.h"
#include "dossier/printers.h"
#include "dossier/request.h"
#include "dossier/searcher.h"
#include "dossier/version.h"
#include "compare.h"
#include "db_check.h"
#include "options.h"

namespace {

bool use_colour(dossier::ColourMode mode) {
    if (mode == dossier::ColourMode::kAlways) return true;
    if (mode == dossier::ColourMode::kNever) return false;
    const char* no_colour = std::getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) && !(no_colour && *no_colour);
}

/// The stored document named by a path or a docid. Throws
/// dossier::NotFoundError when there is none.
dossier::Document fetch(dossier::Searcher& searcher, const std::string& what) {
    bool numeric = !what.empty() && std::all_of(what.begin(), what.end(), ::isdigit);
    // Docids are 32-bit: a longer number names no document.
    if (numeric && (what.size() > 10 || std::stoull(what) > 0xffffffffULL))
        throw dossier::NotFoundError("no document with docid " + what);
    return numeric ? searcher.get_document(static_cast<Xapian::docid>(std::stoull(what)))
                   : searcher.get_document_by_path(what);
}

/// --compare A B [QUERY].
int compare(dossier::Searcher& searcher, const dossier::SearchCommand& cmd, bool colour) {
    try {
        dossier::DocumentComparison comparison = dossier::compare_documents(
            fetch(searcher, cmd.compare[0]), fetch(searcher, cmd.compare[1]), cmd.request.query.text);
        if (cmd.json) {
            dossier::print_comparison_json(comparison, std::cout);
        } else {
            dossier::print_comparison_text(comparison, colour, std::cout);
        }
        return comparison.comparison.paragraphs.empty() ? 1 : 0;
    } catch (const dossier::NotFoundError& e) {
        std::cerr << "dossier-search: " << e.what() << "\n";
        return 1;
    }
}

int show(dossier::Searcher& searcher, const std::string& what, dossier::ResultPrinter& printer,
         bool explain_date = false) {
    if (what.empty()) throw dossier::Error("--show needs a path or a docid");
    try {
        dossier::Document doc = fetch(searcher, what);
        if (explain_date) {
            printer.print_date_explanation(doc, std::cout);
        } else {
            printer.print_document(doc, std::cout);
        }
        return 0;
    } catch (const dossier::NotFoundError& e) {
        std::cerr << "dossier-search: " << e.what() << "\n";
        return 1;
    }
}

/// Answers one batch line on out (one JSON line, flushed). Errors of the
/// request become an error object: the batch goes on.
void answer(dossier::Searcher& searcher, const std::string& line, std::uint64_t line_no,
            const dossier::BatchRequest& defaults, dossier::JsonPrinter& printer) {
    try {
        dossier::BatchRequest request = defaults;
        if (!line.empty() && line.front() == '{') {
            request = dossier::parse_search_request(line, defaults);
        } else {
            request.search.query.text = line;
        }
        if (request.count) request.search.paging.limit = 0;
        // Each answer sees the latest committed revision (Searcher reopens).
        dossier::SearchResults results = searcher.search(request.search);
        if (request.count) {
            printer.print_count(results, std::cout);
        } else {
            printer.print_results(results, std::cout);
        }
    } catch (const dossier::Error& e) {
        std::cout << dossier::batch_error_line(e.what(), line, line_no) << "\n";
    } catch (const Xapian::Error& e) {
        std::cout << dossier::batch_error_line("search failed: " + e.get_msg(), line, line_no) << "\n";
    }
    std::cout.flush();
}

/// --batch: one answer per line of stdin, the database kept open.
int run_batch(dossier::Searcher& searcher, const dossier::SearchCommand& cmd) {
    dossier::BatchRequest defaults;
    defaults.search = cmd.request;
    defaults.count = cmd.count;
    dossier::JsonPrinter printer;
    std::string line;
    std::uint64_t line_no = 0;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        answer(searcher, line, ++line_no, defaults, printer);
    }
    // Through stdio (synced), a read error shows in ferror() rather than bad().
    if (std::cin.bad() || std::ferror(stdin)) {
        std::cerr << "dossier-search: error: cannot read standard input\n";
        return 2;
    }
    return 0;
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
            std::cout << "dossier-search " << dossier::version() << "\n";
            return 0;
        }
        std::unique_ptr<dossier::ResultPrinter> printer;
        if (cmd.json) {
            printer = std::make_unique<dossier::JsonPrinter>();
        } else {
            printer = std::make_unique<dossier::TextPrinter>(use_colour(cmd.colour));
        }
        for (const auto& path : cmd.db_paths) dossier::check_database_readable(path);
        dossier::Searcher searcher(cmd.db_paths);
        if (!cmd.show.empty()) return show(searcher, cmd.show, *printer);
        if (!cmd.compare.empty()) return compare(searcher, cmd, use_colour(cmd.colour));
        if (!cmd.explain_date.empty()) return show(searcher, cmd.explain_date, *printer, true);
        if (cmd.batch) return run_batch(searcher, cmd);
        if (cmd.count) cmd.request.paging.limit = 0;
        dossier::SearchResults results = searcher.search(cmd.request);
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
