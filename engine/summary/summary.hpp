#pragma once
// What a user reads about one estimate: its mean, median, central interval
// and how precisely the Monte Carlo pinned the mean down.
//
// A run may ask for central intervals at several levels at once (95 % and
// 99.8 %, say): the first is the headline level, whose ends are the
// Summary's lower and upper; the others' ends go to a separate span, so a
// run with one level carries nothing extra. Every summary function has a
// form for one level (`double interval`) and one for several
// (`intervals`, `extra_bounds`); with one level the two give the same bits.

#include "engine/summary/order_statistics.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace prevalence::summary {

/// The most interval levels one run computes at once.
inline constexpr std::size_t kMaxIntervals = 4;

struct Summary {
  double mean = 0.0;
  double median = 0.0;
  double lower = 0.0;  ///< quantile (1 - interval) / 2, of the headline (first) level
  double upper = 0.0;  ///< quantile (1 + interval) / 2
  double mcse = 0.0;   ///< Monte Carlo standard error of the mean: sd / sqrt(draws)
  /// Monte Carlo standard errors of the median and the interval's ends: how
  /// far each would move with another seed (order-statistic estimate,
  /// quantile_ranks.hpp). At an interval's 2.5 % end about twice the
  /// mean's.
  double median_mcse = 0.0;
  double lower_mcse = 0.0;
  double upper_mcse = 0.0;
};

/// Values in `extra_bounds` for a summary at `levels` interval levels: each
/// further level's lower and upper end, then their Monte Carlo errors.
constexpr std::size_t extra_values(std::size_t levels) noexcept { return levels > 1 ? 4 * (levels - 1) : 0; }

// In the several-level forms below, `intervals` holds 1 to kMaxIntervals
// coverages, each in (0, 1), the first the headline level; `extra_bounds`
// receives the lower and upper end of each further level in turn,
// {lower of intervals[1], upper of intervals[1], lower of intervals[2], ...},
// then their Monte Carlo errors in the same order: extra_values(levels)
// values, none with one level.

/// Sample quantile at probability q by linear interpolation between order
/// statistics (Hyndman and Fan type 7, R's and numpy's default), found by
/// selection. Reorders `values`; requires at least one value, 0 <= q <= 1.
double quantile_in_place(std::span<double> values, double q);

/// Summarises the Monte Carlo draws of one estimate (at least one). Leaves
/// `draws` unchanged; its quantiles equal quantile_in_place's exactly.
/// @param interval coverage of the central interval, in (0, 1)
Summary summarise(std::span<const double> draws, double interval);
/// The same at several interval levels (see above).
Summary summarise(std::span<const double> draws, std::span<const double> intervals, std::span<double> extra_bounds);

/// Summarises draws made one at a time by draw(d), d = 0 .. scratch.size() - 1,
/// each known beforehand to lie within [low, high] (as an expected count is
/// bounded by its factors' extremes). Two passes instead of summarise()'s
/// four: each draw is stored, added up and counted into its bucket as it is
/// made, and one more pass gathers the few that decide the quantiles. Same
/// quantiles as summarise() on the same draws; mean and mcse up to rounding.
template <typename Draw>
Summary summarise_bounded(std::span<double> scratch, double low, double high, std::span<const double> intervals,
                          std::span<double> extra_bounds, Draw&& draw);
/// The same at one interval level.
template <typename Draw>
Summary summarise_bounded(std::span<double> scratch, double low, double high, double interval, Draw&& draw) {
  return summarise_bounded(scratch, low, high, std::span<const double>(&interval, 1), {}, draw);
}

/// The summary of whole-number draws (realised counts), faster than
/// summarise(): the quantiles come from a count of each value when the values
/// span a small range, and the mean from an exact integer sum. Quantiles equal
/// summarise()'s exactly; mean and mcse agree up to rounding.
Summary summarise_counts(std::span<const std::int64_t> draws, double interval);
/// The same at several interval levels (see above).
Summary summarise_counts(std::span<const std::int64_t> draws, std::span<const double> intervals,
                         std::span<double> extra_bounds);

namespace detail {

// Mean, mcse and quantiles from sums of deviations from `shift` (a value
// near the mean, so the variance suffers no cancellation) and counted
// buckets; defined in summary.cpp.
Summary finish_bounded(std::span<const double> draws, double shift, double deviations, double squares,
                       BucketSelection& selection, std::span<const double> intervals, std::span<double> extra_bounds);

}  // namespace detail

template <typename Draw>
Summary summarise_bounded(std::span<double> scratch, double low, double high, std::span<const double> intervals,
                          std::span<double> extra_bounds, Draw&& draw) {
  const std::size_t count = scratch.size();
  if (!BucketSelection::applies(count, low, high)) {
    for (std::size_t d = 0; d < count; ++d) scratch[d] = draw(d);
    return summarise(scratch, intervals, extra_bounds);
  }
  BucketSelection selection(count, low, high);
  const double shift = draw(0);
  // Two draws per step into two sets of sums, so additions overlap.
  double deviations[2] = {0.0, 0.0}, squares[2] = {0.0, 0.0};
  std::size_t d = 0;
  for (; d + 2 <= count; d += 2)
    for (std::size_t l = 0; l < 2; ++l) {
      const double x = draw(d + l);
      scratch[d + l] = x;
      selection.count(x);
      deviations[l] += x - shift;
      squares[l] += (x - shift) * (x - shift);
    }
  if (d < count) {
    const double x = draw(d);
    scratch[d] = x;
    selection.count(x);
    deviations[0] += x - shift;
    squares[0] += (x - shift) * (x - shift);
  }
  return detail::finish_bounded(scratch, shift, deviations[0] + deviations[1], squares[0] + squares[1], selection,
                                intervals, extra_bounds);
}

}  // namespace prevalence::summary
