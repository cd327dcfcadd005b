#pragma once
// A log-normal whose central interval matches a published one: how ratios
// (odds ratios, relative risks), published symmetric on the log scale, are
// carried into a Monte Carlo model. The companion of beta_from_interval for
// quantities that are positive but not proportions.

namespace prevalence::models {

struct LogNormalShape {
  double log_mean;  ///< mean of the logarithm: log of the median
  double log_sd;    ///< standard deviation of the logarithm
};

/// The log-normal whose (1-level)/2 and (1+level)/2 quantiles are `lower`
/// and `upper`: its median is their geometric mean.
/// @throw std::invalid_argument unless 0 < lower < upper and 0 < level < 1
LogNormalShape log_normal_from_interval(double lower, double upper, double level);

}  // namespace prevalence::models
