#pragma once
// The Monte Carlo driver: draws every group's joint table once per draw
// (shared by all areas, or once per variant of a group with per-area
// figures), turns tables into counts for every area, and summarises the
// draws. Results are bit-identical for any thread count:
// every random number is a function of (seed, stream, draw, area) alone
// (an area's head-count normals are one stream read draw after draw, the
// rest a stream per draw); tables are fitted in fixed blocks of draws, each
// starting afresh; and every area's summaries come from its own draws alone.

#include "engine/montecarlo/cancellation.hpp"
#include "engine/montecarlo/draw_sink.hpp"
#include "engine/montecarlo/plan.hpp"
#include "engine/montecarlo/run_settings.hpp"
#include "engine/summary/summary.hpp"

#include <atomic>
#include <cstddef>
#include <stdexcept>
#include <vector>

namespace prevalence::montecarlo {

/// The two ends of one central interval.
struct IntervalEnds {
  double lower = 0.0;
  double upper = 0.0;
};

struct MonteCarloResults {
  std::size_t n_outputs = 0;
  /// Interval levels the results hold: the run's, headline first.
  std::size_t n_levels = 1;
  /// Area-major: summaries[area * n_outputs + output], outputs in plan order
  /// (each group's outputs in turn), the plan's areas then its totals
  /// (row areas.size() + t for total t). lower and upper are the headline
  /// level's.
  std::vector<summary::Summary> summaries;
  /// The other levels' ends, then their Monte Carlo errors, area-major as
  /// summaries: summary::extra_values(n_levels) values for each area and
  /// output (summary.hpp). Empty with one level.
  std::vector<double> extra_bounds;
  /// Each draw's share of the denominator for each output, draw-major:
  /// shares[draw * n_outputs + output], the sum over the output's cells of
  /// that draw's joint table, shared by every area (NaN for the outputs of a
  /// group with per-area figures, whose tables differ). An area's expected count
  /// in draw d is denominator x its head-count multiplier[d] x share.
  std::vector<double> shares;
  /// Per group: share of draws whose sampled figures admitted no joint table
  /// and were moved towards the central figures (0 for single measures).
  std::vector<double> moved_share;

  const summary::Summary& at(std::size_t area, std::size_t output) const {
    return summaries[area * n_outputs + output];
  }
  /// The ends of interval level `level` (0: the headline) of an output in an area.
  /// @throw std::out_of_range for a level the results do not hold (>= n_levels)
  IntervalEnds bounds(std::size_t area, std::size_t output, std::size_t level) const {
    if (level >= n_levels) throw std::out_of_range("MonteCarloResults::bounds: no such interval level");
    if (level == 0) return {at(area, output).lower, at(area, output).upper};
    const double* ends = extra(area, output) + (level - 1) * 2;
    return {ends[0], ends[1]};
  }
  /// The Monte Carlo standard errors of those ends.
  IntervalEnds bound_errors(std::size_t area, std::size_t output, std::size_t level) const {
    if (level >= n_levels) throw std::out_of_range("MonteCarloResults::bound_errors: no such interval level");
    if (level == 0) return {at(area, output).lower_mcse, at(area, output).upper_mcse};
    const double* errors = extra(area, output) + (n_levels - 1) * 2 + (level - 1) * 2;
    return {errors[0], errors[1]};
  }

 private:
  const double* extra(std::size_t area, std::size_t output) const {
    return extra_bounds.data() + (area * n_outputs + output) * summary::extra_values(n_levels);
  }
};

/// Draws fitted in one block, from a cold start: the unit of parallel work
/// for table fitting. Fixed, so results do not depend on the thread count.
constexpr std::size_t kDrawsPerBlock = 256;

/// Runs `settings.draws` draws of every output in every area of `plan`, and
/// summarises them at each of the settings' interval levels.
/// Memory is threads x draws x outputs plus draws x cells, whatever the
/// number of areas, plus totals x outputs x draws for the totals' sums; the
/// area loop allocates nothing. Totals are summed in fixed point (2^-20 of a
/// person), so their sums are exact whatever order areas finish in.
/// @param threads worker threads (>= 1); does not change any result
/// @param areas_done if given, counts the areas finished, for a progress display
/// @param sink if given, receives every area's draws (and each total's, as
///        row areas.size() + t); without one no draw is kept beyond its
///        area's summaries
/// @param stop if given and set (from another thread, or a signal handler),
///        the run stops before its next block of draws or area
/// @throw Cancelled when stopped (cancellation.hpp)
MonteCarloResults run_monte_carlo(const Plan& plan, const RunSettings& settings, unsigned threads,
                                  std::atomic<std::size_t>* areas_done = nullptr, const DrawSink* sink = nullptr,
                                  const std::atomic<bool>* stop = nullptr);

}  // namespace prevalence::montecarlo
