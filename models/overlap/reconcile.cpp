#include "models/overlap/reconcile.hpp"

#include "models/overlap/cell_set.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace prevalence::models {
namespace {

// Lawson and Hanson's active-set NNLS: min |A x - b| over x >= 0.
Eigen::VectorXd non_negative_least_squares(const Eigen::MatrixXd& a, const Eigen::VectorXd& b) {
  const Eigen::Index n = a.cols();
  Eigen::VectorXd x = Eigen::VectorXd::Zero(n);
  std::vector<bool> passive(static_cast<std::size_t>(n), false);
  const double tolerance = 1e-12 * std::max(1.0, a.cwiseAbs().maxCoeff()) * std::max(1.0, b.cwiseAbs().maxCoeff());
  for (int outer = 0; outer < 3 * n + 10; ++outer) {
    const Eigen::VectorXd gradient = a.transpose() * (b - a * x);
    Eigen::Index entering = -1;
    double best = tolerance;
    for (Eigen::Index j = 0; j < n; ++j)
      if (!passive[static_cast<std::size_t>(j)] && gradient(j) > best) best = gradient(j), entering = j;
    if (entering < 0) break;  // Kuhn-Tucker conditions hold
    passive[static_cast<std::size_t>(entering)] = true;
    for (int inner = 0; inner < 3 * n + 10; ++inner) {
      // Unconstrained least squares on the passive set.
      std::vector<Eigen::Index> set;
      for (Eigen::Index j = 0; j < n; ++j)
        if (passive[static_cast<std::size_t>(j)]) set.push_back(j);
      Eigen::MatrixXd sub(a.rows(), static_cast<Eigen::Index>(set.size()));
      for (std::size_t k = 0; k < set.size(); ++k) sub.col(static_cast<Eigen::Index>(k)) = a.col(set[k]);
      const Eigen::VectorXd z_sub = sub.completeOrthogonalDecomposition().solve(b);
      Eigen::VectorXd z = Eigen::VectorXd::Zero(n);
      for (std::size_t k = 0; k < set.size(); ++k) z(set[k]) = z_sub(static_cast<Eigen::Index>(k));
      if (std::all_of(set.begin(), set.end(), [&](Eigen::Index j) { return z(j) > 0.0; })) {
        x = z;
        break;
      }
      // Step back to the boundary and drop the variables that reach zero.
      double alpha = 1.0;
      for (Eigen::Index j : set)
        if (z(j) <= 0.0) alpha = std::min(alpha, x(j) / (x(j) - z(j)));
      x += alpha * (z - x);
      for (Eigen::Index j : set)
        if (x(j) <= tolerance) {
          x(j) = 0.0;
          passive[static_cast<std::size_t>(j)] = false;
        }
    }
  }
  return x;
}

}  // namespace

ReconciledFigures reconcile_figures(int n_conditions, std::span<const FigureBand> figures) {
  // Validates the figures as the coherence check does.
  (void)check_coherence(n_conditions, figures.first(0));
  if (n_conditions < 1 || n_conditions > kMaxConditions)
    throw std::invalid_argument("reconcile_figures: 1 to kMaxConditions conditions");
  const int n_cells = cell_count(n_conditions);
  const auto m = static_cast<Eigen::Index>(figures.size());
  // The figures' rows, each scaled by sqrt(w_j), then the sum-to-one row,
  // weighted far above any figure so that it holds to rounding.
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(m + 1, n_cells);
  Eigen::VectorXd b(m + 1);
  ReconciledFigures out;
  for (Eigen::Index j = 0; j < m; ++j) {
    const FigureBand& figure = figures[static_cast<std::size_t>(j)];
    if (figure.cells == 0 || figure.lower > figure.upper)
      throw std::invalid_argument("reconcile_figures: a figure without cells, or with its band reversed");
    const double f = (figure.lower + figure.upper) / 2.0;
    const double edge = std::clamp(f, 1e-6, 1.0 - 1e-6);
    const double w = 1.0 / (edge * (1.0 - edge));
    out.weights.push_back(w);
    for (int c = 0; c < n_cells; ++c)
      if (contains(figure.cells, c)) a(j, c) = std::sqrt(w);
    b(j) = std::sqrt(w) * f;
  }
  const double sum_weight = 1e4 * std::sqrt(*std::max_element(out.weights.begin(), out.weights.end()) + 1.0);
  a.row(m).setConstant(sum_weight);
  b(m) = sum_weight;
  Eigen::VectorXd p = non_negative_least_squares(a, b);
  p /= p.sum();
  out.cells.assign(p.data(), p.data() + p.size());
  for (Eigen::Index j = 0; j < m; ++j) {
    const FigureBand& figure = figures[static_cast<std::size_t>(j)];
    const double g = sum_over(out.cells, figure.cells);
    out.fitted.push_back(g);
    const double f = (figure.lower + figure.upper) / 2.0;
    out.divergence += out.weights[static_cast<std::size_t>(j)] * (g - f) * (g - f);
  }
  return out;
}

}  // namespace prevalence::models
