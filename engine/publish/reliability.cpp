#include "engine/publish/reliability.hpp"

#include "engine/text/number_format.hpp"

#include <fmt/format.h>

#include <cmath>

namespace prevalence::publish {

double coefficient_of_variation(double mean, double sd) {
  if (std::isnan(mean) || std::isnan(sd)) return std::numeric_limits<double>::quiet_NaN();
  if (mean == 0.0) return sd == 0.0 ? 0.0 : std::numeric_limits<double>::infinity();
  return sd / std::fabs(mean);
}

bool is_unreliable(double mean, double sd, double max_cv) {
  const double cv = coefficient_of_variation(mean, sd);
  return !std::isnan(cv) && cv > max_cv;
}

std::string describe_reliability_rule(double max_cv) {
  if (!(max_cv < kNoReliabilityFlag)) return "";
  return fmt::format(
      "[u] marks a figure of low reliability: its coefficient of variation (the standard deviation of its draws "
      "divided by their mean) is above {} % (the Office for National Statistics treats a survey estimate "
      "with a coefficient of variation above 20 % as unreliable).",
      text::format_figure(max_cv * 100.0));
}

}  // namespace prevalence::publish
