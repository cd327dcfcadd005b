#include "engine/output/estimates_csv.hpp"

#include "engine/output/run_text.hpp"
#include "engine/text/csv_field.hpp"
#include "engine/text/number_format.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <iterator>
#include <string>
#include <vector>

namespace prevalence::output {
namespace {

// A figure a file may lack (NaN) as an empty field.
std::string or_empty(double value) { return value == value ? text::format_exact(value) : ""; }

}  // namespace

void write_estimates_csv(std::ostream& out, const results::RunResults& run) {
  out << "area_code,area_name,measure,label,denominator,mean,median,lower,upper,interval,mcse,"
         "percent,ages,sex,year,mode,draws,moved_draws,published_percent,fitted_percent,headline,median_mcse,"
         "lower_mcse,upper_mcse,counted,assumed_share\n";
  // What does not change from area to area, formatted once rather than for
  // every row (a run over every LSOA writes half a million rows); each
  // measure's source and uncertainty texts are in measures.csv, once.
  const std::string interval = text::format_exact(run.headline_level());
  const char* headline = to_string(run.headline);  // what `percent` is of
  const std::vector<std::size_t> group_of = run.group_of_measures();
  std::vector<std::string> heads, middles, tails;
  for (std::size_t m = 0; m < run.n_measures(); ++m) {
    const results::MeasureRecord& measure = run.measures[m];
    heads.push_back(fmt::format("{},{}", text::csv_field(measure.id), text::csv_field(measure.label)));
    middles.push_back(fmt::format("{},{}", measure.ages, measure.sex));
    tails.push_back(fmt::format("{},{},{}", to_string(run.mode), run.draws,
                                text::format_exact(run.groups[group_of[m]].moved_share)));
  }
  std::string row;
  for (std::size_t a = 0; a < run.areas.size(); ++a) {
    const results::AreaRecord& area = run.areas[a];
    const std::string area_fields = fmt::format("{},{}", text::csv_field(area.code), text::csv_field(area.name));
    for (std::size_t m = 0; m < run.n_measures(); ++m) {
      const HeadlineFigure f = headline_figure(run, a, m);
      row.clear();
      // A reconciled figure as published and as fitted; empty for the others.
      const bool reconciled = run.reconciled(a, m);
      const std::string published = reconciled ? text::format_exact(100.0 * run.published[run.index(a, m)]) : "";
      const std::string fitted = reconciled ? text::format_exact(100.0 * run.fitted[run.index(a, m)]) : "";
      fmt::format_to(std::back_inserter(row), "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                     area_fields,
                     heads[m],
                     text::format_exact(f.denominator), text::format_exact(f.mean), text::format_exact(f.median),
                     text::format_exact(f.lower), text::format_exact(f.upper), interval, text::format_exact(f.mcse),
                     text::format_exact(f.percent()), middles[m], run.year_of(a, m), tails[m], published, fitted,
                     headline, or_empty(f.median_mcse), or_empty(f.lower_mcse), or_empty(f.upper_mcse),
                     f.known ? "yes" : "", or_empty(f.assumed_share));
      out << row;
    }
  }
}

}  // namespace prevalence::output
