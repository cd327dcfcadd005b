#pragma once
// Named columns of a CSV file, every row's text: for lookups whose columns
// a scenario chooses (the levels of an area hierarchy), so their number is
// known only when the file is read.

#include <cstdint>
#include <string>
#include <vector>

namespace prevalence::io {

struct CsvColumns {
  std::vector<std::string> names;                ///< as asked for
  std::vector<std::vector<std::string>> values;  ///< values[row][column]
  std::vector<std::uint32_t> lines;              ///< each row's line in the file
};

/// The names of the header line of `path`, unquoted.
/// @throw InputError naming the file when it cannot be read or is empty
std::vector<std::string> csv_header(const std::string& path, const char* what);

/// Reads `columns` of every row of `path`.
/// @param what how messages name the file: "lookup file"
/// @throw InputError naming the file and line: unreadable or empty file, a
///        column the header lacks (with the nearest it has), a malformed line
CsvColumns read_csv_columns(const std::string& path, const std::vector<std::string>& columns, const char* what);

}  // namespace prevalence::io
