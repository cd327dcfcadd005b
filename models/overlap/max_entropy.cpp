#include "models/overlap/max_entropy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace prevalence::models {
namespace {

constexpr signed char kInactive = 0, kAtLower = -1, kAtUpper = 1, kEquality = 2;

// Armijo constant: accept a step once it achieves this share of the decrease
// the gradient predicts (Nocedal and Wright, Numerical Optimization, 3.1).
constexpr double kSufficientDecrease = 1e-4;

}  // namespace

MaxEntropySolver::MaxEntropySolver(int n_conditions, std::span<const CellSet> constraint_sets,
                                   MaxEntropyOptions options)
    : n_conditions_(n_conditions), options_(options), sets_(constraint_sets.begin(), constraint_sets.end()) {
  if (n_conditions < 1 || n_conditions > kMaxConditions)
    throw std::invalid_argument(fmt::format("{} conditions: the joint table supports 1 to {}",
                                            n_conditions, kMaxConditions));
  n_cells_ = cell_count(n_conditions);
  if (static_cast<int>(sets_.size()) > n_cells_)
    throw std::invalid_argument(fmt::format("{} figures about {} cells: at most {} can be independent",
                                            sets_.size(), n_cells_, n_cells_));
  const int m = static_cast<int>(sets_.size());
  indicator_.setZero(m, n_cells_);
  for (int j = 0; j < m; ++j)
    for (int c = 0; c < n_cells_; ++c) indicator_(j, c) = contains(sets_[j], c) ? 1.0 : 0.0;
  multiplier_.setZero(m);
  active_indicator_.resize(m, n_cells_);
  active_target_.resize(m);
  lambda_.resize(m);
  trial_.resize(m);
  gradient_.resize(m);
  step_.resize(m);
  hessian_.resize(m, m);
  cells_.resize(n_cells_);
  trial_cells_.resize(n_cells_);
  reset_warm_start();
}

void MaxEntropySolver::reset_warm_start() {
  multiplier_.setZero();
  state_.fill(kInactive);
}

double MaxEntropySolver::dual_and_cells(const Vector& lambda, std::span<const double> log_base,
                                        Vector& cells) const {
  const int m = n_active_;
  for (int c = 0; c < n_cells_; ++c) cells[c] = log_base[c];
  if (m > 0) cells.noalias() += active_indicator_.topRows(m).transpose() * lambda.head(m);
  // Log-sum-exp with the largest term factored out, so no exp overflows.
  const double largest = cells.maxCoeff();
  double total = 0.0;
  for (int c = 0; c < n_cells_; ++c) total += (cells[c] = std::exp(cells[c] - largest));
  cells /= total;
  const double log_z = largest + std::log(total);
  return log_z - (m > 0 ? lambda.head(m).dot(active_target_.head(m)) : 0.0);
}

