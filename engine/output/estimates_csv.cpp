#include "engine/output/estimates_csv.hpp"

#include "engine/io/csv_field.hpp"
#include "engine/output/number_format.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

namespace prevalence::engine {

void write_estimates_csv(std::ostream& out, const RunRecord& run) {
  out << "area_code,area_name,measure,label,denominator,mean,median,lower,upper,interval,mcse,"
         "percent,source,ages,sex,year,mode,draws,uncertainty,moved_draws\n";
  for (std::size_t a = 0; a < run.plan.areas.size(); ++a) {
    const PlannedArea& area = run.plan.areas[a];
    for_each_output(run.plan, [&](std::size_t g, const PlannedGroup& group, const PlannedOutput& output,
                                  std::size_t o) {
      const Summary& s = run.results.at(a, o);
      const double denominator = area.denominators[g];
      fmt::print(out, "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                 csv_field(area.code), csv_field(area.name), csv_field(output.id),
                 csv_field(output.label), format_exact(denominator), format_exact(s.mean),
                 format_exact(s.median), format_exact(s.lower), format_exact(s.upper),
                 format_exact(run.settings.interval), format_exact(s.mcse),
                 format_exact(percent_of(s.mean, denominator)), csv_field(output.source),
                 to_string(group.ages), to_string(group.sex), group.year, to_string(run.settings.mode),
                 run.settings.draws, csv_field(output.uncertainty),
                 format_exact(run.results.moved_share[g]));
    });
  }
}

}  // namespace prevalence::engine
