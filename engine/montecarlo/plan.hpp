#pragma once
// Everything the Monte Carlo needs, resolved: each measure's rate
// distribution and each area's denominators. Built from a scenario and a
// population table (build_plan), or directly by benchmarks and tests.

#include "models/rate/rate_distribution.hpp"

#include <string>
#include <vector>

namespace prevalence::engine {

struct PlannedMeasure {
  std::string id;  ///< names the measure's random streams: keep ids stable
  models::RateDistribution rate;
};

struct PlannedArea {
  std::string code;  ///< names the area's random streams
  std::string name;
  std::vector<double> denominators;  ///< one per measure, in plan order
};

struct Plan {
  std::vector<PlannedMeasure> measures;
  std::vector<PlannedArea> areas;
  /// Log-normal sd of each area's head-counts (0: counts are exact). One draw
  /// per (area, draw) scales all of an area's denominators together.
  double population_relative_error = 0.0;
};

}  // namespace prevalence::engine
