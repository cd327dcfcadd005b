#include "engine/summary/summary.hpp"

#include "engine/summary/order_statistics.hpp"
#include "engine/summary/quantile_ranks.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace prevalence::summary {
namespace {

// GCC's and Clang's portable vector of two doubles (SSE2 on x86-64).
using v2df = double __attribute__((vector_size(16)));

// Counts spanning more values than this go through bucket selection instead:
// a count of each value would no longer fit in cache, nor be cheaper.
constexpr std::int64_t kMaxCountedRange = 1 << 16;

}  // namespace

double quantile_in_place(std::span<double> values, double q) {
  const double position = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const double weight = position - static_cast<double>(below);
  std::nth_element(values.begin(), values.begin() + below, values.end());
  const double low = values[below];
  if (weight == 0.0 || below + 1 == values.size()) return low;
  // After nth_element everything right of `below` is >= it, so the next
  // order statistic is the minimum of that part.
  const double high = *std::min_element(values.begin() + below + 1, values.end());
  return low + weight * (high - low);
}

Summary summarise(std::span<const double> draws, double interval) {
  return summarise(draws, std::span<const double>(&interval, 1), {});
}

Summary summarise(std::span<const double> draws, std::span<const double> intervals, std::span<double> extra_bounds) {
  Summary s;
  const std::size_t count = draws.size();
  const double n = static_cast<double>(count);
  // Sums in two-double vectors (GCC's and Clang's vector extensions) and
  // two of them, combined in a fixed order: the additions no longer wait on
  // each other, the loop runs on SSE2, and the result depends on the draws
  // alone.
  v2df sum[2] = {}, low[2], high[2];
  low[0] = low[1] = high[0] = high[1] = v2df{draws[0], draws[0]};
  const std::size_t whole = count - count % 4;
  const double* x = draws.data();
  for (std::size_t i = 0; i < whole; i += 4)
    for (std::size_t l = 0; l < 2; ++l) {
      v2df v;
      std::memcpy(&v, x + i + 2 * l, sizeof v);
      sum[l] += v;
      low[l] = v < low[l] ? v : low[l];
      high[l] = v > high[l] ? v : high[l];
    }
  double total = (sum[0][0] + sum[1][0]) + (sum[0][1] + sum[1][1]);
  double min = std::min({low[0][0], low[0][1], low[1][0], low[1][1]});
  double max = std::max({high[0][0], high[0][1], high[1][0], high[1][1]});
  for (std::size_t i = whole; i < count; ++i) {
    total += x[i];
    min = std::min(min, x[i]);
    max = std::max(max, x[i]);
  }
  s.mean = total / n;
  // Squared deviations from the mean in a second pass, less the square of
  // their sum over n (the corrected two-pass algorithm, Chan, Golub and
  // LeVeque 1983): a variance that stays accurate when the mean is large
  // relative to the spread, even when the mean itself is inexact.
  const v2df mean = {s.mean, s.mean};
  v2df squares[2] = {}, deviations[2] = {};
  for (std::size_t i = 0; i < whole; i += 4)
    for (std::size_t l = 0; l < 2; ++l) {
      v2df v;
      std::memcpy(&v, x + i + 2 * l, sizeof v);
      deviations[l] += v - mean;
      squares[l] += (v - mean) * (v - mean);
    }
  double total_squares = (squares[0][0] + squares[1][0]) + (squares[0][1] + squares[1][1]);
  double total_deviations = (deviations[0][0] + deviations[1][0]) + (deviations[0][1] + deviations[1][1]);
  for (std::size_t i = whole; i < count; ++i) {
    total_deviations += x[i] - s.mean;
    total_squares += (x[i] - s.mean) * (x[i] - s.mean);
  }
  const double spread = std::max(0.0, total_squares - total_deviations * total_deviations / n);
  s.mcse = count > 1 ? std::sqrt(spread / (n - 1.0) / n) : 0.0;

  const QuantileRanks quantiles(count, intervals);
  double order[4 * QuantileRanks::kMaxQuantiles];
  order_statistics(draws, min, max, quantiles.rank_list(), {order, quantiles.rank_list().size()});
  quantiles.interpolate(order, s, extra_bounds);
  return s;
}

