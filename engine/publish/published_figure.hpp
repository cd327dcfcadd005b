#pragma once
// One figure of a published table after disclosure control, rounding and the
// reliability flag: what every renderer and sentence shows for it.

#include "engine/publish/shown_value.hpp"

#include <string>
#include <vector>

namespace prevalence::publish {

struct PublishedFigure {
  ShownValue count;                       ///< number, [c], [k] or [x]
  std::vector<ShownValue> lower, upper;   ///< the count's interval ends, one per level
  ShownValue percent;                     ///< of the denominator, from the count as shown
  std::vector<ShownValue> percent_lower, percent_upper;  ///< from the ends as shown
  bool interval_stated = true;  ///< false when the draws have no spread (every level's ends equal)
  bool known = false;           ///< a complete count of the area's own: the figure itself, not an estimate
  bool unreliable = false;      ///< [u]: CV above the threshold (shown figures only)
  bool mostly_assumed = false;  ///< over half its variance from assumed uncertainty: so is its [u]
  /// Hidden because it would reveal another: renderers show it as any other
  /// [c] (telling the two apart would tell a reader which side of the
  /// threshold each lies); kept for tests and checks.
  bool secondary = false;
  std::string sentence;  ///< when the options ask for words

  bool suppressed() const { return count.is(Symbol::confidential); }
};

}  // namespace prevalence::publish
