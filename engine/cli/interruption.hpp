#pragma once
// SIGINT, SIGTERM and SIGHUP stop a run cleanly: the first asks it to stop
// (the Monte Carlo at its next block or area, a verb before it commits its
// files), every file it was writing is removed, earlier results stay as they
// were, and the process exits 128 + the signal's number. A second signal ends
// the process at once.

#include <atomic>
#include <stdexcept>

namespace prevalence::cli {

/// Thrown where a requested stop is honoured.
class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal);
  int signal() const noexcept { return signal_; }

 private:
  int signal_;
};

/// Catches the three signals for as long as it lives (one at a time: main's).
class Interruption {
 public:
  Interruption();
  ~Interruption();
  Interruption(const Interruption&) = delete;
  Interruption& operator=(const Interruption&) = delete;

  /// Set by the first signal: what the Monte Carlo looks at.
  static const std::atomic<bool>& requested() noexcept;
  /// The signal that asked to stop, 0 if none.
  static int signal() noexcept;
  /// @throw Interrupted when a stop was requested
  static void check();
};

}  // namespace prevalence::cli
