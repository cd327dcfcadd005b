#pragma once
// A minimal work-sharing loop: workers take the next index from an atomic
// counter. Which worker runs which index varies from run to run, so bodies
// must write only to slots owned by their index: that is what keeps results
// identical whatever the thread count.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace prevalence::montecarlo {

/// Threads to use by default: every core the machine reports.
inline unsigned default_thread_count() noexcept {
  return std::max(1u, std::thread::hardware_concurrency());
}

/// Calls body(index, worker) for every index in [0, count), on up to `threads`
/// threads; `worker` in [0, threads) lets a body use per-worker scratch space.
/// The first exception thrown by a body stops the loop and is rethrown.
template <typename Body>
void parallel_for(std::size_t count, unsigned threads, Body&& body) {
  threads = static_cast<unsigned>(std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(count, 1)));
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first_error;
  std::mutex error_mutex;

  auto work = [&](unsigned worker) {
    try {
      for (std::size_t i; !failed.load(std::memory_order_relaxed) && (i = next.fetch_add(1)) < count;)
        body(i, worker);
    } catch (...) {
      std::lock_guard lock(error_mutex);
      if (!first_error) first_error = std::current_exception();
      failed = true;
    }
  };

  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned w = 1; w < threads; ++w) pool.emplace_back(work, w);
  work(0);
  for (auto& t : pool) t.join();
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace prevalence::montecarlo
