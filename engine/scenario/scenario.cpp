#include "engine/scenario/scenario.hpp"

#include "engine/io/area_figures_file.hpp"
#include "engine/io/input_file.hpp"
#include "engine/scenario/overlap_naming.hpp"
#include "engine/scenario/strict_table.hpp"
#include "engine/text/nearest_names.hpp"
#include "engine/text/parse_number.hpp"
#include "models/rate/log_normal_from_interval.hpp"

#include <fmt/ranges.h>

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>
#include <stdexcept>
#include <tuple>

namespace prevalence::scenario {
namespace {

using models::FigureInterval;
using models::FigureUnit;
using models::IntervalBasis;
using models::PublishedFigure;

// A scenario is a page or two of TOML; a file far larger is not one.
constexpr std::uintmax_t kMaxScenarioBytes = std::uintmax_t{16} << 20;

bool valid_id(const std::string& id) {
  if (id.empty()) return false;
  for (char c : id)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
          c == '_' || c == '.' || c == '-'))
      return false;
  return true;
}

// "0-17", "10-17", "90+", "5".
std::optional<io::AgeRange> parse_ages(std::string_view text) {
  if (!text.empty() && text.back() == '+') {
    auto from = text::parse_number<int>(text.substr(0, text.size() - 1));
    if (!from || *from < 0) return std::nullopt;
    return io::AgeRange{*from, std::nullopt};
  }
  const auto dash = text.find('-');
  auto from = text::parse_number<int>(text.substr(0, dash));
  auto to = dash == std::string_view::npos ? from : text::parse_number<int>(text.substr(dash + 1));
  if (!from || !to || *from < 0 || *to < *from) return std::nullopt;
  return io::AgeRange{*from, *to};
}

FigureInterval read_interval(const StrictTable& table, IntervalBasis basis) {
  FigureInterval interval;
  const auto bounds = *table.optional_pair("interval");
  interval.lower = bounds.first;
  interval.upper = bounds.second;
  interval.level = table.optional_number("level").value_or(0.95);
  interval.basis = basis;
  if (!(interval.level > 0.0 && interval.level < 1.0))
    table.fail("level", fmt::format("{} must be between 0 and 1 (0.95 for a 95% interval)",
                                    interval.level));
  return interval;
}

// `key` as a reference to a column of an [[area_figures]] file,
// { from = "cco", column = "any" }, or nullopt when it is not a table.
std::optional<ColumnRef> read_column_ref(const StrictTable& m, std::string_view key, const Scenario& scenario,
                                         const char* column_key = "column") {
  const toml::node* node = m.table().get(key);
  if (!node || !node->is_table()) return std::nullopt;
  const StrictTable ref(*node->as_table(), m.file(), m.qualified(key));
  ref.allow_only({"from", column_key});
  ColumnRef out;
  out.where = m.where(key);
  out.table = ref.required_string("from");
  const auto table = std::find_if(scenario.area_figures.begin(), scenario.area_figures.end(),
                                  [&](const AreaFiguresSpec& t) { return t.id == out.table; });
  if (table == scenario.area_figures.end()) {
    std::vector<std::string> ids;
    for (const AreaFiguresSpec& t : scenario.area_figures) ids.push_back(t.id);
    ref.fail("from", ids.empty() ? fmt::format("\"{}\": the scenario has no [[area_figures]] tables", out.table)
                                 : fmt::format("\"{}\" is not an [[area_figures]] id ({})", out.table,
                                               fmt::join(ids, ", ")));
  }
  if (std::string_view(column_key) == "column") {
    out.column = ref.required_string("column");
    if (const auto alias = table->aliases.find(out.column); alias != table->aliases.end()) out.column = alias->second;
  }
  return out;
}

// The two columns of an interval given per area:
// interval = { from = "t", columns = ["lower", "upper"] }.
std::pair<ColumnRef, ColumnRef> read_interval_refs(const StrictTable& m, const Scenario& scenario) {
  const ColumnRef base = *read_column_ref(m, "interval", scenario, "columns");
  const StrictTable ref(*m.table().get("interval")->as_table(), m.file(), m.qualified("interval"));
  const toml::array* columns = ref.table().get("columns") ? ref.table().get("columns")->as_array() : nullptr;
  if (!columns || columns->size() != 2 || !(*columns)[0].is_string() || !(*columns)[1].is_string())
    ref.fail("columns", "must be the two columns of the interval's ends, [\"lower\", \"upper\"]");
  const AreaFiguresSpec& table = area_figures(scenario, base.table);
  std::pair<ColumnRef, ColumnRef> out{base, base};
  for (ColumnRef* end : {&out.first, &out.second}) {
    std::string column(*(*columns)[end == &out.first ? 0 : 1].value<std::string_view>());
    if (const auto alias = table.aliases.find(column); alias != table.aliases.end()) column = alias->second;
    end->column = std::move(column);
  }
  return out;
}

// across_areas = "shared" | "independent" | { correlation = r }.
void read_across_areas(const StrictTable& m, std::string_view key, double& correlation, bool* stated = nullptr) {
  const toml::node* node = m.table().get(key);
  if (!node) return;
  if (stated) *stated = true;
  if (const auto text = node->value<std::string_view>()) {
    if (*text == "shared") correlation = 1.0;
    else if (*text == "independent") correlation = 0.0;
    else m.fail(key, fmt::format("\"{}\" must be \"shared\", \"independent\" or {{ correlation = r }}", *text));
    return;
  }
  if (!node->is_table()) m.fail(key, "must be \"shared\", \"independent\" or { correlation = r }");
  const StrictTable table(*node->as_table(), m.file(), m.qualified(key));
  table.allow_only({"correlation"});
  const auto r = table.optional_number("correlation");
  if (!r) table.fail("correlation", "required: the correlation of the areas' uncertainties, from 0 to 1");
  if (!(*r >= 0.0 && *r <= 1.0))
    table.fail("correlation", fmt::format("{} must be from 0 (independent) to 1 (shared)", *r));
  correlation = *r;
}

