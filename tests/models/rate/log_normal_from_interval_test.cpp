// Tests models/rate/log_normal_from_interval.cpp: the log-normal whose
// central interval is a published one, checked against Boost.Math's
// lognormal distribution (its quantiles are computed from the shape, the
// reverse of the fit).

#include "models/rate/log_normal_from_interval.hpp"

#include <boost/math/distributions/lognormal.hpp>
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace prevalence::models {
namespace {

// Two logarithms, a quantile and a division: a few ulps each, so 1e-12
// relative is far above rounding and far below any wrong formula (a z of
// 1.96 for another level, the level used as a tail probability).
constexpr double kTolerance = 1e-12;

TEST(LogNormalFromInterval, ReproducesBothEndsAtEveryLevel) {
  struct Case {
    double lower, upper, level;
  };
  for (const Case c : {Case{1.2, 3.4, 0.95}, Case{0.5, 2.0, 0.9}, Case{2.1, 2.2, 0.99}, Case{0.01, 100.0, 0.5}}) {
    const LogNormalShape shape = log_normal_from_interval(c.lower, c.upper, c.level);
    const boost::math::lognormal_distribution<double> fitted(shape.log_mean, shape.log_sd);
    EXPECT_NEAR(boost::math::quantile(fitted, (1.0 - c.level) / 2.0), c.lower, kTolerance * c.lower) << c.level;
    EXPECT_NEAR(boost::math::quantile(fitted, (1.0 + c.level) / 2.0), c.upper, kTolerance * c.upper) << c.level;
    // The median is the interval's geometric mean.
    EXPECT_NEAR(std::exp(shape.log_mean), std::sqrt(c.lower * c.upper), kTolerance * c.upper);
  }
}

TEST(LogNormalFromInterval, The95PercentIntervalIsPlusOrMinus1Point96LogStandardDeviations) {
  const LogNormalShape shape = log_normal_from_interval(1.0, std::exp(2 * 1.959963984540054), 0.95);
  EXPECT_NEAR(shape.log_sd, 1.0, 1e-15);
  EXPECT_NEAR(shape.log_mean, 1.959963984540054, 1e-15);
}

TEST(LogNormalFromInterval, RefusesWhatIsNoInterval) {
  EXPECT_THROW(log_normal_from_interval(0.0, 2.0, 0.95), std::invalid_argument);
  EXPECT_THROW(log_normal_from_interval(2.0, 2.0, 0.95), std::invalid_argument);
  EXPECT_THROW(log_normal_from_interval(3.0, 2.0, 0.95), std::invalid_argument);
  EXPECT_THROW(log_normal_from_interval(1.0, INFINITY, 0.95), std::invalid_argument);
  EXPECT_THROW(log_normal_from_interval(1.0, 2.0, 1.0), std::invalid_argument);
  EXPECT_THROW(log_normal_from_interval(1.0, 2.0, 0.0), std::invalid_argument);
}

}  // namespace
}  // namespace prevalence::models
