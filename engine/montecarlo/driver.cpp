#include "engine/montecarlo/driver.hpp"

#include "engine/montecarlo/multinomial_chain.hpp"
#include "engine/montecarlo/parallel_for.hpp"
#include "engine/random/stream.hpp"
#include "engine/summary/product_summary.hpp"

#include <boost/random/gamma_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace prevalence::montecarlo {
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
  for (const std::string& id : group.figure_ids) figure_streams.push_back(random::stream_id("rate", id));
  for (const std::string& id : group.odds_ratio_ids) ratio_streams.push_back(random::stream_id("odds_ratio", id));
  const std::uint64_t table_stream = random::stream_id("table", group.id);

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
        random::RandomStream random(settings.seed, table_stream, draw, 0);
        double total = 0.0;
        for (std::size_t c = 0; c < n_cells; ++c)
          total += cells[c] = boost::random::gamma_distribution<double>(group.dirichlet_alpha[c])(random);
        for (double& cell : cells) cell /= total;
        continue;
      }
      for (std::size_t j = 0; j < figures.size(); ++j) {
        random::RandomStream random(settings.seed, figure_streams[j], draw, 0);
        figures[j] = group.figure_rates[j].quantile(random.uniform01());
      }
      if (!fitter) {
        cells[0] = 1.0 - figures[0];
        cells[1] = figures[0];
        continue;
      }
      for (std::size_t k = 0; k < log_ratios.size(); ++k) {
        random::RandomStream random(settings.seed, ratio_streams[k], draw, 0);
        log_ratios[k] = group.log_odds_ratio_mean[k] + group.log_odds_ratio_sd[k] * random.normal();
      }
      if (fitter->fit(figures, log_ratios, cells).moved) ++moved_in_block[block];
    }
  });
  for (std::size_t moved : moved_in_block) out.moved += moved;
  return out;
}

}  // namespace

