#include "engine/output/estimates_csv.hpp"

#include "engine/io/csv_field.hpp"
#include "engine/output/number_format.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <iterator>
#include <string>
#include <vector>

namespace prevalence::engine {

void write_estimates_csv(std::ostream& out, const RunRecord& run) {
  out << "area_code,area_name,measure,label,denominator,mean,median,lower,upper,interval,mcse,"
         "percent,source,ages,sex,year,mode,draws,uncertainty,moved_draws\n";
  // What does not change from area to area, quoted once rather than in every
  // row (a run over every LSOA writes half a million rows).
  const std::string interval = format_exact(run.settings.headline_interval());
  std::vector<std::string> heads, tails;
  for_each_output(run.plan, [&](std::size_t g, const PlannedGroup& group, const PlannedOutput& output, std::size_t) {
    heads.push_back(fmt::format("{},{}", csv_field(output.id), csv_field(output.label)));
    tails.push_back(fmt::format("{},{},{},{},{},{},{},{}", csv_field(output.source), to_string(group.ages),
                                to_string(group.sex), group.year, to_string(run.settings.mode), run.settings.draws,
                                csv_field(output.uncertainty), format_exact(run.results.moved_share[g])));
  });
  std::string row;
  for (std::size_t a = 0; a < run.plan.areas.size(); ++a) {
    const PlannedArea& area = run.plan.areas[a];
    const std::string area_fields = fmt::format("{},{}", csv_field(area.code), csv_field(area.name));
    for_each_output(run.plan, [&](std::size_t g, const PlannedGroup&, const PlannedOutput&, std::size_t o) {
      const Summary& s = run.results.at(a, o);
      const double denominator = area.denominators[g];
      row.clear();
      fmt::format_to(std::back_inserter(row), "{},{},{},{},{},{},{},{},{},{},{}\n", area_fields, heads[o],
                     format_exact(denominator), format_exact(s.mean), format_exact(s.median), format_exact(s.lower),
                     format_exact(s.upper), interval, format_exact(s.mcse),
                     format_exact(percent_of(s.mean, denominator)), tails[o]);
      out << row;
    });
  }
}

}  // namespace prevalence::engine