// The figure in any accepted form; numbers may come from an [[area_figures]]
// column, and the figure then varies by area (`per_area` set).
PublishedFigure read_figure(const StrictTable& m, const Scenario& scenario, std::optional<PerAreaFigure>& per_area) {
  PublishedFigure figure;
  PerAreaFigure columns;
  int forms = 0;
  std::string_view value_key;
  auto number_or_column = [&](std::string_view key, std::optional<ColumnRef>& ref) -> std::optional<double> {
    if ((ref = read_column_ref(m, key, scenario))) return 0.0;  // a placeholder: each area has its own
    return m.optional_number(key);
  };
  for (auto [key, unit] : {std::pair{"proportion", FigureUnit::proportion},
                           std::pair{"percent", FigureUnit::percent},
                           std::pair{"per_10000", FigureUnit::per_10000}}) {
    std::optional<ColumnRef> ref;
    if (auto value = number_or_column(key, ref)) {
      figure.value = *value;
      figure.unit = unit;
      value_key = key;
      if (ref) columns.value = ref;
      ++forms;
    }
  }
  if (m.has("count") || m.has("of")) {
    const auto count = number_or_column("count", columns.count);
    const auto of = number_or_column("of", columns.of);
    if (!count) m.fail("count", "required with \"of\": give the count x of n as count = x, of = n");
    if (!of) m.fail("of", "required with \"count\": give the count x of n as count = x, of = n");
    figure.count_of = models::CountOf{*count, *of};
    value_key = "count";
    ++forms;
  }
  if (forms == 0)
    throw error::InputError(m.where(), fmt::format("{}: no published figure: give one of proportion, "
                                                   "percent, per_10000, or count with of (or, for a measure that "
                                                   "counts everyone in its ages, population_only = true)",
                                                   m.qualified("")));
  if (forms > 1)
    m.fail(value_key, "give only one of proportion, percent, per_10000, or count with of");

  if (m.has("interval")) {
    if (figure.count_of) m.fail("interval", "a count x of n carries its own uncertainty; drop the interval");
    if (m.table().get("interval")->is_table()) {
      std::tie(columns.lower, columns.upper) = read_interval_refs(m, scenario);
      figure.interval = FigureInterval{0.0, 0.0, m.optional_number("level").value_or(0.95), IntervalBasis::published};
      if (!(figure.interval->level > 0.0 && figure.interval->level < 1.0))
        m.fail("level", fmt::format("{} must be between 0 and 1 (0.95 for a 95% interval)", figure.interval->level));
    } else {
      figure.interval = read_interval(m, IntervalBasis::published);
    }
  } else if (m.has("level")) {
    m.fail("level", "is the coverage of an interval, but no interval is given");
  }

  if (auto assumed = m.optional_table("assumed")) {
    assumed->allow_only({"interval", "level", "effective_sample_size", "why"});
    if (figure.count_of || figure.interval)
      m.fail("assumed", "the figure already has its own uncertainty; an assumed one would replace it");
    figure.why_assumed = assumed->required_string("why");
    const bool has_interval = assumed->has("interval");
    const auto sample_size = assumed->optional_number("effective_sample_size");
    if (has_interval == sample_size.has_value())
      throw error::InputError(assumed->where(), fmt::format("{}: give either interval (with level) or "
                                                            "effective_sample_size",
                                                            m.qualified("assumed")));
    if (has_interval) figure.interval = read_interval(*assumed, IntervalBasis::assumed);
    else if (assumed->has("level")) assumed->fail("level", "is the coverage of an interval, but no interval is given");
    figure.effective_sample_size = sample_size;
  }

  const bool varies = columns.value || columns.lower || columns.count || columns.of;
  if (varies) {
    // Counts are each area's own observation; a value comes from one model
    // or survey behind every area's figure (config/README.md).
    columns.across_areas = figure.count_of ? 0.0 : 1.0;
    read_across_areas(m, "across_areas", columns.across_areas, &columns.across_areas_stated);
    per_area = std::move(columns);
  } else if (m.has("across_areas")) {
    m.fail("across_areas", "only a figure that varies by area (taken from an [[area_figures]] column) has "
                           "uncertainties to relate across areas");
  }
  return figure;
}

struct Denominator {
  io::AgeRange ages;
  io::Sex sex = io::Sex::all;
  int year = 0;
  error::SourcePosition where;
  LifeStages stages;
  std::optional<io::AgeRange> figure_ages;
  std::string applies_to_other_ages;
};

// Whether `inner` lies within `outer`.
bool within(const io::AgeRange& inner, const io::AgeRange& outer) {
  if (inner.from < outer.from) return false;
  if (!outer.to) return true;
  return inner.to && *inner.to <= *outer.to;
}

// The pieces of `whole` cut at every band's ends, and which pieces make
// each band.
void cut_into_pieces(const io::AgeRange& whole, LifeStages& stages) {
  std::set<int> starts{whole.from};
  for (const io::AgeRange& band : stages.bands) {
    starts.insert(band.from);
    if (band.to && (!whole.to || *band.to < *whole.to)) starts.insert(*band.to + 1);
  }
  const std::vector<int> cuts(starts.begin(), starts.end());
  for (std::size_t i = 0; i < cuts.size(); ++i)
    stages.pieces.push_back(
        {cuts[i], i + 1 < cuts.size() ? std::optional<int>(cuts[i + 1] - 1) : whole.to});
  for (const io::AgeRange& band : stages.bands) {
    stages.band_pieces.emplace_back();
    for (std::size_t p = 0; p < stages.pieces.size(); ++p)
      if (within(stages.pieces[p], band)) stages.band_pieces.back().push_back(p);
  }
}

// bands = ["0", "0-4", "5-10", "11-17"]: life stages within the ages.
void read_stages(const StrictTable& m, Denominator& d) {
  const toml::node* node = m.table().get("bands");
  if (!node) return;
  const toml::array* array = node->as_array();
  if (!array || array->empty()) m.fail("bands", "must be an array of age ranges within the ages, such as [\"0-4\", \"5-10\"]");
  d.stages.where = m.where("bands");
  for (const toml::node& item : *array) {
    const error::SourcePosition at = position_of(item.source(), m.file());
    const auto text = item.value<std::string_view>();
    const auto band = text ? parse_ages(*text) : std::nullopt;
    if (!band)
      throw error::InputError(at, fmt::format("{}: each band must be an age range such as \"0-4\" or \"16+\"",
                                              m.qualified("bands")));
    if (!within(*band, d.ages))
      throw error::InputError(at, fmt::format("{}: band {} is outside the ages {}: a band is part of the whole",
                                              m.qualified("bands"), *text, io::to_string(d.ages)));
    for (const io::AgeRange& other : d.stages.bands)
      if (other.from == band->from && other.to == band->to)
        throw error::InputError(at, fmt::format("{}: band {} is listed twice", m.qualified("bands"), *text));
    d.stages.bands.push_back(*band);
  }
  cut_into_pieces(d.ages, d.stages);
}

// figure_ages and applies_to_other_ages: a figure published for other ages
// than it is applied to needs the scenario's reason.
void read_figure_ages(const StrictTable& m, Denominator& d) {
  if (auto why = m.optional_string("applies_to_other_ages")) {
    if (why->empty()) m.fail("applies_to_other_ages", "must say why the figure holds for these ages");
    d.applies_to_other_ages = *why;
  }
  const auto text = m.optional_string("figure_ages");
  if (!text) {
    if (!d.applies_to_other_ages.empty())
      m.fail("applies_to_other_ages", "explains applying a figure to other ages than it was published for: say which "
                                      "with figure_ages = \"...\"");
    return;
  }
  const auto ages = parse_ages(*text);
  if (!ages) m.fail("figure_ages", fmt::format("\"{}\" is not an age range such as \"0-17\" or \"18+\"", *text));
  d.figure_ages = *ages;
  const bool other_ages = !within(d.ages, *ages);
  if (other_ages && d.applies_to_other_ages.empty())
    m.fail("figure_ages", fmt::format("the figure was published for ages {} but is applied to {}: give the ages it "
                                      "describes, or say why it holds for these with applies_to_other_ages = \"...\"",
                                      *text, io::to_string(d.ages)));
  if (!other_ages && !d.applies_to_other_ages.empty())
    m.fail("applies_to_other_ages", fmt::format("the ages {} are within the figure's {}: nothing to explain",
                                                io::to_string(d.ages), *text));
}

// ages, sex and year: whom a measure's denominator counts.
Denominator read_denominator(const StrictTable& m, const Scenario& scenario) {
  Denominator d;
  const std::string ages_text = m.required_string("ages");
  const auto ages = parse_ages(ages_text);
  if (!ages) m.fail("ages", fmt::format("\"{}\" is not an age range such as \"0-17\" or \"90+\"", ages_text));
  d.ages = *ages;
  d.where = m.where("ages");
  if (auto sex_text = m.optional_string("sex")) {
    auto sex = io::parse_sex(*sex_text);
    if (!sex) m.fail("sex", fmt::format("\"{}\" must be all, female or male", *sex_text));
    d.sex = *sex;
  }
  d.year = scenario.population_years.size() == 1 ? scenario.population_year : 0;
  if (auto year = m.optional_integer("year")) {
    if (scenario.population_years.size() > 1)
      m.fail("year", "fixes the year of the denominator, but the run covers several years ([population] years), "
                     "each with its own: remove it");
    d.year = static_cast<int>(*year);
    d.where = m.where("year");
  }
  read_stages(m, d);
  read_figure_ages(m, d);
  return d;
}

// A measure's or an overlap's denominator, as read_denominator found it.
template <typename Spec>
void set_denominator(Spec& spec, const Denominator& d) {
  spec.ages = d.ages;
  spec.sex = d.sex;
  spec.year = d.year;
  spec.ages_where = d.where;
  spec.stages = d.stages;
  spec.figure_ages = d.figure_ages;
  spec.applies_to_other_ages = d.applies_to_other_ages;
}

