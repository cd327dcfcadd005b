#pragma once
// Where every draw of a run can go besides its summaries (`--keep-draws`):
// the Monte Carlo hands each area's draws to a sink as soon as they are made,
// so no more than one area's draws per worker thread are ever held.

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

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

/// Hands each row's draws on to `target` under another row number: the
/// Monte Carlo numbers areas then totals, a results file writes rows in its
/// own order (each total after its members).
class RenumberedSink final : public DrawSink {
 public:
  /// @param row_of row_of[r] is where the Monte Carlo's row r goes
  RenumberedSink(const DrawSink& target, std::vector<std::size_t> row_of)
      : target_(target), row_of_(std::move(row_of)) {}
  void area_draws(std::size_t area, std::span<const double> draws) const override {
    target_.area_draws(row_of_.at(area), draws);
  }

 private:
  const DrawSink& target_;
  std::vector<std::size_t> row_of_;
};

}  // namespace prevalence::montecarlo
