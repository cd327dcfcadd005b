#include "engine/io/csv_columns.hpp"

#include "engine/error/input_error.hpp"
#include "engine/io/csv_error.hpp"
#include "engine/io/input_file.hpp"
#include "engine/text/nearest_names.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <libfccp/csv.h>

#include <algorithm>

namespace prevalence::io {
namespace {

// A lookup or a table of figures by area is a few thousand rows at most
// (every LSOA is 33,755, for five years 170,000); anything far larger is not one.
constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{256} << 20;

// The first line's fields, as RFC 4180 writes them.
std::vector<std::string> header_fields(const std::string& text) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
        fields.back() += '"', ++i;
      else if (c == '"')
        quoted = false;
      else
        fields.back() += c;
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

// Calls row(line, value) for every row's value of `column`.
template <typename Row>
void read_column(const std::string& path, const std::string& text, const std::string& column, Row&& row) {
  try {
    ::io::CSVReader<1, ::io::trim_chars<' ', '\t'>, ::io::double_quote_escape<',', '"'>> csv(path.c_str(), text.data(),
                                                                                             text.data() + text.size());
    try {
      csv.read_header(::io::ignore_extra_column, column);
    } catch (const ::io::error::base& e) {
      throw_csv_error(e, path, csv.get_file_line());
    }
    std::string value;
    while (csv.read_row(value)) row(csv.get_file_line(), value);
  } catch (const ::io::error::base& e) {
    throw_csv_error(e, path);
  }
}

}  // namespace

std::vector<std::string> csv_header(const std::string& path, const char* what) {
  const std::string text = read_text_file(path, what, kMaxFileBytes);
  if (text.empty()) throw error::InputError({path, 0, 0}, "the file is empty: expected a header line");
  return header_fields(text);
}

CsvColumns read_csv_columns(const std::string& path, const std::vector<std::string>& columns, const char* what) {
  const std::string text = read_text_file(path, what, kMaxFileBytes);
  if (text.empty()) throw error::InputError({path, 0, 0}, "the file is empty: expected a header line");
  const std::vector<std::string> header = header_fields(text);
  for (const std::string& column : columns) require_column(path, header, column);
  CsvColumns out{columns, {}, {}};
  for (std::size_t c = 0; c < columns.size(); ++c) {
    std::size_t r = 0;
    read_column(path, text, columns[c], [&](std::uint32_t line, std::string& value) {
      if (c == 0) {
        out.values.emplace_back(columns.size());
        out.lines.push_back(line);
      }
      out.values.at(r++)[c] = std::move(value);
    });
  }
  return out;
}

}  // namespace prevalence::io
