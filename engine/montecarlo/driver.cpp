#include "engine/montecarlo/driver.hpp"

#include "engine/montecarlo/parallel_for.hpp"
#include "engine/random/stream.hpp"

#include <boost/random/binomial_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace prevalence::engine {
namespace {

// One group's tables for every draw: cells[d * n_cells + c].
struct GroupDraws {
  std::vector<double> cells;
  std::size_t moved = 0;
};

// Draws one group's tables, block by block. Figures are sampled by inversion
// (one uniform per figure and draw, so common random numbers pair draws
// across scenarios) and shared by all areas: a published rate is one
// unknown, so every area moves with it.
GroupDraws draw_tables(const PlannedGroup& group, const RunSettings& settings, unsigned threads) {
  const auto n_draws = static_cast<std::size_t>(settings.draws);
  const auto n_cells = static_cast<std::size_t>(group.n_cells());
  GroupDraws out;
  out.cells.resize(n_draws * n_cells);

  std::vector<std::uint64_t> figure_streams, ratio_streams;
  for (const std::string& id : group.figure_ids) figure_streams.push_back(stream_id("rate", id));
  for (const std::string& id : group.odds_ratio_ids) ratio_streams.push_back(stream_id("odds_ratio", id));
  const std::uint64_t table_stream = stream_id("table", group.id);

  const std::size_t n_blocks = (n_draws + kDrawsPerBlock - 1) / kDrawsPerBlock;
  std::vector<std::size_t> moved_in_block(n_blocks, 0);
  std::vector<std::optional<models::JointTableFitter>> fitters(std::max(1u, threads), group.fitter);

  parallel_for(n_blocks, threads, [&](std::size_t block, unsigned worker) {
    std::optional<models::JointTableFitter>& fitter = fitters[worker];
    if (fitter) fitter->reset_warm_start();
    std::vector<double> figures(group.figure_rates.size()), log_ratios(group.odds_ratio_ids.size());
    const std::size_t end = std::min(n_draws, (block + 1) * kDrawsPerBlock);
    for (std::size_t d = block * kDrawsPerBlock; d < end; ++d) {
      const auto draw = static_cast<std::uint32_t>(d);
      const std::span<double> cells(out.cells.data() + d * n_cells, n_cells);
      if (!group.dirichlet_alpha.empty()) {
        // Dirichlet as normalised gammas (Boost.Random's sampler).
        RandomStream random(settings.seed, table_stream, draw, 0);
        double total = 0.0;
        for (std::size_t c = 0; c < n_cells; ++c)
          total += cells[c] = boost::random::gamma_distribution<double>(group.dirichlet_alpha[c])(random);
        for (double& cell : cells) cell /= total;
        continue;
      }
      for (std::size_t j = 0; j < figures.size(); ++j) {
        RandomStream random(settings.seed, figure_streams[j], draw, 0);
        figures[j] = group.figure_rates[j].quantile(random.uniform01());
      }
      if (!fitter) {
        cells[0] = 1.0 - figures[0];
        cells[1] = figures[0];
        continue;
      }
      for (std::size_t k = 0; k < log_ratios.size(); ++k) {
        RandomStream random(settings.seed, ratio_streams[k], draw, 0);
        log_ratios[k] = group.log_odds_ratio_mean[k] + group.log_odds_ratio_sd[k] * random.normal();
      }
      if (fitter->fit(figures, log_ratios, cells).moved) ++moved_in_block[block];
    }
  });
  for (std::size_t moved : moved_in_block) out.moved += moved;
  return out;
}

// A multinomial draw as a chain of binomials: each cell takes its share of
// what the cells before it left.
void draw_multinomial(std::int64_t n, std::span<const double> p, RandomStream& random,
                      std::span<double> counts) {
  double remaining_p = 1.0;
  for (std::size_t c = 0; c + 1 < p.size(); ++c) {
    std::int64_t x = 0;
    if (n > 0 && p[c] > 0.0) {
      const double share = remaining_p > 0.0 ? std::clamp(p[c] / remaining_p, 0.0, 1.0) : 1.0;
      x = boost::random::binomial_distribution<std::int64_t, double>(n, share)(random);
    }
    counts[c] = static_cast<double>(x);
    n -= x;
    remaining_p -= p[c];
  }
  counts[p.size() - 1] = static_cast<double>(n);
}

}  // namespace

