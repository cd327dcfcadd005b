#include "models/rate/normal_score_quantile.hpp"

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <utility>

namespace prevalence::models {
namespace {

// Boost evaluates double functions in long double by default: about 9 times
// slower here (1.4 ms a table against 0.15 ms) for a change below 1.2e-10 in a
// tail probability over |z| <= 20 (measured over shapes 0.5 to 2e6), inside the
// bound. An overflow returns infinity instead of throwing: the root-finder
// reads a value it cannot use as "bisect".
using FastPolicy =
    boost::math::policies::policy<boost::math::policies::promote_double<false>,
                                  boost::math::policies::overflow_error<boost::math::policies::ignore_error>>;
using LongDoublePolicy =
    boost::math::policies::policy<boost::math::policies::overflow_error<boost::math::policies::ignore_error>>;

// Evaluated in double, Boost's incomplete beta can underflow inside (a factor
// (1 - x)^b below 1e-308 when the product is not): Beta(10, 1e6) gives 0 for
// tail probabilities under about 1e-290. The exact path beyond |z| = 20 (tail
// 3e-89), which the table never reaches, evaluates in long double.
constexpr double kDoubleLimit = 20.0;

constexpr double kInvSqrt2 = 0.70710678118654752440;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;

// log of the smallest normal double and of the largest double: y stays where
// q (and 1 - q for a Beta) is a normal double, where Boost is accurate.
constexpr double kLowestY = -708.39641853226410622;
constexpr double kHighestLogY = 709.78271289338399673;

// Phi(-37) = 5.7e-300: beyond it the tail probability leaves the normal range.
constexpr double kZLimit = 37.0;

// The finest grid the build refines to: 8 x 136 intervals.
constexpr double kFinestStep = NormalScoreQuantile::kGridStep / 8.0;

// Newton's method converges quadratically: once a step is below 1e-10 (relative
// to |y| when that is above 1) the step after it would be near 1e-20, so the
// root is taken after applying it.
constexpr double kNewtonTolerance = 1e-10;

// Bisection alone narrows the widest bracket (1,417 in y) to rounding in about
// 60 halvings; Newton steps only shorten that.
constexpr int kMaxIterations = 200;

double logistic(double y) { return 1.0 / (1.0 + std::exp(-y)); }

/// The tail probability on one side at the quantile exp(y) or logistic(y), in logs, with its
/// slope in y (positive whichever the side).
struct Tail {
  double log_probability;
  double slope;
};

// Boost's functions take x and form 1 - x themselves, which loses the
// complement's precision when x is near 1. So each is called with the smaller
// of x and 1 - x, swapping the shapes and the tail for the larger.
template <class Policy>
Tail beta_tail(double a, double b, double y, bool upper, const Policy& policy) {
  const double x = logistic(y);
  const double w = logistic(-y);  // 1 - x, to full relative precision
  const bool small_x = x <= 0.5;
  const double density =
      small_x ? boost::math::ibeta_derivative(a, b, x, policy) : boost::math::ibeta_derivative(b, a, w, policy);
  double tail;
  if (upper)
    tail = small_x ? boost::math::ibetac(a, b, x, policy) : boost::math::ibeta(b, a, w, policy);
  else
    tail = small_x ? boost::math::ibeta(a, b, x, policy) : boost::math::ibetac(b, a, w, policy);
  return {std::log(tail), density * x * w / tail};  // dx/dy = x (1 - x)
}

template <class Policy>
Tail gamma_tail(double shape, double y, bool upper, const Policy& policy) {
  const double x = std::exp(y);
  const double density = boost::math::gamma_p_derivative(shape, x, policy);
  const double tail = upper ? boost::math::gamma_q(shape, x, policy) : boost::math::gamma_p(shape, x, policy);
  return {std::log(tail), density * x / tail};  // dx/dy = x
}

// The root in y of g(y) = log T(y) - log Phi(-|z|), T the tail probability on
// z's side (negated for the upper tail so that g increases). y has a log-concave
// density for a Beta or Gamma, so log T is concave in y and Newton's method
// converges from any start; bisection within the bracket catches steps that
// leave it (an overshoot from a poor start) or values that cannot be used.
// Returns -infinity or +infinity when the root lies beyond the y range.
template <class Policy>
double solve_for_y(bool logit, double a, double b, double z, double guess, const Policy& policy) {
  const bool upper = z > 0.0;
  const double log_target = std::log(0.5 * boost::math::erfc(std::fabs(z) * kInvSqrt2, policy));
  const double y_min = kLowestY;
  const double y_max = logit ? -kLowestY : kHighestLogY;
  double lo = y_min;
  double hi = y_max;
  bool lo_seen = false;  // whether g(lo) < 0 was observed, rather than assumed
  bool hi_seen = false;
  double y = std::clamp(guess, lo, hi);
  for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
    const Tail tail = logit ? beta_tail(a, b, y, upper, policy) : gamma_tail(a, y, upper, policy);
    const double g = upper ? log_target - tail.log_probability : tail.log_probability - log_target;
    if (g < 0.0) {
      lo = y;
      lo_seen = true;
    } else if (g > 0.0) {
      hi = y;
      hi_seen = true;
    } else if (g == 0.0) {
      return y;
    } else {
      throw std::domain_error(fmt::format("the quantile of {} at z = {} could not be evaluated at y = {}",
                                          logit ? fmt::format("Beta({}, {})", a, b) : fmt::format("Gamma({})", a), z,
                                          y));
    }
    const bool usable_slope = std::isfinite(tail.slope) && tail.slope > 0.0;
    const double step = -g / tail.slope;
    if (usable_slope && std::fabs(step) <= kNewtonTolerance * std::max(1.0, std::fabs(y))) {
      y += step;
      break;
    }
    const double next = y + step;
    y = usable_slope && next > lo && next < hi ? next : 0.5 * (lo + hi);
    if (hi - lo <= 4.0 * std::numeric_limits<double>::epsilon() * std::max({1.0, std::fabs(lo), std::fabs(hi)})) break;
  }
  // A bracket that closed on an end never seen on the root's side: the root
  // lies beyond it, where q is 0 (or 1 for a Beta) in normal doubles.
  if (!lo_seen && y - y_min < 1e-6) return -std::numeric_limits<double>::infinity();
  if (!hi_seen && y_max - y < 1e-6) return std::numeric_limits<double>::infinity();
  return y;
}

}  // namespace