// The figure in any accepted form, and the distribution it becomes; a rule
// the figure breaks is reported at the key that carries it.
models::RateDistribution read_distribution(const StrictTable& m, const Scenario& scenario, PublishedFigure& figure,
                                           std::optional<PerAreaFigure>& per_area) {
  figure = read_figure(m, scenario, per_area);
  if (per_area) return models::RateDistribution::point(0.0);  // made area by area (build_plan)
  try {
    return models::RateDistribution::from_figure(figure);
  } catch (const std::invalid_argument& e) {
    const char* key = figure.count_of ? "count"
                      : figure.interval && figure.interval->basis == IntervalBasis::assumed
                          ? "assumed"
                      : figure.interval ? "interval"
                                        : figure.unit == FigureUnit::percent   ? "percent"
                                          : figure.unit == FigureUnit::per_10000 ? "per_10000"
                                                                                 : "proportion";
    m.fail(key, e.what());
  }
}

std::string read_id(const StrictTable& m, const char* key) {
  std::string id = m.required_string(key);
  if (!valid_id(id))
    m.fail(key, fmt::format("\"{}\" may hold only lower-case letters, digits, '.', '_' and '-'", id));
  return id;
}

// A [[measure.band]] or [[overlap.band]] table's band: one of the
// parent's bands, its denominator the parent's but for the ages, and the
// ages its figure was published for.
Denominator read_band(const StrictTable& b, const Denominator& parent) {
  const std::string text = b.required_string("ages");
  const auto ages = parse_ages(text);
  if (!ages) b.fail("ages", fmt::format("\"{}\" is not an age range such as \"10-15\"", text));
  std::vector<std::string> bands;
  for (const io::AgeRange& band : parent.stages.bands) bands.push_back(to_string(band));
  if (std::find(bands.begin(), bands.end(), to_string(*ages)) == bands.end())
    b.fail("ages", fmt::format("{} is not one of the bands{}: a band with figures of its own must be listed in bands",
                               text, bands.empty() ? "" : fmt::format(" ({})", fmt::join(bands, ", "))));
  Denominator d;
  d.ages = *ages;
  d.sex = parent.sex;
  d.year = parent.year;
  d.where = b.where("ages");
  read_figure_ages(b, d);
  return d;
}

// Which figures each age piece draws: those of the innermost band with
// figures of its own that holds it, or the whole's. Bands with figures must
// nest where they meet, or some ages would have two.
void assign_piece_figures(LifeStages& stages, const std::vector<io::AgeRange>& figure_bands,
                          const std::vector<error::SourcePosition>& where) {
  if (figure_bands.empty()) return;
  stages.piece_figures.assign(stages.pieces.size(), 0);
  for (std::size_t p = 0; p < stages.pieces.size(); ++p) {
    std::size_t inner = 0;  // 0: none yet, else i + 1
    for (std::size_t i = 0; i < figure_bands.size(); ++i) {
      if (!within(stages.pieces[p], figure_bands[i])) continue;
      if (inner == 0 || within(figure_bands[i], figure_bands[inner - 1])) {
        inner = i + 1;
      } else if (!within(figure_bands[inner - 1], figure_bands[i])) {
        throw error::InputError(
            where[i], fmt::format("bands {} and {} both have figures of their own and overlap without one lying "
                                  "within the other: ages {} would have two",
                                  to_string(figure_bands[inner - 1]), to_string(figure_bands[i]),
                                  to_string(stages.pieces[p])));
      }
    }
    stages.piece_figures[p] = inner;
  }
}

// Each [[kind.band]] table of `t`, read by `read` into `out`, and which
// figures each age piece of `stages` then draws.
template <typename Spec, typename Read>
void read_band_figures(const StrictTable& t, const char* kind, LifeStages& stages, std::vector<Spec>& out,
                       Read read) {
  std::vector<io::AgeRange> ages;
  std::vector<error::SourcePosition> where;
  read_inner_tables(t, kind, "band", [&](const StrictTable& b) {
    Spec band = read(b);
    for (const io::AgeRange& other : ages)
      if (other.from == band.ages.from && other.to == band.ages.to)
        b.fail("ages", fmt::format("band {} already has figures of its own", to_string(other)));
    ages.push_back(band.ages);
    where.push_back(b.where());
    out.push_back(std::move(band));
  });
  assign_piece_figures(stages, ages, where);
}

// A band's figures vary by area only through the whole's: a source giving
// figures by age band and by area is not yet read.
template <typename Spec>
void refuse_per_area_band(const StrictTable& b, const Spec& band, bool per_area) {
  if (per_area)
    throw error::InputError(b.where(), fmt::format("{}: a band's own figures must be the same for every area (from "
                                                   "an [[area_figures]] column they are not supported): give its "
                                                   "values, or leave band {} to the whole's figures",
                                                   b.qualified(""), to_string(band.ages)));
}

// carried = "poisson" (the default) or "none": a complete count's rate
// where it is carried to another area or year.
models::CarriedCount carried_of(const StrictTable& m) {
  const std::string text = m.optional_string("carried").value_or("poisson");
  if (text == "poisson") return models::CarriedCount::poisson;
  if (text == "none") return models::CarriedCount::none;
  m.fail("carried", fmt::format("\"{}\" must be poisson (the underlying rate's chance variation) or none", text));
}

// kind = "estimate" (the default: a survey's or a model's) or "count" (a
// complete count, with the area and year it counted).
void read_kind(const StrictTable& m, const Scenario& scenario, MeasureSpec& spec) {
  const std::string kind = m.optional_string("kind").value_or("estimate");
  if (kind != "estimate" && kind != "count")
    m.fail("kind", fmt::format("\"{}\" must be estimate (a survey's or a model's figure) or count (a complete count, "
                               "such as an administrative return)",
                               kind));
  if (kind == "estimate") {
    for (const char* key : {"counted_area", "counted_year", "carried"})
      if (m.has(key)) m.fail(key, "describes a complete count: say kind = \"count\" too");
    return;
  }
  if (!m.has("count") || !m.has("of"))
    m.fail("kind", "a complete count is given as count = x, of = n (n the population it was counted in)");
  if (m.has("interval") || m.has("assumed"))
    m.fail(m.has("interval") ? "interval" : "assumed", "a complete count has no sampling uncertainty to state");
  if (!spec.stages.bands.empty())
    m.fail("bands", "a complete count is of the whole ages: its bands would need counts of their own");
  MeasureSpec::Counted counted;
  counted.where = m.where("kind");
  const auto year = m.optional_integer("counted_year");
  if (!year) m.fail("kind", "a complete count needs counted_year = the population year it belongs to");
  counted.year = static_cast<int>(*year);
  const bool by_area = read_column_ref(m, "count", scenario).has_value();
  if (auto area = m.optional_string("counted_area")) {
    if (by_area)
      m.fail("counted_area", "each area's count comes from its own row of the [[area_figures]] table: drop it");
    counted.area = *area;
  } else if (!by_area) {
    m.fail("kind", "a complete count needs counted_area = the code of the area it counted");
  }
  spec.counted = counted;
}

// A band's spec as its parent's for the band's ages: its table, its
// denominator, its id ("m.ages_10-15") and label.
template <typename Spec>
Spec band_spec(const StrictTable& b, const Spec& parent, const Denominator& whole) {
  Spec spec;
  spec.where = b.where();
  set_denominator(spec, read_band(b, whole));
  spec.id = parent.id + ".ages_" + to_string(spec.ages);
  spec.label = parent.label;
  return spec;
}

// [[measure.band]]: the measure's figure for one of its bands.
MeasureSpec read_band_measure(const StrictTable& b, const MeasureSpec& parent, const Denominator& whole,
                              const Scenario& scenario) {
  b.allow_only({"ages", "source", "figure_ages", "applies_to_other_ages", "proportion", "percent", "per_10000",
                "count", "of", "interval", "level", "assumed"});
  MeasureSpec spec = band_spec(b, parent, whole);
  spec.phrase = parent.phrase;
  spec.source = b.required_string("source");
  spec.distribution = read_distribution(b, scenario, spec.figure, spec.per_area);
  refuse_per_area_band(b, spec, spec.per_area.has_value());
  return spec;
}

