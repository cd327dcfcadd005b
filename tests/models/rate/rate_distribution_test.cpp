// Tests models/rate/rate_distribution.cpp: building a rate's distribution from
// a published figure in each form a scenario accepts, and rejecting figures
// that break a rule.

#include "models/rate/rate_distribution.hpp"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace prevalence::models {
namespace {

using boost::math::beta_distribution;
using testing::HasSubstr;
using testing::ThrowsMessage;

// Same reasoning as in beta_from_interval_test.cpp: the fit is solved to
// about 2 bits short of double precision; 1e-10 relative leaves room for the
// quantile's sensitivity to the shapes and still catches any unit mistake
// (a factor of 100 or 10,000) by many orders of magnitude.
constexpr double kQuantileTolerance = 1e-10;

double relative_error(double actual, double expected) {
  return std::fabs(actual - expected) / std::fabs(expected);
}

PublishedFigure count_of(double x, double n) {
  PublishedFigure figure;
  figure.count_of = CountOf{x, n};
  return figure;
}

PublishedFigure value_in(FigureUnit unit, double value) {
  PublishedFigure figure;
  figure.unit = unit;
  figure.value = value;
  return figure;
}

PublishedFigure with_interval(PublishedFigure figure, double lower, double upper,
                              double level = 0.95) {
  figure.interval = FigureInterval{lower, upper, level, IntervalBasis::published};
  return figure;
}

void expect_quantiles(const RateDistribution& rate, double lower, double upper, double level) {
  ASSERT_TRUE(rate.shape().has_value());
  const beta_distribution<double> fitted(rate.shape()->alpha, rate.shape()->beta);
  EXPECT_LT(relative_error(boost::math::quantile(fitted, (1.0 - level) / 2.0), lower),
            kQuantileTolerance);
  EXPECT_LT(relative_error(boost::math::quantile(fitted, (1.0 + level) / 2.0), upper),
            kQuantileTolerance);
}

// --- Valid figures -------------------------------------------------------

TEST(RateDistribution, CountOfNIsTheJeffreysBeta) {
  // Jeffreys posterior for x of n: Beta(x + 1/2, n - x + 1/2) (Brown, Cai and
  // DasGupta 2001). Shapes are sums of halves and integers: exact in double.
  const RateDistribution rate = RateDistribution::from_figure(count_of(1288, 169422));
  ASSERT_FALSE(rate.is_point());
  EXPECT_EQ(rate.shape()->alpha, 1288.5);
  EXPECT_EQ(rate.shape()->beta, 168134.5);
}

TEST(RateDistribution, CountOfZeroIsStillAProperBeta) {
  const RateDistribution rate = RateDistribution::from_figure(count_of(0, 40));
  ASSERT_FALSE(rate.is_point());
  EXPECT_EQ(rate.shape()->alpha, 0.5);
  EXPECT_EQ(rate.shape()->beta, 40.5);
}

TEST(RateDistribution, CountOfAllIsStillAProperBeta) {
  const RateDistribution rate = RateDistribution::from_figure(count_of(40, 40));
  ASSERT_FALSE(rate.is_point());
  EXPECT_EQ(rate.shape()->alpha, 40.5);
  EXPECT_EQ(rate.shape()->beta, 0.5);
}

TEST(RateDistribution, PerTenThousandValueIsScaledToAProportion) {
  const RateDistribution rate = RateDistribution::from_figure(value_in(FigureUnit::per_10000, 65));
  ASSERT_TRUE(rate.is_point());
  // 65 / 10000 is a single correctly rounded division, so it is the double
  // nearest 0.0065, which is what the literal denotes: exact equality holds.
  EXPECT_EQ(rate.mean(), 0.0065);
  EXPECT_EQ(rate.quantile(0.5), 0.0065);
}

// A value with an interval: its median is the value and its quantiles at
// the interval's probabilities are the ends, through its own quantile().
void expect_two_piece(const RateDistribution& rate, double lower, double value, double upper, double level) {
  ASSERT_TRUE(rate.is_two_piece());
  EXPECT_LT(relative_error(rate.quantile((1.0 - level) / 2.0), lower), kQuantileTolerance);
  EXPECT_LT(relative_error(rate.quantile(0.5), value), kQuantileTolerance);
  EXPECT_LT(relative_error(rate.quantile((1.0 + level) / 2.0), upper), kQuantileTolerance);
  // The quantile function is continuous at the median, where the pieces meet.
  EXPECT_LT(relative_error(rate.quantile(std::nextafter(0.5, 1.0)), value), 1e-9);
}

TEST(RateDistribution, PerTenThousandIntervalIsFittedInProportions) {
  const RateDistribution rate = RateDistribution::from_figure(
      with_interval(value_in(FigureUnit::per_10000, 65), 50, 82, 0.95));
  expect_two_piece(rate, 50.0 / 10000.0, 65.0 / 10000.0, 82.0 / 10000.0, 0.95);
}

TEST(RateDistribution, PercentIntervalIsFittedInProportions) {
  // "7.3 % (90 % CI 6.5 to 8.1)"
  const RateDistribution rate = RateDistribution::from_figure(
      with_interval(value_in(FigureUnit::percent, 7.3), 6.5, 8.1, 0.9));
  expect_two_piece(rate, 0.065, 0.073, 0.081, 0.9);
}

TEST(RateDistribution, APublishedValueIsTheMedianEvenAgainstItsIntervalsSkew) {
  // 0.8 % (90 % CI 0.3 to 2.1): skewed further right than any Beta through
  // its ends alone, whose median is above the value. The two-piece Beta
  // keeps the value as the median.
  const PublishedFigure figure = with_interval(value_in(FigureUnit::percent, 0.8), 0.3, 2.1, 0.9);
  const RateDistribution rate = RateDistribution::from_figure(figure);
  expect_two_piece(rate, 0.003, 0.008, 0.021, 0.9);
  PublishedFigure ends_only = figure;
  ends_only.value.reset();
  const RateDistribution single = RateDistribution::from_figure(ends_only);
  EXPECT_GT(single.quantile(0.5), 0.0085);
  // Its mean, in closed form from the pieces' partial expectations, against
  // the integral of the quantile function (midpoint rule, 200,000 steps:
  // error far below 1e-6 relative for a function this smooth away from the
  // ends, whose tails hold little mass).
  double integral = 0.0;
  constexpr int kSteps = 200000;
  for (int i = 0; i < kSteps; ++i) integral += rate.quantile((i + 0.5) / kSteps) / kSteps;
  EXPECT_NEAR(rate.mean(), integral, 1e-6 * integral);
  EXPECT_GT(rate.mean(), 0.008);  // a right-skewed distribution's mean is above its median
}

TEST(RateDistribution, RejectsAValueAtAnEndOfItsInterval) {
  EXPECT_THAT([] { RateDistribution::from_figure(with_interval(value_in(FigureUnit::percent, 6.5), 6.5, 8.1)); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("is an end of its interval")));
}

TEST(RateDistribution, ProportionIntervalWithoutAValueIsFitted) {
  PublishedFigure figure;
  figure.interval = FigureInterval{0.2, 0.3, 0.99, IntervalBasis::assumed};
  expect_quantiles(RateDistribution::from_figure(figure), 0.2, 0.3, 0.99);
}

TEST(RateDistribution, EffectiveSampleSizeKeepsTheMean) {
  // The Leeds trio.any figure with its assumed precision (config/leeds-2020.toml).
  PublishedFigure figure = value_in(FigureUnit::percent, 19.9674293972202);
  figure.effective_sample_size = 2000;
  const RateDistribution rate = RateDistribution::from_figure(figure);
  ASSERT_FALSE(rate.is_point());
  const double p = 19.9674293972202 / 100.0;
  // The shapes are p n and (1 - p) n; mean alpha / (alpha + beta) is p in
  // exact arithmetic, and each of the four floating-point operations
  // involved rounds by at most half an ulp, so the mean is within 4 ulps:
  // EXPECT_DOUBLE_EQ's tolerance.
  EXPECT_DOUBLE_EQ(rate.mean(), p);
  EXPECT_DOUBLE_EQ(rate.shape()->alpha + rate.shape()->beta, 2000.0);
  const beta_distribution<double> beta(rate.shape()->alpha, rate.shape()->beta);
  // Variance of Beta(p n, (1-p) n) is p (1 - p) / (n + 1): the precision of a
  // sample of n. Boost computes it from the shapes; a few ulps again.
  EXPECT_DOUBLE_EQ(boost::math::variance(beta), p * (1.0 - p) / 2001.0);
}

TEST(RateDistribution, PointValueIsAPointMass) {
  const RateDistribution rate = RateDistribution::from_figure(value_in(FigureUnit::proportion, 0.042));
  EXPECT_TRUE(rate.is_point());
  EXPECT_FALSE(rate.shape().has_value());
  for (double u : {1e-12, 0.025, 0.5, 0.975, 1.0 - 1e-12}) EXPECT_EQ(rate.quantile(u), 0.042);
}

TEST(RateDistribution, BetaQuantileIsTheInverseIncompleteBeta) {
  // Reference: Boost's ibeta_inv with its default policy, which evaluates in
  // long double. RateDistribution evaluates in double for speed (see
  // rate_distribution.cpp), which costs a few ulps: at most 3.5e-15 relative
  // over these shapes and u when this test was written. 1e-13 leaves room
  // for other platforms and still fails by ten orders of magnitude if the
  // shapes were swapped or u were used as 1 - u.
  constexpr double kDoubleEvaluationTolerance = 1e-13;
  const BetaShape shapes[] = {{20.0, 380.0}, {0.5, 40.5}, {1288.5, 168134.5}, {2.5, 7.5}};
  for (const BetaShape& shape : shapes) {
    const RateDistribution rate = RateDistribution::beta(shape);
    for (double u : {1e-9, 0.025, 0.3, 0.5, 0.975, 1.0 - 1e-9}) {
      SCOPED_TRACE(testing::Message() << "Beta(" << shape.alpha << ", " << shape.beta << ") at " << u);
      EXPECT_LT(relative_error(rate.quantile(u), boost::math::ibeta_inv(shape.alpha, shape.beta, u)),
                kDoubleEvaluationTolerance);
    }
  }
  EXPECT_EQ(RateDistribution::beta({20.0, 380.0}).mean(), 20.0 / 400.0);
}

// --- Invalid figures -----------------------------------------------------

TEST(RateDistribution, RejectsAPercentAbove100) {
  EXPECT_THAT([] { RateDistribution::from_figure(value_in(FigureUnit::percent, 120)); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("value 120% is outside [0, 100%]")));
}

TEST(RateDistribution, RejectsANegativeValue) {
  EXPECT_THAT([] { RateDistribution::from_figure(value_in(FigureUnit::proportion, -0.1)); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("value -0.1 is outside [0, 1]")));
}

TEST(RateDistribution, RejectsAnIntervalWhoseLowerEndIsAboveItsUpperEnd) {
  EXPECT_THAT(
      [] {
        RateDistribution::from_figure(with_interval(value_in(FigureUnit::percent, 7.3), 8.1, 6.5));
      },
      ThrowsMessage<std::invalid_argument>(
          HasSubstr("interval lower end 8.1% is above its upper end 6.5%")));
}

TEST(RateDistribution, RejectsAnIntervalThatDoesNotContainItsValue) {
  EXPECT_THAT(
      [] {
        RateDistribution::from_figure(with_interval(value_in(FigureUnit::percent, 9.0), 6.5, 8.1));
      },
      ThrowsMessage<std::invalid_argument>(HasSubstr("value 9% is outside its interval")));
}

TEST(RateDistribution, RejectsAZeroWidthInterval) {
  EXPECT_THAT(
      [] {
        RateDistribution::from_figure(with_interval(value_in(FigureUnit::percent, 7.3), 7.3, 7.3));
      },
      ThrowsMessage<std::invalid_argument>(HasSubstr("interval has zero width")));
}

TEST(RateDistribution, RejectsAnIntervalTouchingZeroOrTheWholeAndSaysWhichWayToMoveIt) {
  EXPECT_THAT([] { RateDistribution::from_figure(with_interval(value_in(FigureUnit::percent, 0.5), 0.0, 1.0)); },
              ThrowsMessage<std::invalid_argument>(
                  HasSubstr("touches 0: no Beta distribution has a quantile there; a published interval rounded to 0 "
                            "can be given an end just above it instead")));
  EXPECT_THAT([] { RateDistribution::from_figure(with_interval(value_in(FigureUnit::percent, 99.5), 99.0, 100.0)); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("touches 100%: no Beta distribution has a quantile "
                                                             "there; a published interval rounded to 100% can be "
                                                             "given an end just below it instead")));
}

TEST(RateDistribution, RejectsACountAboveItsDenominator) {
  EXPECT_THAT([] { RateDistribution::from_figure(count_of(11, 10)); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("count x = 11 is above its denominator n = 10")));
}

TEST(RateDistribution, RejectsANegativeCount) {
  EXPECT_THAT([] { RateDistribution::from_figure(count_of(-1, 10)); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("count x = -1 must not be negative")));
}

TEST(RateDistribution, RejectsADenominatorOfZero) {
  EXPECT_THAT([] { RateDistribution::from_figure(count_of(0, 0)); },
              ThrowsMessage<std::invalid_argument>(HasSubstr("denominator n = 0 must be positive")));
}

TEST(RateDistribution, RejectsBothAValueAndACount) {
  EXPECT_THAT(
      [] {
        PublishedFigure figure = count_of(5, 10);
        figure.value = 0.5;
        RateDistribution::from_figure(figure);
      },
      ThrowsMessage<std::invalid_argument>(
          HasSubstr("give either a value (with an optional interval) or a count of n")));
}

TEST(RateDistribution, RejectsAFigureWithNoValueAndNoCount) {
  EXPECT_THAT([] { RateDistribution::from_figure(PublishedFigure{}); },
              ThrowsMessage<std::invalid_argument>(
                  HasSubstr("give either a value (with an optional interval) or a count of n")));
}

TEST(RateDistribution, RejectsBothAnIntervalAndAnEffectiveSampleSize) {
  EXPECT_THAT(
      [] {
        PublishedFigure figure = with_interval(value_in(FigureUnit::percent, 7.3), 6.5, 8.1);
        figure.effective_sample_size = 500;
        RateDistribution::from_figure(figure);
      },
      ThrowsMessage<std::invalid_argument>(
          HasSubstr("give an interval or an effective sample size, not both")));
}

TEST(RateDistribution, RejectsAnEffectiveSampleSizeOnAValueOfZero) {
  EXPECT_THAT(
      [] {
        PublishedFigure figure = value_in(FigureUnit::percent, 0.0);
        figure.effective_sample_size = 500;
        RateDistribution::from_figure(figure);
      },
      ThrowsMessage<std::invalid_argument>(HasSubstr("strictly between 0 and 100%")));
}

// Boost 1.74's ibeta_inv gives up ("200 iterations") on Beta(0.5, 2) below
// u = 1e-10, reachable by a 53-bit uniform; the quantile must still come.
TEST(RateDistribution, QuantileFarInATailWhereBoostsInversionGivesUp) {
  const RateDistribution rate = RateDistribution::beta({0.5, 2.0});
  for (double u : {1e-10, 1e-12, 1e-14}) {
    const double q = rate.quantile(u);
    // Exact to the long-double incomplete beta: 1e-9 relative is the
    // tabulated quantile's stated bound, and its root finding does better.
    EXPECT_NEAR(static_cast<double>(boost::math::ibeta(0.5L, 2.0L, static_cast<long double>(q))), u, 1e-9 * u) << u;
  }
}

}  // namespace
}  // namespace prevalence::models