NormalScoreQuantile NormalScoreQuantile::beta(double a, double b) {
  if (!(a > 0.0 && b > 0.0 && std::isfinite(a) && std::isfinite(b)))
    throw std::invalid_argument(fmt::format("Beta shapes ({}, {}) must be positive and finite", a, b));
  NormalScoreQuantile quantile(true, a, b);
  quantile.build();
  return quantile;
}

NormalScoreQuantile NormalScoreQuantile::gamma(double shape) {
  if (!(shape > 0.0 && std::isfinite(shape)))
    throw std::invalid_argument(fmt::format("Gamma shape {} must be positive and finite", shape));
  NormalScoreQuantile quantile(false, shape, 0.0);
  quantile.build();
  return quantile;
}

double NormalScoreQuantile::exact(double z) const {
  if (std::isnan(z)) return z;
  z = std::clamp(z, -kZLimit, kZLimit);
  const double y = solve(z, guess(z));
  return logit_ ? logistic(y) : std::exp(y);
}

double NormalScoreQuantile::solve(double z, double guess) const {
  if (std::fabs(z) > kDoubleLimit) return solve_for_y(logit_, a_, b_, z, guess, LongDoublePolicy());
  return solve_for_y(logit_, a_, b_, z, guess, FastPolicy());
}

// y' = phi(z) / (f(q) dq/dy). For the second derivative, log y' is
// -z^2/2 - a log q - b log(1 - q) + constant (Beta) or -z^2/2 - a log q + q +
// constant (Gamma); its derivative in z, times y', is y''.
bool NormalScoreQuantile::node_at(double z, double y, Node& node) const {
  if (!std::isfinite(y)) return false;
  const double phi = kInvSqrt2Pi * std::exp(-0.5 * z * z);
  double slope;
  double curvature;
  if (logit_) {
    const double q = logistic(y);
    const double w = logistic(-y);
    const double density = q <= 0.5 ? boost::math::ibeta_derivative(a_, b_, q, FastPolicy())
                                    : boost::math::ibeta_derivative(b_, a_, w, FastPolicy());
    slope = phi / (density * q * w);
    curvature = slope * (-z - slope * (a_ * w - b_ * q));
  } else {
    const double q = std::exp(y);
    slope = phi / (boost::math::gamma_p_derivative(a_, q, FastPolicy()) * q);
    curvature = slope * (-z - slope * (a_ - q));
  }
  if (!(std::isfinite(slope) && slope > 0.0 && std::isfinite(curvature))) return false;
  node = {z, y, slope, curvature};
  return true;
}

double NormalScoreQuantile::guess(double z) const {
  if (intervals_ == 0) return logit_ ? std::log(a_) - std::log(b_) : std::log(a_);
  const double s = (z - table_start_) * inverse_step_;
  if (s >= 0.0 && s <= static_cast<double>(intervals_)) {
    const auto i = std::min(static_cast<std::size_t>(s), intervals_ - 1);
    const double* c = &coefficients_[kCoefficients * i];
    const double t = s - static_cast<double>(i);
    return c[0] + t * (c[1] + t * (c[2] + t * (c[3] + t * (c[4] + t * c[5]))));
  }
  // Beyond the table: Taylor's series from its end, no less far out than the
  // end itself (y increases with z).
  const Node& end = s < 0.0 ? ends_.front() : ends_.back();
  const double dz = z - end.z;
  const double taylor = end.y + dz * (end.slope + 0.5 * dz * end.curvature);
  if (!std::isfinite(taylor)) return end.y;
  return s < 0.0 ? std::min(taylor, end.y) : std::max(taylor, end.y);
}

