#include "engine/montecarlo/plan.hpp"

namespace prevalence::engine {

PlannedGroup single_rate_group(std::string id, std::string label, models::RateDistribution rate) {
  PlannedGroup group;
  group.id = id;
  group.label = label;
  group.n_conditions = 1;
  group.figure_ids = {id};
  group.figure_rates = {rate};
  group.outputs.push_back({std::move(id), label, models::only_cell(1), "", "", false, label});
  return group;
}

}  // namespace prevalence::engine
