#pragma once
// Which order statistics a summary's quantiles need, and how they combine:
// type 7 quantiles (Hyndman and Fan; R's and numpy's default) interpolate
// between the order statistics either side of position q (n - 1), so each
// quantile needs two ranks. A summary at L interval levels has 1 + 2L
// quantiles: the median and each level's two ends.

#include "engine/summary/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>

namespace prevalence::summary {

struct QuantileRanks {
  static constexpr std::size_t kMaxQuantiles = 1 + 2 * kMaxIntervals;

  std::size_t n_quantiles;  ///< 1 + 2 x levels
  /// The headline level's lower end, the median, the headline's upper end,
  /// then the lower and upper ends of each further level in turn: the order
  /// of Summary's lower, median, upper followed by the extra bounds.
  double probabilities[kMaxQuantiles];
  std::size_t ranks[2 * kMaxQuantiles];  ///< 0-based, a pair per quantile
  double weights[kMaxQuantiles];

  /// @param intervals 1 to kMaxIntervals coverages, the first the headline
  QuantileRanks(std::size_t count, std::span<const double> intervals) : n_quantiles(1 + 2 * intervals.size()) {
    probabilities[0] = (1.0 - intervals[0]) / 2.0;
    probabilities[1] = 0.5;
    probabilities[2] = (1.0 + intervals[0]) / 2.0;
    for (std::size_t l = 1; l < intervals.size(); ++l) {
      probabilities[1 + 2 * l] = (1.0 - intervals[l]) / 2.0;
      probabilities[2 + 2 * l] = (1.0 + intervals[l]) / 2.0;
    }
    for (std::size_t i = 0; i < n_quantiles; ++i) {
      const double position = probabilities[i] * static_cast<double>(count - 1);
      const auto below = static_cast<std::size_t>(std::floor(position));
      ranks[2 * i] = below;
      ranks[2 * i + 1] = std::min(below + 1, count - 1);
      weights[i] = position - static_cast<double>(below);
    }
  }

  /// The ranks asked for, a pair per quantile.
  std::span<const std::size_t> rank_list() const noexcept { return {ranks, 2 * n_quantiles}; }

  /// Sets lower, median and upper from the order statistics (a pair per
  /// quantile, as in `ranks`), and the further levels' ends in `extra_bounds`
  /// (2 x (levels - 1) values).
  void interpolate(const double* order, Summary& s, std::span<double> extra_bounds) const {
    const auto quantile = [&](std::size_t i) {
      return weights[i] == 0.0 ? order[2 * i] : order[2 * i] + weights[i] * (order[2 * i + 1] - order[2 * i]);
    };
    s.lower = quantile(0);
    s.median = quantile(1);
    s.upper = quantile(2);
    for (std::size_t i = 3; i < n_quantiles; ++i) extra_bounds[i - 3] = quantile(i);
  }
};

}  // namespace prevalence::summary
