#include "models/overlap/cell_set.hpp"

#include <bit>

namespace prevalence::models {
namespace {

template <typename Keep>
CellSet cells_where(int n_conditions, Keep keep) noexcept {
  CellSet set = 0;
  for (int cell = 0; cell < cell_count(n_conditions); ++cell)
    if (keep(static_cast<unsigned>(cell))) set |= CellSet{1} << cell;
  return set;
}

}  // namespace

CellSet all_cells(int n_conditions) noexcept {
  return cells_where(n_conditions, [](unsigned) { return true; });
}

CellSet cells_with_all_of(int n_conditions, ConditionSet conditions) noexcept {
  return cells_where(n_conditions, [&](unsigned c) { return (c & conditions) == conditions; });
}

CellSet cells_with_any_of(int n_conditions, ConditionSet conditions) noexcept {
  return cells_where(n_conditions, [&](unsigned c) { return (c & conditions) != 0; });
}

CellSet cells_with_at_least(int n_conditions, int count) noexcept {
  return cells_where(n_conditions, [&](unsigned c) { return std::popcount(c) >= count; });
}

CellSet cells_with_exactly(int n_conditions, int count) noexcept {
  return cells_where(n_conditions, [&](unsigned c) { return std::popcount(c) == count; });
}

CellSet only_cell(ConditionSet conditions) noexcept { return CellSet{1} << conditions; }

double sum_over(std::span<const double> cells, CellSet set) noexcept {
  double total = 0.0;
  for (std::size_t c = 0; c < cells.size(); ++c)
    if (contains(set, static_cast<int>(c))) total += cells[c];
  return total;
}

}  // namespace prevalence::models
