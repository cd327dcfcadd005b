#pragma once
// Names of the regions of a joint table over K conditions, for output ids and
// labels: "trio.dv_only", "dv_mh_only", "trio.two_or_more", "trio.all_three",
// "trio.none". One scheme, so a published figure and the estimate of the same
// region share an id.

#include "models/overlap/cell_set.hpp"

#include <string>
#include <vector>

namespace prevalence::scenario {

struct NamedRegion {
  std::string id_suffix;  ///< appended to the overlap's id and a dot: "dv_only"
  std::string label;      ///< "domestic violence and abuse only"
  models::CellSet cells;
};

class OverlapNaming {
 public:
  /// @param group_label how labels refer to the whole group: "the toxic trio"
  /// @throw std::invalid_argument unless there are 1 to kMaxConditions ids,
  ///        one label each
  OverlapNaming(std::vector<std::string> condition_ids, std::vector<std::string> condition_labels,
                std::string group_label);

  int n_conditions() const noexcept { return static_cast<int>(ids_.size()); }

  /// The regions every overlap reports, in output order: each condition's
  /// prevalence, any, two or more (K >= 3), all K (K >= 2), then every cell
  /// but the all-K one, "none" last.
  std::vector<NamedRegion> standard_regions() const;

  /// The region for a figure selector, named the way standard_regions()
  /// would name the same cells, or by the selector when no standard region
  /// has them ("dv_and_mh", "dv_or_mh", "exactly_two").
  NamedRegion all_of(models::ConditionSet conditions) const;
  NamedRegion any_of(models::ConditionSet conditions) const;
  NamedRegion at_least(int count) const;
  NamedRegion exactly(int count) const;
  NamedRegion only(models::ConditionSet conditions) const;

  /// The cell key a survey table uses: "none", "dv", "dv_mh", "dv_mh_sm".
  std::string cell_key(unsigned cell) const;

 private:
  NamedRegion standard_or(NamedRegion fallback) const;
  std::string joined_ids(models::ConditionSet conditions, const char* separator) const;
  std::string joined_labels(models::ConditionSet conditions, const char* separator) const;

  std::vector<std::string> ids_;
  std::vector<std::string> labels_;
  std::string group_label_;
};

/// "two", "three", ... "six" (and digits beyond).
std::string number_word(int n);

}  // namespace prevalence::scenario
