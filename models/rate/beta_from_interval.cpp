#include "models/rate/beta_from_interval.hpp"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/tools/roots.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace prevalence::models {
namespace {

using boost::math::beta_distribution;

// For a given beta shape, the alpha that puts probability p_low below
// `lower` (Boost's ibeta_inva). Then the only freedom left is how
// concentrated the distribution is, which fixes the upper quantile.
double alpha_pinning_lower(double beta, double lower, double p_low) {
  return beta_distribution<double>::find_alpha(beta, lower, p_low);
}

}  // namespace

BetaShape beta_from_interval(double lower, double upper, double level) {
  if (!(level > 0.0 && level < 1.0))
    throw std::invalid_argument(fmt::format("interval level is {}, but must be between 0 and 1", level));
  return beta_from_quantiles(lower, (1.0 - level) / 2.0, upper, (1.0 + level) / 2.0);
}

BetaShape beta_from_quantiles(double lower, double p_low, double upper, double p_high) {
  if (!(p_low > 0.0 && p_low < p_high && p_high < 1.0))
    throw std::invalid_argument(
        fmt::format("quantile probabilities {} and {} must satisfy 0 < p_low < p_high < 1", p_low, p_high));
  if (!(lower > 0.0 && upper < 1.0))
    throw std::invalid_argument(fmt::format(
        "interval [{}, {}] must lie strictly between 0 and 1 to be fitted by a Beta distribution",
        lower, upper));
  if (!(lower < upper))
    throw std::invalid_argument(fmt::format(
        "interval [{}, {}] must have its lower end below its upper end", lower, upper));

  // Along the curve alpha(beta) that pins the lower quantile, the CDF at
  // `upper` rises monotonically with beta: from p_low (as beta -> 0 the mass
  // splits between 0 and 1) towards 1 (as beta -> infinity the distribution
  // collapses onto `lower`). So the root is unique and can be bracketed.
  auto excess_cdf_at_upper = [&](double beta) {
    const double alpha = alpha_pinning_lower(beta, lower, p_low);
    return boost::math::cdf(beta_distribution<double>(alpha, beta), upper) - p_high;
  };

  // Starting guess by the method of moments on a normal approximation.
  // (For a central interval, written as the mean of the ends and the sd
  // from the half-width, as this solver has always started.)
  const boost::math::normal_distribution<double> normal;
  const bool central = p_low + p_high == 1.0;
  const double z_high = boost::math::quantile(normal, p_high);
  const double z_low = central ? -z_high : boost::math::quantile(normal, p_low);
  const double sd = central ? (upper - lower) / (2.0 * z_high) : (upper - lower) / (z_high - z_low);
  const double mean = central ? (lower + upper) / 2.0 : std::clamp(lower - z_low * sd, 1e-9, 1.0 - 1e-9);
  const double concentration = mean * (1.0 - mean) / (sd * sd) - 1.0;
  const double guess = concentration > 0.0 ? (1.0 - mean) * concentration : 1.0;

  std::uintmax_t max_iterations = 200;
  const boost::math::tools::eps_tolerance<double> tolerance(std::numeric_limits<double>::digits - 2);
  std::pair<double, double> bracket;
  try {
    bracket = boost::math::tools::bracket_and_solve_root(
        excess_cdf_at_upper, guess, 2.0, /*rising=*/true, tolerance, max_iterations);
  } catch (const std::exception& e) {
    throw std::invalid_argument(fmt::format(
        "no Beta distribution could be fitted with quantiles {} at {} and {} at {}: {}", lower, p_low, upper,
        p_high, e.what()));
  }
  const double beta = (bracket.first + bracket.second) / 2.0;
  return {alpha_pinning_lower(beta, lower, p_low), beta};
}

}  // namespace prevalence::models
