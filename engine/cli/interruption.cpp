#include "engine/cli/interruption.hpp"

#include <fmt/format.h>

#include <csignal>
#include <cstring>

namespace prevalence::cli {
namespace {

// Lock-free atomics are safe to set from a signal handler.
std::atomic<bool> g_requested{false};
std::atomic<int> g_signal{0};
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void on_signal(int signal) {
  g_signal.store(signal, std::memory_order_relaxed);
  g_requested.store(true, std::memory_order_relaxed);
}

const char* signal_name(int signal) {
  switch (signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    default: return "a signal";
  }
}

}  // namespace

Interrupted::Interrupted(int signal)
    : std::runtime_error(fmt::format("stopped by {}: no results were written, and any earlier results are as they "
                                     "were",
                                     signal_name(signal))),
      signal_(signal) {}

Interruption::Interruption() {
  static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free);
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  // After the first, the default action again: a second signal ends the
  // process at once.
  action.sa_flags = SA_RESETHAND;
  for (int signal : kSignals) sigaction(signal, &action, nullptr);
}

Interruption::~Interruption() {
  for (int signal : kSignals) std::signal(signal, SIG_DFL);
}

const std::atomic<bool>& Interruption::requested() noexcept { return g_requested; }

int Interruption::signal() noexcept { return g_signal.load(std::memory_order_relaxed); }

void Interruption::check() {
  if (g_requested.load(std::memory_order_relaxed)) throw Interrupted(signal());
}

}  // namespace prevalence::cli
