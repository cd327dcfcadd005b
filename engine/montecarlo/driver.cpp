#include "engine/montecarlo/driver.hpp"

#include "engine/montecarlo/multinomial_chain.hpp"
#include "engine/montecarlo/parallel_for.hpp"
#include "engine/random/stream.hpp"
#include "engine/summary/product_summary.hpp"

#include "models/rate/normal_score_quantile.hpp"

#include <boost/random/gamma_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <utility>

namespace prevalence::montecarlo {
namespace {

// One group's draws as the area loop reads them: every draw's table, each
// output's share of the denominator in every draw with its smallest and
// largest, and what each mode prepares from them. Made once for a group whose
// table every area shares; for a group with per-area figures, once for each
// variant an area uses.
struct GroupDraws {
  std::vector<double> cells;                        // cells[d * n_cells + c]
  std::vector<double> shares;                       // shares[k * D + d], k the group's k-th output
  std::vector<std::pair<double, double>> range;     // each output's smallest and largest share
  std::vector<summary::QuantileBrackets> brackets;  // expected mode
  std::optional<MultinomialChain> chain;            // realised mode
  std::size_t moved = 0;                            // draws moved to admit a table
};

// Draws the tables of a group every area shares, block by block. Figures are
// sampled by inversion (one uniform per figure and draw, so common random
// numbers pair draws across scenarios) and shared by all areas: a published
// rate is one unknown, so every area moves with it.
void draw_shared_tables(const PlannedGroup& group, const RunSettings& settings, unsigned threads,
                        const std::atomic<bool>* stop, GroupDraws& out) {
  const auto n_draws = static_cast<std::size_t>(settings.draws);
  const auto n_cells = static_cast<std::size_t>(group.n_cells());
  out.cells.resize(n_draws * n_cells);

  std::vector<std::uint64_t> figure_streams, ratio_streams;
  for (const std::string& id : group.figure_ids) figure_streams.push_back(random::stream_id("rate", id));
  for (const std::string& id : group.odds_ratio_ids) ratio_streams.push_back(random::stream_id("odds_ratio", id));
  const std::uint64_t table_stream = random::stream_id("table", group.id);

  const std::size_t n_blocks = (n_draws + kDrawsPerBlock - 1) / kDrawsPerBlock;
  std::vector<std::size_t> moved_in_block(n_blocks, 0);
  const bool point_only = group.point_when_realised && settings.mode == Mode::realised;
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
        const double u = random.uniform01();
        figures[j] = point_only ? group.figure_rates[j].point_value() : group.figure_rates[j].quantile(u);
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
}

// The standard-normal scores of one unknown (a figure, or a Dirichlet's
// cells) for one variant in one draw: the score every variant shares, the
// variant's own, or their Gaussian-copula mix sqrt(r) shared + sqrt(1 - r)
// own for a correlation r across areas.
class CoupledScores {
 public:
  CoupledScores(std::uint64_t seed, std::uint64_t stream, std::uint64_t variant, double correlation)
      : key_(random::RandomStream::key(seed, stream)),
        variant_(variant),
        shared_weight_(std::sqrt(correlation)),
        own_weight_(std::sqrt(1.0 - correlation)) {}

  // `n` scores of draw d into `z`.
  void draw(std::uint32_t d, std::span<double> z) const {
    if (own_weight_ == 0.0) {
      random::RandomStream shared(key_, d, 0);
      for (double& score : z) score = shared.normal();
    } else if (shared_weight_ == 0.0) {
      random::RandomStream own(key_, d, variant_);
      for (double& score : z) score = own.normal();
    } else {
      random::RandomStream shared(key_, d, 0), own(key_, d, variant_);
      for (double& score : z) score = shared_weight_ * shared.normal();
      for (double& score : z) score += own_weight_ * own.normal();
    }
  }

