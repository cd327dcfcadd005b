// Tests models/rate/beta_from_interval.cpp: the Beta whose central interval
// matches a published confidence interval.
//
// Reference values come from Boost.Math's beta_distribution quantile, which is
// an independent path (Boost's own inverse of the incomplete beta function)
// from the root-finding the fit uses.

#include "models/rate/beta_from_interval.hpp"

#include <boost/math/distributions/beta.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace prevalence::models {
namespace {

using boost::math::beta_distribution;
using testing::HasSubstr;
using testing::ThrowsMessage;

// The fit solves for beta to within 2 bits of double precision, and Boost's
// beta quantile is accurate to a few ulps; the quantile's sensitivity to the
// shapes (large for very narrow or very skewed intervals) costs a few more
// digits. 1e-10 relative is tight enough that a fit off by one step of any
// plausible bug (wrong tail probability, level used as alpha) fails by
// orders of magnitude.
constexpr double kQuantileTolerance = 1e-10;

// Shapes are recovered through two chained root-findings (alpha given beta,
// then beta); the shapes are less well conditioned than the quantiles, so
// they get two more digits of room than kQuantileTolerance.
constexpr double kShapeTolerance = 1e-8;

struct Interval {
  double lower;
  double upper;
};

double relative_error(double actual, double expected) {
  return std::fabs(actual - expected) / std::fabs(expected);
}

TEST(BetaFromInterval, ReproducesBothQuantiles) {
  const std::vector<Interval> intervals = {
      {0.065, 0.081},  // a typical published prevalence: 7.3 % (6.5 to 8.1)
      {0.001, 0.004},  // rare, near 0, strongly skewed
      {0.2, 0.9},      // very wide
      {0.95, 0.99},    // near 1, skewed the other way
      {0.4999, 0.5001},  // very narrow, symmetric
  };
  for (const Interval& interval : intervals) {
    for (double level : {0.9, 0.95, 0.99}) {
      SCOPED_TRACE(testing::Message() << "[" << interval.lower << ", " << interval.upper
                                      << "] at level " << level);
      const BetaShape shape = beta_from_interval(interval.lower, interval.upper, level);
      const beta_distribution<double> fitted(shape.alpha, shape.beta);
      const double fitted_lower = boost::math::quantile(fitted, (1.0 - level) / 2.0);
      const double fitted_upper = boost::math::quantile(fitted, (1.0 + level) / 2.0);
      EXPECT_LT(relative_error(fitted_lower, interval.lower), kQuantileTolerance)
          << "fitted lower quantile " << fitted_lower;
      EXPECT_LT(relative_error(fitted_upper, interval.upper), kQuantileTolerance)
          << "fitted upper quantile " << fitted_upper;
    }
  }
}

TEST(BetaFromInterval, RecoversTheShapesOfAKnownBeta) {
  const std::vector<BetaShape> known = {
      {20.0, 380.0},  // mean 5 %, a survey of about 400
      {2.5, 7.5},     // wide, skewed
      {150.0, 50.0},  // mean 75 %
      {0.8, 3.0},     // J-shaped: density unbounded at 0
  };
  for (const BetaShape& truth : known) {
    SCOPED_TRACE(testing::Message() << "Beta(" << truth.alpha << ", " << truth.beta << ")");
    const beta_distribution<double> distribution(truth.alpha, truth.beta);
    const double lower = boost::math::quantile(distribution, 0.025);
    const double upper = boost::math::quantile(distribution, 0.975);
    const BetaShape fitted = beta_from_interval(lower, upper, 0.95);
    EXPECT_LT(relative_error(fitted.alpha, truth.alpha), kShapeTolerance) << fitted.alpha;
    EXPECT_LT(relative_error(fitted.beta, truth.beta), kShapeTolerance) << fitted.beta;
  }
}

TEST(BetaFromInterval, RejectsALevelOfZero) {
  EXPECT_THAT([] { beta_from_interval(0.1, 0.2, 0.0); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("level is 0, but must be between 0 and 1")));
}

TEST(BetaFromInterval, RejectsALevelOfOne) {
  EXPECT_THAT([] { beta_from_interval(0.1, 0.2, 1.0); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("level is 1, but must be between 0 and 1")));
}

TEST(BetaFromInterval, RejectsALowerEndOfZero) {
  EXPECT_THAT([] { beta_from_interval(0.0, 0.2, 0.95); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("must lie strictly between 0 and 1")));
}

TEST(BetaFromInterval, RejectsANegativeLowerEnd) {
  EXPECT_THAT([] { beta_from_interval(-0.1, 0.2, 0.95); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("must lie strictly between 0 and 1")));
}

TEST(BetaFromInterval, RejectsAnUpperEndOfOne) {
  EXPECT_THAT([] { beta_from_interval(0.5, 1.0, 0.95); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("must lie strictly between 0 and 1")));
}

TEST(BetaFromInterval, RejectsAnUpperEndAboveOne) {
  EXPECT_THAT([] { beta_from_interval(0.5, 1.5, 0.95); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("must lie strictly between 0 and 1")));
}

TEST(BetaFromInterval, RejectsALowerEndEqualToTheUpperEnd) {
  EXPECT_THAT([] { beta_from_interval(0.3, 0.3, 0.95); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("lower end below its upper end")));
}

TEST(BetaFromInterval, RejectsALowerEndAboveTheUpperEnd) {
  EXPECT_THAT([] { beta_from_interval(0.4, 0.3, 0.95); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("lower end below its upper end")));
}

}  // namespace
}  // namespace prevalence::models
