#include "engine/montecarlo/time_estimate.hpp"

#include "engine/montecarlo/driver.hpp"

#include <algorithm>
#include <chrono>

namespace prevalence::montecarlo {
namespace {

constexpr std::size_t kPilotAreas = 4;
constexpr std::int64_t kPilotDraws = 2000;

}  // namespace

double estimated_seconds(const Plan& plan, const RunSettings& settings, unsigned threads) {
  if (plan.areas.empty() || settings.draws <= 0) return 0.0;
  RunSettings few = settings;
  few.draws = std::min(settings.draws, kPilotDraws);
  const auto seconds_for = [&](std::size_t areas) {
    Plan pilot = plan;
    pilot.areas.resize(areas);
    const auto start = std::chrono::steady_clock::now();
    static_cast<void>(run_monte_carlo(pilot, few, 1));
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  // Two pilots separate the cost of each draw's tables, shared by every
  // area, from the cost of each area's draws.
  const std::size_t k = std::min(plan.areas.size(), kPilotAreas);
  const double one = seconds_for(1), several = k > 1 ? seconds_for(k) : one;
  const double d = static_cast<double>(few.draws);
  const double per_area_draw = k > 1 ? std::max(several - one, 0.0) / (static_cast<double>(k - 1) * d) : one / d;
  const double per_draw = std::max(one / d - per_area_draw, 0.0);
  const double work = (per_draw + per_area_draw * static_cast<double>(plan.areas.size())) *
                      static_cast<double>(settings.draws);
  return work / static_cast<double>(std::max(threads, 1u));
}

}  // namespace prevalence::montecarlo