 private:
  random::RandomStream::Key key_;
  std::uint64_t variant_;
  double shared_weight_, own_weight_;
};

// A figure's quantile at a normal score: tabulated for a Beta (no root
// finding per area and draw), each piece of a two-piece Beta on its side of
// the median (z = 0), the value itself for a point.
struct ScoreQuantile {
  explicit ScoreQuantile(const models::RateDistribution& rate) : point(rate.is_point() ? rate.mean() : 0.0) {
    if (const auto& shape = rate.shape()) table.emplace(models::NormalScoreQuantile::beta(shape->alpha, shape->beta));
    if (const auto& shape = rate.above_median())
      above.emplace(models::NormalScoreQuantile::beta(shape->alpha, shape->beta));
    if (const auto gamma = rate.gamma()) {  // a Poisson rate: Gamma(shape) x scale
      table.emplace(models::NormalScoreQuantile::gamma(gamma->first));
      scale = gamma->second;
    }
  }
  double operator()(double z) const {
    if (above && z > 0.0) return (*above)(z);
    return table ? scale * (*table)(z) : point;
  }
  double point;
  double scale = 1.0;
  std::optional<models::NormalScoreQuantile> table, above;
};

// Draws one variant's tables for every draw, in one thread (variants are the
// unit of parallel work). The forms are those of draw_shared_tables, but
// every unknown is drawn through its normal score, coupled across variants
// as the group declares, and inverted by a tabulated quantile function.
void draw_variant_tables(const PlannedGroup& group, const TableVariant& variant, const RunSettings& settings,
                         const std::atomic<bool>* stop, GroupDraws& out) {
  const auto n_draws = static_cast<std::size_t>(settings.draws);
  const auto n_cells = static_cast<std::size_t>(group.n_cells());
  out.cells.resize(n_draws * n_cells);
  out.moved = 0;
  if (!variant.mixture.empty()) {
    // Each part's own draws (the same as in an area that uses it), mixed.
    std::fill(out.cells.begin(), out.cells.end(), 0.0);
    GroupDraws part;
    for (const auto& [v, weight] : variant.mixture) {
      draw_variant_tables(group, group.variants.at(v), settings, stop, part);
      for (std::size_t i = 0; i < out.cells.size(); ++i) out.cells[i] += weight * part.cells[i];
      out.moved = std::max(out.moved, part.moved);  // its most moved part
    }
    return;
  }
  const std::uint64_t own = random::stable_hash(variant.key);

  if (!variant.dirichlet_alpha.empty()) {
    // Dirichlet as normalised gammas, each gamma by its quantile at the
    // cell's score.
    std::vector<models::NormalScoreQuantile> gamma;
    for (double alpha : variant.dirichlet_alpha) gamma.push_back(models::NormalScoreQuantile::gamma(alpha));
    const CoupledScores scores(settings.seed, random::stream_id("table", group.id), own, group.across_areas.at(0));
    std::vector<double> z(n_cells);
    for (std::size_t d = 0; d < n_draws; ++d) {
      if (d % kDrawsPerBlock == 0) stop_if_requested(stop);
      scores.draw(static_cast<std::uint32_t>(d), z);
      const std::span<double> cells(out.cells.data() + d * n_cells, n_cells);
      double total = 0.0;
      for (std::size_t c = 0; c < n_cells; ++c) total += cells[c] = gamma[c](z[c]);
      // Every gamma below the smallest double (shapes far below 0.01): the
      // draw is the table's mean.
      if (!(total > 0.0)) {
        total = 0.0;
        for (std::size_t c = 0; c < n_cells; ++c) total += cells[c] = variant.dirichlet_alpha[c];
      }
      for (double& cell : cells) cell /= total;
    }
    return;
  }

  std::vector<ScoreQuantile> quantiles;
  std::vector<CoupledScores> scores;
  const bool point_only = group.point_when_realised && settings.mode == Mode::realised;
  for (std::size_t j = 0; j < variant.figure_rates.size(); ++j) {
    quantiles.emplace_back(point_only ? models::RateDistribution::point(variant.figure_rates[j].point_value())
                                      : variant.figure_rates[j]);
    scores.emplace_back(settings.seed, random::stream_id("rate", group.figure_ids[j]), own, group.across_areas.at(j));
  }
  std::vector<random::RandomStream::Key> ratio_keys;
  for (const std::string& id : group.odds_ratio_ids)
    ratio_keys.push_back(random::RandomStream::key(settings.seed, random::stream_id("odds_ratio", id)));
  std::optional<models::JointTableFitter> fitter = variant.fitter;
  std::vector<double> figures(quantiles.size()), log_ratios(ratio_keys.size());
  double z = 0.0;
  for (std::size_t d = 0; d < n_draws; ++d) {
    if (d % kDrawsPerBlock == 0) {
      stop_if_requested(stop);
      // Blocks start cold, as in draw_shared_tables.
      if (fitter) fitter->reset_warm_start();
    }
    const auto draw = static_cast<std::uint32_t>(d);
    for (std::size_t j = 0; j < figures.size(); ++j) {
      scores[j].draw(draw, {&z, 1});
      figures[j] = quantiles[j](z);
    }
    const std::span<double> cells(out.cells.data() + d * n_cells, n_cells);
    if (!fitter) {
      cells[0] = 1.0 - figures[0];
      cells[1] = figures[0];
      continue;
    }
    // Odds ratios are the group's, the same unknown in every area.
    for (std::size_t k = 0; k < log_ratios.size(); ++k) {
      random::RandomStream random(ratio_keys[k], draw, 0);
      log_ratios[k] = group.log_odds_ratio_mean[k] + group.log_odds_ratio_sd[k] * random.normal();
    }
    if (fitter->fit(figures, log_ratios, cells).moved) ++out.moved;
  }
}

// The pilot area's head-count multipliers, from its own population stream:
// expected mode predicts where each output's quantiles fall from them.
std::vector<double> pilot_multipliers(const Plan& plan, const RunSettings& settings) {
  std::vector<double> multiplier(static_cast<std::size_t>(settings.draws), 1.0);
  if (plan.population_relative_error > 0.0) {
    random::RandomStream random(settings.seed, random::stream_id("population", ""), 0,
                                random::stable_hash("\x01pilot area"));
    for (double& m : multiplier) m = std::exp(plan.population_relative_error * random.normal());
  }
  return multiplier;
}

// What the area loop needs from a group's tables: each output's share in
// every draw and its range; in expected mode, where each output's quantiles
// will fall per unit of denominator (from the pilot multipliers); in
// realised mode, the multinomial chain prepared once per draw.
void prepare_outputs(const PlannedGroup& group, const RunSettings& settings, std::span<const double> pilot,
                     GroupDraws& draws) {
  const auto n_draws = static_cast<std::size_t>(settings.draws);
  const auto n_cells = static_cast<std::size_t>(group.n_cells());
  const std::size_t n_outputs = group.outputs.size();
  draws.shares.resize(n_outputs * n_draws);
  draws.range.resize(n_outputs);
  if (settings.mode == Mode::expected) draws.brackets.resize(n_outputs);
  std::vector<double> pilot_values(settings.mode == Mode::expected ? n_draws : 0);
  for (std::size_t k = 0; k < n_outputs; ++k) {
    double* share = draws.shares.data() + k * n_draws;
    for (std::size_t d = 0; d < n_draws; ++d)
      share[d] = models::sum_over({draws.cells.data() + d * n_cells, n_cells}, group.outputs[k]);
    const auto [low, high] = std::minmax_element(share, share + n_draws);
    draws.range[k] = {*low, *high};
    if (settings.mode == Mode::expected) {
      for (std::size_t d = 0; d < n_draws; ++d) pilot_values[d] = pilot[d] * share[d];
      draws.brackets[k] = summary::predict_brackets(pilot_values, settings.intervals);
    }
  }
  if (settings.mode == Mode::realised) draws.chain.emplace(draws.cells, n_cells);
}

// The cells each group's outputs sum, as lists (lists[g][k]): cheaper than
// testing a mask of all.
std::vector<std::vector<std::vector<std::size_t>>> output_cell_lists(const Plan& plan) {
  std::vector<std::vector<std::vector<std::size_t>>> lists;
  for (const PlannedGroup& group : plan.groups) {
    lists.emplace_back();
    for (const models::CellSet output : group.outputs) {
      lists.back().emplace_back();
      for (int c = 0; c < group.n_cells(); ++c)
        if (models::contains(output, c)) lists.back().back().push_back(static_cast<std::size_t>(c));
    }
  }
  return lists;
}

// The areas in units of work: areas that draw the same variant of every
// group with per-area figures are one unit, so each variant's tables are
// drawn once for all of them (an area in several years, say). Without
// per-area figures, each area is a unit. Units keep the plan's order.
std::vector<std::vector<std::size_t>> work_units(const Plan& plan) {
  std::vector<std::vector<std::size_t>> units;
  const bool per_area =
      std::any_of(plan.groups.begin(), plan.groups.end(), [](const PlannedGroup& g) { return g.per_area(); });
  if (!per_area) {
    for (std::size_t a = 0; a < plan.areas.size(); ++a) units.push_back({a});
    return units;
  }
  std::map<std::vector<std::uint32_t>, std::size_t> unit_of;
  for (std::size_t a = 0; a < plan.areas.size(); ++a) {
    const auto [it, added] = unit_of.try_emplace(plan.areas[a].variants, units.size());
    if (added) units.emplace_back();
    units[it->second].push_back(a);
  }
  return units;
}

// Per-worker scratch, reused unit after unit, so the area loop allocates
// nothing once the first unit is done: each draw's population multiplier;
// one output's draws (expected mode) or every output's counts (realised
// mode); one table of cell counts; with a sink, every output's draws of the
// area; and the tables of each group with per-area figures.
struct Scratch {
  std::vector<double> multiplier, values, kept, for_totals;
  std::vector<std::int64_t> counts, cells, piece_cells;
  std::vector<GroupDraws> own;
};

// Everything the area loop reads, shared by every area, and the loop's
// phases for one unit of areas.
class AreaPass {
 public:
  AreaPass(const Plan& plan, const RunSettings& settings, unsigned threads, const DrawSink* sink,
           const std::atomic<bool>* stop)
      : plan_(plan),
        settings_(settings),
        sink_(sink),
        stop_(stop),
        n_draws_(static_cast<std::size_t>(settings.draws)),
        n_outputs_(plan.n_outputs()),
        n_extra_(summary::extra_values(settings.intervals.size())),
        pilot_(pilot_multipliers(plan, settings)),
        shared_(plan.groups.size()),
        population_key_(random::RandomStream::key(settings.seed, random::stream_id("population", ""))),
        units_(work_units(plan)),
        totals_of_(plan.areas.size()),
        totals_(plan.totals.size()) {
    for (std::size_t t = 0; t < plan.totals.size(); ++t) {
      totals_[t].sums.assign(n_outputs_ * n_draws_, 0);
      for (std::size_t a : plan.totals[t].members) totals_of_.at(a).push_back(t);
    }
    // Every shared group's table in every draw, for all areas.
    for (std::size_t g = 0; g < plan.groups.size(); ++g) {
      first_output_.push_back(g == 0 ? 0 : first_output_[g - 1] + plan.groups[g - 1].n_reported());
      first_piece_.push_back(g == 0 ? 0 : first_piece_[g - 1] + plan.groups[g - 1].n_pieces);
      // Band-specific figures: every area shares each band's tables.
      band_draws_.emplace_back(plan.groups[g].band_tables.size());
      for (std::size_t t = 0; t < plan.groups[g].band_tables.size(); ++t) {
        draw_shared_tables(plan.groups[g].band_tables[t], settings, threads, stop, band_draws_[g][t]);
        prepare_outputs(plan.groups[g].band_tables[t], settings, pilot_, band_draws_[g][t]);
      }
      if (plan.groups[g].per_area()) {
        variant_moved_.emplace_back(plan.groups[g].variants.size());
        continue;
      }
      variant_moved_.emplace_back();
      draw_shared_tables(plan.groups[g], settings, threads, stop, shared_[g]);
      prepare_outputs(plan.groups[g], settings, pilot_, shared_[g]);
    }
    if (settings.mode == Mode::realised) {
      output_cells_ = output_cell_lists(plan);
      for (const PlannedGroup& group : plan.groups)
        sample_keys_.push_back(random::RandomStream::key(settings.seed, random::stream_id("sample", group.id)));
    }
  }