MeasureSpec read_measure(const StrictTable& m, const Scenario& scenario) {
  m.allow_only({"id", "label", "phrase", "source", "ages", "sex", "year", "bands", "figure_ages",
                "applies_to_other_ages", "population_only", "proportion", "percent", "per_10000", "count", "of",
                "interval", "level", "assumed", "across_areas", "band", "kind", "counted_area", "counted_year",
                "carried"});
  MeasureSpec spec;
  spec.where = m.where();
  spec.id = read_id(m, "id");
  spec.label = m.required_string("label");
  spec.phrase = m.optional_string("phrase").value_or("");
  const Denominator whole = read_denominator(m, scenario);
  set_denominator(spec, whole);
  if (const toml::node* only = m.table().get("population_only")) {
    if (!only->is_boolean()) m.fail("population_only", "must be true or false");
    spec.population_only = *only->value<bool>();
  }
  if (spec.population_only) {
    // The head-count itself: every person in the ages counts.
    for (const char* key : {"proportion", "percent", "per_10000", "count", "of", "interval", "assumed",
                            "across_areas", "figure_ages", "band", "kind"})
      if (m.has(key)) m.fail(key, "a population_only measure counts everyone in its ages: it takes no figure");
    spec.source = m.optional_string("source").value_or("the population file (ONS mid-year estimates)");
    spec.figure.value = 1.0;
    spec.distribution = models::RateDistribution::point(1.0);
    return spec;
  }
  spec.source = m.required_string("source");
  read_kind(m, scenario, spec);
  spec.distribution = read_distribution(m, scenario, spec.figure, spec.per_area);
  if (spec.counted && spec.figure.count_of) spec.figure.complete_count = carried_of(m);
  if (spec.counted && !spec.per_area) spec.distribution = models::RateDistribution::from_figure(spec.figure);
  read_band_figures(m, "measure", spec.stages, spec.band_figures,
                    [&](const StrictTable& b) { return read_band_measure(b, spec, whole, scenario); });
  return spec;
}

// Condition ids listed in `key` (["dv", "mh"]) as a bit mask.
models::ConditionSet read_conditions(const StrictTable& f, const char* key,
                                     const std::vector<std::string>& ids, bool allow_empty) {
  const toml::array* array = f.table().get(key)->as_array();
  if (!array) f.fail(key, "must be an array of condition ids, such as [\"dv\", \"mh\"]");
  models::ConditionSet set = 0;
  for (const toml::node& item : *array) {
    const auto text = item.value<std::string_view>();
    const auto found = text ? std::find(ids.begin(), ids.end(), *text) : ids.end();
    if (found == ids.end())
      f.fail(key, fmt::format("{} is not one of the overlap's conditions ({})",
                              text ? fmt::format("\"{}\"", *text) : std::string("a non-string"),
                              fmt::join(ids, ", ")));
    const auto bit = 1u << (found - ids.begin());
    if (set & bit) f.fail(key, fmt::format("\"{}\" is listed twice", *text));
    set |= bit;
  }
  if (!set && !allow_empty) f.fail(key, "must name at least one condition");
  return set;
}

OverlapFigureSpec read_overlap_figure(const StrictTable& f, const OverlapSpec& overlap,
                                      const OverlapNaming& naming, const Scenario& scenario) {
  f.allow_only({"all_of", "any_of", "at_least", "exactly", "only", "source", "rounded", "proportion", "percent",
                "per_10000", "count", "of", "interval", "level", "assumed", "across_areas"});
  OverlapFigureSpec spec;
  spec.where = f.where();
  const int k = static_cast<int>(overlap.condition_ids.size());
  int selectors = 0;
  NamedRegion region;
  for (const char* key : {"all_of", "any_of", "at_least", "exactly", "only"}) {
    if (!f.has(key)) continue;
    ++selectors;
    const std::string_view name = key;
    if (name == "all_of") region = naming.all_of(read_conditions(f, key, overlap.condition_ids, false));
    else if (name == "any_of") region = naming.any_of(read_conditions(f, key, overlap.condition_ids, false));
    else if (name == "only") region = naming.only(read_conditions(f, key, overlap.condition_ids, true));
    else {
      const std::int64_t count = *f.optional_integer(key);
      if (count < 0 || count > k)
        f.fail(key, fmt::format("{} must be from 0 to the number of conditions, {}", count, k));
      region = name == "at_least" ? naming.at_least(static_cast<int>(count))
                                  : naming.exactly(static_cast<int>(count));
    }
  }
  if (selectors != 1)
    throw error::InputError(f.where(), fmt::format("{}: say which region the figure counts with exactly one "
                                                   "of all_of, any_of, at_least, exactly or only",
                                                   f.qualified("")));
  spec.id = overlap.id + "." + region.id_suffix;
  spec.name = region.label;
  spec.cells = region.cells;
  spec.source = f.required_string("source");
  spec.distribution = read_distribution(f, scenario, spec.figure, spec.per_area);
  if (auto rounding = f.optional_number("rounded")) {
    if (!(*rounding > 0.0))
      f.fail("rounded", fmt::format("{} must be the positive precision the figure was rounded to "
                                    "(0.1 for one decimal place)", *rounding));
    spec.rounding = *rounding;
  }
  return spec;
}

OddsRatioSpec read_odds_ratio(const StrictTable& o, const OverlapSpec& overlap) {
  o.allow_only({"between", "value", "interval", "level", "why", "source"});
  OddsRatioSpec spec;
  spec.where = o.where();
  const models::ConditionSet pair = read_conditions(o, "between", overlap.condition_ids, false);
  if (std::popcount(pair) != 2) o.fail("between", "must name exactly two conditions");
  spec.first = std::countr_zero(pair);
  spec.second = 31 - std::countl_zero(pair);
  const auto value = o.optional_number("value");
  if (!value) throw error::InputError(o.where(), fmt::format("{}: required key is missing", o.qualified("value")));
  if (!(*value > 0.0)) o.fail("value", fmt::format("odds ratio {} must be positive", *value));
  spec.value = *value;
  spec.log_mean = std::log(*value);
  spec.why = o.required_string("why");
  spec.source = o.optional_string("source").value_or("");
  if (auto bounds = o.optional_pair("interval")) {
    const double level = o.optional_number("level").value_or(0.95);
    if (!(level > 0.0 && level < 1.0)) o.fail("level", fmt::format("{} must be between 0 and 1", level));
    if (!(bounds->first > 0.0 && bounds->first < bounds->second))
      o.fail("interval", fmt::format("[{}, {}] must be positive with its lower end below its upper end",
                                     bounds->first, bounds->second));
    if (!(bounds->first <= *value && *value <= bounds->second))
      o.fail("interval", fmt::format("value {} is outside its interval [{}, {}]", *value,
                                     bounds->first, bounds->second));
    // Odds ratios are published symmetric on the log scale.
    const models::LogNormalShape shape = models::log_normal_from_interval(bounds->first, bounds->second, level);
    spec.log_mean = shape.log_mean;
    spec.log_sd = shape.log_sd;
    spec.interval = models::FigureInterval{bounds->first, bounds->second, level, models::IntervalBasis::assumed};
  } else if (o.has("level")) {
    o.fail("level", "is the coverage of an interval, but no interval is given");
  }
  return spec;
}

