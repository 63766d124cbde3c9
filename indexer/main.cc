// dossier-index: parse flags, run the Indexer, print the summary, map to an
// exit status (0 all indexed, 1 some files failed, 2 fatal error).

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>

#include <xapian.h>

#include "dossier/error.h"
#include "dossier/indexer.h"
#include "dossier/report.h"
#include "dossier/version.h"
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

/// "42 s", "7 min", "2 h 05 min": a duration rounded as a person reads it.
std::string duration_text(double seconds) {
    char text[32];
    if (seconds < 90) {
        std::snprintf(text, sizeof text, "%.0f s", seconds);
    } else if (seconds < 5400) {
        std::snprintf(text, sizeof text, "%.0f min", seconds / 60);
    } else {
        long minutes = static_cast<long>(seconds / 60 + 0.5);
        std::snprintf(text, sizeof text, "%ld h %02ld min", minutes / 60, minutes % 60);
    }
    return text;
}

/// How progress is shown on stderr.
enum class ProgressStyle {
    kNone,   ///< Not at all (stderr is a file or a pipe, and no --progress).
    kLive,   ///< One line rewritten in place (stderr is a terminal).
    kPlain,  ///< A line now and then, for logs (--progress on a file or pipe).
};

/// Reports failures as they happen, and progress as the style says.
class TerminalObserver : public dossier::IndexObserver {
  public:
    TerminalObserver(ProgressStyle style, double interval) : style_(style), interval_(interval) {}

    void on_progress(const dossier::IndexProgress& p) override {
        if (style_ == ProgressStyle::kNone) return;
        if (!started_) {
            // Files found unchanged are done before the first report: the
            // rate counts the files this run reads.
            started_ = true;
            first_done_ = p.done;
            first_seconds_ = p.seconds;
        }
        std::string line = std::to_string(p.done) + "/" + std::to_string(p.total) + " files";
        if (p.ocr_pages > 0) line += ", ocr " + std::to_string(p.ocr_pages) + " pages";
        const double elapsed = p.seconds - first_seconds_;
        if (elapsed >= 0.5 && p.done > first_done_) {
            const double rate = (p.done - first_done_) / elapsed;
            char figures[64];
            std::snprintf(figures, sizeof figures, ", %.0f files/s", rate);
            line += figures;
            if (p.done < p.total) line += ", " + duration_text((p.total - p.done) / rate) + " left";
        }
        if (style_ == ProgressStyle::kLive) {
            std::fprintf(stderr, "\r\x1b[K%s", line.c_str());
            std::fflush(stderr);
            shown_ = true;
            return;
        }
        // The summary says what the last line would.
        if (p.done >= p.total && p.total > 0) return;
        if (printed_ && p.seconds - last_printed_ < interval_) return;
        printed_ = true;
        last_printed_ = p.seconds;
        std::fprintf(stderr, "dossier-index: progress: %s\n", line.c_str());
        std::fflush(stderr);
    }

    void on_failure(const dossier::IndexFailure& f) override {
        clear();
        std::fprintf(stderr, "dossier-index: %s: %s\n", printable(f.path).c_str(),
                     printable(f.reason).c_str());
    }

    /// Erases the live progress line, so that the summary takes its place.
    void clear() {
        if (!shown_) return;
        std::fputs("\r\x1b[K", stderr);
        std::fflush(stderr);
        shown_ = false;
    }

  private:
    ProgressStyle style_;
    double interval_;
    bool shown_ = false;    // a live line is on the screen
    bool started_ = false;  // the first report came
    bool printed_ = false;  // a plain line was printed
    std::uint64_t first_done_ = 0;
    double first_seconds_ = 0, last_printed_ = 0;
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
            std::cout << "dossier-index " << dossier::version() << "\n";
            return 0;
        }
        const ProgressStyle style = isatty(STDERR_FILENO) ? ProgressStyle::kLive
                                    : cmd.progress         ? ProgressStyle::kPlain
                                                           : ProgressStyle::kNone;
        TerminalObserver observer(style, cmd.progress_interval);
        install_signal_handlers();
        cmd.indexer.cancel = &g_cancel;
        dossier::IndexReport report =
            cmd.stdin_jsonl ? dossier::index_json_lines(std::cin, cmd.indexer, &observer)
                            : dossier::Indexer(cmd.indexer).run(cmd.roots, &observer);
        observer.clear();
        for (const auto& f : report.ocr_failures)
            std::cerr << "dossier-index: " << printable(f.file) << ": page " << f.page
                      << ": not read by OCR: " << printable(f.reason) << "\n";
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
        // A progress line may stand unfinished on a terminal: the error
        // takes its place rather than following it.
        if (isatty(STDERR_FILENO)) std::cerr << "\r\x1b[K";
        std::cerr << "dossier-index: error: " << e.what() << "\n";
        return 2;
    } catch (const Xapian::Error& e) {
        // The library wraps Xapian's errors; this is the last line of
        // defence so that none ends the process with an abort.
        std::cerr << "dossier-index: error: " << e.get_description() << "\n";
        return 2;
    }
}
