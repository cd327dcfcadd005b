#pragma once
// An exact check of derivability for the tests, independent of Eigen's
// floating-point rank: fraction-free (Bareiss) Gaussian elimination on the
// integer 0/1 vectors over a group's cells. Small groups only (the trio's 8
// cells, or 16): entries stay within 64-bit integers.

#include <cstdint>
#include <cstdlib>
#include <utility>
#include <vector>

namespace prevalence::test {

/// Rank of the vectors (each a mask over `n_cells` cells, plus all-ones when
/// `with_population`), computed exactly.
inline int exact_rank(int n_cells, const std::vector<std::uint64_t>& masks, bool with_population = true) {
  std::vector<std::vector<long long>> rows;  // one row per vector
  if (with_population) rows.emplace_back(static_cast<std::size_t>(n_cells), 1LL);
  for (std::uint64_t mask : masks) {
    std::vector<long long> row(static_cast<std::size_t>(n_cells));
    for (int c = 0; c < n_cells; ++c) row[static_cast<std::size_t>(c)] = static_cast<long long>((mask >> c) & 1u);
    rows.push_back(std::move(row));
  }
  int rank = 0;
  long long previous_pivot = 1;
  for (int col = 0; col < n_cells && rank < static_cast<int>(rows.size()); ++col) {
    std::size_t pivot = static_cast<std::size_t>(rank);
    while (pivot < rows.size() && rows[pivot][static_cast<std::size_t>(col)] == 0) ++pivot;
    if (pivot == rows.size()) continue;
    std::swap(rows[pivot], rows[static_cast<std::size_t>(rank)]);
    const std::vector<long long>& top = rows[static_cast<std::size_t>(rank)];
    const long long p = top[static_cast<std::size_t>(col)];
    for (std::size_t r = static_cast<std::size_t>(rank) + 1; r < rows.size(); ++r) {
      const long long f = rows[r][static_cast<std::size_t>(col)];
      for (int k = 0; k < n_cells; ++k) {
        const auto kk = static_cast<std::size_t>(k);
        const long long numerator = p * rows[r][kk] - f * top[kk];
        if (numerator % previous_pivot != 0) std::abort();  // Bareiss divides exactly
        rows[r][kk] = numerator / previous_pivot;
      }
    }
    previous_pivot = p;
    ++rank;
  }
  return rank;
}

/// True when `target` is a combination of `shown` and the population.
inline bool exactly_derivable(int n_cells, std::uint64_t target, std::vector<std::uint64_t> shown) {
  const int without = exact_rank(n_cells, shown);
  shown.push_back(target);
  return exact_rank(n_cells, shown) == without;
}

}  // namespace prevalence::test
