#pragma once
// The time limit of a search (Searcher::set_time_limit): when the running
// call must end, and the checks that enforce it.

#include <chrono>
#include <optional>

#include <xapian.h>

namespace dossier {

/// When a search must end, with the limit it came from (for the message);
/// no deadline when the limit is 0.
class Deadline {
  public:
    /// No limit.
    Deadline() = default;
    /// Ends `seconds` from now; 0 for no limit.
    explicit Deadline(double seconds);

    /// Lets enquire's matcher stop counting matches once the deadline has
    /// passed (Xapian's time limit); nothing without a deadline.
    void limit(Xapian::Enquire& enquire) const;

    /// Throws dossier::TimeLimitError once the deadline has passed.
    void check() const;

  private:
    double seconds_ = 0;
    std::optional<std::chrono::steady_clock::time_point> end_;
};

}  // namespace dossier
