#include "engine/scenario/build_plan.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include <stdexcept>

namespace prevalence::engine {

Plan build_plan(const Scenario& scenario, const PopulationTable& population) {
  Plan plan;
  plan.population_relative_error = scenario.population_relative_error;
  for (const MeasureSpec& spec : scenario.measures) plan.measures.push_back({spec.id, spec.distribution});

  std::vector<Area> areas;
  if (scenario.all_areas) {
    areas = population.areas(scenario.population_year);
    if (areas.empty())
      throw InputError(scenario.population_file_where,
                       fmt::format("the population file has no areas for year {} (it has {})",
                                   scenario.population_year,
                                   fmt::join(population.years(), ", ")));
  } else {
    const std::vector<Area> known = population.areas(scenario.population_year);
    for (std::size_t i = 0; i < scenario.area_codes.size(); ++i) {
      const std::string& code = scenario.area_codes[i];
      const auto found = std::find_if(known.begin(), known.end(),
                                      [&](const Area& a) { return a.code == code; });
      if (found == known.end())
        throw InputError(scenario.area_code_where[i],
                         fmt::format("area {} is not in the population file {} for year {}", code,
                                     population.path(), scenario.population_year));
      areas.push_back(*found);
    }
  }

  for (const Area& area : areas) {
    PlannedArea planned{area.code, area.name, {}};
    for (const MeasureSpec& spec : scenario.measures) {
      try {
        planned.denominators.push_back(population.count(area.code, spec.year, spec.ages, spec.sex));
      } catch (const std::invalid_argument& e) {
        throw InputError(spec.ages_where, fmt::format("measure {}: {}", spec.id, e.what()));
      }
    }
    plan.areas.push_back(std::move(planned));
  }
  return plan;
}

}  // namespace prevalence::engine
