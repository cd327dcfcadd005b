#pragma once
// Cells of the joint table over K binary conditions (the toxic trio is K = 3,
// 8 cells). Cell c has condition i present when bit i of c is set; a set of
// cells is a 64-bit mask with bit c set for each member. Every published
// figure about overlapping conditions (a prevalence, a pair, "any", "two or
// more", "exactly two", one cell) is the sum of the table over one CellSet.

#include <cstdint>
#include <span>

namespace prevalence::models {

constexpr int kMaxConditions = 6;
constexpr int kMaxCells = 1 << kMaxConditions;

using CellSet = std::uint64_t;
/// Conditions as a bit mask: bit i for condition i.
using ConditionSet = unsigned;

inline int cell_count(int n_conditions) noexcept { return 1 << n_conditions; }

/// Every cell of a K-condition table.
CellSet all_cells(int n_conditions) noexcept;
/// Cells where every condition in `conditions` is present (a prevalence, a pair, all K).
CellSet cells_with_all_of(int n_conditions, ConditionSet conditions) noexcept;
/// Cells where at least one condition in `conditions` is present ("any").
CellSet cells_with_any_of(int n_conditions, ConditionSet conditions) noexcept;
/// Cells with at least `count` conditions present ("two or more").
CellSet cells_with_at_least(int n_conditions, int count) noexcept;
/// Cells with exactly `count` conditions present ("exactly two"; 0 is "none").
CellSet cells_with_exactly(int n_conditions, int count) noexcept;
/// The one cell where exactly `conditions` are present ("DV only", "DV and MH only").
CellSet only_cell(ConditionSet conditions) noexcept;

inline bool contains(CellSet set, int cell) noexcept { return (set >> cell) & 1u; }

/// Sum of `cells` over `set`.
double sum_over(std::span<const double> cells, CellSet set) noexcept;

}  // namespace prevalence::models