  std::size_t n_units() const noexcept { return units_.size(); }
  std::size_t unit_size(std::size_t u) const noexcept { return units_[u].size(); }

  // The draws' shares, draw-major (shares[d * M + o]), for the results: NaN
  // where they differ by area (the outputs of a group with per-area figures;
  // the whole, or a band, made of pieces drawn from different tables).
  std::vector<double> draw_major_shares() const {
    std::vector<double> out(n_draws_ * n_outputs_, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t g = 0; g < plan_.groups.size(); ++g) {
      const PlannedGroup& group = plan_.groups[g];
      const std::size_t n = group.outputs.size();
      for (std::size_t slot = 0; slot <= group.bands.size(); ++slot) {
        const std::optional<std::size_t> table = one_table(group, slot);
        if (!table || (*table == 0 && group.per_area())) continue;
        const GroupDraws& draws = *table == 0 ? shared_[g] : band_draws_[g][*table - 1];
        for (std::size_t k = 0; k < n; ++k)
          for (std::size_t d = 0; d < n_draws_; ++d)
            out[d * n_outputs_ + first_output_[g] + slot * n + k] = draws.shares[k * n_draws_ + d];
      }
    }
    return out;
  }

  // Per group: share of draws moved to admit a table. For a group with
  // per-area figures, the share of the areas' draws whose table was moved
  // (an area drawing on a mixture counts its most moved part): a mean over
  // areas, so shards of a run merge by weighting with their areas.
  // With band-specific figures, the most moved of the group's tables.
  std::vector<double> moved_shares() const {
    std::vector<double> out;
    const double draws = static_cast<double>(n_draws_);
    for (std::size_t g = 0; g < plan_.groups.size(); ++g) {
      const PlannedGroup& group = plan_.groups[g];
      double share = 0.0;
      if (!group.per_area()) {
        share = draws > 0.0 ? static_cast<double>(shared_[g].moved) / draws : 0.0;
      } else {
        double moved = 0.0;
        for (const PlannedArea& area : plan_.areas)
          moved += static_cast<double>(variant_moved_[g][area.variants[g]].load());
        const double area_draws = draws * static_cast<double>(plan_.areas.size());
        share = area_draws > 0.0 ? moved / area_draws : 0.0;
      }
      for (const GroupDraws& band : band_draws_[g])
        share = std::max(share, draws > 0.0 ? static_cast<double>(band.moved) / draws : 0.0);
      out.push_back(share);
    }
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
    if (!plan_.totals.empty() && settings_.mode == Mode::expected) s.for_totals.resize(n_outputs_ * n_draws_);
    s.own.resize(plan_.groups.size());
    return s;
  }