SurveySpec read_survey(const StrictTable& s, const OverlapNaming& naming) {
  s.allow_only({"cells", "design_effect", "source"});
  SurveySpec spec;
  spec.where = s.where();
  spec.source = s.required_string("source");
  spec.design_effect = s.optional_number("design_effect").value_or(1.0);
  if (!(spec.design_effect >= 1.0))
    s.fail("design_effect", fmt::format("{} must be at least 1 (1: a simple random sample)", spec.design_effect));
  const auto cells = s.optional_table("cells");
  if (!cells)
    throw error::InputError(s.where(),
                            fmt::format("{}: required table of cell counts is missing", s.qualified("cells")));
  const int n_cells = models::cell_count(naming.n_conditions());
  std::vector<std::string> keys;
  for (int c = 0; c < n_cells; ++c) keys.push_back(naming.cell_key(static_cast<unsigned>(c)));
  for (const auto& [key, value] : cells->table())
    if (std::find(keys.begin(), keys.end(), key.str()) == keys.end())
      throw error::InputError(position_of(key.source(), s.file()),
                              fmt::format("unknown cell \"{}\" in [{}] (cells are {})", key.str(), s.qualified("cells"),
                                          fmt::join(keys, ", ")));
  for (int c = 0; c < n_cells; ++c) {
    const auto count = cells->optional_number(keys[c]);
    if (!count)
      throw error::InputError(cells->where(), fmt::format("{}: the count of cell \"{}\" is missing: give all {}",
                                                          s.qualified("cells"), keys[c], n_cells));
    if (!(*count >= 0.0)) cells->fail(keys[c], fmt::format("count {} must not be negative", *count));
    spec.counts.push_back(*count);
  }
  return spec;
}

// An overlap's conditions: ids and labels, one label per id, none repeated.
void read_conditions_and_labels(const StrictTable& o, OverlapSpec& spec) {
  for (const char* key : {"conditions", "condition_labels"}) {
    const toml::node* node = o.table().get(key);
    const toml::array* array = node ? node->as_array() : nullptr;
    if (!array)
      throw error::InputError(node ? o.where(key) : o.where(),
                              fmt::format("{}: required array of strings", o.qualified(key)));
    auto& out = std::string_view(key) == "conditions" ? spec.condition_ids : spec.condition_labels;
    for (const toml::node& item : *array) {
      const auto text = item.value<std::string_view>();
      if (!text || text->empty()) o.fail(key, "each entry must be a non-empty string");
      out.emplace_back(*text);
    }
  }
  const int k = static_cast<int>(spec.condition_ids.size());
  if (k < 1 || k > models::kMaxConditions)
    o.fail("conditions", fmt::format("{} conditions: an overlap has 1 to {}", k, models::kMaxConditions));
  if (spec.condition_labels.size() != spec.condition_ids.size())
    o.fail("condition_labels", fmt::format("{} labels for {} conditions", spec.condition_labels.size(), k));
  for (int i = 0; i < k; ++i) {
    if (!valid_id(spec.condition_ids[i]))
      o.fail("conditions", fmt::format("\"{}\" may hold only lower-case letters, digits, '.', '_' and '-'",
                                       spec.condition_ids[i]));
    for (int j = 0; j < i; ++j)
      if (spec.condition_ids[i] == spec.condition_ids[j])
        o.fail("conditions", fmt::format("\"{}\" is listed twice", spec.condition_ids[i]));
  }
}

// Each [[kind.key]] table within `o` (an [[overlap]], say), as a
// StrictTable named "overlap[i].key[j]".
template <typename Read>
void read_inner_tables(const StrictTable& o, const char* kind, const char* key, Read read) {
  const toml::node* node = o.table().get(key);
  if (!node) return;
  const toml::array* array = node->as_array();
  if (!array || !array->is_array_of_tables())
    o.fail(key, fmt::format("must be written as [[{}.{}]] tables", kind, key));
  for (std::size_t i = 0; i < array->size(); ++i)
    read(StrictTable(*(*array)[i].as_table(), o.file(), fmt::format("{}.{}[{}]", o.qualified(""), key, i + 1)));
}

template <typename Read>
void read_overlap_tables(const StrictTable& o, const char* key, Read read) {
  read_inner_tables(o, "overlap", key, read);
}

// [overlap.assumed]: one assumed precision for the whole table, for figures
// published without any.
void read_assumed_precision(const StrictTable& o, const StrictTable& assumed, OverlapSpec& spec) {
  assumed.allow_only({"effective_sample_size", "why", "across_areas"});
  if (spec.survey) o.fail("assumed", "a survey's cell counts carry their own uncertainty");
  const auto n = assumed.optional_number("effective_sample_size");
  if (!n)
    throw error::InputError(assumed.where(),
                            fmt::format("{}: required key is missing", assumed.qualified("effective_sample_size")));
  if (!(*n > 0.0)) assumed.fail("effective_sample_size", fmt::format("{} must be positive", *n));
  spec.effective_sample_size = *n;
  spec.why_assumed = assumed.required_string("why");
  for (const OverlapFigureSpec& figure : spec.figures) {
    if (!figure.distribution.is_point() || figure.figure.interval || figure.figure.count_of ||
        figure.figure.effective_sample_size)
      throw error::InputError(figure.where, fmt::format("the figure on {} carries its own uncertainty, but [{}] "
                                                        "assumes one for the whole table: give one or the other",
                                                        figure.name, assumed.qualified("")));
    if (figure.per_area && figure.per_area->across_areas_stated)
      throw error::InputError(figure.where, fmt::format("the figure on {} states across_areas, but its uncertainty "
                                                        "is [{}]'s: state it there",
                                                        figure.name, assumed.qualified("")));
  }
  if (assumed.has("across_areas")) {
    if (!spec.per_area())
      assumed.fail("across_areas", "only figures that vary by area (from an [[area_figures]] column) have "
                                   "uncertainties to relate across areas");
    read_across_areas(assumed, "across_areas", spec.assumed_across_areas);
  }
}

// An overlap's published figures, odds ratios, survey, assumed precision and
// reconcile, from `o` (an [[overlap]], or one of its [[overlap.band]]s).
void read_overlap_figures(const StrictTable& o, OverlapSpec& spec, const Scenario& scenario) {
  const int k = static_cast<int>(spec.condition_ids.size());
  const OverlapNaming naming(spec.condition_ids, spec.condition_labels, spec.label);

  std::set<models::CellSet> seen;
  read_overlap_tables(o, "figure", [&](const StrictTable& f) {
    OverlapFigureSpec figure = read_overlap_figure(f, spec, naming, scenario);
    if (!seen.insert(figure.cells).second)
      throw error::InputError(
          f.where(), fmt::format("{}: a second figure for {}: give each region once", f.qualified(""), figure.name));
    spec.figures.push_back(std::move(figure));
  });
  read_overlap_tables(o, "odds_ratio", [&](const StrictTable& r) {
    OddsRatioSpec ratio = read_odds_ratio(r, spec);
    for (const OddsRatioSpec& other : spec.odds_ratios)
      if (other.first == ratio.first && other.second == ratio.second)
        throw error::InputError(r.where(), fmt::format("{}: a second odds ratio for the same pair", r.qualified("")));
    spec.odds_ratios.push_back(std::move(ratio));
  });
  if (auto survey = o.optional_table("survey")) {
    if (!spec.figures.empty() || !spec.odds_ratios.empty())
      o.fail("survey", "a survey's cell counts fix the whole table: give them without figures or odds ratios");
    spec.survey = read_survey(*survey, naming);
  }
  if (auto assumed = o.optional_table("assumed")) read_assumed_precision(o, *assumed, spec);
  if (const toml::node* reconcile = o.table().get("reconcile")) {
    if (!reconcile->is_boolean()) o.fail("reconcile", "must be true or false");
    spec.reconcile = *reconcile->value<bool>();
    spec.reconcile_where = o.where("reconcile");
    if (spec.reconcile && spec.survey) o.fail("reconcile", "a survey's cells always hold together: nothing to reconcile");
    // Reconciling moves the central figures; figures with their own
    // intervals would each be drawn around a value the table then refuses.
    for (const OverlapFigureSpec& figure : spec.figures)
      if (spec.reconcile && (figure.figure.interval || figure.figure.count_of || figure.figure.effective_sample_size))
        throw error::InputError(figure.where,
                                fmt::format("the figure on {} carries its own uncertainty, but reconcile = true needs "
                                            "figures published as values: give the table's precision in "
                                            "[{}.assumed] instead",
                                            figure.name, o.qualified("")));
  }
  if (spec.figures.empty() && !spec.survey)
    throw error::InputError(o.where(), fmt::format("{}: no published figures: give [[overlap.figure]] tables or "
                                                   "an [overlap.survey]",
                                                   o.qualified("")));
  if (static_cast<int>(spec.figures.size()) >= models::cell_count(k))
    o.fail("figure", fmt::format("{} figures about a {}-cell table: at most {} can be independent",
                                 spec.figures.size(), models::cell_count(k), models::cell_count(k) - 1));
}

