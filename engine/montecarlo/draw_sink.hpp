#pragma once
// Where every draw of a run can go besides its summaries (`--keep-draws`):
// the Monte Carlo hands each area's draws to a sink as soon as they are made,
// so no more than one area's draws per worker thread are ever held.

#include <cstddef>
#include <span>

namespace prevalence::montecarlo {

/// Receives every draw of every output of each area, from worker threads
/// (calls may arrive concurrently, for different areas, in any order).
struct DrawSink {
  virtual ~DrawSink() = default;
  /// Area `area`'s draws (its index in the plan), output-major:
  /// draws_output_major[output * draws + d], outputs in plan order. They are
  /// the values the area's summaries were made from: in expected mode
  /// denominator x multiplier[d] x share[d], in realised mode the whole-number
  /// counts as doubles. Valid only during the call.
  virtual void area_draws(std::size_t area, std::span<const double> draws_output_major) const = 0;
};

}  // namespace prevalence::montecarlo
