#pragma once
// The quantile of a Beta or Gamma distribution at a standard-normal score,
// tabulated once per distribution. The engine couples draws across areas
// through normal scores (a Gaussian copula) and then needs one quantile per
// area, cell and draw: 151 areas x 100,000 draws x 8 cells is 1.2e8 of them,
// minutes by root-finding and about a second from a table.

#include <cmath>
#include <cstddef>
#include <vector>

namespace prevalence::models {

/// The quantile function of a continuous distribution as a function of a standard-normal score z:
/// q(z) = F^-1(Phi(z)), tabulated once on a uniform grid of z and interpolated.
///
/// Why: with z = sqrt(rho) z_shared + sqrt(1 - rho) z_own per area, every draw needs F^-1(Phi(z))
/// for every area and cell. An exact inversion costs about a microsecond; a table lookup, about 10 ns.
///
/// How: q is interpolated on a scale where it is smooth and unbounded, y = logit q for a Beta and
/// y = log q for a Gamma, by quintic Hermite interpolation between grid nodes at which y and its
/// first two derivatives in z are exact (dy/dz = phi(z) / (f(q) dq/dy); the second derivative
/// follows from the first in closed form). Cubic Hermite would need a step near 1/40, five times the
/// nodes, to meet the same bound. The grid covers |z| <= 8.5 with step 1/8: every normal score of a
/// 53-bit uniform (|z| <= 8.3) and all but 2e-17 of Boost's ziggurat normals. Beyond it, and
/// wherever q leaves the normal range of a double, q is computed exactly (exact()).
///
/// Error bound: |y_interpolated - y| <= 1e-9 (kErrorBound), so the relative error of q is at most
/// 1e-9, and for a Beta that of 1 - q as well (before q is rounded to a double). A quintic Hermite
/// interpolant's error peaks mid-interval: the build measures it at the midpoint of every interval
/// against exact() and halves the step (to 1/64 at finest) while the bound is missed; max_error() is
/// the worst measured. With both shapes >= 0.5 the first grid meets it: Beta(0.5, 0.5) is the worst
/// case, 2.6e-10, over Beta shapes {0.5, 1, 2, 10, 100, 1e4, 1e6}^2, Beta(0.5, n + 0.5) for n up to
/// 1e6 and Gamma shapes 0.5 to 1e6. The exact quantile itself is as good as Boost's incomplete beta
/// and gamma functions: about 1e-10 relative with a shape near 1e6, far better with small shapes.
///
/// Cost: building takes about 410 evaluations of the incomplete beta or gamma function (137 nodes and
/// 136 midpoints, one to three Newton steps each): 0.07 to 0.3 ms measured, but 1.3 ms for Gamma(1e6),
/// whose gamma_p Boost computes slowly. A lookup is an index, a polynomial of degree 5 and one exp:
/// about 10 ns, against about 0.9 us for Boost's ibeta_inv (bench/models/rate/normal_score_quantile_bench.cpp).
/// Immutable once built: one table can serve any number of threads.
class NormalScoreQuantile {
 public:
  /// Bound on |y_interpolated - y| that the build enforces: see the class comment.
  static constexpr double kErrorBound = 1e-9;
  /// The table covers z in [-kGridEnd, kGridEnd] (less if q leaves the normal double range).
  static constexpr double kGridEnd = 8.5;
  /// Grid step before any refinement: 136 intervals.
  static constexpr double kGridStep = 0.125;

  /// Beta(a, b): interpolated on the logit scale.
  /// @throw std::invalid_argument unless a, b > 0 and finite; std::domain_error (or Boost's
  ///        evaluation_error) should Boost fail to evaluate the distribution, not seen with shapes
  ///        from 1e-3 to 1e8
  static NormalScoreQuantile beta(double a, double b);

  /// Gamma(shape, scale 1): interpolated on the log scale.
  /// @throw std::invalid_argument unless shape > 0 and finite; otherwise as beta()
  static NormalScoreQuantile gamma(double shape);

  /// F^-1(Phi(z)) from the table; outside it computed exactly (rare: |z| > 8.5). NaN gives NaN.
  double operator()(double z) const {
    const double s = (z - table_start_) * inverse_step_;
    // Negated so that NaN, too, takes the exact path.
    if (!(s >= 0.0 && s < static_cast<double>(intervals_))) [[unlikely]]
      return exact(z);
    const auto i = static_cast<std::size_t>(s);
    const double t = s - static_cast<double>(i);
    const double* c = &coefficients_[kCoefficients * i];
    const double y = c[0] + t * (c[1] + t * (c[2] + t * (c[3] + t * (c[4] + t * c[5]))));
    return logit_ ? 1.0 / (1.0 + std::exp(-y)) : std::exp(y);
  }

  /// F^-1(Phi(z)) by root-finding (Newton's method on the log tail probability, in y), with the
  /// upper tail's own functions for z > 0 so that u near 1 loses no precision. About 0.4 us within
  /// the table's range (one Newton step from the interpolated value), a few steps beyond it. |z|
  /// beyond 37 (tail probability below 1e-299) is taken as 37; a quantile below the smallest normal
  /// double is returned as 0, and for a Beta one above 1 - 2.2e-308 as 1.
  double exact(double z) const;

  /// The worst |y_interpolated - y| measured at the interval midpoints when the table was built;
  /// at most kErrorBound unless even the finest grid missed it. 0 for an empty table.
  double max_error() const noexcept { return max_error_; }

  /// The z range the table covers; both 0 when it is empty (every call exact).
  double table_start() const noexcept { return table_start_; }
  double table_end() const noexcept { return table_start_ + static_cast<double>(intervals_) * step_; }
  /// The grid step the build settled on: kGridStep, or a half, quarter or eighth of it.
  double step() const noexcept { return step_; }

 private:
  /// A grid node: the transformed quantile y and its first two derivatives in z.
  struct Node {
    double z;
    double y;
    double slope;
    double curvature;
  };
  static constexpr std::size_t kCoefficients = 6;

  NormalScoreQuantile(bool logit, double a, double b) : logit_(logit), a_(a), b_(b) {}
  void build();
  double solve(double z, double guess) const;
  bool node_at(double z, double y, Node& node) const;
  double guess(double z) const;

  bool logit_;  // Beta (logit scale, shapes a_, b_) or Gamma (log scale, shape a_)
  double a_;
  double b_;
  double table_start_ = 0.0;
  double step_ = kGridStep;
  double inverse_step_ = 1.0 / kGridStep;
  std::size_t intervals_ = 0;
  double max_error_ = 0.0;
  std::vector<double> coefficients_;  // kCoefficients per interval, in powers of t = (z - z_i) / step
  std::vector<Node> ends_;            // the table's first and last nodes: starting guesses beyond it
};

}  // namespace prevalence::models
