#pragma once
// Summaries of expected counts in one pass. In expected mode an area's draw d
// of an output is c x m[d] x s[d]: the area's denominator, its head-count
// multiplier and the output's share. Every area's m has the same
// distribution, so the products' quantiles sit at nearly the same place in
// every area once scaled by c. A pilot set of draws, made once, predicts for
// each quantile a narrow range of values that holds it; then each area's
// draws are made, added up and compared with those ranges in a single pass,
// only the few inside are kept, and selection runs among them. The counts
// prove whether a range held its quantile: the result is exact either way,
// and when a range missed (about once in 10^6 per range) the summary falls
// back to bucket selection over the draws made again.

#include "engine/summary/summary.hpp"

#include <cstddef>
#include <span>
#include <vector>

namespace prevalence::summary {

/// Value ranges, per unit of c, predicted to hold each quantile's pair of
/// order statistics; open-ended (infinite) where the range reaches the end.
/// Quantiles in QuantileRanks' order: headline lower, median, headline
/// upper, then each further level's lower and upper.
struct QuantileBrackets {
  static constexpr std::size_t kMaxQuantiles = 1 + 2 * kMaxIntervals;
  double low[kMaxQuantiles] = {};
  double high[kMaxQuantiles] = {};
  std::size_t n_quantiles = 0;  ///< 1 + 2 x levels
  bool usable = false;          ///< false: too few draws to be worth it; use two passes
};

/// Brackets from pilot draws of m x s (c = 1): each quantile's order
/// statistics widened by kBracketWidth standard deviations of where the same
/// rank falls in another set of draws.
/// @param intervals 1 to kMaxIntervals coverages, the first the headline
QuantileBrackets predict_brackets(std::span<const double> pilot, std::span<const double> intervals);
/// The same for one interval level.
QuantileBrackets predict_brackets(std::span<const double> pilot, double interval);

/// Summary of the draws c x m[d] x s[d] (c >= 0, m and s non-negative, of
/// equal length), identical to summarise_bounded() over the same draws, at
/// the interval levels `intervals` (as for summarise(); the further levels'
/// ends go to `extra_bounds`). m_range and s_range bound m and s, for the
/// fallback. Brackets predicted for other levels still give exact results,
/// only slower.
/// @param scratch room for the draws, used only by the fallback
Summary summarise_product(double c, std::span<const double> m, std::span<const double> s,
                          std::pair<double, double> m_range, std::pair<double, double> s_range,
                          const QuantileBrackets& brackets, std::span<const double> intervals,
                          std::span<double> extra_bounds, std::span<double> scratch);
/// The same for one interval level.
Summary summarise_product(double c, std::span<const double> m, std::span<const double> s,
                          std::pair<double, double> m_range, std::pair<double, double> s_range,
                          const QuantileBrackets& brackets, double interval, std::span<double> scratch);

}  // namespace prevalence::summary
