#include "engine/summary/order_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace prevalence::summary {
namespace {

constexpr std::size_t kBlock = 256;  // values per block of bucket indices

// GCC's and Clang's portable vector types (SSE2 on x86-64).
using v2df = double __attribute__((vector_size(16)));
using v2si = std::int32_t __attribute__((vector_size(8)));

// About 16 values per bucket: the histogram stays in cache, and the buckets
// to search hold a few dozen values unless many draws tie (realised counts),
// when they hold the ties, which selection handles as well as any. One more
// bucket on top: (x - low) * scale reaches n_buckets - 1 exactly at x ==
// high, and a bucket of its own for that spares a clamp on every value.
std::size_t bucket_count(std::size_t n) { return std::clamp<std::size_t>(n / 16, 1, 1 << 16) + 1; }

// Per-thread scratch, grown once and reused, so summaries allocate nothing
// in the Monte Carlo's area loop.
thread_local std::vector<std::uint32_t> tally_scratch;
thread_local std::vector<std::uint32_t> fill_scratch;
thread_local std::vector<double> gathered_scratch;
thread_local std::vector<std::size_t> wanted_scratch;    // bucket of each rank
thread_local std::vector<std::size_t> distinct_scratch;  // the wanted buckets, once each

}  // namespace

bool BucketSelection::applies(std::size_t count, double low, double high) noexcept {
  const double scale = static_cast<double>(bucket_count(count) - 1) / (high - low);
  return low < high && std::isfinite(high - low) && std::isfinite(scale) && scale > 0.0;
}

BucketSelection::BucketSelection(std::size_t count, double low, double high)
    : low_(low),
      scale_(static_cast<double>(bucket_count(count) - 1) / (high - low)),
      top_(static_cast<double>(bucket_count(count) - 1)),
      n_buckets_(bucket_count(count)),
      tally_(&tally_scratch) {
  tally_->assign(n_buckets_ + 1, 0);
}

void BucketSelection::buckets_of(const double* x, std::size_t count, std::int32_t* bucket) const noexcept {
  // Two values per step with vector extensions; no clamp, as the values are
  // within the bounds (the contract) and the top bucket takes x == high.
  const v2df low = {low_, low_}, step = {scale_, scale_};
  std::size_t i = 0;
  for (; i + 2 <= count; i += 2) {
    v2df v;
    std::memcpy(&v, x + i, sizeof v);
    const v2si b = __builtin_convertvector((v - low) * step, v2si);
    std::memcpy(bucket + i, &b, sizeof b);
  }
  if (i < count) bucket[i] = static_cast<std::int32_t>(this->bucket(x[i]));
}

void BucketSelection::count(std::span<const double> values) noexcept {
  std::vector<std::uint32_t>& tally = *tally_;
  std::int32_t block_buckets[kBlock];
  for (std::size_t first = 0; first < values.size(); first += kBlock) {
    const std::size_t count = std::min(kBlock, values.size() - first);
    buckets_of(values.data() + first, count, block_buckets);
    for (std::size_t i = 0; i < count; ++i)
      ++tally[std::min(static_cast<std::size_t>(block_buckets[i]), n_buckets_ - 1) + 1];
  }
}

void BucketSelection::select(std::span<const double> values, std::span<const std::size_t> ranks,
                             std::span<double> out) {
  std::vector<std::uint32_t>& start = *tally_;
  for (std::size_t b = 0; b < n_buckets_; ++b) start[b + 1] += start[b];

  // The buckets holding wanted ranks, each given a slice of `gathered`.
  std::vector<std::size_t>& wanted = wanted_scratch;
  wanted.clear();
  for (std::size_t rank : ranks)
    wanted.push_back(static_cast<std::size_t>(std::upper_bound(start.begin(), start.end(), rank) - start.begin()) - 1);
  std::vector<std::size_t>& distinct = distinct_scratch;
  distinct.assign(wanted.begin(), wanted.end());
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());

  std::vector<std::uint32_t>& fill = fill_scratch;
  fill.assign(n_buckets_, UINT32_MAX);  // write position in `gathered`, for wanted buckets
  std::size_t total = 0;
  for (std::size_t b : distinct) {
    fill[b] = static_cast<std::uint32_t>(total);
    total += start[b + 1] - start[b];
  }
  std::vector<double>& gathered = gathered_scratch;
  gathered.resize(total);
  // Buckets computed a block at a time; the few values in wanted buckets
  // are gathered.
  std::int32_t block_buckets[kBlock];
  for (std::size_t first = 0; first < values.size(); first += kBlock) {
    const std::size_t count = std::min(kBlock, values.size() - first);
    const double* x = values.data() + first;
    buckets_of(x, count, block_buckets);
    for (std::size_t i = 0; i < count; ++i) {
      const auto b = std::min(static_cast<std::size_t>(block_buckets[i]), n_buckets_ - 1);
      if (fill[b] != UINT32_MAX) [[unlikely]] gathered[fill[b]++] = x[i];
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

void order_statistics(std::span<const double> values, double min, double max,
                      std::span<const std::size_t> ranks, std::span<double> out) {
  if (min == max) {
    std::fill(out.begin(), out.end(), min);
    return;
  }
  if (!BucketSelection::applies(values.size(), min, max)) {
    // Values spanning more than the largest double, or a few denormals:
    // plain selection, rank by rank, on a copy.
    std::vector<double>& copy = gathered_scratch;
    copy.assign(values.begin(), values.end());
    for (std::size_t i = 0; i < ranks.size(); ++i) {
      const auto nth = copy.begin() + static_cast<std::ptrdiff_t>(ranks[i]);
      std::nth_element(copy.begin(), nth, copy.end());
      out[i] = *nth;
    }
    return;
  }
  BucketSelection selection(values.size(), min, max);
  selection.count(values);
  selection.select(values, ranks, out);
}

}  // namespace prevalence::summary