void NormalScoreQuantile::build() {
  // The first node at z = 0 or, where q is outside the normal double range
  // there (Beta(0.001, 1e7), Gamma(1e-4)), at the first grid point towards
  // the side where it is inside: y increases with z.
  const int half = static_cast<int>(std::lround(kGridEnd / kGridStep));
  int first = 0;
  Node centre{};
  const double y0 = solve(0.0, guess(0.0));
  bool found = node_at(0.0, y0, centre);
  if (!found && std::isinf(y0)) {
    const int toward = y0 < 0.0 ? 1 : -1;
    for (int k = toward; !found && std::abs(k) <= half; k += toward) {
      found = node_at(k * kGridStep, solve(k * kGridStep, guess(k * kGridStep)), centre);
      first = k;
    }
  }
  if (!found) return;  // every call exact

  // Then outwards, each node solved from the previous one's Taylor series
  // (two or three Newton steps), until q leaves the normal range: the nodes
  // kept are contiguous.
  std::vector<Node> below;
  std::vector<Node> above;
  for (int direction : {-1, 1}) {
    std::vector<Node>& side = direction < 0 ? below : above;
    const double h = direction * kGridStep;
    Node previous = centre;
    for (int k = first + direction; std::abs(k) <= half; k += direction) {
      const double z = k * kGridStep;
      const double start = previous.y + h * (previous.slope + 0.5 * h * previous.curvature);
      Node node{};
      if (!node_at(z, solve(z, start), node)) break;
      side.push_back(node);
      previous = node;
    }
  }
  std::vector<Node> nodes(below.rbegin(), below.rend());
  nodes.push_back(centre);
  nodes.insert(nodes.end(), above.begin(), above.end());
  if (nodes.size() < 2) return;
  ends_ = {nodes.front(), nodes.back()};

  double step = kGridStep;
  double previous_error = std::numeric_limits<double>::infinity();
  for (;;) {
    step_ = step;
    inverse_step_ = 1.0 / step;
    table_start_ = nodes.front().z;
    intervals_ = nodes.size() - 1;
    coefficients_.resize(kCoefficients * intervals_);
    for (std::size_t i = 0; i < intervals_; ++i) {
      const Node& n0 = nodes[i];
      const Node& n1 = nodes[i + 1];
      // Quintic Hermite on t in [0, 1]: matches y, y' and y'' (scaled by the
      // step) at both ends.
      const double dy = n1.y - n0.y;
      const double d0 = step * n0.slope;
      const double d1 = step * n1.slope;
      const double e0 = step * step * n0.curvature;
      const double e1 = step * step * n1.curvature;
      double* c = &coefficients_[kCoefficients * i];
      c[0] = n0.y;
      c[1] = d0;
      c[2] = 0.5 * e0;
      c[3] = 10.0 * dy - 6.0 * d0 - 4.0 * d1 - 1.5 * e0 + 0.5 * e1;
      c[4] = -15.0 * dy + 8.0 * d0 + 7.0 * d1 + 1.5 * e0 - e1;
      c[5] = 6.0 * dy - 3.0 * d0 - 3.0 * d1 - 0.5 * e0 + 0.5 * e1;
    }

    // The error term of quintic Hermite is y^(6) t^3 (1 - t)^3 h^6 / 720:
    // largest mid-interval. Each midpoint is solved from the interpolated
    // value (one or two Newton steps) and kept as a node for a finer grid.
    std::vector<Node> midpoints(intervals_);
    double worst = 0.0;
    for (std::size_t i = 0; i < intervals_ && std::isfinite(worst); ++i) {
      const double z = 0.5 * (nodes[i].z + nodes[i + 1].z);
      const double interpolated = guess(z);
      const double y = solve(z, interpolated);
      worst = node_at(z, y, midpoints[i]) ? std::max(worst, std::fabs(interpolated - y))
                                          : std::numeric_limits<double>::infinity();
    }
    max_error_ = worst;
    // Halving the step divides the error by 64 while it is the interpolation's;
    // a smaller gain means the exact values' own noise dominates.
    if (worst <= kErrorBound || step <= kFinestStep || !(worst < previous_error / 8.0)) break;
    previous_error = worst;
    std::vector<Node> finer;
    finer.reserve(2 * nodes.size() - 1);
    for (std::size_t i = 0; i < intervals_; ++i) {
      finer.push_back(nodes[i]);
      finer.push_back(midpoints[i]);
    }
    finer.push_back(nodes.back());
    nodes = std::move(finer);
    step /= 2.0;
  }
}

}  // namespace prevalence::models
