#include "engine/results/run_results.hpp"

#include <algorithm>
#include <stdexcept>

namespace prevalence::results {

std::vector<std::size_t> RunResults::group_of_measures() const {
  std::vector<std::size_t> of;
  for (const MeasureRecord& measure : measures) {
    const auto it =
        std::find_if(groups.begin(), groups.end(), [&](const GroupRecord& g) { return g.id == measure.group; });
    if (it == groups.end()) throw std::logic_error("RunResults: measure " + measure.id + " has no group");
    of.push_back(static_cast<std::size_t>(it - groups.begin()));
  }
  return of;
}

}  // namespace prevalence::results
