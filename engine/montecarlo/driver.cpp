#include "engine/montecarlo/driver.hpp"

#include "engine/montecarlo/parallel_for.hpp"
#include "engine/random/stream.hpp"

#include <boost/random/binomial_distribution.hpp>

#include <cmath>
#include <cstdint>

namespace prevalence::engine {
namespace {

// Rates are drawn once per draw and shared by every area: a national rate is
// one unknown, so all areas move together within a draw.
std::vector<double> draw_rates(const Plan& plan, const RunSettings& settings, unsigned threads) {
  const auto n_draws = static_cast<std::size_t>(settings.draws);
  std::vector<double> rates(plan.measures.size() * n_draws);
  parallel_for(plan.measures.size(), threads, [&](std::size_t m, unsigned) {
    const PlannedMeasure& measure = plan.measures[m];
    const std::uint64_t stream = stream_id("rate", measure.id);
    for (std::size_t d = 0; d < n_draws; ++d) {
      RandomStream random(settings.seed, stream, static_cast<std::uint32_t>(d), 0);
      rates[m * n_draws + d] = measure.rate.quantile(random.uniform01());
    }
  });
  return rates;
}

}  // namespace

MonteCarloResults run_monte_carlo(const Plan& plan, const RunSettings& settings, unsigned threads) {
  const std::size_t n_measures = plan.measures.size();
  const auto n_draws = static_cast<std::size_t>(settings.draws);
  const std::vector<double> rates = draw_rates(plan, settings, threads);

  std::vector<std::uint64_t> sample_streams;
  for (const PlannedMeasure& measure : plan.measures)
    sample_streams.push_back(stream_id("sample", measure.id));
  const std::uint64_t population_stream = stream_id("population", "");

  MonteCarloResults results;
  results.n_measures = n_measures;
  results.summaries.resize(plan.areas.size() * n_measures);

  // Per-worker scratch: draws x measures values, reused area after area.
  std::vector<std::vector<double>> scratch(std::max(1u, threads),
                                           std::vector<double>(n_measures * n_draws));

  parallel_for(plan.areas.size(), threads, [&](std::size_t a, unsigned worker) {
    const PlannedArea& area = plan.areas[a];
    const std::uint64_t area_key = stable_hash(area.code);
    std::vector<double>& values = scratch[worker];

    for (std::size_t d = 0; d < n_draws; ++d) {
      const auto draw = static_cast<std::uint32_t>(d);
      double scale = 1.0;
      if (plan.population_relative_error > 0.0) {
        // Median-preserving log-normal: the published count is the centre of
        // its uncertainty, not its mean.
        RandomStream random(settings.seed, population_stream, draw, area_key);
        scale = std::exp(plan.population_relative_error * random.normal());
      }
      for (std::size_t m = 0; m < n_measures; ++m) {
        const double population = area.denominators[m] * scale;
        const double rate = rates[m * n_draws + d];
        double value;
        if (settings.mode == Mode::expected) {
          value = population * rate;
        } else {
          RandomStream random(settings.seed, sample_streams[m], draw, area_key);
          boost::random::binomial_distribution<std::int64_t, double> binomial(
              std::llround(population), rate);
          value = static_cast<double>(binomial(random));
        }
        values[m * n_draws + d] = value;
      }
    }
    for (std::size_t m = 0; m < n_measures; ++m)
      results.summaries[a * n_measures + m] =
          summarise(std::span<double>(values.data() + m * n_draws, n_draws), settings.interval);
  });
  return results;
}

}  // namespace prevalence::engine
