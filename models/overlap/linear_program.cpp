#include "models/overlap/linear_program.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace prevalence::models {
namespace {

// Row-major: every pivot is a sweep of row operations.
using Tableau = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Tolerances, each relative to the size of the data it is compared with.
// Rounding after a few hundred pivots on data of order 1 leaves errors near
// 1e-13; every tolerance below sits well above that and at or below any
// quantity that means something to the callers (the coherence check calls a
// figure moved at 1e-9 of a proportion, 1e-7 of a percentage point).
//
// A tableau entry smaller than this (times the largest |E_ij|) is taken to be
// zero: it cannot be a pivot, and a column with no larger positive entry
// makes the problem unbounded. Pivoting on rounding noise would divide by it
// and destroy the tableau.
constexpr double kPivotTolerance = 1e-9;
// A reduced cost must be below -this (times the scale of the costs: in
// phase 1, whose reduced costs are column sums of E, the largest |E_ij|; in
// phase 2 the largest |c_j|, at least 1) for its variable to enter: a cost
// that is zero but for rounding would otherwise make the method pivot on
// between equal vertices.
constexpr double kCostTolerance = 1e-9;
// Phase 1 ends with the artificials summing to at most this (times the
// largest f_i, at least 1) when the problem is feasible; more is a real
// residual, so no x fits E x = f. Also the size of a negative basic value
// that is rounding and is set to 0.
constexpr double kFeasibilityTolerance = 1e-9;
// Ratios in the ratio test this close (relative) are ties, broken by Bland's
// lowest index. Degenerate rows have ratio exactly 0 in exact arithmetic;
// without this, rounding would break ties by noise and void the no-cycling
// guarantee.
constexpr double kTieTolerance = 1e-12;

struct Tolerances {
  double pivot;
  double cost;
  double feasibility;
};

// Pivots on (p, q): variable q enters the basis in row p.
void pivot(Tableau& t, std::vector<int>& basis, Eigen::Index p, Eigen::Index q) {
  t.row(p) /= t(p, q);
  for (Eigen::Index r = 0; r < t.rows(); ++r) {
    if (r == p) continue;
    const double factor = t(r, q);  // copied: the row update overwrites it
    if (factor != 0.0) t.row(r) -= factor * t.row(p);
  }
  // The entering column is a unit vector in exact arithmetic; storing it so
  // keeps its reduced cost exactly 0, so Bland's rule never picks a basic
  // variable to enter.
  t.col(q).setZero();
  t(p, q) = 1.0;
  basis[static_cast<std::size_t>(p)] = static_cast<int>(q);
}

enum class Ending { optimal, unbounded };

// The simplex method on a tableau whose last row holds the reduced costs
// (and minus the objective in the last column) and whose last column holds
// the basic values. Only columns [0, n_enterable) may enter.
Ending run_simplex(Tableau& t, std::vector<int>& basis, Eigen::Index n_enterable,
                   const Tolerances& tol, int& pivots, int max_pivots) {
  const Eigen::Index m = t.rows() - 1;  // constraint rows
  const Eigen::Index rhs = t.cols() - 1;
  for (;;) {
    // Bland: the lowest-numbered improving column enters.
    Eigen::Index q = -1;
    for (Eigen::Index j = 0; j < n_enterable; ++j) {
      if (t(m, j) < -tol.cost) {
        q = j;
        break;
      }
    }
    if (q < 0) return Ending::optimal;

    // Ratio test; ties go to the lowest-numbered basic variable (Bland).
    double best_ratio = std::numeric_limits<double>::infinity();
    for (Eigen::Index i = 0; i < m; ++i)
      if (t(i, q) > tol.pivot) best_ratio = std::min(best_ratio, t(i, rhs) / t(i, q));
    if (best_ratio == std::numeric_limits<double>::infinity()) return Ending::unbounded;
    const double tie = best_ratio + kTieTolerance * std::max(1.0, best_ratio);
    Eigen::Index p = -1;
    for (Eigen::Index i = 0; i < m; ++i) {
      if (t(i, q) > tol.pivot && t(i, rhs) / t(i, q) <= tie &&
          (p < 0 || basis[static_cast<std::size_t>(i)] < basis[static_cast<std::size_t>(p)]))
        p = i;
    }

    if (++pivots > max_pivots)
      throw std::runtime_error(fmt::format(
          "linear programme: the simplex method has not finished after {} pivots; with Bland's "
          "rule that means rounding error, so rescale the problem",
          max_pivots));
    pivot(t, basis, p, q);
    // Basic values cannot be negative; what rounding pushed below 0 is 0.
    for (Eigen::Index i = 0; i < m; ++i)
      if (t(i, rhs) < 0.0 && t(i, rhs) > -tol.feasibility) t(i, rhs) = 0.0;
  }
}

void validate(const Eigen::MatrixXd& E, const Eigen::VectorXd& f, const Eigen::VectorXd& c) {
  if (E.cols() == 0)
    throw std::invalid_argument("linear programme: E has no columns; there must be at least one variable");
  if (f.size() != E.rows())
    throw std::invalid_argument(
        fmt::format("linear programme: f has {} entries but E has {} rows", f.size(), E.rows()));
  if (c.size() != E.cols())
    throw std::invalid_argument(
        fmt::format("linear programme: c has {} entries but E has {} columns", c.size(), E.cols()));
  for (Eigen::Index i = 0; i < E.rows(); ++i)
    for (Eigen::Index j = 0; j < E.cols(); ++j)
      if (!std::isfinite(E(i, j)))
        throw std::invalid_argument(fmt::format("linear programme: E({}, {}) is {}, not a finite number", i, j, E(i, j)));
  for (Eigen::Index i = 0; i < f.size(); ++i) {
    if (!std::isfinite(f[i]))
      throw std::invalid_argument(fmt::format("linear programme: f[{}] is {}, not a finite number", i, f[i]));
    if (f[i] < 0.0)
      throw std::invalid_argument(fmt::format(
          "linear programme: f[{}] is {}, but the right-hand side must be >= 0 (multiply that row of E "
          "and f by -1)",
          i, f[i]));
  }
  for (Eigen::Index j = 0; j < c.size(); ++j)
    if (!std::isfinite(c[j]))
      throw std::invalid_argument(fmt::format("linear programme: c[{}] is {}, not a finite number", j, c[j]));
}

}  // namespace

