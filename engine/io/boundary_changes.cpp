#include "engine/io/boundary_changes.hpp"

#include "engine/error/input_error.hpp"
#include "engine/io/csv_error.hpp"
#include "engine/io/input_file.hpp"
#include "engine/text/parse_number.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <libfccp/csv.h>

namespace prevalence::io {

std::vector<BoundaryChange> load_boundary_changes(const std::string& path) {
  const std::string text = read_input_file(path, "boundary changes file", std::uintmax_t{16} << 20);
  std::vector<BoundaryChange> changes;
  try {
    ::io::CSVReader<6, ::io::trim_chars<' ', '\t'>, ::io::double_quote_escape<',', '"'>> csv(path.c_str(), text.data(),
                                                                                             text.data() + text.size());
    try {
      csv.read_header(::io::ignore_extra_column, "from_code", "from_name", "to_code", "to_name", "first_year_of_new",
                      "change");
    } catch (const ::io::error::base& e) {
      throw_csv_error(e, path, csv.get_file_line());
    }
    BoundaryChange row;
    std::string year;
    while (csv.read_row(row.from_code, row.from_name, row.to_code, row.to_name, year, row.change)) {
      const auto value = text::parse_number<int>(year);
      if (!value)
        throw error::InputError({path, csv.get_file_line(), 0}, fmt::format("year \"{}\" is not a year", year));
      if (row.from_code.empty() || row.to_code.empty())
        throw error::InputError({path, csv.get_file_line(), 0}, "from_code and to_code must not be empty");
      row.first_year_of_new = *value;
      changes.push_back(row);
    }
  } catch (const ::io::error::base& e) {
    throw_csv_error(e, path);
  }
  return changes;
}

std::string boundary_history(const std::vector<BoundaryChange>& changes, const std::string& code) {
  std::vector<std::string> to, from;
  int ended = 0, began = 0;
  for (const BoundaryChange& c : changes) {
    if (c.from_code == code) {
      to.push_back(fmt::format("{} {} ({})", c.to_code, c.to_name, c.change));
      ended = c.first_year_of_new;
    }
    if (c.to_code == code) {
      from.push_back(fmt::format("{} {}", c.from_code, c.from_name));
      began = c.first_year_of_new;
    }
  }
  if (!to.empty()) return fmt::format("from {} its area is in {}", ended, fmt::join(to, " and "));
  if (!from.empty()) return fmt::format("it was formed in {} from {}", began, fmt::join(from, ", "));
  return "";
}

}  // namespace prevalence::io
