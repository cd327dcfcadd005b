#pragma once
// Statistical disclosure control for a published table: which figures are
// shown, how they are rounded, and what stands in for the rest. The figures
// are model estimates (not whole numbers in expected mode), so every boundary
// below is stated on the unrounded estimate x >= 0. docs/disclosure-control.md
// states the same rules for readers.
//
//   none      nothing suppressed; base 1 (whole numbers).
//   ons-10-5  x < 10 is [c] (0 included); the rest rounded to a multiple of 5.
//   dfe       x == 0 is "0"; 0 < x < 0.5 is [k]; 0.5 <= x < 5.5 (a whole
//             count of 1 to 5) is [c]; x >= 5.5 is rounded to a multiple of 10.
//   custom    custom:T:B, x < T is [c] (0 included when T > 0); the rest
//             rounded to a multiple of B (a whole number >= 1, T >= 0).
//
// Rounding: a shown figure x is rounded to the nearest multiple of its step,
// halves away from zero (x / step rounded by std::round, then times step; in
// double precision): with step 5, 12.5 -> 15, 12.4999 -> 10, 17.5 -> 20.
// Its step is the policy's base B, or coarser for significant figures: with S
// significant figures (S = 0: none), step = the smallest multiple of B that
// is at least 10^(floor(log10 x) - (S - 1)). That is max(B, 10^(...)) for
// the built-in bases 1, 5 and 10 (and any B that divides the power of ten or
// exceeds it); for another custom base it keeps every shown figure a multiple
// of B. With S = 3: 33,582 -> step 100 -> 33,600; 1,289 -> step 10 -> 1,290;
// 676 -> step 5 (ons-10-5) -> 675. A figure that rounds to 0 although x > 0
// is [k]. Interval ends take the step of their figure; an end below the
// threshold is shown as "<bound" (ons-10-5 "<10", dfe "<6": below 5.5 is a
// count of at most 5). A figure the results do not hold (NaN) is [x].

#include "engine/publish/shown_value.hpp"

#include <string>
#include <string_view>

namespace prevalence::publish {

struct SdcPolicy {
  std::string name = "none";  ///< what parse_sdc_policy reads back: "none", "ons-10-5", "dfe", "custom:10:5"
  double threshold = 0.0;     ///< x < threshold is suppressed, [c] (0: nothing is)
  double base = 1.0;          ///< shown figures are multiples of it: a whole number >= 1
  double rounds_to_zero_below = 0.0;  ///< 0 < x < this is [k], before the threshold applies (dfe: 0.5)
  bool zero_shown = false;    ///< x == 0 is shown as 0 even below the threshold (dfe)
  double bound = 0.0;         ///< an interval end below the threshold is shown as "<bound"

  bool suppresses_anything() const { return threshold > 0.0; }
};

/// "none", "ons-10-5", "dfe" or "custom:T:B" (T >= 0, B a whole number >= 1,
/// e.g. "custom:10:5").
/// @throw std::invalid_argument naming the text and what is accepted
SdcPolicy parse_sdc_policy(std::string_view text);

/// The custom policy: suppress below `threshold`, round to multiples of `base`.
/// @throw std::invalid_argument unless threshold >= 0 and base is a whole number >= 1
SdcPolicy custom_sdc_policy(double threshold, double base);

/// x rounded to the nearest multiple of `step`, halves away from zero.
double round_to_step(double x, double step);

/// The step a figure x > 0 is shown to: the smallest multiple of `base` that
/// is at least 10^(floor(log10 x) - (significant_figures - 1)); `base` itself
/// when significant_figures is 0 or x is 0.
double display_step(double x, double base, int significant_figures);

/// A count as the policy shows it, and the step it was rounded to (the step
/// its interval ends use; 0 when it is suppressed or not available).
struct DisclosedCount {
  ShownValue shown;
  double step = 0.0;
};

/// `count` (>= 0, or NaN for not available) under the policy.
/// @throw std::invalid_argument for a negative count
DisclosedCount disclose_count(const SdcPolicy& policy, double count, int significant_figures);

/// One interval end of a figure that is shown, rounded to the figure's step;
/// "<bound" below the threshold (0 stays 0 where the policy shows zeros).
ShownValue disclose_interval_end(const SdcPolicy& policy, double end, double step);

/// The percentage a shown count (or interval end) is of `denominator`,
/// computed from the count as shown, never from the estimate: a symbol stays
/// the same symbol, a bound becomes a bound; [z] for a zero denominator, [x]
/// for a missing one, [k] for a positive share that format_share would write
/// as 0.00.
ShownValue disclose_percent(const ShownValue& count, double denominator);

/// The policy's rules in one sentence for a table's notes, e.g. "Disclosure
/// control (ons-10-5): a figure below 10 is not shown ([c]) and the others are
/// rounded to the nearest 5."
std::string describe_sdc_policy(const SdcPolicy& policy);

/// How figures are rounded, in one sentence, with significant figures.
std::string describe_rounding(const SdcPolicy& policy, int significant_figures);

/// What a sentence says about a suppressed figure, true of every suppressed
/// figure whether the policy or secondary suppression hid it: "fewer than 10,
/// or would reveal one that is".
std::string suppressed_phrase(const SdcPolicy& policy);

}  // namespace prevalence::publish
