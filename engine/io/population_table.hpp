#pragma once
// Local head-counts by area, year, sex and single year of age: the shape of
// official mid-year estimates and projections. Measures take their
// denominators from here by summing over their own age range.

#include "engine/error/input_error.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace prevalence::io {

enum class Sex { all, female, male };

/// Parses "all", "female", "male"; std::nullopt otherwise.
std::optional<Sex> parse_sex(const std::string& text);
const char* to_string(Sex sex) noexcept;

/// Inclusive ages [from, to]; no `to` means "from and over".
struct AgeRange {
  int from = 0;
  std::optional<int> to;
};

/// "0-17", "10-17", "5" (a single year), "90+" (for [90, open]).
std::string to_string(const AgeRange& ages);

struct Area {
  std::string code;
  std::string name;
};

class PopulationTable {
 public:
  /// Reads a CSV with header `area_code,area_name,year,sex,age,count` (extra
  /// columns are ignored; fields may be double-quoted, as in
  /// "Bristol, City of"). `sex` is female, male or persons; `age` an integer,
  /// or "N+" for an open band, which must be the oldest age. Every age from 0
  /// to the oldest must be present once for each area, year and sex.
  /// @throw InputError naming the file and line of the first problem
  static PopulationTable load(const std::string& path);
  /// Several files read as one (an area file and a county and region file,
  /// say), each checked as load() checks it.
  /// @throw InputError also when an area and year is in two of the files
  static PopulationTable load(const std::vector<std::string>& paths);

  /// The file read, or the files joined by " and ", for messages.
  const std::string& path() const noexcept { return path_; }

  /// The areas with rows for `year`, sorted by code.
  std::vector<Area> areas(int year) const;
  /// The years present, ascending.
  std::vector<int> years() const;
  bool has(const std::string& area_code, int year) const;

  /// Head-count of `area_code` in `year` for `ages` and `sex`.
  /// @throw std::invalid_argument if the area or year is absent, the range
  ///        splits an open age band, reaches past the oldest age, asks for a
  ///        sex the file does not split by, or holds nobody.
  double count(const std::string& area_code, int year, const AgeRange& ages, Sex sex) const;

 private:
  struct Row;
  // The phases of load(): each row parsed on its own (Row::parse), added to
  // its area and year, then every area and year checked whole.
  void add(const Row& row, const error::SourcePosition& here);
  void check_complete() const;

  struct AreaYear {
    std::string name;
    // Index 0 female, 1 male, 2 persons; each holds counts by single year of
    // age, the last entry being the open band when open_band_from is set.
    std::vector<double> by_sex[3];
    std::vector<bool> seen[3];
    std::optional<int> open_band_from;
    std::uint32_t first_line = 0;
  };

  std::string path_;
  std::map<std::pair<std::string, int>, AreaYear> rows_;
  std::map<std::pair<std::string, int>, std::string> file_of_;  // with several files: which holds each
};

}  // namespace prevalence::io
