// Time limits of searches (Searcher::set_time_limit).

#include "deadline.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "dossier/error.h"
#include "dossier/searcher.h"

namespace dossier {

namespace {

/// seconds as a short decimal ("10", "0.5", "1e-06").
std::string seconds_text(double seconds) {
    std::ostringstream out;
    out << seconds;
    return out.str();
}

}  // namespace

Deadline::Deadline(double seconds) : seconds_(seconds) {
    if (seconds > 0)
        end_ = std::chrono::steady_clock::now() +
               std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
}

void Deadline::limit(Xapian::Enquire& enquire) const {
    if (!end_) return;
    const std::chrono::duration<double> left = *end_ - std::chrono::steady_clock::now();
    // Xapian reads 0 as "no limit": a deadline already passed stops at once.
    enquire.set_time_limit(std::max(left.count(), 1e-9));
}

void Deadline::check() const {
    if (end_ && std::chrono::steady_clock::now() > *end_)
        throw TimeLimitError("the search took longer than its time limit of " + seconds_text(seconds_) +
                             " s: narrow the query (more words, a phrase, a type or date filter)");
}

void Searcher::set_time_limit(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0)
        throw Error("bad time limit " + seconds_text(seconds) + ": expected 0 (none) or a positive number of seconds");
    time_limit_ = seconds;
}

}  // namespace dossier
