#pragma once
// Progress of a long run on a terminal: areas done, rate and time left, on
// stderr, redrawn in place a few times a second. Its own small component so
// the Monte Carlo driver only counts and never prints; shown only when stderr
// is a terminal and --quiet is not given, so batch logs stay clean.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

namespace prevalence::cli {

/// "  1,234 of 33,755 areas  3,456 areas/s  0:09 left" (no rate or time left
/// before anything is done).
std::string progress_line(std::size_t done, std::size_t total, double seconds);

class ProgressDisplay {
 public:
  /// Starts drawing `counter` (areas done, of `total`) to `out` when
  /// `enabled`; otherwise does nothing at all.
  ProgressDisplay(std::FILE* out, bool enabled, std::size_t total, const std::atomic<std::size_t>& counter);
  /// Stops drawing and clears the line.
  ~ProgressDisplay();

  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

 private:
  void draw_until_stopped();

  std::FILE* out_;
  std::size_t total_;
  const std::atomic<std::size_t>& counter_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace prevalence::cli