// [[overlap.band]]: the overlap's figures for one of its bands, a table of
// their own over the same conditions.
OverlapSpec read_band_overlap(const StrictTable& b, const OverlapSpec& parent, const Denominator& whole,
                              const Scenario& scenario) {
  b.allow_only({"ages", "figure_ages", "applies_to_other_ages", "figure", "odds_ratio", "survey", "assumed",
                "reconcile"});
  OverlapSpec spec = band_spec(b, parent, whole);
  spec.condition_ids = parent.condition_ids;
  spec.condition_labels = parent.condition_labels;
  read_overlap_figures(b, spec, scenario);
  refuse_per_area_band(b, spec, spec.per_area());
  return spec;
}

OverlapSpec read_overlap(const StrictTable& o, const Scenario& scenario) {
  o.allow_only({"id", "label", "ages", "sex", "year", "bands", "figure_ages", "applies_to_other_ages", "conditions",
                "condition_labels", "figure", "odds_ratio", "survey", "assumed", "reconcile", "band"});
  OverlapSpec spec;
  spec.where = o.where();
  spec.id = read_id(o, "id");
  spec.label = o.required_string("label");
  const Denominator whole = read_denominator(o, scenario);
  set_denominator(spec, whole);
  read_conditions_and_labels(o, spec);
  read_overlap_figures(o, spec, scenario);
  read_band_figures(o, "overlap", spec.stages, spec.band_figures,
                    [&](const StrictTable& b) { return read_band_overlap(b, spec, whole, scenario); });
  return spec;
}

}  // namespace

std::string LifeStages::ages_of(const std::vector<std::size_t>& some) const {
  // Adjacent pieces as one range: "0-9", not "0-4, 5-9".
  std::vector<io::AgeRange> ranges;
  for (std::size_t p : some) {
    if (!ranges.empty() && ranges.back().to && *ranges.back().to + 1 == pieces[p].from)
      ranges.back().to = pieces[p].to;
    else
      ranges.push_back(pieces[p]);
  }
  std::vector<std::string> ages;
  for (const io::AgeRange& range : ranges) ages.push_back(to_string(range));
  return fmt::format("{}", fmt::join(ages, ", "));
}

std::vector<double> read_interval_levels(const StrictTable& table, std::string_view key) {
  const toml::node* node = table.table().get(key);
  if (!node) throw error::InputError(table.where(), fmt::format("{}: required key is missing", table.qualified(key)));
  std::vector<double> levels;
  const toml::array* array = node->as_array();
  if (!array) {
    if (!node->is_number())
      table.fail(key, "must be a coverage such as 0.95, or an array of them such as [0.95, 0.998]");
    std::string not_exact;
    const std::optional<double> level = exact_number(*node, not_exact);
    if (!level) table.fail(key, not_exact);
    if (const auto problem = montecarlo::interval_level_problem(*level, levels)) table.fail(key, *problem);
    return {*level};
  }
  if (array->empty()) table.fail(key, "an empty array: give at least one coverage, such as [0.95]");
  for (const toml::node& item : *array) {
    const error::SourcePosition at = position_of(item.source(), table.file());
    if (!item.is_number())
      throw error::InputError(at, fmt::format("{}: each level must be a number, such as 0.95", table.qualified(key)));
    std::string not_exact;
    const std::optional<double> level = exact_number(item, not_exact);
    if (!level) throw error::InputError(at, fmt::format("{}: {}", table.qualified(key), not_exact));
    if (const auto problem = montecarlo::interval_level_problem(*level, levels))
      throw error::InputError(at, fmt::format("{}: {}", table.qualified(key), *problem));
    levels.push_back(*level);
  }
  return levels;
}

