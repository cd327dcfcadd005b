#pragma once
// A scenario's estimate groups in the one order every consumer uses: the
// plan's groups, the outputs of a run and every table follow the order in
// which the scenario file lists its [[overlap]] and [[measure]] tables.

#include "engine/scenario/overlap_naming.hpp"
#include "engine/scenario/scenario.hpp"

#include <string>
#include <vector>

namespace prevalence::scenario {

/// One group of a scenario: an overlap or a single measure (exactly one set).
struct ScenarioGroup {
  const OverlapSpec* overlap = nullptr;
  const MeasureSpec* measure = nullptr;

  const std::string& id() const { return overlap ? overlap->id : measure->id; }
  const io::AgeRange& ages() const { return overlap ? overlap->ages : measure->ages; }
  io::Sex sex() const { return overlap ? overlap->sex : measure->sex; }
  int year() const { return overlap ? overlap->year : measure->year; }
  const LifeStages& stages() const { return overlap ? overlap->stages : measure->stages; }
  /// Where its denominator (ages, or year) was stated, for errors about it.
  const error::SourcePosition& denominator_where() const { return overlap ? overlap->ages_where : measure->ages_where; }
};

/// The groups in file order.
std::vector<ScenarioGroup> scenario_groups(const Scenario& scenario);

/// The regions an overlap reports, in output order: the standard regions
/// (OverlapNaming::standard_regions), then each published region they lack
/// (the whole's, then its bands' own figures').
std::vector<NamedRegion> reported_regions(const OverlapSpec& overlap);

}  // namespace prevalence::scenario
