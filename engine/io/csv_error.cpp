#include "engine/io/csv_error.hpp"

#include <fmt/format.h>

namespace prevalence::io {

void throw_csv_error(const ::io::error::base& error, const std::string& path, std::uint32_t line) {
  error::SourcePosition where{path, line, 0};
  if (const auto* with_line = dynamic_cast<const ::io::error::with_file_line*>(&error);
      with_line && with_line->file_line > 0)
    where.line = static_cast<std::uint32_t>(with_line->file_line);

  std::string problem;
  if (const auto* e = dynamic_cast<const ::io::error::missing_column_in_header*>(&error))
    problem = fmt::format("the header has no column \"{}\"", e->column_name);
  else if (const auto* e = dynamic_cast<const ::io::error::duplicated_column_in_header*>(&error))
    problem = fmt::format("the header names column \"{}\" twice", e->column_name);
  else if (dynamic_cast<const ::io::error::header_missing*>(&error))
    problem = "the file is empty: expected a header line";
  else if (dynamic_cast<const ::io::error::too_few_columns*>(&error))
    problem = "too few fields on this line (is a comma or a quote missing?)";
  else if (dynamic_cast<const ::io::error::too_many_columns*>(&error))
    problem = "too many fields on this line (a name with a comma must be in double quotes)";
  else if (dynamic_cast<const ::io::error::escaped_string_not_closed*>(&error))
    problem = "a double quote opened on this line is never closed";
  else if (dynamic_cast<const ::io::error::line_length_limit_exceeded*>(&error))
    problem = "line longer than the 16 MiB limit: is this a CSV file?";
  else
    problem = error.what();
  throw error::InputError(where, problem);
}

}  // namespace prevalence::io
