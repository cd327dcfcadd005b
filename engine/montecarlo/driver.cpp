#include "engine/montecarlo/driver.hpp"

#include "engine/montecarlo/multinomial_chain.hpp"
#include "engine/montecarlo/parallel_for.hpp"
#include "engine/random/stream.hpp"
#include "engine/summary/product_summary.hpp"

#include <boost/random/gamma_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <utility>

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
GroupDraws draw_tables(const PlannedGroup& group, const RunSettings& settings, unsigned threads,
                       const std::atomic<bool>* stop) {
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
    stop_if_requested(stop);
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

// Each output's share of the population in every draw, output-major
// (shares[o * D + d]), and its smallest and largest share over the draws:
// with an area's extremes of head-count they bound its expected counts
// beforehand. Shared by all areas.
struct OutputShares {
  std::vector<double> shares;
  std::vector<std::pair<double, double>> range;
};

OutputShares output_shares(const Plan& plan, const std::vector<GroupDraws>& tables, std::size_t n_draws) {
  OutputShares out;
  out.shares.resize(plan.n_outputs() * n_draws);
  for (std::size_t g = 0, o = 0; g < plan.groups.size(); ++g) {
    const auto n_cells = static_cast<std::size_t>(plan.groups[g].n_cells());
    for (const models::CellSet output : plan.groups[g].outputs) {
      for (std::size_t d = 0; d < n_draws; ++d)
        out.shares[o * n_draws + d] = models::sum_over({tables[g].cells.data() + d * n_cells, n_cells}, output);
      const auto first = out.shares.begin() + static_cast<std::ptrdiff_t>(o * n_draws);
      const auto [low, high] = std::minmax_element(first, first + static_cast<std::ptrdiff_t>(n_draws));
      out.range.emplace_back(*low, *high);
      ++o;
    }
  }
  return out;
}

// The cells each output sums, as a list: cheaper than testing a mask of all.
std::vector<std::vector<std::size_t>> output_cell_lists(const Plan& plan) {
  std::vector<std::vector<std::size_t>> lists;
  for (const PlannedGroup& group : plan.groups)
    for (const models::CellSet output : group.outputs) {
      lists.emplace_back();
      for (int c = 0; c < group.n_cells(); ++c)
        if (models::contains(output, c)) lists.back().push_back(static_cast<std::size_t>(c));
    }
  return lists;
}

// Per-worker scratch, reused area after area, so the area loop allocates
// nothing: each draw's population multiplier; one output's draws (expected
// mode) or every output's counts (realised mode); one table of cell counts;
// with a sink, every output's draws of the area.
struct Scratch {
  std::vector<double> multiplier, values, kept;
  std::vector<std::int64_t> counts, cells;
};

// Everything the area loop reads, shared by every area, and the loop's
// phases for one area.
class AreaPass {
 public:
  AreaPass(const Plan& plan, const RunSettings& settings, const std::vector<GroupDraws>& tables, const DrawSink* sink)
      : plan_(plan),
        settings_(settings),
        sink_(sink),
        n_draws_(static_cast<std::size_t>(settings.draws)),
        n_outputs_(plan.n_outputs()),
        n_extra_(2 * (settings.intervals.size() - 1)),
        shares_(output_shares(plan, tables, n_draws_)),
        population_key_(random::RandomStream::key(settings.seed, random::stream_id("population", ""))) {
    if (settings.mode == Mode::expected) {
      brackets_ = pilot_brackets();
    } else {
      // Each group's multinomial chain, prepared once per draw.
      for (std::size_t g = 0; g < plan.groups.size(); ++g)
        chains_.emplace_back(tables[g].cells, static_cast<std::size_t>(plan.groups[g].n_cells()));
      output_cells_ = output_cell_lists(plan);
      for (const PlannedGroup& group : plan.groups)
        sample_keys_.push_back(random::RandomStream::key(settings.seed, random::stream_id("sample", group.id)));
    }
  }

  // The draws' shares, draw-major (shares[d * M + o]), for the results.
  std::vector<double> draw_major_shares() const {
    std::vector<double> out(n_draws_ * n_outputs_);
    for (std::size_t o = 0; o < n_outputs_; ++o)
      for (std::size_t d = 0; d < n_draws_; ++d) out[d * n_outputs_ + o] = shares_.shares[o * n_draws_ + d];
    return out;
  }

  Scratch scratch() const {
    Scratch s;
    s.multiplier.resize(n_draws_);
    if (settings_.mode == Mode::expected)
      s.values.resize(n_draws_);
    else
      s.counts.resize(n_outputs_ * n_draws_);
    s.cells.resize(models::kMaxCells);
    if (sink_) s.kept.resize(n_outputs_ * n_draws_);
    return s;
  }

  // Area `a`'s summaries into `results`, and its draws to the sink.
  void run(std::size_t a, Scratch& s, MonteCarloResults& results) const {
    const PlannedArea& area = plan_.areas[a];
    const std::uint64_t area_key = random::stable_hash(area.code);
    const std::pair<double, double> extremes = head_counts(area_key, s.multiplier);
    if (settings_.mode == Mode::expected)
      expected_counts(a, extremes, s, results);
    else
      realised_counts(a, area_key, s, results);
    if (sink_) sink_->area_draws(a, s.kept);
  }

 private:
  // Expected mode: where each output's quantiles will fall, per unit of
  // denominator, from a pilot area's draws (its own population stream).
  std::vector<summary::QuantileBrackets> pilot_brackets() const {
    std::vector<double> pilot_multiplier(n_draws_, 1.0), pilot(n_draws_);
    if (plan_.population_relative_error > 0.0) {
      random::RandomStream random(population_key_, 0, random::stable_hash("\x01pilot area"));
      for (double& m : pilot_multiplier) m = std::exp(plan_.population_relative_error * random.normal());
    }
    std::vector<summary::QuantileBrackets> brackets(n_outputs_);
    for (std::size_t o = 0; o < n_outputs_; ++o) {
      for (std::size_t d = 0; d < n_draws_; ++d) pilot[d] = pilot_multiplier[d] * shares_.shares[o * n_draws_ + d];
      brackets[o] = summary::predict_brackets(pilot, settings_.intervals);
    }
    return brackets;
  }

  // Median-preserving log-normal head-counts: the published count is the
  // centre of its uncertainty, not its mean. One multiplier per draw scales
  // all of the area's denominators together. The area's normals come from
  // one stream, draw after draw, so no random bits are wasted; they depend
  // on the area and the draw alone. Returns the smallest and largest.
  std::pair<double, double> head_counts(std::uint64_t area_key, std::vector<double>& multiplier) const {
    if (!(plan_.population_relative_error > 0.0)) {
      std::fill(multiplier.begin(), multiplier.end(), 1.0);
      return {1.0, 1.0};
    }
    random::RandomStream random(population_key_, 0, area_key);
    double lowest = multiplier[0] = std::exp(plan_.population_relative_error * random.normal());
    double highest = lowest;
    for (std::size_t d = 1; d < n_draws_; ++d) {
      const double scale = std::exp(plan_.population_relative_error * random.normal());
      multiplier[d] = scale;
      lowest = std::min(lowest, scale);
      highest = std::max(highest, scale);
    }
    return {lowest, highest};
  }

  std::span<double> extra_bounds(MonteCarloResults& results, std::size_t a, std::size_t o) const {
    return {results.extra_bounds.data() + (a * n_outputs_ + o) * n_extra_, n_extra_};
  }

  // Expected mode: each output's count in draw d is denominator x
  // multiplier[d] x share[d], summarised in one pass.
  void expected_counts(std::size_t a, std::pair<double, double> extremes, Scratch& s,
                       MonteCarloResults& results) const {
    const PlannedArea& area = plan_.areas[a];
    for (std::size_t g = 0, o = 0; g < plan_.groups.size(); ++g)
      for (std::size_t k = 0; k < plan_.groups[g].outputs.size(); ++k, ++o) {
        const double denominator = area.denominators[g];
        const double* share = shares_.shares.data() + o * n_draws_;
        results.summaries[a * n_outputs_ + o] = summary::summarise_product(
            denominator, s.multiplier, {share, n_draws_}, {extremes.first, extremes.second}, shares_.range[o],
            brackets_[o], settings_.intervals, extra_bounds(results, a, o), s.values);
        // The draws summarise_product made, made again the same way.
        if (sink_)
          for (std::size_t d = 0; d < n_draws_; ++d)
            s.kept[o * n_draws_ + d] = denominator * s.multiplier[d] * share[d];
      }
  }

  // Realised mode: each draw's cell counts are a multinomial over the
  // group's table; each output's count is the sum of its cells.
  void realised_counts(std::size_t a, std::uint64_t area_key, Scratch& s, MonteCarloResults& results) const {
    const PlannedArea& area = plan_.areas[a];
    for (std::size_t d = 0; d < n_draws_; ++d)
      for (std::size_t g = 0, o = 0; g < plan_.groups.size(); ++g) {
        const std::size_t n_cells = static_cast<std::size_t>(plan_.groups[g].n_cells());
        random::RandomStream random(sample_keys_[g], static_cast<std::uint32_t>(d), area_key);
        chains_[g].draw(d, std::llround(area.denominators[g] * s.multiplier[d]), random, {s.cells.data(), n_cells});
        for (std::size_t k = 0; k < plan_.groups[g].outputs.size(); ++k, ++o) {
          std::int64_t count = 0;
          for (std::size_t c : output_cells_[o]) count += s.cells[c];
          s.counts[o * n_draws_ + d] = count;
        }
      }
    for (std::size_t o = 0; o < n_outputs_; ++o)
      results.summaries[a * n_outputs_ + o] = summary::summarise_counts(
          {s.counts.data() + o * n_draws_, n_draws_}, settings_.intervals, extra_bounds(results, a, o));
    if (sink_) std::copy(s.counts.begin(), s.counts.end(), s.kept.begin());
  }

  const Plan& plan_;
  const RunSettings& settings_;
  const DrawSink* sink_;
  const std::size_t n_draws_, n_outputs_, n_extra_;
  const OutputShares shares_;
  const random::RandomStream::Key population_key_;
  std::vector<summary::QuantileBrackets> brackets_;  // expected mode
  std::vector<MultinomialChain> chains_;             // realised mode
  std::vector<std::vector<std::size_t>> output_cells_;
  std::vector<random::RandomStream::Key> sample_keys_;
};

}  // namespace

