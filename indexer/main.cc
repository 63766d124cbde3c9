// dossier-index: parse flags, run the Indexer, print the summary, map to an
// exit status (0 all indexed, 1 some files failed, 2 fatal error).

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

#include <xapian.h>

#include "dossier/error.h"
#include "dossier/indexer.h"
#include "dossier/report.h"
#include "options.h"

namespace {

/// Set by SIGINT/SIGTERM: the indexer stops after the current file and
/// commits what it has. Lock-free, so a signal handler may store into it.
std::atomic<bool> g_cancel{false};
volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_signal(int sig) {
    g_signal = sig;
    g_cancel.store(true);
}

/// Catches the first SIGINT and SIGTERM; a second one kills as usual.
void install_signal_handlers() {
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND | SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

/// A path as shown in a one-line message: control characters escaped, so
/// that a file name holding a newline still makes one line.
std::string printable(const std::string& path) {
    std::string out;
    for (unsigned char c : path) {
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7F) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02X", c);
            out += hex;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

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
        std::fprintf(stderr, "dossier-index: %s: %s\n", printable(f.path).c_str(),
                     printable(f.reason).c_str());
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
        install_signal_handlers();
        cmd.indexer.cancel = &g_cancel;
        dossier::IndexReport report =
            cmd.stdin_jsonl ? dossier::index_json_lines(std::cin, cmd.indexer, &observer)
                            : dossier::Indexer(cmd.indexer).run(cmd.roots, &observer);
        if (cmd.json) {
            dossier::JsonReportPrinter().print_report(report, std::cout);
        } else {
            dossier::TextReportPrinter().print_report(report, std::cout);
        }
        if (g_signal != 0) {
            std::cerr << "dossier-index: interrupted: committed "
                      << report.added + report.updated << " documents ("
                      << report.documents << " in the database)\n";
            return 128 + g_signal;
        }
        return report.failed ? 1 : 0;
    } catch (const std::exception& e) {
        std::cerr << "dossier-index: error: " << e.what() << "\n";
        return 2;
    } catch (const Xapian::Error& e) {
        // The library wraps Xapian's errors; this is the last line of
        // defence so that none ends the process with an abort.
        std::cerr << "dossier-index: error: " << e.get_description() << "\n";
        return 2;
    }
}
