#include "engine/io/area_figures_file.hpp"

#include "engine/io/csv_columns.hpp"
#include "engine/text/parse_number.hpp"

#include <fmt/format.h>

#include <cmath>

namespace prevalence::io {

AreaFiguresFile AreaFiguresFile::load(const std::string& path, const std::string& area_column,
                                      const std::vector<std::string>& columns) {
  std::vector<std::string> asked{area_column};
  asked.insert(asked.end(), columns.begin(), columns.end());
  CsvColumns read = read_csv_columns(path, asked, "figures file");
  if (read.values.empty()) throw error::InputError({path, 0, 0}, "the file has a header but no rows");
  AreaFiguresFile file{path, area_column, columns, {}};
  std::map<std::string, std::size_t> row_of;
  for (std::size_t r = 0; r < read.values.size(); ++r) {
    std::vector<std::string>& cells = read.values[r];
    const error::SourcePosition here{path, read.lines[r], 0};
    if (cells[0].empty())
      throw error::InputError(here, fmt::format("column \"{}\" is empty: which area?", area_column));
    if (const auto [it, added] = row_of.try_emplace(cells[0], file.rows.size()); !added)
      throw error::InputError(
          here, fmt::format("\"{}\" is on line {} too: one row per area", cells[0], file.rows[it->second].line));
    Row row{cells[0], read.lines[r], {}, {}};
    for (std::size_t c = 1; c < cells.size(); ++c) {
      const auto number = text::parse_number<double>(cells[c]);
      row.values.push_back(number && std::isfinite(*number) ? number : std::nullopt);
      row.text.push_back(std::move(cells[c]));
    }
    file.rows.push_back(std::move(row));
  }
  return file;
}

std::map<std::string, std::string> load_name_lookup(const std::string& path) {
  const CsvColumns read = read_csv_columns(path, {"name", "code"}, "lookup file");
  std::map<std::string, std::string> codes;
  std::map<std::string, std::uint32_t> line_of;
  for (std::size_t r = 0; r < read.values.size(); ++r) {
    const std::string& name = read.values[r][0];
    const std::string& code = read.values[r][1];
    const error::SourcePosition here{path, read.lines[r], 0};
    if (name.empty() || code.empty())
      throw error::InputError(here, fmt::format("{} is empty", name.empty() ? "name" : "code"));
    const auto [it, added] = codes.try_emplace(name, code);
    if (!added && it->second != code)
      throw error::InputError(
          here, fmt::format("\"{}\" is {} here but {} on line {}", name, code, it->second, line_of[name]));
    line_of.try_emplace(name, read.lines[r]);
  }
  return codes;
}

}  // namespace prevalence::io
