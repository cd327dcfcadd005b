#include "engine/publish/table_csv.hpp"

#include "engine/publish/published_table.hpp"
#include "engine/publish/sentence.hpp"
#include "engine/text/csv_field.hpp"
#include "engine/text/number_format.hpp"

#include <fmt/format.h>

#include <iterator>
#include <string>

namespace prevalence::publish {

void write_table_csv(std::ostream& out, const TableInput& input, const TableOptions& options) {
  const PublishedTable table = publish_table(input, options);
  std::string header = "area_code,area_name,measure,label,ages,sex,year,denominator,count";
  for (double level : input.levels) header += fmt::format(",lower_{0},upper_{0}", level_text(level));
  header += ",percent,flags,sdc,published_percent,fitted_percent";
  if (options.words) header += ",sentence";
  out << header << '\n';

  const std::string sdc = text::csv_field(options.policy.name);
  std::string row;
  for (std::size_t a = 0; a < table.areas.size(); ++a) {
    const results::AreaRecord& area = table.area(a);
    for (std::size_t m = 0; m < table.measures.size(); ++m) {
      const results::MeasureRecord& measure = table.measure(m);
      const PublishedFigure& figure = table.at(a, m);
      row.clear();
      auto it = std::back_inserter(row);
      fmt::format_to(it, "{},{},{},{},{},{},{},{},{}", text::csv_field(area.code), text::csv_field(area.name),
                     text::csv_field(measure.id), text::csv_field(measure.label), text::csv_field(measure.ages),
                     text::csv_field(measure.sex), table.year_of(a, m), text::format_exact(table.source(a, m).denominator),
                     text::csv_field(count_text(figure.count, Grouping::none)));
      for (std::size_t l = 0; l < input.levels.size(); ++l)
        fmt::format_to(it, ",{},{}", text::csv_field(count_text(figure.lower[l], Grouping::none)),
                       text::csv_field(count_text(figure.upper[l], Grouping::none)));
      fmt::format_to(it, ",{},{},{}", text::csv_field(percent_text(figure.percent)),
                     figure.unreliable ? symbol_text(Symbol::low_reliability) : "", sdc);
      // A reconciled figure as published and as fitted; empty for the others.
      const TableFigure& source = table.source(a, m);
      if (source.published)
        fmt::format_to(it, ",{},{}", text::format_exact(100.0 * *source.published),
                       text::format_exact(100.0 * *source.fitted));
      else
        row += ",,";
      if (options.words) fmt::format_to(it, ",{}", text::csv_field(figure.sentence));
      row += '\n';
      out << row;
    }
  }
}

}  // namespace prevalence::publish
