#pragma once
// A published table of figures by area, as a CSV with one row per area: a
// column that says which area (a code, or a name) and columns of numbers.
// Only the columns a scenario uses are read; each is checked as it is read.

#include "engine/error/input_error.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace prevalence::io {

struct AreaFiguresFile {
  struct Row {
    std::string area;  ///< the join column's text: a code, or a name
    std::uint32_t line = 0;
    /// One per column asked for, in that order: the number, or nullopt for
    /// an empty cell or a symbol such as "[c]" or ".." (kept in `text`).
    std::vector<std::optional<double>> values;
    std::vector<std::string> text;
  };

  std::string path;
  std::string area_column;
  std::vector<std::string> columns;
  std::vector<Row> rows;

  /// Reads `area_column` and `columns` of every row.
  /// @throw InputError naming the file and line: unreadable file, a column
  ///        the header lacks (with the nearest names it has), an empty area,
  ///        the same area on two rows, a malformed line
  static AreaFiguresFile load(const std::string& path, const std::string& area_column,
                              const std::vector<std::string>& columns);
};

/// A lookup from area names to codes: a CSV with columns `name` and `code`
/// (others ignored). Names are matched exactly as written.
/// @throw InputError naming the file and line: a missing column, an empty
///        name or code, one name given two different codes
std::map<std::string, std::string> load_name_lookup(const std::string& path);

}  // namespace prevalence::io
