#include "engine/montecarlo/multinomial_chain.hpp"

#include <algorithm>
#include <numeric>

namespace prevalence::montecarlo {

MultinomialChain::MultinomialChain(std::span<const double> tables, std::size_t n_cells)
    : n_cells_(n_cells), order_(n_cells) {
  const std::size_t n_draws = n_cells == 0 ? 0 : tables.size() / n_cells;
  std::vector<double> mean(n_cells, 0.0);
  for (std::size_t d = 0; d < n_draws; ++d)
    for (std::size_t c = 0; c < n_cells; ++c) mean[c] += tables[d * n_cells + c];
  // Rarest first, the most common last; ties by cell index, so the order is
  // a function of the tables alone.
  std::iota(order_.begin(), order_.end(), std::size_t{0});
  std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) { return mean[a] < mean[b]; });

  const std::size_t n_steps = n_cells - 1;
  steps_.resize(n_draws * n_steps);
  for (std::size_t d = 0; d < n_draws; ++d) {
    const double* p = tables.data() + d * n_cells;
    // What is left for step j is the sum of the cells from j on, summed
    // afresh rather than by subtraction so that rounding cannot drift.
    double left = 0.0;
    for (std::size_t j = n_cells; j-- > 0;) {
      const double cell = p[order_[j]];
      left += cell;
      if (j < n_steps) steps_[d * n_steps + j] = random::BinomialSampler(left > 0.0 ? cell / left : 0.0);
    }
  }
}

void MultinomialChain::draw(std::size_t d, std::int64_t n, random::RandomStream& random,
                            std::span<std::int64_t> counts) const {
  const std::size_t n_steps = n_cells_ - 1;
  const random::BinomialSampler* step = steps_.data() + d * n_steps;
  for (std::size_t j = 0; j < n_steps; ++j) {
    const std::int64_t x = n > 0 ? step[j](n, random) : 0;
    counts[order_[j]] = x;
    n -= x;
  }
  counts[order_[n_steps]] = n;
}

}  // namespace prevalence::montecarlo
