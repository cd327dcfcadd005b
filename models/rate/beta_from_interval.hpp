#pragma once
// A Beta distribution whose central interval matches a published confidence
// interval for a proportion: the usual way to carry a published "7.3 % (95 %
// CI 6.5 to 8.1)" into a Monte Carlo model.

namespace prevalence::models {

struct BetaShape {
  double alpha;
  double beta;
};

/// The Beta(alpha, beta) whose (1-level)/2 and (1+level)/2 quantiles are
/// `lower` and `upper`. Such a Beta exists and is unique for any
/// 0 < lower < upper < 1 (its quantiles pin both shapes).
///
/// @param lower, upper  interval ends, proportions with 0 < lower < upper < 1
/// @param level         coverage of the interval, 0 < level < 1 (0.95 for a 95 % CI)
/// @return shapes reproducing both quantiles to about 1e-12 relative
/// @throw std::invalid_argument on arguments outside those ranges, or an
///        interval too narrow or too wide to be fitted in double precision
BetaShape beta_from_interval(double lower, double upper, double level);

/// The Beta whose p_low quantile is `lower` and p_high quantile is `upper`:
/// two quantiles pin a Beta, as two ends of an interval do (the same
/// argument holds for any 0 < p_low < p_high < 1). Half of a two-piece Beta
/// takes the median and one end of a published interval.
/// @throw std::invalid_argument on arguments outside 0 < lower < upper < 1,
///        0 < p_low < p_high < 1, or a pair too close to be fitted
BetaShape beta_from_quantiles(double lower, double p_low, double upper, double p_high);

}  // namespace prevalence::models
