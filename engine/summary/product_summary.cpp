#include "engine/summary/product_summary.hpp"

#include "engine/summary/order_statistics.hpp"
#include "engine/summary/quantile_ranks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace prevalence::summary {
namespace {

// GCC's and Clang's portable vector types (SSE2 on x86-64): comparisons give
// lane masks of -1 (true) or 0.
using v2df = double __attribute__((vector_size(16)));
using v2di = std::int64_t __attribute__((vector_size(16)));

// Half-width of a bracket in standard deviations of the rank difference
// between two independent sets of draws (sqrt(2 D q (1 - q))): a range
// misses with probability about 6e-7, and a miss only costs a second pass.
constexpr double kBracketWidth = 5.0;
// Below this many draws a bracket would hold too large a share of them.
constexpr std::size_t kMinDraws = 4096;

constexpr std::size_t kMaxQuantiles = QuantileBrackets::kMaxQuantiles;

// Per-thread scratch, grown once and reused: no allocation per area.
thread_local std::vector<double> inside_scratch[kMaxQuantiles];  // draws inside each quantile's range
thread_local std::vector<std::uint32_t> hit_scratch;  // pairs of draws with one inside some range

// The single pass for kQuantiles quantiles (3 for one interval level, 5 for
// two, ...): a constant, so the per-draw loop over the ranges is unrolled
// and its counts stay in registers. Falls back to two_passes() when a range
// provably missed its quantile. It stays one function of about 80 lines on
// purpose: it is the expected mode's hot loop, and its phases (ranges, the
// pass, the proof, the selections inside the ranges) share registers and
// scratch that helpers would have to pass around (bench/README.md).
template <std::size_t kQuantiles, typename Draw, typename TwoPasses>
Summary one_pass(double c, std::span<const double> m, std::span<const double> s, const QuantileBrackets& brackets,
                 std::span<const double> intervals, std::span<double> extra_bounds, Draw&& draw,
                 TwoPasses&& two_passes) {
  const std::size_t n = m.size();
  // The quantiles' ranges for this c; the sums as deviations from the first
  // draw, so the variance suffers no cancellation.
  v2df low[kQuantiles], high[kQuantiles];
  for (std::size_t i = 0; i < kQuantiles; ++i) {
    low[i] = v2df{c * brackets.low[i], c * brackets.low[i]};
    high[i] = v2df{c * brackets.high[i], c * brackets.high[i]};
    inside_scratch[i].clear();
  }
  const double shift = draw(0);
  const v2df shift2 = {shift, shift}, c2 = {c, c};
  v2df deviations = {0.0, 0.0}, squares = {0.0, 0.0};
  v2di below[kQuantiles] = {};
  // Pairs with a draw inside some range are noted, without a branch, and
  // their draws kept after the loop, so that the loop's sums stay in
  // registers.
  std::vector<std::uint32_t>& hits = hit_scratch;
  hits.resize(n / 2 + 1);
  std::uint32_t* const hit = hits.data();
  std::size_t n_hits = 0;
  const std::size_t pairs = n / 2;
  for (std::size_t p = 0; p < pairs; ++p) {
    v2df mv, sv;
    std::memcpy(&mv, m.data() + 2 * p, sizeof mv);
    std::memcpy(&sv, s.data() + 2 * p, sizeof sv);
    const v2df x = c2 * mv * sv;
    deviations += x - shift2;
    squares += (x - shift2) * (x - shift2);
    v2di in = {0, 0};
    for (std::size_t i = 0; i < kQuantiles; ++i) {
      const v2di under = x < low[i];
      below[i] -= under;  // a true comparison is -1
      in |= ~under & (x <= high[i]);
    }
    hit[n_hits] = static_cast<std::uint32_t>(p);
    n_hits += static_cast<std::size_t>((in[0] | in[1]) & 1);
  }
  auto keep = [&](double x) {
    for (std::size_t i = 0; i < kQuantiles; ++i)
      if (x >= low[i][0] && x <= high[i][0]) inside_scratch[i].push_back(x);
  };
  for (std::size_t h = 0; h < n_hits; ++h) {
    keep(draw(2 * hit[h]));
    keep(draw(2 * hit[h] + 1));
  }
  std::size_t under[kQuantiles];
  for (std::size_t i = 0; i < kQuantiles; ++i) under[i] = static_cast<std::size_t>(below[i][0] + below[i][1]);
  if (n % 2 == 1) {  // an odd last draw joins the first lane, as in summarise_bounded
    const double x = draw(n - 1);
    deviations[0] += x - shift;
    squares[0] += (x - shift) * (x - shift);
    for (std::size_t i = 0; i < kQuantiles; ++i) under[i] += x < low[i][0];
    keep(x);
  }
  const double total_deviations = deviations[0] + deviations[1], total_squares = squares[0] + squares[1];

  // Each quantile's pair of order statistics and its spread pair (for its
  // Monte Carlo error), if its range provably holds them: the values under
  // it number at most the lowest rank, and those under or in it more than
  // the highest. The spread pair lies about one standard deviation of the
  // rank either side, well inside a range kBracketWidth x sqrt(2) of them
  // wide.
  const QuantileRanks quantiles(n, intervals);
  double order[4 * kMaxQuantiles];  // interpolate() reads 4 x quantiles.n_quantiles, which is 4 x kQuantiles
  for (std::size_t i = 0; i < kQuantiles; ++i) {
    std::vector<double>& inside = inside_scratch[i];
    const std::size_t first = quantiles.ranks[2 * i], second = quantiles.ranks[2 * i + 1];
    const std::size_t spread_low = quantiles.ranks[2 * kQuantiles + 2 * i];
    const std::size_t spread_high = quantiles.ranks[2 * kQuantiles + 2 * i + 1];
    if (under[i] > spread_low || under[i] + inside.size() <= std::max(second, spread_high)) return two_passes();
    const auto at = [&](std::size_t rank) { return inside.begin() + static_cast<std::ptrdiff_t>(rank - under[i]); };
    const auto nth = at(first);
    std::nth_element(inside.begin(), nth, inside.end());
    order[2 * i] = *nth;
    // The next order statistic is the smallest value right of the first.
    order[2 * i + 1] = second == first ? *nth : *std::min_element(nth + 1, inside.end());
    // The spread ranks, each side of the first: selection within that side.
    std::nth_element(inside.begin(), at(spread_low), nth);
    order[2 * kQuantiles + 2 * i] = *at(spread_low);
    std::nth_element(nth, at(spread_high), inside.end());
    order[2 * kQuantiles + 2 * i + 1] = *at(spread_high);
  }

  Summary summary;
  const double count = static_cast<double>(n);
  summary.mean = shift + total_deviations / count;
  const double spread = std::max(0.0, total_squares - total_deviations * total_deviations / count);
  summary.mcse = n > 1 ? std::sqrt(spread / (count - 1.0) / count) : 0.0;
  quantiles.interpolate(order, summary, extra_bounds);
  return summary;
}

}  // namespace

