#pragma once
// Exact order statistics by bucket selection: the Monte Carlo summaries need
// six of them (two per quantile, for interpolation) from every output of
// every area, and selecting them one by one with std::nth_element was most of
// the run's time. One pass counts the values into equal-width buckets between
// known bounds, a second gathers the few buckets that hold the wanted ranks,
// and selection runs only inside those. The values returned are the same
// elements nth_element would return: exact, not approximate.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace prevalence::summary {

/// Bucket selection in two halves, for callers that produce their values one
/// at a time and can count each as it is made, saving a pass over them.
/// Uses per-thread scratch space: one live instance per thread.
class BucketSelection {
 public:
  /// Whether `count` values within [low, high] can be bucketed: low < high,
  /// and the bucket width neither overflows (high - low beyond the largest
  /// double) nor underflows (a range of a few denormals).
  static bool applies(std::size_t count, double low, double high) noexcept;

  /// Prepares for `count` values (count >= 1), all within [low, high];
  /// requires applies(count, low, high).
  BucketSelection(std::size_t count, double low, double high);

  /// Counts one value; call once for every value.
  void count(double x) noexcept { ++(*tally_)[bucket(x) + 1]; }
  /// Counts many values at once, faster than one by one.
  void count(std::span<const double> values) noexcept;

  /// Writes to out[i] the value of 0-based rank ranks[i] (ascending) among
  /// `values`, which must be exactly the values counted. Requires
  /// ranks.size() == out.size() and every rank < values.size().
  void select(std::span<const double> values, std::span<const std::size_t> ranks, std::span<double> out);

 private:
  // (x - low) * scale is non-decreasing in x under IEEE rounding, so bucket
  // order agrees with value order. The clamp keeps a value outside the
  // bounds, against the contract, in range.
  std::size_t bucket(double x) const noexcept {
    // min and max of doubles compile to single instructions, and the signed
    // conversion to one: no branches on the hot path.
    const double position = std::min(std::max((x - low_) * scale_, 0.0), top_);
    return static_cast<std::size_t>(static_cast<std::int64_t>(position));
  }

  // Buckets of up to kBlock values, several per instruction.
  void buckets_of(const double* x, std::size_t count, std::int32_t* bucket) const noexcept;

  double low_, scale_, top_;
  std::size_t n_buckets_;
  std::vector<std::uint32_t>* tally_;  ///< per bucket, shifted by one; then each bucket's start
};

/// Writes to out[i] the value of 0-based rank ranks[i] (ascending) in
/// `values`, whose smallest and largest elements are `min` and `max`.
/// Requires ranks.size() == out.size() and every rank < values.size(); values
/// finite. Uses per-thread scratch space, so it may run on many threads.
void order_statistics(std::span<const double> values, double min, double max,
                      std::span<const std::size_t> ranks, std::span<double> out);

}  // namespace prevalence::summary
