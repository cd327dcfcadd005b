#pragma once
// Stopping a run part way, when asked from outside (the command line turns
// SIGINT, SIGTERM and SIGHUP into a request): the Monte Carlo looks at the
// request before each block of draws and each area, and stops by throwing
// Cancelled, so everything it holds is released on the way out.

#include <atomic>
#include <exception>

namespace prevalence::montecarlo {

/// Thrown by run_monte_carlo when a stop was requested.
struct Cancelled : std::exception {
  const char* what() const noexcept override { return "the run was stopped before it finished"; }
};

/// Throws Cancelled when `stop` (if given) is set.
inline void stop_if_requested(const std::atomic<bool>* stop) {
  if (stop && stop->load(std::memory_order_relaxed)) throw Cancelled();
}

}  // namespace prevalence::montecarlo