namespace {

// year = 2019, or years = [2017, 2019] or "2017-2021": the years the run
// covers, ascending, none repeated.
void read_population_years(const StrictTable& population, Scenario& scenario) {
  if (population.has("year") == population.has("years"))
    throw error::InputError(population.where(), "population: give year = 2019, or years = [2017, 2018] (or "
                                                "\"2017-2021\") for one run over several years");
  if (population.has("year")) {
    scenario.population_years = {static_cast<int>(population.required_integer("year"))};
  } else {
    const toml::node* node = population.table().get("years");
    if (const auto text = node->value<std::string_view>()) {
      const auto dash = text->find('-');
      const auto from = text::parse_number<int>(text->substr(0, dash));
      const auto to = dash == std::string_view::npos ? std::nullopt : text::parse_number<int>(text->substr(dash + 1));
      if (!from || !to || *to < *from || *to - *from > 200)
        population.fail("years", fmt::format("\"{}\" is not a range of years such as \"2017-2021\"", *text));
      for (int year = *from; year <= *to; ++year) scenario.population_years.push_back(year);
    } else if (const toml::array* array = node->as_array()) {
      for (const toml::node& item : *array) {
        const auto year = item.value_exact<std::int64_t>();
        const error::SourcePosition at = position_of(item.source(), scenario.path);
        if (!year) throw error::InputError(at, "population.years: each year must be a whole number, such as 2019");
        if (!scenario.population_years.empty() && *year <= scenario.population_years.back())
          throw error::InputError(at, fmt::format("population.years: {} must come after {}: list years in order, "
                                                  "each once",
                                                  *year, scenario.population_years.back()));
        scenario.population_years.push_back(static_cast<int>(*year));
      }
      if (scenario.population_years.empty()) population.fail("years", "an empty array: give at least one year");
    } else {
      population.fail("years", "must be an array of years, such as [2017, 2018], or a range such as \"2017-2021\"");
    }
  }
  scenario.population_year = scenario.population_years.front();
  scenario.population_years_where = population.where(population.has("year") ? "year" : "years");
}

// [population]: which file, which year, how exact its head-counts are.
void read_population(const StrictTable& top, Scenario& scenario) {
  const auto population = top.optional_table("population");
  if (!population) throw error::InputError({scenario.path, 1, 1}, "population: required table [population] is missing");
  population->allow_only({"file", "year", "years", "relative_error"});
  // One file, or several whose areas are read together.
  const auto base = std::filesystem::path(scenario.path).parent_path();
  const toml::node* file = population->table().get("file");
  if (!file) population->fail("file", "required: the population file, or an array of them");
  if (const toml::array* files = file->as_array()) {
    for (const toml::node& item : *files) {
      const auto text = item.value<std::string_view>();
      if (!text || text->empty())
        throw error::InputError(position_of(item.source(), scenario.path),
                                "population.file: each entry must be a file name");
      scenario.population_files.push_back((base / *text).lexically_normal().string());
    }
    if (scenario.population_files.empty()) population->fail("file", "an empty array: give at least one file");
  } else {
    scenario.population_files.push_back((base / population->required_string("file")).lexically_normal().string());
  }
  scenario.population_file_where = population->where("file");
  read_population_years(*population, scenario);
  scenario.population_relative_error = population->optional_number("relative_error").value_or(0.0);
  if (!(scenario.population_relative_error >= 0.0 && scenario.population_relative_error < 1.0))
    population->fail("relative_error", fmt::format("{} must be from 0 to 1 (0.02 for 2 %)",
                                                   scenario.population_relative_error));
}

// [areas]: every area of the population file, or the listed codes.
void read_areas(const StrictTable& top, Scenario& scenario) {
  const auto areas = top.optional_table("areas");
  if (!areas) throw error::InputError({scenario.path, 1, 1}, "areas: required table [areas] is missing");
  areas->allow_only({"codes", "all", "code_types", "boundary_changes"});
  if (const toml::node* types = areas->table().get("code_types")) {
    const toml::array* array = types->as_array();
    if (!array) areas->fail("code_types", "must be an array of GSS code types, such as [\"E06\", \"E10\"]");
    for (const toml::node& item : *array) {
      const auto text = item.value<std::string_view>();
      if (!text || text->empty())
        throw error::InputError(position_of(item.source(), scenario.path),
                                "areas.code_types: each entry must be the start of a code, such as \"E06\"");
      scenario.code_types.emplace_back(*text);
    }
  }
  if (auto file = areas->optional_string("boundary_changes"))
    scenario.boundary_changes =
        (std::filesystem::path(scenario.path).parent_path() / *file).lexically_normal().string();
  if (const toml::node* all = areas->table().get("all")) {
    if (!all->is_boolean()) areas->fail("all", "must be true or false");
    scenario.all_areas = *all->value<bool>();
  }
  if (const toml::node* codes = areas->table().get("codes")) {
    const toml::array* array = codes->as_array();
    if (!array) areas->fail("codes", "must be an array of area codes, such as [\"E08000035\"]");
    std::set<std::string> seen;
    for (const toml::node& code : *array) {
      const error::SourcePosition at = position_of(code.source(), scenario.path);
      if (!code.is_string() || code.value<std::string_view>()->empty())
        throw error::InputError(at, "areas.codes: each code must be a non-empty string");
      std::string text(*code.value<std::string_view>());
      if (!seen.insert(text).second) throw error::InputError(at, fmt::format("areas.codes: {} is listed twice", text));
      scenario.area_codes.push_back(std::move(text));
      scenario.area_code_where.push_back(at);
    }
  }
  if (scenario.all_areas == !scenario.area_codes.empty())
    throw error::InputError(areas->where(), "areas: give either codes = [...] or all = true");
  if (!scenario.code_types.empty() && !scenario.all_areas)
    areas->fail("code_types", "chooses among all = true's areas; with codes = [...] list only those wanted");
}

// [run]: the defaults the command line may override.
void read_run(const StrictTable& top, Scenario& scenario) {
  const auto run = top.optional_table("run");
  if (!run) return;
  run->allow_only({"draws", "seed", "mode", "interval", "headline"});
  if (auto draws = run->optional_integer("draws")) {
    // Draw numbers key the random streams as 32-bit counters.
    if (*draws < 1 || *draws > std::numeric_limits<std::uint32_t>::max())
      run->fail("draws",
                fmt::format("{} must be at least 1 and at most {}", *draws, std::numeric_limits<std::uint32_t>::max()));
    scenario.run.draws = *draws;
  }
  if (auto seed = run->optional_integer("seed")) {
    if (*seed < 0) run->fail("seed", fmt::format("{} must not be negative", *seed));
    scenario.run.seed = static_cast<std::uint64_t>(*seed);
  }
  if (auto mode_text = run->optional_string("mode")) {
    auto mode = montecarlo::parse_mode(*mode_text);
    if (!mode) run->fail("mode", fmt::format("\"{}\" must be expected or realised", *mode_text));
    scenario.run.mode = *mode;
  }
  if (run->has("interval")) scenario.run.intervals = read_interval_levels(*run, "interval");
  if (auto headline_text = run->optional_string("headline")) {
    auto headline = montecarlo::parse_headline(*headline_text);
    if (!headline) run->fail("headline", fmt::format("\"{}\" must be median or mean", *headline_text));
    scenario.run.headline = *headline;
  }
}

// Each [[name]] table of the file, as a StrictTable named "name[i]".
template <typename Read>
void read_tables(const toml::table& root, const std::string& path, const char* name, Read read) {
  const toml::node* node = root.get(name);
  if (!node) return;
  const toml::array* array = node->as_array();
  if (!array || !array->is_array_of_tables())
    throw error::InputError(position_of(node->source(), path),
                            fmt::format("{}: must be written as [[{}]] tables", name, name));
  for (std::size_t i = 0; i < array->size(); ++i)
    read(StrictTable(*(*array)[i].as_table(), path, fmt::format("{}[{}]", name, i + 1)));
}

// [[area_figures]]: declared before the figures that take columns from them.
void read_area_figures(const toml::table& root, Scenario& scenario) {
  const auto base = std::filesystem::path(scenario.path).parent_path();
  read_tables(root, scenario.path, "area_figures", [&](const StrictTable& t) {
    t.allow_only({"id", "file", "code_column", "name_column", "names_to_codes", "columns", "source", "map_new_areas",
                  "stand_in"});
    AreaFiguresSpec spec;
    spec.where = t.where();
    spec.id = read_id(t, "id");
    for (const AreaFiguresSpec& other : scenario.area_figures)
      if (other.id == spec.id) t.fail("id", fmt::format("\"{}\" is already the id of an earlier [[area_figures]]", spec.id));
    spec.file = (base / t.required_string("file")).lexically_normal().string();
    spec.source = t.optional_string("source").value_or("");
    spec.code_column = t.optional_string("code_column").value_or("");
    spec.name_column = t.optional_string("name_column").value_or("");
    if (spec.code_column.empty() == spec.name_column.empty())
      throw error::InputError(t.where(), fmt::format("{}: say how rows are joined to areas: code_column = \"...\" "
                                                     "(a column of GSS codes), or name_column = \"...\" with "
                                                     "names_to_codes = \"lookup.csv\"",
                                                     t.qualified("")));
    if (auto lookup = t.optional_string("names_to_codes")) {
      if (spec.name_column.empty()) t.fail("names_to_codes", "is the lookup for name_column: rows joined by code "
                                                             "need none");
      spec.names_to_codes = (base / *lookup).lexically_normal().string();
    } else if (!spec.name_column.empty()) {
      t.fail("name_column", "rows joined by name need a lookup from names to codes: names_to_codes = \"file.csv\" "
                            "(columns name, code)");
    }
    if (const toml::node* map = t.table().get("map_new_areas")) {
      if (!map->is_boolean()) t.fail("map_new_areas", "must be true or false");
      spec.map_new_areas = *map->value<bool>();
      if (spec.map_new_areas && scenario.boundary_changes.empty())
        t.fail("map_new_areas", "needs the lookup of what each new area was made from: [areas] boundary_changes = "
                                "\"...\"");
    }
    if (auto stand_ins = t.optional_table("stand_in"))
      for (const auto& [key, value] : stand_ins->table()) {
        const toml::table* entry = value.as_table();
        if (!entry) stand_ins->fail(key.str(), "must be { use = \"CODE\", why = \"...\" }: the area whose row it takes, and why");
        const StrictTable stand_in(*entry, scenario.path, stand_ins->qualified(key.str()));
        stand_in.allow_only({"use", "why"});
        spec.stand_ins.emplace(std::string(key.str()),
                               AreaFiguresSpec::StandIn{stand_in.required_string("use"), stand_in.required_string("why"),
                                                        position_of(key.source(), scenario.path)});
      }
    if (auto columns = t.optional_table("columns"))
      for (const auto& [key, value] : columns->table()) {
        const auto header = value.value<std::string_view>();
        if (!header || header->empty())
          columns->fail(key.str(), "must be the column's header as the file writes it");
        spec.aliases.emplace(key.str(), *header);
      }
    scenario.area_figures.push_back(std::move(spec));
  });
}

// Every column reference of a per-area figure.
std::vector<const ColumnRef*> column_refs(const std::optional<PerAreaFigure>& figure) {
  std::vector<const ColumnRef*> refs;
  if (figure)
    for (const auto* ref : {&figure->value, &figure->lower, &figure->upper, &figure->count, &figure->of})
      if (*ref) refs.push_back(&**ref);
  return refs;
}

// Each [[area_figures]] file's rows, keyed by area code: read for the
// columns the figures use, names turned into codes through the lookup.
void load_area_figures(Scenario& scenario) {
  for (AreaFiguresSpec& table : scenario.area_figures) {
    std::vector<std::string> columns;
    auto note = [&](const std::optional<PerAreaFigure>& figure) {
      for (const ColumnRef* ref : column_refs(figure))
        if (ref->table == table.id && std::find(columns.begin(), columns.end(), ref->column) == columns.end())
          columns.push_back(ref->column);
    };
    for (const MeasureSpec& measure : scenario.measures) note(measure.per_area);
    for (const OverlapSpec& overlap : scenario.overlaps)
      for (const OverlapFigureSpec& figure : overlap.figures) note(figure.per_area);
    if (columns.empty())
      throw error::InputError(table.where, fmt::format("area_figures {}: no figure takes a column from it "
                                                       "(percent = {{ from = \"{}\", column = \"...\" }})",
                                                       table.id, table.id));
    const std::string& join = table.code_column.empty() ? table.name_column : table.code_column;
    if (std::find(columns.begin(), columns.end(), join) != columns.end())
      throw error::InputError(table.where, fmt::format("area_figures {}: \"{}\" is the column that says which area "
                                                       "a row is; it cannot also be a figure",
                                                       table.id, join));
    const io::AreaFiguresFile file = io::AreaFiguresFile::load(table.file, join, columns);
    std::map<std::string, std::string> codes;
    std::vector<std::string> lookup_names;
    if (!table.names_to_codes.empty()) {
      codes = io::load_name_lookup(table.names_to_codes);
      for (const auto& entry : codes) lookup_names.push_back(entry.first);
    }
    std::vector<std::string> unmatched;
    for (const io::AreaFiguresFile::Row& row : file.rows) {
      std::string code = row.area;
      if (!table.names_to_codes.empty()) {
        const auto found = codes.find(row.area);
        if (found == codes.end()) {
          const std::vector<std::string> near = text::nearest_names(row.area, lookup_names);
          unmatched.push_back(fmt::format("\"{}\" (line {}{})", row.area, row.line,
                                          near.empty() ? "" : fmt::format("; nearest: \"{}\"", fmt::join(near, "\", \""))));
          continue;
        }
        code = found->second;
      }
      AreaFiguresRow out{row.area, row.line, {}, {}};
      for (std::size_t c = 0; c < columns.size(); ++c) {
        out.values.emplace(columns[c], row.values[c]);
        out.text.emplace(columns[c], row.text[c]);
      }
      if (const auto [it, added] = table.rows.try_emplace(code, std::move(out)); !added)
        throw error::InputError({table.file, row.line, 0},
                                fmt::format("\"{}\" is area {}, as is \"{}\" on line {}: one row per area", row.area,
                                            code, it->second.area, it->second.line));
    }
    if (!unmatched.empty())
      throw error::InputError(table.where, fmt::format("area_figures {}: {} of {}'s {} names {} not in the lookup {}: "
                                                       "{}. Add them to the lookup (name,code), or correct them",
                                                       table.id, unmatched.size(), table.file, file.rows.size(),
                                                       unmatched.size() == 1 ? "is" : "are", table.names_to_codes,
                                                       fmt::join(unmatched, "; ")));
  }
}

// [[group]] and [groups]: totals over areas.
void read_area_groups(const toml::table& root, const StrictTable& top, Scenario& scenario) {
  read_tables(root, scenario.path, "group", [&](const StrictTable& g) {
    g.allow_only({"id", "name", "members"});
    AreaGroupSpec spec;
    spec.where = g.where();
    spec.id = g.required_string("id");
    if (spec.id.empty()) g.fail("id", "must not be empty: it is the total's code in every output");
    spec.name = g.required_string("name");
    for (const AreaGroupSpec& other : scenario.area_groups)
      if (other.id == spec.id) g.fail("id", fmt::format("\"{}\" is already the id of an earlier [[group]]", spec.id));
    const toml::node* members = g.table().get("members");
    const toml::array* array = members ? members->as_array() : nullptr;
    if (!array || array->empty())
      throw error::InputError(members ? g.where("members") : g.where(),
                              fmt::format("{}: required array of area codes (or earlier groups' ids), such as "
                                          "[\"E09000001\", \"E09000012\"]",
                                          g.qualified("members")));
    for (const toml::node& item : *array) {
      const auto text = item.value<std::string_view>();
      const error::SourcePosition at = position_of(item.source(), scenario.path);
      if (!text || text->empty()) throw error::InputError(at, fmt::format("{}: each member must be an area code",
                                                                          g.qualified("members")));
      if (std::find(spec.members.begin(), spec.members.end(), *text) != spec.members.end())
        throw error::InputError(at, fmt::format("{}: {} is listed twice", g.qualified("members"), *text));
      spec.members.emplace_back(*text);
      spec.member_where.push_back(at);
    }
    scenario.area_groups.push_back(std::move(spec));
  });
  if (auto lookup = top.optional_table("groups")) {
    lookup->allow_only({"lookup", "levels"});
    GroupLookupSpec spec;
    spec.where = lookup->where();
    spec.file = (std::filesystem::path(scenario.path).parent_path() / lookup->required_string("lookup"))
                    .lexically_normal()
                    .string();
    const toml::node* levels = lookup->table().get("levels");
    const toml::array* array = levels ? levels->as_array() : nullptr;
    if (!array || array->empty())
      throw error::InputError(levels ? lookup->where("levels") : lookup->where(),
                              "groups.levels: required array of the lookup's levels, lowest first, such as "
                              "[\"region\", \"country\"] (columns region_code, region_name, ...)");
    for (const toml::node& item : *array) {
      const auto text = item.value<std::string_view>();
      if (!text || text->empty())
        throw error::InputError(position_of(item.source(), scenario.path), "groups.levels: each level must be a name");
      spec.levels.emplace_back(*text);
    }
    scenario.group_lookup = std::move(spec);
  }
}

// [[overlap]] and [[measure]]: every output id unique across both.
void read_groups(const toml::table& root, Scenario& scenario) {
  if (!root.get("measure") && !root.get("overlap"))
    throw error::InputError({scenario.path, 1, 1}, "no [[measure]] or [[overlap]] tables: nothing to estimate");
  std::set<std::string> ids;
  auto claim = [&](const std::string& id, const StrictTable& t, const char* key) {
    if (!ids.insert(id).second) t.fail(key, fmt::format("\"{}\" is already used by an earlier measure", id));
  };
  read_tables(root, scenario.path, "overlap", [&](const StrictTable& o) {
    OverlapSpec spec = read_overlap(o, scenario);
    claim(spec.id, o, "id");
    const OverlapNaming naming(spec.condition_ids, spec.condition_labels, spec.label);
    for (const NamedRegion& region : naming.standard_regions()) claim(spec.id + "." + region.id_suffix, o, "id");
    scenario.overlaps.push_back(std::move(spec));
  });
  read_tables(root, scenario.path, "measure", [&](const StrictTable& m) {
    MeasureSpec spec = read_measure(m, scenario);
    claim(spec.id, m, "id");
    scenario.measures.push_back(std::move(spec));
  });
}

}  // namespace

Scenario load_scenario(const std::string& path) {
  Scenario scenario;
  scenario.path = path;
  scenario.text = io::read_input_file(path, "scenario file", kMaxScenarioBytes);
  toml::table root;
  try {
    root = toml::parse(scenario.text, path);
  } catch (const toml::parse_error& e) {
    throw error::InputError(position_of(e.source(), path), std::string(e.description()));
  }
  const StrictTable top(root, path, "");
  top.allow_only({"title", "description", "population", "areas", "group", "groups", "run", "area_figures", "measure",
                  "overlap"});
  scenario.title = top.required_string("title");
  scenario.description = top.optional_string("description").value_or("");
  read_population(top, scenario);
  read_areas(top, scenario);
  read_run(top, scenario);
  read_area_groups(root, top, scenario);
  read_area_figures(root, scenario);
  read_groups(root, scenario);
  load_area_figures(scenario);
  return scenario;
}

const AreaFiguresSpec& area_figures(const Scenario& scenario, const std::string& id) {
  for (const AreaFiguresSpec& table : scenario.area_figures)
    if (table.id == id) return table;
  throw std::out_of_range("no [[area_figures]] " + id);
}

}  // namespace prevalence::scenario
