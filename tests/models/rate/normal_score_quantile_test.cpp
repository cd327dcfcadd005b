// Tests models/rate/normal_score_quantile.cpp: the tabulated quantile
// F^-1(Phi(z)) of a Beta or Gamma against the exact one.
//
// The reference is no inverse function: a returned q's relative error is read
// off the forward function, Boost's incomplete beta or gamma in its default
// (long double) policy. With T the tail probability on z's side, a relative
// error e in q moves log T by e d(log T)/d(log q), so
// e = |log T(q) - log Phi(-|z|)| / (f(q) q / T(q)) to first order. That shares
// nothing with the root-finding under test, nor with Boost's own inverses.

#include "models/rate/normal_score_quantile.hpp"

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <ostream>
#include <stdexcept>
#include <vector>

namespace prevalence::models {
namespace {

using testing::HasSubstr;
using testing::ThrowsMessage;

constexpr double kBound = NormalScoreQuantile::kErrorBound;

struct Shape {
  bool beta;
  double a;
  double b;  // unused for a Gamma
};

std::ostream& operator<<(std::ostream& out, const Shape& shape) {
  if (shape.beta) return out << "Beta(" << shape.a << ", " << shape.b << ")";
  return out << "Gamma(" << shape.a << ")";
}

NormalScoreQuantile make(const Shape& shape) {
  return shape.beta ? NormalScoreQuantile::beta(shape.a, shape.b) : NormalScoreQuantile::gamma(shape.a);
}

// Relative error of q as the quantile at z (see the file comment).
double relative_error(const Shape& shape, double q, double z) {
  using namespace boost::math;
  const bool upper = z > 0.0;
  const double target = 0.5 * erfc(std::fabs(z) / std::sqrt(2.0));
  const auto backward = [target](double tail, double density, double x) {
    return std::fabs(std::log(tail / target)) / (density * x / tail);
  };
  const double a = shape.a;
  const double b = shape.b;
  if (!shape.beta) return backward(upper ? gamma_q(a, q) : gamma_p(a, q), gamma_p_derivative(a, q), q);
  if (q <= 0.5) return backward(upper ? ibetac(a, b, q) : ibeta(a, b, q), ibeta_derivative(a, b, q), q);
  // Near 1 the complement w = 1 - q (exact for q >= 1/2) carries the
  // information; a relative error e in w is e w / q in q.
  const double w = 1.0 - q;
  const auto tail_of_w = [&](double x) { return upper ? ibeta(b, a, x) : ibetac(b, a, x); };
  if (w == 0.0) {
    // q rounded to 1: right to within the bound if the exact 1 - q is below it.
    const double tail = tail_of_w(kBound);
    return (upper ? tail >= target : tail <= target) ? 0.0 : 1.0;
  }
  return backward(tail_of_w(w), ibeta_derivative(b, a, w), w) * w / q;
}

// Every node, quarter point and midpoint of the grid (the error of a quintic
// Hermite interpolant peaks mid-interval); returns the worst relative error.
double worst_on_dense_grid(const Shape& shape, const NormalScoreQuantile& quantile) {
  double worst = 0.0;
  const double start = quantile.table_start();
  const auto points = static_cast<int>(std::lround((quantile.table_end() - start) / quantile.step() * 4.0));
  for (int k = 0; k <= points; ++k) {
    const double z = start + k * quantile.step() / 4.0;
    const double error = relative_error(shape, quantile(z), z);
    // The documented bound itself: the reference is good to better than 1e-13
    // (Boost in long double; the first-order estimate's own error is near
    // 1e-18), so what exceeds the bound is the table's.
    EXPECT_LE(error, kBound) << shape << " at z = " << z;
    if (!(error <= worst)) worst = error;
  }
  return worst;
}

// The documented bound, over the whole grid, for a shape the first grid
// serves (both Beta shapes >= 0.5, or a Gamma shape >= 0.5).
void expect_within_bound(const Shape& shape) {
  SCOPED_TRACE(testing::Message() << shape);
  const NormalScoreQuantile quantile = make(shape);
  // No refinement: the build stays at 137 nodes and 136 midpoints.
  EXPECT_EQ(quantile.step(), NormalScoreQuantile::kGridStep);
  EXPECT_EQ(quantile.table_start(), -NormalScoreQuantile::kGridEnd);
  EXPECT_EQ(quantile.table_end(), NormalScoreQuantile::kGridEnd);
  EXPECT_LE(quantile.max_error(), kBound);
  const double worst = worst_on_dense_grid(shape, quantile);
  // max_error() is what the build measured at the midpoints, in y, which
  // bounds the error of q and, for a Beta, of 1 - q: q's own error can be far
  // smaller, never much larger. "Much": away from the midpoint the error term
  // changes with y^(6) (measured up to 12 % more), and the build's exact values
  // carry the double-precision noise of Boost's functions (up to 1e-10 with
  // shapes near 1e6), which the long double reference does not.
  EXPECT_LE(worst, 1.5 * quantile.max_error() + 1e-10);
}

const std::vector<double> kBetaShapes = {0.5, 1, 2, 10, 100, 1e4, 1e6};

TEST(NormalScoreQuantile, BetaMeetsItsBoundOnADenseGrid) {
  // Beta(0.5, 0.5) is the worst case; Beta(0.5, 2) is where Boost 1.74's
  // ibeta_inv fails to converge (z near -6.3); with shapes near 1e6 the upper
  // tail (z up to 8.5, u within 1e-17 of 1) would be lost by inverting at
  // Phi(z) rather than at Phi(-z) in the upper tail's own function.
  for (double a : kBetaShapes)
    for (double b : kBetaShapes) expect_within_bound({true, a, b});
}

TEST(NormalScoreQuantile, JeffreysBetaMeetsItsBound) {
  // Beta(x + 1/2, n - x + 1/2) for x = 0 of n: the most skewed count.
  for (double n : {0.0, 1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6}) expect_within_bound({true, 0.5, n + 0.5});
}

TEST(NormalScoreQuantile, GammaMeetsItsBound) {
  for (double shape : {0.5, 1.0, 5.0, 50.0, 5000.0, 1e6}) expect_within_bound({false, shape, 0.0});
}

TEST(NormalScoreQuantile, SmallShapesRefineTheGridUntilTheBoundHolds) {
  // Well below 0.5 the first grid misses the bound (Beta(0.05, 0.05) by 1.5e-5,
  // Beta(0.2, 0.2) by 1.3e-8); the build halves the step until it holds. Beta(0.05, 0.05)'s quantile leaves
  // the normal double range before |z| = 8.5, Gamma(0.01)'s below z = -3.2:
  // the table ends there and the rest is exact.
  for (const Shape shape :
       {Shape{true, 0.05, 0.05}, Shape{true, 0.2, 0.2}, Shape{false, 0.1, 0.0}, Shape{false, 0.01, 0.0}}) {
    SCOPED_TRACE(testing::Message() << shape);
    const NormalScoreQuantile quantile = make(shape);
    EXPECT_LT(quantile.step(), NormalScoreQuantile::kGridStep);
    EXPECT_LE(quantile.max_error(), kBound);
    worst_on_dense_grid(shape, quantile);
  }
  EXPECT_GT(NormalScoreQuantile::gamma(0.01).table_start(), -3.5);
  EXPECT_LT(NormalScoreQuantile::beta(0.05, 0.05).table_end(), NormalScoreQuantile::kGridEnd);
}

const std::vector<Shape> kSampleShapes = {{true, 0.5, 0.5},  {true, 0.5, 1e6 + 0.5}, {true, 23.7, 1976.3},
                                          {true, 1e6, 1e6},  {true, 1e6, 0.5},       {false, 0.5, 0.0},
                                          {false, 5.0, 0.0}, {false, 1e6, 0.0}};

TEST(NormalScoreQuantile, IncreasesWithZ) {
  for (const Shape& shape : kSampleShapes) {
    SCOPED_TRACE(testing::Message() << shape);
    const NormalScoreQuantile quantile = make(shape);
    double previous = quantile(-9.0);
    for (double z = -9.0 + 1.0 / 1024; z <= 9.0; z += 1.0 / 1024) {
      const double q = quantile(z);
      ASSERT_LE(previous, q) << "at z = " << z;
      previous = q;
    }
    // Across every node, where one polynomial hands over to the next, and
    // across the table's ends, where the exact path takes over.
    for (double node = quantile.table_start(); node <= quantile.table_end(); node += quantile.step()) {
      EXPECT_LE(quantile(node - 1e-9), quantile(node)) << "at node " << node;
      EXPECT_LE(quantile(node), quantile(node + 1e-9)) << "at node " << node;
    }
  }
}

TEST(NormalScoreQuantile, BeyondTheGridIsExact) {
  // Shapes of moderate size, whose exact quantile Boost's functions give to
  // within a few hundred ulps: 1e-12 is far below the table's bound (so this
  // would catch the table extrapolated) and above that rounding.
  constexpr double kExactTolerance = 1e-12;
  for (const Shape shape :
       {Shape{true, 2.0, 50.0}, Shape{true, 0.5, 1000.5}, Shape{false, 0.5, 0.0}, Shape{false, 5.0, 0.0}}) {
    SCOPED_TRACE(testing::Message() << shape);
    const NormalScoreQuantile quantile = make(shape);
    // Past 20 the exact path evaluates in long double; past 37 the tail
    // probability leaves the normal double range and z is taken as 37.
    for (double z : {8.5, 8.6, 10.0, 20.0, 25.0, 37.0}) {
      for (double signed_z : {-z, z}) {
        const double q = quantile(signed_z);
        EXPECT_EQ(q, quantile.exact(signed_z)) << signed_z;
        if (q > std::numeric_limits<double>::min() && q < 1.0) {
          EXPECT_LE(relative_error(shape, q, signed_z), kExactTolerance) << signed_z;
        }
      }
    }
    EXPECT_EQ(quantile(40.0), quantile(37.0));
    EXPECT_EQ(quantile(-std::numeric_limits<double>::infinity()), quantile(-37.0));
  }
  // Beta(0.5, 0.5) at z = -37 is (pi Phi(-37) / 2)^2, about 1e-599: 0 in
  // doubles, and by symmetry 1 at z = 37.
  const NormalScoreQuantile arcsine = NormalScoreQuantile::beta(0.5, 0.5);
  EXPECT_EQ(arcsine(-37.0), 0.0);
  EXPECT_EQ(arcsine(37.0), 1.0);
}

TEST(NormalScoreQuantile, TheTableCoversOnlyWhereTheQuantileIsANormalDouble) {
  // Beta(0.001, 1e7)'s median is below 1e-308: the table starts above z = 0.
  // Gamma(1e-20)'s quantile is below it for every z up to 8.5: no table, and
  // every call exact. The exact path is held to the table's bound, the one
  // callers rely on whichever path answers.
  const Shape beta{true, 0.001, 1e7};
  const NormalScoreQuantile from_above_zero = make(beta);
  EXPECT_GT(from_above_zero.table_start(), 0.0);
  EXPECT_EQ(from_above_zero.table_end(), NormalScoreQuantile::kGridEnd);
  EXPECT_EQ(from_above_zero(0.0), 0.0);
  EXPECT_LE(relative_error(beta, from_above_zero(5.0), 5.0), kBound);

  const Shape gamma{false, 1e-20, 0.0};
  const NormalScoreQuantile empty = make(gamma);
  EXPECT_EQ(empty.table_start(), empty.table_end());
  EXPECT_EQ(empty(0.0), 0.0);
  const double q = empty(9.0);
  ASSERT_GT(q, 0.0);
  EXPECT_LE(relative_error(gamma, q, 9.0), kBound);
}

TEST(NormalScoreQuantile, NotANumberGivesNotANumber) {
  EXPECT_TRUE(std::isnan(NormalScoreQuantile::beta(2.0, 3.0)(std::numeric_limits<double>::quiet_NaN())));
  EXPECT_TRUE(std::isnan(NormalScoreQuantile::gamma(2.0)(std::numeric_limits<double>::quiet_NaN())));
}

TEST(NormalScoreQuantile, RejectsShapesThatAreNotPositiveAndFinite) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double infinity = std::numeric_limits<double>::infinity();
  for (double bad : {0.0, -1.0, nan, infinity}) {
    EXPECT_THAT([&] { NormalScoreQuantile::beta(bad, 1.0); },
                ThrowsMessage<std::invalid_argument>(HasSubstr("must be positive and finite")));
    EXPECT_THAT([&] { NormalScoreQuantile::beta(1.0, bad); },
                ThrowsMessage<std::invalid_argument>(HasSubstr("must be positive and finite")));
    EXPECT_THAT([&] { NormalScoreQuantile::gamma(bad); },
                ThrowsMessage<std::invalid_argument>(HasSubstr("must be positive and finite")));
  }
}

}  // namespace
}  // namespace prevalence::models
