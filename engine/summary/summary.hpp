#pragma once
// What a user reads about one estimate: its mean, median, central interval
// and how precisely the Monte Carlo pinned the mean down.

#include <cstdint>
#include <span>

namespace prevalence::engine {

struct Summary {
  double mean = 0.0;
  double median = 0.0;
  double lower = 0.0;  ///< quantile (1 - interval) / 2
  double upper = 0.0;  ///< quantile (1 + interval) / 2
  double mcse = 0.0;   ///< Monte Carlo standard error of the mean: sd / sqrt(draws)
};

/// Sample quantile at probability q by linear interpolation between order
/// statistics (Hyndman and Fan type 7, R's and numpy's default), found by
/// selection. Reorders `values`; requires at least one value, 0 <= q <= 1.
double quantile_in_place(std::span<double> values, double q);

/// Summarises the Monte Carlo draws of one estimate (at least one). Leaves
/// `draws` unchanged; its quantiles equal quantile_in_place's exactly.
/// @param interval coverage of the central interval, in (0, 1)
Summary summarise(std::span<const double> draws, double interval);

/// The summary of whole-number draws (realised counts), faster than
/// summarise(): the quantiles come from a count of each value when the values
/// span a small range, and the mean from an exact integer sum. Quantiles equal
/// summarise()'s exactly; mean and mcse agree up to rounding.
Summary summarise_counts(std::span<const std::int64_t> draws, double interval);

}  // namespace prevalence::engine
