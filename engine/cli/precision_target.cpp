#include "engine/cli/precision_target.hpp"

#include "engine/text/number_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace prevalence::cli {

std::string PrecisionTarget::rule() const {
  return fmt::format("Monte Carlo error of every printed figure below {:g} of its rounding step ({})", fraction,
                     publish::describe_rounding(policy, significant_figures));
}

PrecisionShortfall precision_shortfall(const results::RunResults& run, const PrecisionTarget& target) {
  PrecisionShortfall worst;
  if (run.median_mcse.empty()) return worst;
  const std::size_t levels = run.n_levels();
  const bool median = run.headline == montecarlo::Headline::median;
  const auto consider = [&](double error, double step, std::size_t a, std::size_t m, const char* which) {
    const double ratio = error / (target.fraction * step);
    if (ratio > worst.ratio)
      worst = {ratio, fmt::format("{} {} in {}", which, run.measures[m].label, run.area_title(a))};
  };
  for (std::size_t a = 0; a < run.areas.size(); ++a)
    for (std::size_t m = 0; m < run.n_measures(); ++m) {
      const std::size_t i = run.index(a, m);
      if (run.is_known(a, m)) continue;
      const publish::DisclosedCount count =
          publish::disclose_count(target.policy, run.point(i), target.significant_figures);
      if (!count.shown.is_number() || !(count.step > 0.0)) continue;  // suppressed: nothing printed to be precise
      consider(median ? run.median_mcse[i] : run.mcse[i], count.step, a, m, "the estimate of");
      // An interval end below the threshold is printed as a bound, not a number.
      if (run.lower[i * levels] >= target.policy.threshold)
        consider(run.lower_mcse[i * levels], count.step, a, m, "the lower end of");
      if (run.upper[i * levels] >= target.policy.threshold)
        consider(run.upper_mcse[i * levels], count.step, a, m, "the upper end of");
    }
  return worst;
}

std::int64_t next_draws(std::int64_t draws, double ratio) {
  const double needed = std::max(1.5, 1.1 * ratio * ratio) * static_cast<double>(draws);
  constexpr double kBlock = 256.0;
  return static_cast<std::int64_t>(std::ceil(needed / kBlock) * kBlock);
}

}  // namespace prevalence::cli