MonteCarloResults run_monte_carlo(const Plan& plan, const RunSettings& settings, unsigned threads,
                                  std::atomic<std::size_t>* areas_done, const DrawSink* sink) {
  const auto n_draws = static_cast<std::size_t>(settings.draws);
  const std::size_t n_outputs = plan.n_outputs();
  const std::span<const double> levels = settings.intervals;
  if (levels.empty() || levels.size() > summary::kMaxIntervals)
    throw std::invalid_argument("run_monte_carlo: 1 to 4 interval levels");
  // Each summary's further levels' ends, lower and upper.
  const std::size_t n_extra = 2 * (levels.size() - 1);

  MonteCarloResults results;
  results.n_outputs = n_outputs;
  results.n_levels = levels.size();
  std::vector<GroupDraws> tables;
  for (const PlannedGroup& group : plan.groups) {
    tables.push_back(draw_tables(group, settings, threads));
    results.moved_share.push_back(static_cast<double>(tables.back().moved) / static_cast<double>(n_draws));
  }

  // Each output's share of the population in every draw, shared by all areas.
  std::vector<double> shares(n_outputs * n_draws);
  for (std::size_t g = 0, o = 0; g < plan.groups.size(); ++g) {
    const PlannedGroup& group = plan.groups[g];
    const auto n_cells = static_cast<std::size_t>(group.n_cells());
    for (const models::CellSet output : group.outputs) {
      for (std::size_t d = 0; d < n_draws; ++d)
        shares[o * n_draws + d] = models::sum_over({tables[g].cells.data() + d * n_cells, n_cells}, output);
      ++o;
    }
  }
  // The same, draw-major, for the results.
  results.shares.resize(n_draws * n_outputs);
  for (std::size_t o = 0; o < n_outputs; ++o)
    for (std::size_t d = 0; d < n_draws; ++d) results.shares[d * n_outputs + o] = shares[o * n_draws + d];

  const random::RandomStream::Key population_key = random::RandomStream::key(settings.seed, random::stream_id("population", ""));

  // Each output's smallest and largest share over the draws: with an area's
  // extremes of head-count they bound its expected counts beforehand.
  std::vector<std::pair<double, double>> share_range(n_outputs);
  for (std::size_t o = 0; o < n_outputs; ++o) {
    const auto [low, high] = std::minmax_element(shares.begin() + static_cast<std::ptrdiff_t>(o * n_draws),
                                                 shares.begin() + static_cast<std::ptrdiff_t>((o + 1) * n_draws));
    share_range[o] = {*low, *high};
  }

  // Expected mode: where each output's quantiles will fall, per unit of
  // denominator, from a pilot area's draws (its own population stream).
  std::vector<summary::QuantileBrackets> brackets(n_outputs);
  if (settings.mode == Mode::expected) {
    std::vector<double> pilot_multiplier(n_draws, 1.0), pilot(n_draws);
    if (plan.population_relative_error > 0.0) {
      random::RandomStream random(population_key, 0, random::stable_hash("\x01pilot area"));
      for (double& m : pilot_multiplier) m = std::exp(plan.population_relative_error * random.normal());
    }
    for (std::size_t o = 0; o < n_outputs; ++o) {
      for (std::size_t d = 0; d < n_draws; ++d) pilot[d] = pilot_multiplier[d] * shares[o * n_draws + d];
      brackets[o] = summary::predict_brackets(pilot, levels);
    }
  }

  // Realised mode: each group's multinomial chain, prepared once per draw.
  std::vector<MultinomialChain> chains;
  if (settings.mode == Mode::realised)
    for (std::size_t g = 0; g < plan.groups.size(); ++g)
      chains.emplace_back(tables[g].cells, static_cast<std::size_t>(plan.groups[g].n_cells()));
  // The cells each output sums, as a list: cheaper than testing a mask of all.
  std::vector<std::vector<std::size_t>> output_cells;
  for (const PlannedGroup& group : plan.groups)
    for (const models::CellSet output : group.outputs) {
      output_cells.emplace_back();
      for (int c = 0; c < group.n_cells(); ++c)
        if (models::contains(output, c)) output_cells.back().push_back(static_cast<std::size_t>(c));
    }

  std::vector<random::RandomStream::Key> sample_keys;
  for (const PlannedGroup& group : plan.groups)
    sample_keys.push_back(random::RandomStream::key(settings.seed, random::stream_id("sample", group.id)));
  results.summaries.resize(plan.areas.size() * n_outputs);
  results.extra_bounds.resize(plan.areas.size() * n_outputs * n_extra);
  const auto extra_bounds = [&](std::size_t a, std::size_t o) {
    return std::span<double>(results.extra_bounds.data() + (a * n_outputs + o) * n_extra, n_extra);
  };

  // Per-worker scratch, reused area after area, so the area loop allocates
  // nothing: each draw's population multiplier; one output's draws
  // (expected mode) or every output's counts (realised mode); one table of
  // cell counts; with a sink, every output's draws of the area.
  struct Scratch {
    std::vector<double> multiplier, values, kept;
    std::vector<std::int64_t> counts, cells;
  };
  std::vector<Scratch> scratch(std::max(1u, threads));
  for (Scratch& s : scratch) {
    s.multiplier.resize(n_draws);
    if (settings.mode == Mode::expected)
      s.values.resize(n_draws);
    else
      s.counts.resize(n_outputs * n_draws);
    s.cells.resize(models::kMaxCells);
    if (sink) s.kept.resize(n_outputs * n_draws);
  }

  parallel_for(plan.areas.size(), threads, [&](std::size_t a, unsigned worker) {
    const PlannedArea& area = plan.areas[a];
    const std::uint64_t area_key = random::stable_hash(area.code);
    Scratch& s = scratch[worker];

    // Median-preserving log-normal head-counts: the published count is the
    // centre of its uncertainty, not its mean. One multiplier per draw
    // scales all of the area's denominators together. The area's normals
    // come from one stream, draw after draw, so no random bits are wasted;
    // they depend on the area and the draw alone.
    double lowest = 1.0, highest = 1.0;
    if (plan.population_relative_error > 0.0) {
      random::RandomStream random(population_key, 0, area_key);
      lowest = highest = s.multiplier[0] = std::exp(plan.population_relative_error * random.normal());
      for (std::size_t d = 1; d < n_draws; ++d) {
        const double scale = std::exp(plan.population_relative_error * random.normal());
        s.multiplier[d] = scale;
        lowest = std::min(lowest, scale);
        highest = std::max(highest, scale);
      }
    } else {
      std::fill(s.multiplier.begin(), s.multiplier.end(), 1.0);
    }

    if (settings.mode == Mode::expected) {
      for (std::size_t g = 0, o = 0; g < plan.groups.size(); ++g)
        for (std::size_t k = 0; k < plan.groups[g].outputs.size(); ++k, ++o) {
          const double denominator = area.denominators[g];
          const double* share = shares.data() + o * n_draws;
          results.summaries[a * n_outputs + o] =
              summary::summarise_product(denominator, s.multiplier, {share, n_draws}, {lowest, highest}, share_range[o],
                                brackets[o], levels, extra_bounds(a, o), s.values);
          // The draws summarise_product made, made again the same way.
          if (sink)
            for (std::size_t d = 0; d < n_draws; ++d) s.kept[o * n_draws + d] = denominator * s.multiplier[d] * share[d];
        }
    } else {
      for (std::size_t d = 0; d < n_draws; ++d)
        for (std::size_t g = 0, o = 0; g < plan.groups.size(); ++g) {
          const std::size_t n_cells = static_cast<std::size_t>(plan.groups[g].n_cells());
          random::RandomStream random(sample_keys[g], static_cast<std::uint32_t>(d), area_key);
          chains[g].draw(d, std::llround(area.denominators[g] * s.multiplier[d]), random, {s.cells.data(), n_cells});
          for (std::size_t k = 0; k < plan.groups[g].outputs.size(); ++k, ++o) {
            std::int64_t count = 0;
            for (std::size_t c : output_cells[o]) count += s.cells[c];
            s.counts[o * n_draws + d] = count;
          }
        }
      for (std::size_t o = 0; o < n_outputs; ++o)
        results.summaries[a * n_outputs + o] =
            summary::summarise_counts({s.counts.data() + o * n_draws, n_draws}, levels, extra_bounds(a, o));
      if (sink) std::copy(s.counts.begin(), s.counts.end(), s.kept.begin());
    }
    if (sink) sink->area_draws(a, s.kept);
    if (areas_done) areas_done->fetch_add(1, std::memory_order_relaxed);
  });
  return results;
}

}  // namespace prevalence::montecarlo
