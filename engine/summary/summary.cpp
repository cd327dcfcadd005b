#include "engine/summary/summary.hpp"

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

Summary summarise(std::span<double> draws, double interval) {
  Summary s;
  const double n = static_cast<double>(draws.size());
  // Two passes (mean, then squared deviations) for a variance that stays
  // accurate when the mean is large relative to the spread.
  double sum = 0.0;
  for (double x : draws) sum += x;
  s.mean = sum / n;
  double squares = 0.0;
  for (double x : draws) squares += (x - s.mean) * (x - s.mean);
  s.mcse = draws.size() > 1 ? std::sqrt(squares / (n - 1.0) / n) : 0.0;

  s.lower = quantile_in_place(draws, (1.0 - interval) / 2.0);
  s.median = quantile_in_place(draws, 0.5);
  s.upper = quantile_in_place(draws, (1.0 + interval) / 2.0);
  return s;
}

}  // namespace prevalence::engine
