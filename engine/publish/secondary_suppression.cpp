#include "engine/publish/secondary_suppression.hpp"

#include <Eigen/Dense>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace prevalence::publish {
namespace {

std::uint64_t all_cells_mask(int group_cells) {
  return group_cells == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << group_cells) - 1;
}

void check_mask(int group_cells, std::uint64_t cells) {
  if ((cells & ~all_cells_mask(group_cells)) != 0)
    throw std::invalid_argument(
        fmt::format("secondary suppression: cells {:#x} lie outside a group of {} cells", cells, group_cells));
}

void check_group(int group_cells) {
  if (group_cells < 1 || group_cells > 64)
    throw std::invalid_argument(
        fmt::format("secondary suppression: a group has 1 to 64 cells, not {}", group_cells));
}

// The all-ones vector (the population) then one column per shown figure.
Eigen::MatrixXd shown_matrix(int group_cells, std::span<const std::uint64_t> shown) {
  Eigen::MatrixXd matrix(group_cells, static_cast<Eigen::Index>(shown.size() + 1));
  matrix.col(0).setOnes();
  for (std::size_t j = 0; j < shown.size(); ++j)
    for (int c = 0; c < group_cells; ++c)
      matrix(c, static_cast<Eigen::Index>(j + 1)) = static_cast<double>((shown[j] >> c) & 1u);
  return matrix;
}

Eigen::VectorXd cell_vector(int group_cells, std::uint64_t cells) {
  Eigen::VectorXd vector(group_cells);
  for (int c = 0; c < group_cells; ++c) vector(c) = static_cast<double>((cells >> c) & 1u);
  return vector;
}

Eigen::Index rank(const Eigen::MatrixXd& matrix) { return Eigen::FullPivLU<Eigen::MatrixXd>(matrix).rank(); }

// The span of the population and some shown figures: its rank is computed
// once, then each target costs one more decomposition.
class ShownSpan {
 public:
  ShownSpan(int group_cells, std::span<const std::uint64_t> shown)
      : matrix_(shown_matrix(group_cells, shown)), rank_(rank(matrix_)) {}

  bool contains(std::uint64_t target) const {
    Eigen::MatrixXd extended(matrix_.rows(), matrix_.cols() + 1);
    extended << matrix_, cell_vector(static_cast<int>(matrix_.rows()), target);
    return rank(extended) == rank_;
  }

 private:
  Eigen::MatrixXd matrix_;
  Eigen::Index rank_;
};

// Shown figures in the minimum-norm derivation of `target`: positions in `shown`.
std::vector<std::size_t> minimum_norm_support(int group_cells, std::uint64_t target,
                                              std::span<const std::uint64_t> shown) {
  const Eigen::VectorXd coefficients =
      shown_matrix(group_cells, shown).completeOrthogonalDecomposition().solve(cell_vector(group_cells, target));
  std::vector<std::size_t> support;
  for (std::size_t j = 0; j < shown.size(); ++j)
    if (std::fabs(coefficients(static_cast<Eigen::Index>(j + 1))) > 1e-9) support.push_back(j);
  return support;
}

}  // namespace

bool is_derivable(int group_cells, std::uint64_t target, std::span<const std::uint64_t> shown) {
  check_group(group_cells);
  check_mask(group_cells, target);
  for (std::uint64_t cells : shown) check_mask(group_cells, cells);
  return ShownSpan(group_cells, shown).contains(target);
}

std::vector<std::size_t> secondary_suppression(int group_cells, std::span<const GroupFigure> figures) {
  check_group(group_cells);
  const std::uint64_t everything = all_cells_mask(group_cells);
  std::vector<std::size_t> shown, hidden;  // indices into figures
  for (std::size_t i = 0; i < figures.size(); ++i) {
    check_mask(group_cells, figures[i].cells);
    if (figures[i].disclosure == Disclosure::shown) shown.push_back(i);
    else if (figures[i].disclosure == Disclosure::suppressed && figures[i].cells != 0 && figures[i].cells != everything)
      hidden.push_back(i);
  }
  std::vector<std::size_t> added;
  if (hidden.empty()) return added;

  auto masks_of = [&](const std::vector<std::size_t>& indices, std::size_t skip = SIZE_MAX) {
    std::vector<std::uint64_t> masks;
    for (std::size_t k = 0; k < indices.size(); ++k)
      if (k != skip) masks.push_back(figures[indices[k]].cells);
    return masks;
  };
  // Smallest shown value first, then the earlier figure: positions in `shown`.
  auto first_of = [&](const std::vector<std::size_t>& positions) {
    return *std::min_element(positions.begin(), positions.end(), [&](std::size_t a, std::size_t b) {
      const GroupFigure& fa = figures[shown[a]];
      const GroupFigure& fb = figures[shown[b]];
      return fa.shown_value != fb.shown_value ? fa.shown_value < fb.shown_value : shown[a] < shown[b];
    });
  };

  for (;;) {
    const std::vector<std::uint64_t> shown_masks = masks_of(shown);
    const ShownSpan span(group_cells, shown_masks);
    std::vector<std::uint64_t> derivable;
    for (std::size_t h : hidden)
      if (span.contains(figures[h].cells)) derivable.push_back(figures[h].cells);
    if (derivable.empty()) return added;

    std::vector<std::size_t> candidates;
    for (std::size_t k = 0; k < shown.size(); ++k) {
      const ShownSpan without(group_cells, masks_of(shown, k));
      for (std::uint64_t target : derivable)
        if (!without.contains(target)) {
          candidates.push_back(k);
          break;
        }
    }
    if (candidates.empty()) {
      for (std::uint64_t target : derivable)
        for (std::size_t k : minimum_norm_support(group_cells, target, shown_masks)) candidates.push_back(k);
    }
    if (candidates.empty())  // cannot happen: a derivable figure other than 0 or everything uses a shown one
      throw std::logic_error("secondary suppression: a derivable figure with no shown figure to suppress");
    const std::size_t chosen = first_of(candidates);
    added.push_back(shown[chosen]);
    hidden.push_back(shown[chosen]);  // hidden now, so it must not be derivable either
    shown.erase(shown.begin() + static_cast<std::ptrdiff_t>(chosen));
  }
}

}  // namespace prevalence::publish
