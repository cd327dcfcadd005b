#pragma once
// --precision: run enough draws that every figure a table prints is pinned
// down by the Monte Carlo to well within the step it is rounded to. Rounds
// of more draws are deterministic: every random number depends on its
// draw's number, not on how many draws there are, so a round's draws are the
// first of the next and the result is exactly a plain run with the final
// number of draws, on any number of threads.

#include "engine/publish/sdc_policy.hpp"
#include "engine/results/run_results.hpp"

#include <cstdint>
#include <string>

namespace prevalence::cli {

struct PrecisionTarget {
  double fraction = 0.0;     ///< each printed figure's Monte Carlo error below fraction x its step; 0: not asked
  publish::SdcPolicy policy;  ///< the table's rounding and suppression (`prevalence table --sdc`)
  int significant_figures = 3;

  /// "Monte Carlo error of every printed figure below 0.5 of its rounding step (disclosure control none, 3
  /// significant figures)": what the results record.
  std::string rule() const;
};

/// The printed figure furthest from the target: its Monte Carlo error over
/// fraction x its step (at most 1 when the target is met), and which it is.
struct PrecisionShortfall {
  double ratio = 0.0;
  std::string figure;  ///< "the lower end of all three of the toxic trio in Leeds (E08000035)"
};

/// Over every row and measure: the headline (median or mean, with its own
/// error) and the headline level's interval ends, each against the step the
/// table rounds the figure to. Figures the policy suppresses, interval ends
/// shown as a bound ("<10") and known counts (no error) do not limit it.
PrecisionShortfall precision_shortfall(const results::RunResults& run, const PrecisionTarget& target);

/// Draws for the next round: by the 1 / sqrt(draws) law enough to meet a
/// shortfall of `ratio`, 10 % more to spare, at least 1.5 times as many,
/// rounded up to a multiple of 256.
std::int64_t next_draws(std::int64_t draws, double ratio);

}  // namespace prevalence::cli
