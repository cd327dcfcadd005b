#include "engine/montecarlo/plan.hpp"

namespace prevalence::montecarlo {

PlannedGroup single_rate_group(std::string id, models::RateDistribution rate) {
  PlannedGroup group;
  group.figure_ids = {id};
  group.id = std::move(id);
  group.n_conditions = 1;
  group.figure_rates = {rate};
  group.outputs.push_back(models::only_cell(1));
  return group;
}

}  // namespace prevalence::montecarlo
