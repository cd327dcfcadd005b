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
  /// 0-based: a pair per quantile (2 x n_quantiles), then for each quantile
  /// the pair of ranks about one standard deviation of its rank either side
  /// (2 x n_quantiles more), whose spread gives its Monte Carlo error.
  std::size_t ranks[4 * kMaxQuantiles];
  double weights[kMaxQuantiles];
  /// sqrt(count q (1 - q)): the standard deviation of the sample q-quantile's
  /// rank, per quantile.
  double rank_sd[kMaxQuantiles];

  /// @param intervals 1 to kMaxIntervals coverages, the first the headline
  QuantileRanks(std::size_t count, std::span<const double> intervals) : n_quantiles(1 + 2 * intervals.size()) {
    probabilities[0] = (1.0 - intervals[0]) / 2.0;
    probabilities[1] = 0.5;
    probabilities[2] = (1.0 + intervals[0]) / 2.0;
    for (std::size_t l = 1; l < intervals.size(); ++l) {
      probabilities[1 + 2 * l] = (1.0 - intervals[l]) / 2.0;
      probabilities[2 + 2 * l] = (1.0 + intervals[l]) / 2.0;
    }
    const double n = static_cast<double>(count);
    for (std::size_t i = 0; i < n_quantiles; ++i) {
      const double q = probabilities[i];
      const double position = q * (n - 1.0);
      const auto below = static_cast<std::size_t>(std::floor(position));
      ranks[2 * i] = below;
      ranks[2 * i + 1] = std::min(below + 1, count - 1);
      weights[i] = position - static_cast<double>(below);
      rank_sd[i] = std::sqrt(n * q * (1.0 - q));
      const auto spread = static_cast<std::size_t>(std::max(1.0, std::ceil(rank_sd[i])));
      ranks[2 * n_quantiles + 2 * i] = below > spread ? below - spread : 0;
      ranks[2 * n_quantiles + 2 * i + 1] = std::min(below + spread, count - 1);
    }
  }

  /// The ranks asked for: a pair per quantile, then each quantile's spread pair.
  std::span<const std::size_t> rank_list() const noexcept { return {ranks, 4 * n_quantiles}; }

  /// Monte Carlo standard error of quantile i from the values at its spread
  /// ranks: the sample quantile's rank varies by rank_sd from one set of
  /// draws to another, and values change by (high - low) / (its ranks'
  /// distance) per rank there, so it varies by rank_sd times that (the
  /// order-statistic estimate; asymptotically sqrt(q (1 - q) / n) / f, f the
  /// density at the quantile).
  double standard_error(std::size_t i, double low, double high) const {
    const std::size_t distance = ranks[2 * n_quantiles + 2 * i + 1] - ranks[2 * n_quantiles + 2 * i];
    return distance == 0 ? 0.0 : rank_sd[i] * (high - low) / static_cast<double>(distance);
  }

  /// Sets lower, median and upper and their Monte Carlo errors from the
  /// order statistics (as in rank_list()), and the further levels' ends and
  /// errors in `extra_bounds` (extra_values(levels): the ends, then the
  /// errors, each lower then upper for each further level).
  void interpolate(const double* order, Summary& s, std::span<double> extra_bounds) const {
    const auto quantile = [&](std::size_t i) {
      return weights[i] == 0.0 ? order[2 * i] : order[2 * i] + weights[i] * (order[2 * i + 1] - order[2 * i]);
    };
    const auto error = [&](std::size_t i) {
      return standard_error(i, order[2 * n_quantiles + 2 * i], order[2 * n_quantiles + 2 * i + 1]);
    };
    s.lower = quantile(0);
    s.median = quantile(1);
    s.upper = quantile(2);
    s.lower_mcse = error(0);
    s.median_mcse = error(1);
    s.upper_mcse = error(2);
    const std::size_t further = n_quantiles - 3;
    for (std::size_t i = 3; i < n_quantiles; ++i) {
      extra_bounds[i - 3] = quantile(i);
      extra_bounds[further + i - 3] = error(i);
    }
  }
};

}  // namespace prevalence::summary
