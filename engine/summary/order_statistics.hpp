#pragma once
// Exact order statistics by bucket selection: the Monte Carlo summaries need
// six of them (two per quantile, for interpolation) from every output of
// every area, and selecting them one by one with std::nth_element was most of
// the run's time. One pass counts the values into equal-width buckets between
// the minimum and the maximum, a second gathers the few buckets that hold the
// wanted ranks, and selection runs only inside those. The values returned are
// the same elements nth_element would return: exact, not approximate.

#include <cstddef>
#include <span>

namespace prevalence::engine {

/// Writes to out[i] the value of 0-based rank ranks[i] (ascending) in
/// `values`, whose smallest and largest elements are `min` and `max`.
/// Requires ranks.size() == out.size() and every rank < values.size(); values
/// finite. Uses per-thread scratch space, so it may run on many threads.
void order_statistics(std::span<const double> values, double min, double max,
                      std::span<const std::size_t> ranks, std::span<double> out);

}  // namespace prevalence::engine