  // Each total's summaries (and draws to the sink), from its sums.
  void summarise_totals(unsigned threads, MonteCarloResults& results) const {
    const std::size_t first = plan_.areas.size();
    parallel_for(plan_.totals.size(), threads, [&](std::size_t t, unsigned) {
      stop_if_requested(stop_);
      std::vector<double> draws(n_outputs_ * n_draws_);
      for (std::size_t i = 0; i < draws.size(); ++i) draws[i] = from_fixed(totals_[t].sums[i]);
      for (std::size_t o = 0; o < n_outputs_; ++o)
        results.summaries[(first + t) * n_outputs_ + o] = summary::summarise(
            {draws.data() + o * n_draws_, n_draws_}, settings_.intervals, extra_bounds(results, first + t, o));
      if (sink_) sink_->area_draws(first + t, draws);
    });
  }

  // Unit `u`'s areas: the tables of their variants, then each area's
  // summaries into `results` and its draws to the sink. Calls `area_done`
  // after each area.
  template <typename AreaDone>
  void run(std::size_t u, Scratch& s, MonteCarloResults& results, AreaDone&& area_done) const {
    const std::vector<std::size_t>& areas = units_[u];
    for (std::size_t g = 0; g < plan_.groups.size(); ++g) {
      const PlannedGroup& group = plan_.groups[g];
      if (!group.per_area()) continue;
      const std::uint32_t v = plan_.areas[areas.front()].variants.at(g);
      draw_variant_tables(group, group.variants.at(v), settings_, stop_, s.own[g]);
      prepare_outputs(group, settings_, pilot_, s.own[g]);
      variant_moved_[g][v].store(s.own[g].moved, std::memory_order_relaxed);
    }
    for (std::size_t a : areas) {
      stop_if_requested(stop_);
      const PlannedArea& area = plan_.areas[a];
      const std::uint64_t area_key = random::stable_hash(area.stream_name());
      const std::pair<double, double> extremes = head_counts(area_key, s.multiplier);
      if (settings_.mode == Mode::expected)
        expected_counts(a, extremes, s, results);
      else
        realised_counts(a, area_key, s, results);
      if (sink_) sink_->area_draws(a, s.kept);
      add_to_totals(
          a, settings_.mode == Mode::expected ? std::span<const double>(s.for_totals) : std::span<const double>(),
          s.counts);
      area_done();
    }
  }

