#pragma once
// Realised-mode counts of one group's cells: Multinomial(n, p_d) for every
// draw d's table p_d, with n an area's head-count. Each draw's table is shared
// by every area, so the chain of binomials it implies is prepared once per
// draw and reused by all of them.

#include "engine/random/binomial_sampler.hpp"
#include "engine/random/stream.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace prevalence::montecarlo {

/// Multinomial draws as a chain of binomials: each cell in turn takes its
/// share of the head-count the cells before it left; the last cell takes the
/// rest. The last is the cell with the largest mean share over the draws
/// (in the toxic trio, "none"), so every binomial is of a rarer outcome and
/// most are cheap inversions.
class MultinomialChain {
 public:
  /// @param tables every draw's cell probabilities, tables[d * n_cells + c]
  MultinomialChain(std::span<const double> tables, std::size_t n_cells);

  /// Cell counts of draw d for head-count n >= 0, using `random`'s next numbers.
  void draw(std::size_t d, std::int64_t n, random::RandomStream& random, std::span<std::int64_t> counts) const;

 private:
  std::size_t n_cells_;
  std::vector<std::size_t> order_;       ///< cells in chain order; the last takes the rest
  std::vector<random::BinomialSampler> steps_;  ///< steps_[d * (n_cells - 1) + j], one per chain step
};

}  // namespace prevalence::montecarlo
