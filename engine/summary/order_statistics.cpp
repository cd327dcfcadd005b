#include "engine/summary/order_statistics.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace prevalence::engine {
namespace {

// About 16 values per bucket: the histogram stays in cache, and the buckets
// to search hold a few dozen values unless many draws tie (realised counts),
// when they hold the ties, which selection handles as well as any.
std::size_t bucket_count(std::size_t n) { return std::clamp<std::size_t>(n / 16, 1, 1 << 16); }

}  // namespace

void order_statistics(std::span<const double> values, double min, double max,
                      std::span<const std::size_t> ranks, std::span<double> out) {
  if (min == max) {
    std::fill(out.begin(), out.end(), min);
    return;
  }
  const std::size_t n_buckets = bucket_count(values.size());
  // (x - min) * scale is non-decreasing in x under IEEE rounding, so bucket
  // order agrees with value order; the clamp catches x == max.
  const double scale = static_cast<double>(n_buckets) / (max - min);
  auto bucket_of = [&](double x) {
    return std::min(n_buckets - 1, static_cast<std::size_t>((x - min) * scale));
  };

  thread_local std::vector<std::uint32_t> start;
  thread_local std::vector<std::uint32_t> fill;
  thread_local std::vector<double> gathered;
  start.assign(n_buckets + 1, 0);
  for (double x : values) ++start[bucket_of(x) + 1];
  for (std::size_t b = 0; b < n_buckets; ++b) start[b + 1] += start[b];

  // The buckets holding wanted ranks, each given a slice of `gathered`.
  std::vector<std::size_t> wanted;
  wanted.reserve(ranks.size());
  for (std::size_t rank : ranks)
    wanted.push_back(static_cast<std::size_t>(std::upper_bound(start.begin(), start.end(), rank) - start.begin()) - 1);
  std::vector<std::size_t> distinct(wanted);
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());

  fill.assign(n_buckets, UINT32_MAX);  // write position in `gathered`, for wanted buckets
  std::size_t total = 0;
  for (std::size_t b : distinct) {
    fill[b] = static_cast<std::uint32_t>(total);
    total += start[b + 1] - start[b];
  }
  gathered.resize(total);
  for (double x : values) {
    const std::size_t b = bucket_of(x);
    if (fill[b] != UINT32_MAX) gathered[fill[b]++] = x;
  }
  // Each wanted bucket's slice ends where its fill pointer stopped.
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    const std::size_t b = wanted[i];
    const std::size_t size = start[b + 1] - start[b];
    double* const first = gathered.data() + (fill[b] - size);
    double* const nth = first + (ranks[i] - start[b]);
    std::nth_element(first, nth, first + size);
    out[i] = *nth;
  }
}

}  // namespace prevalence::engine