 private:
  const GroupDraws& draws_of(std::size_t g, const Scratch& s) const {
    return plan_.groups[g].per_area() ? s.own[g] : shared_[g];
  }
  // Table t of group g (0 its own, t + 1 a band's own figures').
  const GroupDraws& table_draws(std::size_t g, std::size_t t, const Scratch& s) const {
    return t == 0 ? draws_of(g, s) : band_draws_[g][t - 1];
  }

  // The one table every piece of a slot (0 the whole, b + 1 band b) draws,
  // or none when they draw from different tables.
  static std::optional<std::size_t> one_table(const PlannedGroup& group, std::size_t slot) {
    if (group.piece_table.empty()) return 0;
    std::optional<std::size_t> table;
    auto same = [&](std::size_t p) {
      if (!table) table = group.table_of_piece(p);
      return *table == group.table_of_piece(p);
    };
    if (slot == 0) {
      for (std::size_t p = 0; p < group.n_pieces; ++p)
        if (!same(p)) return std::nullopt;
    } else {
      for (std::size_t p : group.bands[slot - 1])
        if (!same(p)) return std::nullopt;
    }
    return table;
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
  // multiplier[d] x share[d], summarised in one pass; a band's is its own
  // denominator x the same multiplier and share, so bands add up. Where a
  // slot's pieces draw from different tables (band-specific figures), its
  // count is the sum of its pieces' counts, each with its own table's share.
  void expected_counts(std::size_t a, std::pair<double, double> extremes, Scratch& s,
                       MonteCarloResults& results) const {
    for (std::size_t g = 0, o = 0; g < plan_.groups.size(); ++g) {
      const PlannedGroup& group = plan_.groups[g];
      const std::size_t n = group.outputs.size();
      for (std::size_t slot = 0; slot <= group.bands.size(); ++slot) {
        const std::optional<std::size_t> table = one_table(group, slot);
        for (std::size_t k = 0; k < n; ++k, ++o) {
          if (plan_.areas[a].is_known(g)) {
            known_count(a, o, plan_.areas[a].known[g], s, results);
            continue;
          }
          if (!table) {
            mixed_counts(a, g, slot, k, s);
            results.summaries[a * n_outputs_ + o] =
                summary::summarise(s.values, settings_.intervals, extra_bounds(results, a, o));
            if (sink_) std::copy(s.values.begin(), s.values.end(), s.kept.begin() + o * n_draws_);
            if (!totals_of_[a].empty())
              std::copy(s.values.begin(), s.values.end(), s.for_totals.begin() + o * n_draws_);
            continue;
          }
          const GroupDraws& draws = table_draws(g, *table, s);
          const double denominator = plan_.denominator(a, g, static_cast<int>(slot) - 1);
          const double* share = draws.shares.data() + k * n_draws_;
          results.summaries[a * n_outputs_ + o] = summary::summarise_product(
              denominator, s.multiplier, {share, n_draws_}, {extremes.first, extremes.second}, draws.range[k],
              draws.brackets[k], settings_.intervals, extra_bounds(results, a, o), s.values);
          // The draws summarise_product made, made again the same way.
          if (sink_)
            for (std::size_t d = 0; d < n_draws_; ++d)
              s.kept[o * n_draws_ + d] = denominator * s.multiplier[d] * share[d];
          if (!totals_of_[a].empty())
            for (std::size_t d = 0; d < n_draws_; ++d)
              s.for_totals[o * n_draws_ + d] = denominator * s.multiplier[d] * share[d];
        }
      }
    }
  }

  // A count known for the area (its own complete count): the same in every
  // draw, in either mode.
  void known_count(std::size_t a, std::size_t o, double count, Scratch& s, MonteCarloResults& results) const {
    summary::Summary known;
    known.mean = known.median = known.lower = known.upper = count;
    results.summaries[a * n_outputs_ + o] = known;
    const std::span<double> extra = extra_bounds(results, a, o);
    std::fill(extra.begin(), extra.begin() + static_cast<std::ptrdiff_t>(extra.size() / 2), count);
    std::fill(extra.begin() + static_cast<std::ptrdiff_t>(extra.size() / 2), extra.end(), 0.0);
    if (sink_) std::fill_n(s.kept.begin() + static_cast<std::ptrdiff_t>(o * n_draws_), n_draws_, count);
    if (!totals_of_[a].empty())
      std::fill_n(s.for_totals.begin() + static_cast<std::ptrdiff_t>(o * n_draws_), n_draws_, count);
  }

  // Into s.values: output k of slot `slot` (0 the whole, b + 1 band b) of
  // group g in area a, draw by draw, as the sum of its pieces' counts.
  void mixed_counts(std::size_t a, std::size_t g, std::size_t slot, std::size_t k, Scratch& s) const {
    const PlannedGroup& group = plan_.groups[g];
    const double* pieces = plan_.areas[a].pieces.data() + first_piece_[g];
    std::fill(s.values.begin(), s.values.end(), 0.0);
    auto add_piece = [&](std::size_t p) {
      const double* share = table_draws(g, group.table_of_piece(p), s).shares.data() + k * n_draws_;
      for (std::size_t d = 0; d < n_draws_; ++d) s.values[d] += pieces[p] * share[d];
    };
    if (slot == 0) {
      for (std::size_t p = 0; p < group.n_pieces; ++p) add_piece(p);
    } else {
      for (std::size_t p : group.bands[slot - 1]) add_piece(p);
    }
    for (std::size_t d = 0; d < n_draws_; ++d) s.values[d] *= s.multiplier[d];
  }

  // Realised mode: each draw's cell counts are a multinomial over the
  // group's table; each output's count is the sum of its cells. With life
  // stages, each age piece (the bands cut the ages into pieces) draws its
  // own multinomial over the same table, with its own head-count, and the
  // whole and every band are sums of pieces: in every draw each band's
  // combinations add up to its population, and the bands to the whole.
  void realised_counts(std::size_t a, std::uint64_t area_key, Scratch& s, MonteCarloResults& results) const {
    const PlannedArea& area = plan_.areas[a];
    for (std::size_t d = 0; d < n_draws_; ++d)
      for (std::size_t g = 0, o = 0; g < plan_.groups.size(); ++g) {
        const PlannedGroup& group = plan_.groups[g];
        if (area.is_known(g)) {  // the area's own complete count (a single measure): the same in every draw
          for (std::size_t k = 0; k < group.n_reported(); ++k, ++o)
            s.counts[o * n_draws_ + d] = std::llround(area.known[g]);
          continue;
        }
        const std::size_t n_cells = static_cast<std::size_t>(group.n_cells());
        random::RandomStream random(sample_keys_[g], static_cast<std::uint32_t>(d), area_key);
        if (group.bands.empty()) {
          const MultinomialChain& chain = *draws_of(g, s).chain;
          chain.draw(d, std::llround(area.denominators[g] * s.multiplier[d]), random, {s.cells.data(), n_cells});
        } else {
          const double* pieces = area.pieces.data() + first_piece_[g];
          s.piece_cells.resize(group.n_pieces * n_cells);
          std::fill(s.cells.begin(), s.cells.begin() + static_cast<std::ptrdiff_t>(n_cells), 0);
          for (std::size_t p = 0; p < group.n_pieces; ++p) {
            // Each piece over its own table: the group's, or its band's.
            const MultinomialChain& chain = *table_draws(g, group.table_of_piece(p), s).chain;
            const std::span<std::int64_t> piece(s.piece_cells.data() + p * n_cells, n_cells);
            chain.draw(d, std::llround(pieces[p] * s.multiplier[d]), random, piece);
            for (std::size_t c = 0; c < n_cells; ++c) s.cells[c] += piece[c];
          }
        }
        for (std::size_t k = 0; k < group.outputs.size(); ++k, ++o) {
          std::int64_t count = 0;
          for (std::size_t c : output_cells_[g][k]) count += s.cells[c];
          s.counts[o * n_draws_ + d] = count;
        }
        for (const std::vector<std::size_t>& band : group.bands)
          for (std::size_t k = 0; k < group.outputs.size(); ++k, ++o) {
            std::int64_t count = 0;
            for (std::size_t p : band)
              for (std::size_t c : output_cells_[g][k]) count += s.piece_cells[p * n_cells + c];
            s.counts[o * n_draws_ + d] = count;
          }
      }
    for (std::size_t o = 0; o < n_outputs_; ++o)
      results.summaries[a * n_outputs_ + o] = summary::summarise_counts(
          {s.counts.data() + o * n_draws_, n_draws_}, settings_.intervals, extra_bounds(results, a, o));
    if (sink_) std::copy(s.counts.begin(), s.counts.end(), s.kept.begin());
  }

  // Totals are summed in fixed point: whole multiples of 2^-20 of a person
  // (a millionth), so additions are exact and their order cannot change a
  // bit of the result; 2^63 of them is 8.8e12 people.
  static constexpr std::int64_t kFixedUnit = std::int64_t{1} << 20;
  static std::int64_t to_fixed(double people) { return std::llround(people * static_cast<double>(kFixedUnit)); }
  static double from_fixed(std::int64_t units) { return static_cast<double>(units) / static_cast<double>(kFixedUnit); }

  struct TotalSums {
    std::mutex mutex;
    std::vector<std::int64_t> sums;  // [o * D + d]
  };

  // Area a's draws (expected: values; realised: counts) added to every total
  // it belongs to.
  void add_to_totals(std::size_t a, std::span<const double> values, std::span<const std::int64_t> counts) const {
    for (std::size_t t : totals_of_[a]) {
      TotalSums& total = totals_[t];
      std::lock_guard lock(total.mutex);
      if (!values.empty())
        for (std::size_t i = 0; i < total.sums.size(); ++i) total.sums[i] += to_fixed(values[i]);
      else
        for (std::size_t i = 0; i < total.sums.size(); ++i) total.sums[i] += counts[i] * kFixedUnit;
    }
  }

  const Plan& plan_;
  const RunSettings& settings_;
  const DrawSink* sink_;
  const std::atomic<bool>* stop_;
  const std::size_t n_draws_, n_outputs_, n_extra_;
  const std::vector<double> pilot_;
  std::vector<GroupDraws> shared_;  // groups every area shares; empty for per-area groups
  std::vector<std::vector<GroupDraws>> band_draws_;  // [g][t]: group g's band_tables[t]
  std::vector<std::size_t> first_output_, first_piece_;
  const random::RandomStream::Key population_key_;
  const std::vector<std::vector<std::size_t>> units_;
  // Draws moved, per group with per-area figures and variant: a variant's
  // tables may be drawn by more than one unit, always the same, so each
  // stores its count rather than adding it.
  mutable std::vector<std::vector<std::atomic<std::size_t>>> variant_moved_;
  std::vector<std::vector<std::size_t>> totals_of_;  // per area: the totals it is a member of
  mutable std::vector<TotalSums> totals_;
  std::vector<std::vector<std::vector<std::size_t>>> output_cells_;  // realised mode: [g][k]
  std::vector<random::RandomStream::Key> sample_keys_;
};

}  // namespace

MonteCarloResults run_monte_carlo(const Plan& plan, const RunSettings& settings, unsigned threads,
                                  std::atomic<std::size_t>* areas_done, const DrawSink* sink,
                                  const std::atomic<bool>* stop) {
  if (settings.intervals.empty() || settings.intervals.size() > summary::kMaxIntervals)
    throw std::invalid_argument("run_monte_carlo: 1 to 4 interval levels");
  MonteCarloResults results;
  results.n_outputs = plan.n_outputs();
  results.n_levels = settings.intervals.size();

  // Every shared group's joint table in every draw, for all areas.
  const AreaPass pass(plan, settings, threads, sink, stop);
  results.shares = pass.draw_major_shares();

  // Every area's counts and summaries, unit by unit, then the totals'.
  const std::size_t n_rows = plan.areas.size() + plan.totals.size();
  results.summaries.resize(n_rows * results.n_outputs);
  results.extra_bounds.resize(n_rows * results.n_outputs * summary::extra_values(results.n_levels));
  std::vector<Scratch> scratch;
  const unsigned workers = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(pass.n_units())));
  for (unsigned t = 0; t < workers; ++t) scratch.push_back(pass.scratch());
  parallel_for(pass.n_units(), threads, [&](std::size_t u, unsigned worker) {
    stop_if_requested(stop);
    pass.run(u, scratch[worker], results, [&] {
      if (areas_done) areas_done->fetch_add(1, std::memory_order_relaxed);
    });
  });
  pass.summarise_totals(threads, results);
  results.moved_share = pass.moved_shares();
  return results;
}

}  // namespace prevalence::montecarlo