MonteCarloResults run_monte_carlo(const Plan& plan, const RunSettings& settings, unsigned threads,
                                  std::atomic<std::size_t>* areas_done) {
  const auto n_draws = static_cast<std::size_t>(settings.draws);
  const std::size_t n_outputs = plan.n_outputs();

  MonteCarloResults results;
  results.n_outputs = n_outputs;
  std::vector<GroupDraws> tables;
  for (const PlannedGroup& group : plan.groups) {
    tables.push_back(draw_tables(group, settings, threads));
    results.moved_share.push_back(static_cast<double>(tables.back().moved) / static_cast<double>(n_draws));
  }

  // Each output's share of the population in every draw, shared by all areas.
  std::vector<double> shares(n_outputs * n_draws);
  std::vector<std::size_t> first_output;  // per group, index of its first output
  for (std::size_t g = 0, o = 0; g < plan.groups.size(); ++g) {
    first_output.push_back(o);
    const PlannedGroup& group = plan.groups[g];
    const auto n_cells = static_cast<std::size_t>(group.n_cells());
    for (const PlannedOutput& output : group.outputs) {
      for (std::size_t d = 0; d < n_draws; ++d)
        shares[o * n_draws + d] =
            models::sum_over({tables[g].cells.data() + d * n_cells, n_cells}, output.cells);
      ++o;
    }
  }

  std::vector<std::uint64_t> sample_streams;
  for (const PlannedGroup& group : plan.groups) sample_streams.push_back(stream_id("sample", group.id));
  const std::uint64_t population_stream = stream_id("population", "");
  results.summaries.resize(plan.areas.size() * n_outputs);

  // Per-worker scratch, reused area after area: draws x outputs values, and
  // one table of cell counts.
  std::vector<std::vector<double>> scratch(std::max(1u, threads), std::vector<double>(n_outputs * n_draws));
  std::vector<std::vector<double>> cell_counts(std::max(1u, threads), std::vector<double>(models::kMaxCells));

  parallel_for(plan.areas.size(), threads, [&](std::size_t a, unsigned worker) {
    const PlannedArea& area = plan.areas[a];
    const std::uint64_t area_key = stable_hash(area.code);
    std::vector<double>& values = scratch[worker];
    std::vector<double>& counts = cell_counts[worker];

    for (std::size_t d = 0; d < n_draws; ++d) {
      const auto draw = static_cast<std::uint32_t>(d);
      double scale = 1.0;
      if (plan.population_relative_error > 0.0) {
        // Median-preserving log-normal: the published count is the centre of
        // its uncertainty, not its mean.
        RandomStream random(settings.seed, population_stream, draw, area_key);
        scale = std::exp(plan.population_relative_error * random.normal());
      }
      for (std::size_t g = 0; g < plan.groups.size(); ++g) {
        const PlannedGroup& group = plan.groups[g];
        const double population = area.denominators[g] * scale;
        const std::size_t first = first_output[g];
        if (settings.mode == Mode::expected) {
          for (std::size_t k = 0; k < group.outputs.size(); ++k)
            values[(first + k) * n_draws + d] = population * shares[(first + k) * n_draws + d];
          continue;
        }
        const auto n_cells = static_cast<std::size_t>(group.n_cells());
        RandomStream random(settings.seed, sample_streams[g], draw, area_key);
        draw_multinomial(std::llround(population), {tables[g].cells.data() + d * n_cells, n_cells},
                         random, {counts.data(), n_cells});
        for (std::size_t k = 0; k < group.outputs.size(); ++k)
          values[(first + k) * n_draws + d] =
              models::sum_over({counts.data(), n_cells}, group.outputs[k].cells);
      }
    }
    for (std::size_t o = 0; o < n_outputs; ++o)
      results.summaries[a * n_outputs + o] =
          summarise(std::span<double>(values.data() + o * n_draws, n_draws), settings.interval);
    if (areas_done) areas_done->fetch_add(1, std::memory_order_relaxed);
  });
  return results;
}

}  // namespace prevalence::engine