bool MaxEntropySolver::solve_active(std::span<const double> log_base, int& steps) {
  const int m = n_active_;
  for (int a = 0; a < m; ++a) lambda_[a] = multiplier_[active_[a]];
  double dual = dual_and_cells(lambda_, log_base, cells_);
  if (m == 0) return true;

  for (;; ++steps) {
    gradient_.head(m).noalias() = active_indicator_.topRows(m) * cells_ - active_target_.head(m);
    if (gradient_.head(m).lpNorm<Eigen::Infinity>() <= options_.tolerance) break;
    if (steps >= options_.max_newton_steps) return false;

    // Hessian of log Z: the covariance of the figures' indicators under the
    // current table, A diag(p) A' - (A p)(A p)'.
    const auto fitted = (gradient_.head(m) + active_target_.head(m)).eval();
    hessian_.topLeftCorner(m, m).noalias() =
        active_indicator_.topRows(m) * cells_.asDiagonal() * active_indicator_.topRows(m).transpose();
    hessian_.topLeftCorner(m, m).noalias() -= fitted * fitted.transpose();
    // A tiny ridge keeps the factorisation defined when figures are
    // redundant (two figures whose sets differ by cells of zero weight).
    hessian_.topLeftCorner(m, m).diagonal().array() += 1e-14;
    factor_.compute(hessian_.topLeftCorner(m, m));
    step_.head(m) = -factor_.solve(gradient_.head(m));

    const double slope = gradient_.head(m).dot(step_.head(m));
    if (!(slope < 0.0)) return false;
    double length = 1.0;
    // Close to the solution the decrease Newton predicts falls below what
    // the dual's value can resolve in double precision, and a line search
    // on it would stall; there the full step is taken, as Newton's method
    // converges quadratically from close by.
    const bool unresolvable = -slope <= 64.0 * std::numeric_limits<double>::epsilon() * (1.0 + std::fabs(dual));
    if (unresolvable) {
      trial_.head(m) = lambda_.head(m) + step_.head(m);
      dual = dual_and_cells(trial_, log_base, trial_cells_);
    }
    while (!unresolvable) {
      trial_.head(m) = lambda_.head(m) + length * step_.head(m);
      const double trial_dual = dual_and_cells(trial_, log_base, trial_cells_);
      if (trial_dual <= dual + kSufficientDecrease * length * slope) {
        dual = trial_dual;
        break;
      }
      length *= 0.5;
      if (length < 1e-12) return false;  // no descent: numerically at the edge
    }
    lambda_.head(m) = trial_.head(m);
    cells_ = trial_cells_;
    if (lambda_.head(m).lpNorm<Eigen::Infinity>() > options_.max_multiplier) return false;
  }
  for (int a = 0; a < m; ++a) multiplier_[active_[a]] = lambda_[a];
  return true;
}

// The active-set loop (about 65 lines): each pass fits the active figures,
// then frees or fixes bands by the signs of the multipliers; its steps share
// the solver's workspace and read best as one loop.
MaxEntropySolver::Outcome MaxEntropySolver::fit(std::span<const double> lower,
                                                std::span<const double> upper,
                                                std::span<const double> log_base,
                                                std::span<double> cells) {
  const int m = n_constraints();
  Outcome outcome;
  for (int j = 0; j < m; ++j) {
    if (lower[j] == upper[j]) state_[j] = kEquality;
    else if (state_[j] == kEquality) state_[j] = kInactive;
  }

  // Each round fits with the current active set, then adds bands the table
  // crosses and drops bands whose multiplier has the wrong sign. Every band
  // changes state at most a few times in practice; the bound stops cycling.
  const int max_rounds = 2 * m + 4;
  for (int round = 0; round < max_rounds; ++round) {
    n_active_ = 0;
    for (int j = 0; j < m; ++j) {
      if (state_[j] == kInactive) {
        multiplier_[j] = 0.0;
        continue;
      }
      active_[n_active_] = j;
      active_indicator_.row(n_active_) = indicator_.row(j);
      active_target_[n_active_] = state_[j] == kAtUpper ? upper[j] : lower[j];
      ++n_active_;
    }
    if (!solve_active(log_base, outcome.newton_steps)) {
      reset_warm_start();  // a failed start must not spoil the next fit
      break;
    }

    bool changed = false;
    outcome.max_violation = 0.0;
    for (int j = 0; j < m; ++j) {
      const double value = indicator_.row(j).dot(cells_);
      const double violation = std::max({0.0, lower[j] - value, value - upper[j]});
      outcome.max_violation = std::max(outcome.max_violation, violation);
      if (state_[j] == kInactive && violation > options_.tolerance) {
        state_[j] = value > upper[j] ? kAtUpper : kAtLower;
        changed = true;
      } else if ((state_[j] == kAtUpper && multiplier_[j] > options_.tolerance) ||
                 (state_[j] == kAtLower && multiplier_[j] < -options_.tolerance)) {
        // Holding the band's end costs entropy: the table wants to be inside.
        state_[j] = kInactive;
        changed = true;
      }
    }
    if (!changed) {
      for (int c = 0; c < n_cells_; ++c) cells[c] = cells_[c];
      outcome.converged = true;
      return outcome;
    }
    if (round + 1 == max_rounds) reset_warm_start();
  }

  // Equalities alone either fit or admit no table; with bands the active set
  // may have failed for want of a consistent choice of ends.
  const bool has_band = [&] {
    for (int j = 0; j < m; ++j)
      if (lower[j] < upper[j]) return true;
    return false;
  }();
  if (has_band && solve_by_coordinate_descent(lower, upper, log_base, outcome)) {
    for (int c = 0; c < n_cells_; ++c) cells[c] = cells_[c];
    outcome.converged = true;
  }
  return outcome;
}

