#include "engine/cli/progress_display.hpp"

#include "engine/text/number_format.hpp"

#include <fmt/format.h>

#include <cmath>

namespace prevalence::cli {

std::string progress_line(std::size_t done, std::size_t total, double seconds) {
  std::string line = fmt::format("  {} of {} areas", text::format_count(static_cast<double>(done)),
                                 text::format_count(static_cast<double>(total)));
  if (done == 0 || seconds <= 0.0) return line;
  const double rate = static_cast<double>(done) / seconds;
  const auto left = static_cast<long long>(std::ceil(static_cast<double>(total - done) / rate));
  return line + fmt::format("  {} areas/s  {}:{:02} left", text::format_count(rate), left / 60, left % 60);
}

ProgressDisplay::ProgressDisplay(std::FILE* out, bool enabled, std::size_t total,
                                 const std::atomic<std::size_t>& counter)
    : out_(out), total_(total), counter_(counter), start_(std::chrono::steady_clock::now()) {
  if (enabled) thread_ = std::thread([this] { draw_until_stopped(); });
}

ProgressDisplay::~ProgressDisplay() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
  std::fputs("\r\033[K", out_);  // clear the line: the table follows on stdout
  std::fflush(out_);
}

void ProgressDisplay::draw_until_stopped() {
  std::unique_lock lock(mutex_);
  // Five redraws a second: smooth enough to read, cheap enough to ignore.
  while (!wake_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stop_; })) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const std::string line = progress_line(counter_.load(std::memory_order_relaxed), total_, seconds);
    std::fprintf(out_, "\r\033[K%s", line.c_str());
    std::fflush(out_);
  }
}

}  // namespace prevalence::cli
