// Tests engine/montecarlo/memory_estimate.cpp: the estimate grows as the
// run's memory does (with draws x outputs and threads, not with areas x
// draws), and does not wrap around for absurd sizes.

#include "engine/montecarlo/memory_estimate.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace prevalence::montecarlo {
namespace {

Plan plan_of(std::size_t areas, std::size_t measures) {
  Plan plan;
  // Ids built by appending: GCC 12 misreports "m" + std::to_string(m).
  for (std::size_t m = 0; m < measures; ++m) {
    std::string id = "m";
    id += std::to_string(m);
    plan.groups.push_back(single_rate_group(id, models::RateDistribution::point(0.1)));
  }
  for (std::size_t a = 0; a < areas; ++a) {
    std::string code = "E";
    code += std::to_string(a);
    plan.areas.push_back({code, std::vector<double>(measures, 100)});
  }
  return plan;
}

RunSettings with_draws(std::int64_t draws, Mode mode = Mode::expected) {
  RunSettings settings;
  settings.draws = draws;
  settings.mode = mode;
  return settings;
}

TEST(MonteCarloBytes, GrowsWithDrawsAndThreadsButBarelyWithAreas) {
  const Plan plan = plan_of(10, 4);
  const double small = static_cast<double>(monte_carlo_bytes(plan, with_draws(10000), 2, false));
  const double large = static_cast<double>(monte_carlo_bytes(plan, with_draws(100000), 2, false));
  EXPECT_NEAR(large / small, 10.0, 0.1);  // the summaries' few bytes per area are all that do not scale
  EXPECT_GT(monte_carlo_bytes(plan, with_draws(10000), 8, false), monte_carlo_bytes(plan, with_draws(10000), 2, false));
  EXPECT_GT(monte_carlo_bytes(plan, with_draws(10000), 2, true), monte_carlo_bytes(plan, with_draws(10000), 2, false));
  EXPECT_GT(monte_carlo_bytes(plan, with_draws(10000, Mode::realised), 2, false),
            monte_carlo_bytes(plan, with_draws(10000), 2, false));
  // More areas add their summaries (mean, median, mcse, denominator and
  // interval ends: 7 doubles per area and output at one level), never draws x areas.
  const std::uint64_t few = monte_carlo_bytes(plan_of(10, 4), with_draws(10000), 2, false);
  const std::uint64_t many = monte_carlo_bytes(plan_of(10010, 4), with_draws(10000), 2, false);
  EXPECT_EQ(many - few, 10000u * 4u * 7u * 8u);
}

TEST(MonteCarloBytes, CountsTheDrawsOfEveryOutputAtLeastOnce) {
  // Shares alone are draws x outputs doubles.
  EXPECT_GE(monte_carlo_bytes(plan_of(1, 16), with_draws(100000), 1, false), 8u * 16u * 100000u);
}

TEST(MonteCarloBytes, CountsEachTotalsSumsOfEveryDraw) {
  Plan plan = plan_of(10, 4);
  const std::uint64_t without = monte_carlo_bytes(plan, with_draws(10000), 2, false);
  plan.totals.push_back({{0, 1, 2}});
  plan.totals.push_back({{3, 4}});
  // Each total holds every output's draws (8 bytes each), and one total's
  // draws per worker are summarised at a time.
  EXPECT_GE(monte_carlo_bytes(plan, with_draws(10000), 2, false) - without, 8u * 2u * 4u * 10000u);
}

TEST(MonteCarloBytes, SaturatesInsteadOfWrappingAround) {
  EXPECT_GT(monte_carlo_bytes(plan_of(1, 64), with_draws(4294967295), 4096, true), std::uint64_t{1} << 50);
}

}  // namespace
}  // namespace prevalence::montecarlo