// The two-phase simplex method in one function of about 90 lines: its phases
// share one tableau and basis, and it reads as the textbook algorithm
// (Chvatal, Linear Programming, ch. 2 and 8) it follows step by step.
LinearProgramResult solve_linear_program(const Eigen::MatrixXd& E, const Eigen::VectorXd& f,
                                         const Eigen::VectorXd& c) {
  validate(E, f, c);
  const Eigen::Index m = E.rows();
  const Eigen::Index n = E.cols();

  const double e_scale = m > 0 && E.cwiseAbs().maxCoeff() > 0.0 ? E.cwiseAbs().maxCoeff() : 1.0;
  const double f_scale = std::max(1.0, m > 0 ? f.maxCoeff() : 0.0);
  const double c_scale = std::max(1.0, c.cwiseAbs().maxCoeff());
  const Tolerances phase1_tol{kPivotTolerance * e_scale, kCostTolerance * e_scale,
                              kFeasibilityTolerance * f_scale};
  const Tolerances phase2_tol{kPivotTolerance * e_scale, kCostTolerance * c_scale,
                              kFeasibilityTolerance * f_scale};
  // Bland's rule finishes, but may visit many vertices; typical problems take
  // a small multiple of m + n pivots. This bound is two orders of magnitude
  // beyond that and is only a guard against rounding-induced cycling.
  const int max_pivots = static_cast<int>(100 * (m + n) + 1000);

  LinearProgramResult result;

  // Phase 1: [E I f] with the artificials I basic; minimise their sum. Its
  // reduced costs are 0 for the artificials and minus the column sums of E
  // for the rest; the corner holds minus the sum of f.
  Tableau t = Tableau::Zero(m + 1, n + m + 1);
  t.topLeftCorner(m, n) = E;
  t.block(0, n, m, m).setIdentity();
  t.topRightCorner(m, 1) = f;
  if (m > 0) t.row(m).head(n) = -E.colwise().sum();
  t(m, n + m) = -f.sum();
  std::vector<int> basis(static_cast<std::size_t>(m));
  for (Eigen::Index i = 0; i < m; ++i) basis[static_cast<std::size_t>(i)] = static_cast<int>(n + i);

  // An artificial that has left never returns (only columns < n may enter):
  // that is the same as deleting its column, which changes no feasible x.
  run_simplex(t, basis, n, phase1_tol, result.pivots, max_pivots);  // bounded below by 0
  if (-t(m, n + m) > phase1_tol.feasibility) {
    result.status = LinearProgramStatus::infeasible;
    result.objective = std::numeric_limits<double>::infinity();
    return result;
  }

  // Drive the artificials still basic (at value 0) out of the basis. Where a
  // row has no usable entry among the real columns, that row of E is a
  // combination of the others and is dropped.
  std::vector<Eigen::Index> kept_rows;
  for (Eigen::Index i = 0; i < m; ++i) {
    if (basis[static_cast<std::size_t>(i)] >= n) {
      Eigen::Index q = -1;
      for (Eigen::Index j = 0; j < n && q < 0; ++j)
        if (std::abs(t(i, j)) > phase1_tol.pivot) q = j;
      if (q < 0) continue;  // redundant
      // The artificial is 0 up to rounding; making it exactly 0 lets a
      // negative pivot element keep every basic value unchanged.
      t(i, n + m) = 0.0;
      pivot(t, basis, i, q);
      ++result.pivots;
    }
    kept_rows.push_back(i);
  }

  // Phase 2: the kept rows, the real columns and the right-hand side, with
  // the reduced costs of c for the basis phase 1 found.
  const auto k = static_cast<Eigen::Index>(kept_rows.size());
  Tableau t2(k + 1, n + 1);
  std::vector<int> basis2(static_cast<std::size_t>(k));
  for (Eigen::Index r = 0; r < k; ++r) {
    const Eigen::Index i = kept_rows[static_cast<std::size_t>(r)];
    t2.row(r).head(n) = t.row(i).head(n);
    t2(r, n) = t(i, n + m);
    basis2[static_cast<std::size_t>(r)] = basis[static_cast<std::size_t>(i)];
  }
  t2.row(k).head(n) = c.transpose();
  t2(k, n) = 0.0;
  for (Eigen::Index r = 0; r < k; ++r) {
    const double cost = c[basis2[static_cast<std::size_t>(r)]];
    if (cost != 0.0) t2.row(k) -= cost * t2.row(r);
  }
  for (Eigen::Index r = 0; r < k; ++r) t2(k, basis2[static_cast<std::size_t>(r)]) = 0.0;

  const Ending ending = run_simplex(t2, basis2, n, phase2_tol, result.pivots, max_pivots);

  result.x = Eigen::VectorXd::Zero(n);
  for (Eigen::Index r = 0; r < k; ++r)
    result.x[basis2[static_cast<std::size_t>(r)]] = std::max(0.0, t2(r, n));
  if (ending == Ending::unbounded) {
    result.status = LinearProgramStatus::unbounded;
    result.objective = -std::numeric_limits<double>::infinity();
  } else {
    result.status = LinearProgramStatus::optimal;
    result.objective = c.dot(result.x);
  }
  return result;
}

}  // namespace prevalence::models