// Cyclic coordinate descent on the dual (about 65 lines): one sweep updates
// each figure's multiplier in closed form; the sweep loop and its
// convergence test share the table being updated, so it stays whole.
bool MaxEntropySolver::solve_by_coordinate_descent(std::span<const double> lower,
                                                   std::span<const double> upper,
                                                   std::span<const double> log_base,
                                                   Outcome& outcome) {
  const int m = n_constraints();
  // Start from the reference table, every multiplier 0.
  const double largest = *std::max_element(log_base.begin(), log_base.begin() + n_cells_);
  double total = 0.0;
  for (int c = 0; c < n_cells_; ++c) total += (cells_[c] = std::exp(log_base[c] - largest));
  cells_ /= total;
  Vector lambda = Vector::Zero(m);
  auto logit = [](double p) { return std::log(p / (1.0 - p)); };

  // The best table so far: the last one inside every band.
  bool feasible = false;
  double feasible_violation = 0.0;
  Vector feasible_lambda = lambda;

  for (int sweep = 0; sweep < options_.max_sweeps; ++sweep) {
    // Each step minimises the dual over one multiplier, in closed form: with
    // the others fixed, the figure's share is a logistic function of it, and
    // the optimum puts the share at the band's nearer end, or leaves the
    // multiplier at 0 if the share is already inside.
    double largest_step = 0.0;  // the most any step moved its own figure
    for (int j = 0; j < m; ++j) {
      const double inside = indicator_.row(j).dot(cells_);
      if (inside <= 0.0 || inside >= 1.0) continue;  // a figure over no or all cells
      const double share_at_zero = 1.0 / (1.0 + std::exp(-(logit(inside) - lambda[j])));
      double target = lambda[j];
      if (share_at_zero < lower[j]) target = logit(lower[j]) - logit(share_at_zero);
      else if (share_at_zero > upper[j]) target = logit(upper[j]) - logit(share_at_zero);
      else target = 0.0;
      const double scale = std::exp(target - lambda[j]);
      const double norm = inside * scale + (1.0 - inside);
      for (int c = 0; c < n_cells_; ++c) cells_[c] *= (indicator_(j, c) > 0.0 ? scale : 1.0) / norm;
      lambda[j] = target;
      largest_step = std::max(largest_step, std::fabs(inside * scale / norm - inside));
    }
    double violation = 0.0;
    for (int j = 0; j < m; ++j) {
      const double value = indicator_.row(j).dot(cells_);
      violation = std::max({violation, lower[j] - value, value - upper[j]});
    }
    if (!std::isfinite(violation) || lambda.lpNorm<Eigen::Infinity>() > options_.max_multiplier) break;
    if (violation <= options_.tolerance) {
      feasible = true;
      feasible_violation = std::max(0.0, violation);
      feasible_lambda = lambda;
      trial_cells_ = cells_;
      // Inside every band is not yet the answer: a multiplier may still
      // hold a figure at an end it has left. Only a sweep that moves no
      // figure is at the maximum-entropy table.
      if (largest_step <= options_.tolerance) break;
    }
  }
  if (!feasible) return false;
  // The last table inside every band: the optimum unless the sweeps ran out.
  cells_ = trial_cells_;
  outcome.max_violation = feasible_violation;
  // Hand the solution to the next fit as its warm start.
  for (int j = 0; j < m; ++j) {
    multiplier_[j] = feasible_lambda[j];
    state_[j] = lower[j] == upper[j]      ? kEquality
                : feasible_lambda[j] > 0.0 ? kAtLower
                : feasible_lambda[j] < 0.0 ? kAtUpper
                                           : kInactive;
  }
  return true;
}

}  // namespace prevalence::models
