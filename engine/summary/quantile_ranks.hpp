#pragma once
// Which order statistics a summary's three quantiles need, and how they
// combine: type 7 quantiles (Hyndman and Fan; R's and numpy's default)
// interpolate between the order statistics either side of position
// q (n - 1), so three quantiles need six ranks.

#include "engine/summary/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace prevalence::engine {

struct QuantileRanks {
  double probabilities[3];  ///< lower, median, upper
  std::size_t ranks[6];     ///< 0-based, a pair per quantile
  double weights[3];

  QuantileRanks(std::size_t count, double interval)
      : probabilities{(1.0 - interval) / 2.0, 0.5, (1.0 + interval) / 2.0} {
    for (int i = 0; i < 3; ++i) {
      const double position = probabilities[i] * static_cast<double>(count - 1);
      const auto below = static_cast<std::size_t>(std::floor(position));
      ranks[2 * i] = below;
      ranks[2 * i + 1] = std::min(below + 1, count - 1);
      weights[i] = position - static_cast<double>(below);
    }
  }

  /// Sets lower, median and upper from the six order statistics.
  void interpolate(const double order[6], Summary& s) const {
    double quantiles[3];
    for (int i = 0; i < 3; ++i)
      quantiles[i] = weights[i] == 0.0 ? order[2 * i] : order[2 * i] + weights[i] * (order[2 * i + 1] - order[2 * i]);
    s.lower = quantiles[0];
    s.median = quantiles[1];
    s.upper = quantiles[2];
  }
};

}  // namespace prevalence::engine