namespace detail {

Summary finish_bounded(std::span<const double> draws, double shift, double deviations, double squares,
                       BucketSelection& selection, std::span<const double> intervals, std::span<double> extra_bounds) {
  Summary s;
  const std::size_t count = draws.size();
  const double n = static_cast<double>(count);
  s.mean = shift + deviations / n;
  const double spread = std::max(0.0, squares - deviations * deviations / n);
  s.mcse = count > 1 ? std::sqrt(spread / (n - 1.0) / n) : 0.0;
  const QuantileRanks quantiles(count, intervals);
  double order[4 * QuantileRanks::kMaxQuantiles];
  selection.select(draws, quantiles.rank_list(), {order, quantiles.rank_list().size()});
  quantiles.interpolate(order, s, extra_bounds);
  return s;
}

}  // namespace detail

Summary summarise_counts(std::span<const std::int64_t> draws, double interval) {
  return summarise_counts(draws, std::span<const double>(&interval, 1), {});
}

Summary summarise_counts(std::span<const std::int64_t> draws, std::span<const double> intervals,
                         std::span<double> extra_bounds) {
  std::int64_t min = draws[0], max = draws[0];
  for (std::int64_t x : draws) {
    min = std::min(min, x);
    max = std::max(max, x);
  }
  // The range as unsigned: max - min may exceed the largest signed value.
  if (static_cast<std::uint64_t>(max) - static_cast<std::uint64_t>(min) >= static_cast<std::uint64_t>(kMaxCountedRange)) {
    thread_local std::vector<double> values;
    values.assign(draws.begin(), draws.end());
    return summarise(values, intervals, extra_bounds);
  }

  // How many draws took each value from min to max.
  thread_local std::vector<std::size_t> tally;
  tally.assign(static_cast<std::size_t>(max - min) + 1, 0);
  for (std::int64_t x : draws) ++tally[static_cast<std::size_t>(x - min)];

  Summary s;
  const std::size_t count = draws.size();
  const double n = static_cast<double>(count);
  // The sum of offsets from min is exact in 64 bits (count x range < 2^63),
  // and so is the mean up to one rounding.
  std::int64_t offset_sum = 0;
  for (std::size_t v = 0; v < tally.size(); ++v) offset_sum += static_cast<std::int64_t>(v * tally[v]);
  const double offset_mean = static_cast<double>(offset_sum) / n;
  s.mean = static_cast<double>(min) + offset_mean;
  double squares = 0.0;
  for (std::size_t v = 0; v < tally.size(); ++v) {
    const double deviation = static_cast<double>(v) - offset_mean;
    squares += static_cast<double>(tally[v]) * deviation * deviation;
  }
  s.mcse = count > 1 ? std::sqrt(squares / (n - 1.0) / n) : 0.0;

  // The value at rank r is the first whose running count passes r: one walk
  // finds them all, taken in ascending order of rank (with very few draws
  // the pairs overlap: 0, 1, 0, 1, ...).
  const QuantileRanks quantiles(count, intervals);
  const std::size_t n_ranks = quantiles.rank_list().size();
  std::size_t by_rank[4 * QuantileRanks::kMaxQuantiles];
  for (std::size_t i = 0; i < n_ranks; ++i) by_rank[i] = i;
  std::sort(by_rank, by_rank + n_ranks,
            [&](std::size_t a, std::size_t b) { return quantiles.ranks[a] < quantiles.ranks[b]; });
  double order[4 * QuantileRanks::kMaxQuantiles];
  std::size_t v = 0, below_v = 0;  // draws with values under min + v
  for (std::size_t k = 0; k < n_ranks; ++k) {
    const std::size_t i = by_rank[k];
    while (below_v + tally[v] <= quantiles.ranks[i]) below_v += tally[v++];
    order[i] = static_cast<double>(min + static_cast<std::int64_t>(v));
  }
  quantiles.interpolate(order, s, extra_bounds);
  return s;
}

}  // namespace prevalence::summary
