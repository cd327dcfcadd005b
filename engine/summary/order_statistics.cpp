#include "engine/summary/order_statistics.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace prevalence::engine {
namespace {

constexpr std::size_t kBlock = 256;  // values per block of bucket indices

// GCC's and Clang's portable vector types: comparisons give lane masks of
// -1 or 0, and the ternary selects lane by lane.
using v2df = double __attribute__((vector_size(16)));
using v2si = std::int32_t __attribute__((vector_size(8)));

// About 16 values per bucket: the histogram stays in cache, and the buckets
// to search hold a few dozen values unless many draws tie (realised counts),
// when they hold the ties, which selection handles as well as any.
std::size_t bucket_count(std::size_t n) { return std::clamp<std::size_t>(n / 16, 1, 1 << 16); }

// Bucket selection: always succeeds, two passes over the values.
void bucket_order_statistics(std::span<const double> values, double min, double max,
                             std::span<const std::size_t> ranks, std::span<double> out) {
  // One more bucket than bucket_count(): (x - min) * scale is at most
  // n_buckets after rounding, reached by x == max, and a bucket of its own
  // for it spares a clamp on every value.
  const std::size_t n_buckets = bucket_count(values.size()) + 1;
  // (x - min) * scale is non-negative for x >= min and non-decreasing in x
  // under IEEE rounding, so bucket order agrees with value order. Two values
  // per step with GCC's and Clang's vector extensions (SSE2 on x86-64); an
  // odd last value is done alone.
  const double scale = static_cast<double>(n_buckets - 1) / (max - min);
  auto buckets_of = [&](const double* x, std::size_t count, std::int32_t* bucket) {
    const v2df low = {min, min}, step = {scale, scale};
    std::size_t i = 0;
    for (; i + 2 <= count; i += 2) {
      v2df v;
      std::memcpy(&v, x + i, sizeof v);
      const v2si b = __builtin_convertvector((v - low) * step, v2si);
      std::memcpy(bucket + i, &b, sizeof b);
    }
    if (i < count) bucket[i] = static_cast<std::int32_t>((x[i] - min) * scale);
  };
  std::int32_t block_buckets[kBlock];

  thread_local std::vector<std::uint32_t> start;
  thread_local std::vector<std::uint32_t> fill;
  thread_local std::vector<double> gathered;
  start.assign(n_buckets + 1, 0);
  for (std::size_t first = 0; first < values.size(); first += kBlock) {
    const std::size_t count = std::min(kBlock, values.size() - first);
    buckets_of(values.data() + first, count, block_buckets);
    for (std::size_t i = 0; i < count; ++i) ++start[static_cast<std::size_t>(block_buckets[i]) + 1];
  }
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
  for (std::size_t first = 0; first < values.size(); first += kBlock) {
    const std::size_t count = std::min(kBlock, values.size() - first);
    buckets_of(values.data() + first, count, block_buckets);
    for (std::size_t i = 0; i < count; ++i) {
      const auto b = static_cast<std::size_t>(block_buckets[i]);
      if (fill[b] != UINT32_MAX) [[unlikely]] gathered[fill[b]++] = values[first + i];
    }
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

}  // namespace

void order_statistics(std::span<const double> values, double min, double max,
                      std::span<const std::size_t> ranks, std::span<double> out) {
  if (min == max) {
    std::fill(out.begin(), out.end(), min);
    return;
  }
  bucket_order_statistics(values, min, max, ranks, out);
}

}  // namespace prevalence::engine
