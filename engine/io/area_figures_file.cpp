#include "engine/io/area_figures_file.hpp"

#include "engine/io/csv_error.hpp"
#include "engine/io/input_file.hpp"
#include "engine/text/nearest_names.hpp"
#include "engine/text/parse_number.hpp"
#include "engine/text/utf8.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <libfccp/csv.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace prevalence::io {
namespace {

// A table of figures by area is a few thousand rows at most (every LSOA
// is 33,755); anything far larger is not one.
constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{256} << 20;

using Reader = ::io::CSVReader<2, ::io::trim_chars<' ', '\t'>, ::io::double_quote_escape<',', '"'>>;

std::string read_text(const std::string& path, const char* what) {
  std::string text = read_input_file(path, what, kMaxFileBytes);
  if (const auto bad = text::first_invalid_utf8(text)) {
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(*bad), '\n');
    throw error::InputError({path, static_cast<std::uint32_t>(line), 0},
                            fmt::format("byte 0x{:02X} is not UTF-8: save the file as UTF-8",
                                        static_cast<unsigned char>(text[*bad])));
  }
  if (const std::size_t nul = text.find('\0'); nul != std::string::npos) {
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n');
    throw error::InputError({path, static_cast<std::uint32_t>(line), 0},
                            "a NUL byte (0x00) is not text: is this a binary file, or saved as UTF-16?");
  }
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  return text;
}

// The first line's fields, as RFC 4180 writes them.
std::vector<std::string> header_fields(const std::string& text) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') fields.back() += '"', ++i;
      else if (c == '"') quoted = false;
      else fields.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\n' || c == '\r') {
      break;
    } else {
      fields.back() += c;
    }
  }
  for (std::string& field : fields) {
    const auto first = field.find_first_not_of(" \t");
    field = first == std::string::npos ? "" : field.substr(first, field.find_last_not_of(" \t") - first + 1);
  }
  return fields;
}

// Throws unless `header` has `column`, naming the nearest it has.
void require_column(const std::string& path, const std::vector<std::string>& header, const std::string& column) {
  if (std::find(header.begin(), header.end(), column) != header.end()) return;
  const std::vector<std::string> near = text::nearest_names(column, header);
  throw error::InputError({path, 1, 0},
                          fmt::format("the header has no column \"{}\"{}", column,
                                      near.empty() ? fmt::format(" (its columns: \"{}\")", fmt::join(header, "\", \""))
                                                   : fmt::format(" (nearest: \"{}\")", fmt::join(near, "\", \""))));
}

// Calls row(line, first, second) for every row's two columns.
template <typename Row>
void read_two_columns(const std::string& path, const std::string& text, const std::string& first,
                      const std::string& second, Row&& row) {
  try {
    Reader csv(path.c_str(), text.data(), text.data() + text.size());
    try {
      csv.read_header(::io::ignore_extra_column, first, second);
    } catch (const ::io::error::base& e) {
      throw_csv_error(e, path, csv.get_file_line());
    }
    std::string a, b;
    while (csv.read_row(a, b)) row(csv.get_file_line(), a, b);
  } catch (const ::io::error::base& e) {
    throw_csv_error(e, path);
  }
}

// Calls row(line, area) for every row.
template <typename Row>
void read_area_column(const std::string& path, const std::string& text, const std::string& column, Row&& row) {
  try {
    ::io::CSVReader<1, ::io::trim_chars<' ', '\t'>, ::io::double_quote_escape<',', '"'>> csv(
        path.c_str(), text.data(), text.data() + text.size());
    try {
      csv.read_header(::io::ignore_extra_column, column);
    } catch (const ::io::error::base& e) {
      throw_csv_error(e, path, csv.get_file_line());
    }
    std::string area;
    while (csv.read_row(area)) row(csv.get_file_line(), area);
  } catch (const ::io::error::base& e) {
    throw_csv_error(e, path);
  }
}

}  // namespace

std::vector<std::string> csv_header(const std::string& path) {
  const std::string text = read_text(path, "figures file");
  if (text.empty()) throw error::InputError({path, 0, 0}, "the file is empty: expected a header line");
  return header_fields(text);
}

AreaFiguresFile AreaFiguresFile::load(const std::string& path, const std::string& area_column,
                                      const std::vector<std::string>& columns) {
  const std::string text = read_text(path, "figures file");
  if (text.empty()) throw error::InputError({path, 0, 0}, "the file is empty: expected a header line");
  const std::vector<std::string> header = header_fields(text);
  require_column(path, header, area_column);
  for (const std::string& column : columns) require_column(path, header, column);

  AreaFiguresFile file{path, area_column, columns, {}};
  std::map<std::string, std::size_t> row_of;
  // The area column first: every row, its line.
  read_area_column(path, text, area_column, [&](std::uint32_t line, std::string& area) {
    const error::SourcePosition here{path, line, 0};
    if (area.empty()) throw error::InputError(here, fmt::format("column \"{}\" is empty: which area?", area_column));
    if (const auto [it, added] = row_of.try_emplace(area, file.rows.size()); !added)
      throw error::InputError(here, fmt::format("\"{}\" is on line {} too: one row per area", area,
                                                file.rows[it->second].line));
    file.rows.push_back({area, line, std::vector<std::optional<double>>(columns.size()),
                         std::vector<std::string>(columns.size())});
  });
  for (std::size_t c = 0; c < columns.size(); ++c) {
    std::size_t r = 0;
    read_two_columns(path, text, area_column, columns[c], [&](std::uint32_t, std::string&, std::string& value) {
      Row& row = file.rows.at(r++);
      const auto number = text::parse_number<double>(value);
      if (number && std::isfinite(*number)) row.values[c] = *number;
      row.text[c] = std::move(value);
    });
  }
  if (file.rows.empty()) throw error::InputError({path, 0, 0}, "the file has a header but no rows");
  return file;
}

std::map<std::string, std::string> load_name_lookup(const std::string& path) {
  const std::string text = read_text(path, "lookup file");
  if (text.empty()) throw error::InputError({path, 0, 0}, "the file is empty: expected a header line");
  const std::vector<std::string> header = header_fields(text);
  require_column(path, header, "name");
  require_column(path, header, "code");
  std::map<std::string, std::string> codes;
  std::map<std::string, std::uint32_t> line_of;
  read_two_columns(path, text, "name", "code", [&](std::uint32_t line, std::string& name, std::string& code) {
    const error::SourcePosition here{path, line, 0};
    if (name.empty() || code.empty())
      throw error::InputError(here, fmt::format("{} is empty", name.empty() ? "name" : "code"));
    const auto [it, added] = codes.try_emplace(name, code);
    if (!added && it->second != code)
      throw error::InputError(here, fmt::format("\"{}\" is {} here but {} on line {}", name, code, it->second,
                                                line_of[name]));
    line_of.try_emplace(name, line);
  });
  return codes;
}

}  // namespace prevalence::io
