// dossier-index: parse flags, run the Indexer, print the summary, map to an
// exit status (0 all indexed, 1 some files failed, 2 fatal error).

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "dossier/dossier.h"
#include "options.h"

namespace {

/// Reports failures as they happen and, on a terminal, a progress line.
class TerminalObserver : public dossier::IndexObserver {
  public:
    explicit TerminalObserver(bool progress) : progress_(progress) {}

    void on_progress(const dossier::IndexProgress& p) override {
        if (!progress_) return;
        double rate = p.seconds > 0 ? p.done / p.seconds : 0;
        std::fprintf(stderr, "\r\x1b[K%llu/%llu files, %.0f files/s",
                     static_cast<unsigned long long>(p.done),
                     static_cast<unsigned long long>(p.total), rate);
        if (p.done == p.total) std::fputc('\n', stderr);
        std::fflush(stderr);
        shown_ = true;
    }

    void on_failure(const dossier::IndexFailure& f) override {
        if (shown_) std::fputs("\r\x1b[K", stderr);
        std::fprintf(stderr, "dossier-index: %s: %s\n", f.path.c_str(), f.reason.c_str());
    }

  private:
    bool progress_;
    bool shown_ = false;
};

}  // namespace

int main(int argc, char** argv) {
    try {
        dossier::IndexCommand cmd = dossier::parse_index_command(argc, argv);
        if (cmd.help) {
            std::cout << cmd.help_text;
            return 0;
        }
        if (cmd.version) {
            std::cout << "dossier-index " << DOSSIER_VERSION << "\n";
            return 0;
        }
        TerminalObserver observer(isatty(STDERR_FILENO));
        dossier::IndexReport report = dossier::Indexer(cmd.indexer).run(cmd.roots, &observer);
        if (cmd.json) {
            dossier::JsonPrinter().print_report(report, std::cout);
        } else {
            dossier::TextPrinter(false).print_report(report, std::cout);
        }
        return report.failed ? 1 : 0;
    } catch (const std::exception& e) {
        std::cerr << "dossier-index: error: " << e.what() << "\n";
        return 2;
    }
}
