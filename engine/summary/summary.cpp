#include "engine/summary/summary.hpp"

#include "engine/summary/order_statistics.hpp"

#include <algorithm>
#include <cmath>

namespace prevalence::engine {

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
  Summary s;
  const std::size_t count = draws.size();
  const double n = static_cast<double>(count);
  double sum = 0.0, min = draws[0], max = draws[0];
  for (double x : draws) {
    sum += x;
    min = std::min(min, x);
    max = std::max(max, x);
  }
  s.mean = sum / n;
  // Squared deviations from the mean in a second pass: a variance that stays
  // accurate when the mean is large relative to the spread.
  double squares = 0.0;
  for (double x : draws) squares += (x - s.mean) * (x - s.mean);
  s.mcse = count > 1 ? std::sqrt(squares / (n - 1.0) / n) : 0.0;

  // Type 7 quantiles interpolate between the order statistics either side
  // of position q (n - 1): six ranks for three quantiles, found together.
  const double probabilities[3] = {(1.0 - interval) / 2.0, 0.5, (1.0 + interval) / 2.0};
  std::size_t ranks[6];
  double weights[3];
  for (int i = 0; i < 3; ++i) {
    const double position = probabilities[i] * (n - 1.0);
    const auto below = static_cast<std::size_t>(std::floor(position));
    ranks[2 * i] = below;
    ranks[2 * i + 1] = std::min(below + 1, count - 1);
    weights[i] = position - static_cast<double>(below);
  }
  double order[6];
  order_statistics(draws, min, max, ranks, order);
  double quantiles[3];
  for (int i = 0; i < 3; ++i)
    quantiles[i] = weights[i] == 0.0 ? order[2 * i] : order[2 * i] + weights[i] * (order[2 * i + 1] - order[2 * i]);
  s.lower = quantiles[0];
  s.median = quantiles[1];
  s.upper = quantiles[2];
  return s;
}

}  // namespace prevalence::engine
