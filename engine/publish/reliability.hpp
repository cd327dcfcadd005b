#pragma once
// Which published figures are flagged [u], low reliability: those whose
// coefficient of variation (sd / mean of the draws) is above a threshold.
// The default, 0.2, is the Office for National Statistics' practice for
// survey estimates, which marks an estimate with a CV over 20 % as
// unreliable (at 20 %, a 95 % interval spans about +/- 40 % of it). Here the
// sd is the spread of the Monte Carlo draws, so the flag says the same of a
// model estimate: the stated uncertainty of its inputs is large beside it.

#include <limits>
#include <string>

namespace prevalence::publish {

/// The default threshold: a CV above 20 % is flagged.
constexpr double kDefaultMaxCv = 0.2;

/// A threshold that flags nothing.
constexpr double kNoReliabilityFlag = std::numeric_limits<double>::infinity();

/// sd / mean: 0 when both are 0 (a figure known to be 0), +infinity when only
/// the mean is 0, NaN when either is NaN.
double coefficient_of_variation(double mean, double sd);

/// True when the CV is strictly above `max_cv` (a CV of exactly 0.2 is not
/// flagged under the default). NaN figures are not flagged: they are [x].
bool is_unreliable(double mean, double sd, double max_cv = kDefaultMaxCv);

/// The rule for a table's notes: "[u] low reliability: the figure's coefficient
/// of variation (the standard deviation of its draws over their mean) is above
/// 20 %, ..." ("" when max_cv flags nothing).
std::string describe_reliability_rule(double max_cv);

}  // namespace prevalence::publish
