#include "engine/output/measures_csv.hpp"

#include "engine/text/csv_field.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <string>

namespace prevalence::output {

void write_measures_csv(std::ostream& out, const results::RunResults& run) {
  out << "measure,label,group,ages,sex,year,source,uncertainty\n";
  for (const results::MeasureRecord& measure : run.measures)
    fmt::print(out, "{},{},{},{},{},{},{},{}\n", text::csv_field(measure.id), text::csv_field(measure.label),
               text::csv_field(measure.group), measure.ages, measure.sex,
               measure.year != 0 ? std::to_string(measure.year) : std::string(), text::csv_field(measure.source),
               text::csv_field(measure.uncertainty));
}

}  // namespace prevalence::output