MonteCarloResults run_monte_carlo(const Plan& plan, const RunSettings& settings, unsigned threads,
                                  std::atomic<std::size_t>* areas_done, const DrawSink* sink,
                                  const std::atomic<bool>* stop) {
  if (settings.intervals.empty() || settings.intervals.size() > summary::kMaxIntervals)
    throw std::invalid_argument("run_monte_carlo: 1 to 4 interval levels");
  const auto n_draws = static_cast<std::size_t>(settings.draws);
  MonteCarloResults results;
  results.n_outputs = plan.n_outputs();
  results.n_levels = settings.intervals.size();

  // Every group's joint table in every draw, shared by all areas.
  std::vector<GroupDraws> tables;
  for (const PlannedGroup& group : plan.groups) {
    tables.push_back(draw_tables(group, settings, threads, stop));
    results.moved_share.push_back(static_cast<double>(tables.back().moved) / static_cast<double>(n_draws));
  }
  const AreaPass pass(plan, settings, tables, sink);
  results.shares = pass.draw_major_shares();

  // Every area's counts and summaries, area by area.
  results.summaries.resize(plan.areas.size() * results.n_outputs);
  results.extra_bounds.resize(plan.areas.size() * results.n_outputs * 2 * (results.n_levels - 1));
  std::vector<Scratch> scratch;
  for (unsigned t = 0; t < std::max(1u, threads); ++t) scratch.push_back(pass.scratch());
  parallel_for(plan.areas.size(), threads, [&](std::size_t a, unsigned worker) {
    stop_if_requested(stop);
    pass.run(a, scratch[worker], results);
    if (areas_done) areas_done->fetch_add(1, std::memory_order_relaxed);
  });
  return results;
}

}  // namespace prevalence::montecarlo
