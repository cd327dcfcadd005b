#include "models/overlap/joint_table_fitter.hpp"

#include "models/overlap/max_entropy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace prevalence::models {
namespace {

// Bisection steps towards the central figures for an incoherent draw: the
// move is found to 2^-12 of the distance, far finer than the figures'
// own uncertainty.
constexpr int kMoveBisections = 12;

}  // namespace

JointTableFitter::JointTableFitter(JointTableSpec spec, MaxEntropyOptions options)
    : spec_(std::move(spec)),
      solver_(std::make_unique<MaxEntropySolver>(spec_.n_conditions, spec_.figure_cells, options)) {
  const std::size_t m = spec_.figure_cells.size();
  if (spec_.figure_half_band.size() != m || spec_.central_figures.size() != m)
    throw std::invalid_argument("joint table: one band and one central value per figure");
  if (spec_.central_log_odds_ratios.size() != spec_.odds_ratio_pairs.size())
    throw std::invalid_argument("joint table: one central log odds ratio per pair");
  for (auto [a, b] : spec_.odds_ratio_pairs)
    if (a < 0 || b < 0 || a >= spec_.n_conditions || b >= spec_.n_conditions || a == b)
      throw std::invalid_argument("joint table: an odds ratio must join two different conditions");

  const int n_cells = cell_count(spec_.n_conditions);
  log_base_.assign(n_cells, 0.0);
  lower_.assign(m, 0.0);
  upper_.assign(m, 0.0);
  targets_.assign(m, 0.0);
  central_cells_.assign(n_cells, 0.0);

  set_reference(spec_.central_log_odds_ratios);
  int steps = 0;
  if (!try_fit(spec_.central_figures, central_cells_, steps))
    throw std::invalid_argument(
        "the central figures admit no joint table with every cell above zero");
  anchor_.resize(m);
  for (std::size_t j = 0; j < m; ++j) anchor_[j] = sum_over(central_cells_, spec_.figure_cells[j]);
  solver_->reset_warm_start();
}

JointTableFitter::JointTableFitter(const JointTableFitter& other)
    : spec_(other.spec_),
      solver_(std::make_unique<MaxEntropySolver>(*other.solver_)),
      central_cells_(other.central_cells_),
      anchor_(other.anchor_),
      log_base_(other.log_base_),
      lower_(other.lower_),
      upper_(other.upper_),
      targets_(other.targets_) {}

JointTableFitter& JointTableFitter::operator=(const JointTableFitter& other) {
  if (this != &other) *this = JointTableFitter(other);
  return *this;
}

JointTableFitter::JointTableFitter(JointTableFitter&&) noexcept = default;
JointTableFitter& JointTableFitter::operator=(JointTableFitter&&) noexcept = default;
JointTableFitter::~JointTableFitter() = default;

void JointTableFitter::reset_warm_start() { solver_->reset_warm_start(); }

void JointTableFitter::set_reference(std::span<const double> log_odds_ratios) {
  std::fill(log_base_.begin(), log_base_.end(), 0.0);
  for (std::size_t k = 0; k < spec_.odds_ratio_pairs.size(); ++k) {
    const auto [a, b] = spec_.odds_ratio_pairs[k];
    const unsigned both = (1u << a) | (1u << b);
    for (std::size_t c = 0; c < log_base_.size(); ++c)
      if ((c & both) == both) log_base_[c] += log_odds_ratios[k];
  }
}

bool JointTableFitter::try_fit(std::span<const double> targets, std::span<double> cells, int& steps) {
  for (std::size_t j = 0; j < targets.size(); ++j) {
    lower_[j] = std::max(0.0, targets[j] - spec_.figure_half_band[j]);
    upper_[j] = std::min(1.0, targets[j] + spec_.figure_half_band[j]);
  }
  const MaxEntropySolver::Outcome outcome = solver_->fit(lower_, upper_, log_base_, cells);
  steps += outcome.newton_steps;
  return outcome.converged;
}

JointTableFitter::Outcome JointTableFitter::fit(std::span<const double> figures,
                                                std::span<const double> log_odds_ratios,
                                                std::span<double> cells) {
  Outcome outcome;
  set_reference(log_odds_ratios);
  if (try_fit(figures, cells, outcome.newton_steps)) return outcome;

  // The set of figure vectors some table reproduces is convex and the
  // anchor lies inside it, so along the segment from this draw's figures to
  // the anchor there is a first point that works: find it by bisection.
  outcome.moved = true;
  double infeasible = 0.0, feasible = 1.0;
  auto point = [&](double t) {
    for (std::size_t j = 0; j < figures.size(); ++j)
      targets_[j] = (1.0 - t) * figures[j] + t * anchor_[j];
  };
  for (int i = 0; i < kMoveBisections; ++i) {
    const double middle = (infeasible + feasible) / 2.0;
    point(middle);
    if (try_fit(targets_, cells, outcome.newton_steps)) feasible = middle;
    else infeasible = middle;
  }
  point(feasible);
  if (!try_fit(targets_, cells, outcome.newton_steps)) {
    // Only reachable when the solver fails even at a point found feasible a
    // moment ago; fall back to the anchor itself, which always fits.
    feasible = 1.0;
    std::copy(central_cells_.begin(), central_cells_.end(), cells.begin());
  }
  outcome.move = feasible;
  return outcome;
}

}  // namespace prevalence::models
