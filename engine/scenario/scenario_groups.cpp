#include "engine/scenario/scenario_groups.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace prevalence::scenario {

std::vector<ScenarioGroup> scenario_groups(const Scenario& scenario) {
  std::vector<std::pair<std::uint32_t, ScenarioGroup>> ordered;
  for (const OverlapSpec& overlap : scenario.overlaps) ordered.push_back({overlap.where.line, {&overlap, nullptr}});
  for (const MeasureSpec& measure : scenario.measures) ordered.push_back({measure.where.line, {nullptr, &measure}});
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<ScenarioGroup> groups;
  for (const auto& entry : ordered) groups.push_back(entry.second);
  return groups;
}

std::vector<NamedRegion> reported_regions(const OverlapSpec& overlap) {
  const OverlapNaming naming(overlap.condition_ids, overlap.condition_labels, overlap.label);
  std::vector<NamedRegion> regions = naming.standard_regions();
  auto add_published = [&](const OverlapSpec& table) {
    for (const OverlapFigureSpec& figure : table.figures)
      if (std::none_of(regions.begin(), regions.end(), [&](const NamedRegion& r) { return r.cells == figure.cells; }))
        regions.push_back({figure.id.substr(table.id.size() + 1), figure.name, figure.cells});
  };
  // A band's published regions are reported for the whole and every band
  // too: each age piece's table has them all.
  add_published(overlap);
  for (const OverlapSpec& band : overlap.band_figures) add_published(band);
  return regions;
}

}  // namespace prevalence::scenario
