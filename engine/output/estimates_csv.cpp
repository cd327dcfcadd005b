#include "engine/output/estimates_csv.hpp"

#include "engine/io/csv_field.hpp"
#include "engine/output/number_format.hpp"
#include "engine/output/uncertainty_text.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

namespace prevalence::engine {

void write_estimates_csv(std::ostream& out, const RunRecord& run) {
  out << "area_code,area_name,measure,label,denominator,mean,median,lower,upper,interval,mcse,"
         "percent,source,ages,sex,year,mode,draws,uncertainty\n";
  for (std::size_t a = 0; a < run.plan.areas.size(); ++a) {
    const PlannedArea& area = run.plan.areas[a];
    for (std::size_t m = 0; m < run.scenario.measures.size(); ++m) {
      const MeasureSpec& spec = run.scenario.measures[m];
      const Summary& s = run.results.at(a, m);
      const double denominator = area.denominators[m];
      fmt::print(out, "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                 csv_field(area.code), csv_field(area.name), csv_field(spec.id),
                 csv_field(spec.label), format_exact(denominator), format_exact(s.mean),
                 format_exact(s.median), format_exact(s.lower), format_exact(s.upper),
                 format_exact(run.settings.interval), format_exact(s.mcse),
                 format_exact(percent_of(s.mean, denominator)), csv_field(spec.source),
                 to_string(spec.ages), to_string(spec.sex), spec.year, to_string(run.settings.mode),
                 run.settings.draws, csv_field(describe_uncertainty(spec.figure)));
    }
  }
}

}  // namespace prevalence::engine