QuantileBrackets predict_brackets(std::span<const double> pilot, double interval) {
  return predict_brackets(pilot, std::span<const double>(&interval, 1));
}

QuantileBrackets predict_brackets(std::span<const double> pilot, std::span<const double> intervals) {
  QuantileBrackets brackets;
  const std::size_t n = pilot.size();
  if (n < kMinDraws) return brackets;
  const QuantileRanks quantiles(n, intervals);
  const std::size_t n_quantiles = quantiles.n_quantiles;
  std::size_t ranks[2 * kMaxQuantiles];
  bool open_low[kMaxQuantiles], open_high[kMaxQuantiles];
  for (std::size_t i = 0; i < n_quantiles; ++i) {
    const double q = quantiles.probabilities[i];
    const double margin = std::ceil(kBracketWidth * std::sqrt(2.0 * static_cast<double>(n) * q * (1.0 - q))) + 2.0;
    const double low = static_cast<double>(quantiles.ranks[2 * i]) - margin;
    const double high = static_cast<double>(quantiles.ranks[2 * i + 1]) + margin;
    open_low[i] = low < 0.0;
    open_high[i] = high > static_cast<double>(n - 1);
    ranks[2 * i] = open_low[i] ? 0 : static_cast<std::size_t>(low);
    ranks[2 * i + 1] = open_high[i] ? n - 1 : static_cast<std::size_t>(high);
  }
  const auto [min, max] = std::minmax_element(pilot.begin(), pilot.end());
  double order[2 * kMaxQuantiles];
  order_statistics(pilot, *min, *max, {ranks, 2 * n_quantiles}, {order, 2 * n_quantiles});
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < n_quantiles; ++i) {
    brackets.low[i] = open_low[i] ? -kInfinity : order[2 * i];
    brackets.high[i] = open_high[i] ? kInfinity : order[2 * i + 1];
  }
  brackets.n_quantiles = n_quantiles;
  brackets.usable = *min < *max;
  return brackets;
}

Summary summarise_product(double c, std::span<const double> m, std::span<const double> s,
                          std::pair<double, double> m_range, std::pair<double, double> s_range,
                          const QuantileBrackets& brackets, double interval, std::span<double> scratch) {
  return summarise_product(c, m, s, m_range, s_range, brackets, std::span<const double>(&interval, 1), {}, scratch);
}

Summary summarise_product(double c, std::span<const double> m, std::span<const double> s,
                          std::pair<double, double> m_range, std::pair<double, double> s_range,
                          const QuantileBrackets& brackets, std::span<const double> intervals,
                          std::span<double> extra_bounds, std::span<double> scratch) {
  auto draw = [&](std::size_t d) { return c * m[d] * s[d]; };
  auto two_passes = [&] {
    // Rounding is monotone, so each product lies between the products of
    // its factors' extremes, computed the same way.
    return summarise_bounded(scratch, c * m_range.first * s_range.first, c * m_range.second * s_range.second,
                             intervals, extra_bounds, draw);
  };
  // Brackets for other levels would be checked and miss: skip the pass.
  if (!brackets.usable || !(c > 0.0) || brackets.n_quantiles != 1 + 2 * intervals.size()) return two_passes();
  switch (brackets.n_quantiles) {
    case 3: return one_pass<3>(c, m, s, brackets, intervals, extra_bounds, draw, two_passes);
    case 5: return one_pass<5>(c, m, s, brackets, intervals, extra_bounds, draw, two_passes);
    case 7: return one_pass<7>(c, m, s, brackets, intervals, extra_bounds, draw, two_passes);
    case 9: return one_pass<9>(c, m, s, brackets, intervals, extra_bounds, draw, two_passes);
    default: return two_passes();
  }
}

}  // namespace prevalence::summary
