#pragma once
// How a run draws: how many draws, from which seed, what the counts stand
// for, and which central intervals are summarised. A scenario's [run] table
// gives defaults and the command line may override them.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace prevalence::montecarlo {

/// What the counts stand for. `expected`: parameter uncertainty only, the
/// count the rates imply. `realised`: also the binomial variation of a finite
/// population, which matters in small areas.
enum class Mode { expected, realised };
std::optional<Mode> parse_mode(const std::string& text);
const char* to_string(Mode mode) noexcept;

/// Which summary of the draws tables headline. `median`: a figure published
/// as a value is the median of its distribution, so a count's median is
/// that value times the population (0.8 % of 169,422 is 1,355); medians of
/// parts need not add up to the whole's. `mean`: means add up exactly, but
/// sit above the published value wherever its uncertainty is skewed.
enum class Headline { median, mean };
std::optional<Headline> parse_headline(const std::string& text);
const char* to_string(Headline headline) noexcept;

struct RunSettings {
  std::int64_t draws = 10000;
  std::uint64_t seed = 1;
  Mode mode = Mode::expected;
  /// Coverages of the central intervals computed, 1 to kMaxIntervals
  /// (engine/summary/summary.hpp), each in (0, 1), none repeated. The first
  /// is the headline level: estimates.csv, estimates.md and the terminal
  /// table report it.
  std::vector<double> intervals = {0.95};
  Headline headline = Headline::median;

  double headline_interval() const { return intervals.front(); }
};

/// What is wrong with `level` as a run's next interval level after
/// `earlier`, or nullopt: each must lie in (0, 1), none repeated, at most
/// kMaxIntervals of them.
std::optional<std::string> interval_level_problem(double level, std::span<const double> earlier);

}  // namespace prevalence::montecarlo
