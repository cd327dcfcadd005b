#include "engine/io/population_table.hpp"

#include "engine/error/input_error.hpp"
#include "engine/io/csv_error.hpp"
#include "engine/io/input_file.hpp"
#include "engine/text/parse_number.hpp"

#include <fmt/format.h>
#include <libfccp/csv.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string_view>

namespace prevalence::io {
namespace {

constexpr int kFemale = 0, kMale = 1, kPersons = 2;
constexpr int kOldestPlausibleAge = 150;

// The largest population file read: every LSOA for several years is about
// a gigabyte; anything far larger is not a population file.
constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{8} << 30;

// Whole numbers beyond 2^53 are not exact doubles: no real count comes near.
constexpr double kLargestCount = 9007199254740992.0;

}  // namespace

std::optional<Sex> parse_sex(const std::string& text) {
  if (text == "all") return Sex::all;
  if (text == "female") return Sex::female;
  if (text == "male") return Sex::male;
  return std::nullopt;
}

const char* to_string(Sex sex) noexcept {
  switch (sex) {
    case Sex::female: return "female";
    case Sex::male: return "male";
    case Sex::all: break;
  }
  return "all";
}

std::string to_string(const AgeRange& ages) {
  if (!ages.to) return fmt::format("{}+", ages.from);
  if (*ages.to == ages.from) return std::to_string(ages.from);
  return fmt::format("{}-{}", ages.from, *ages.to);
}

// One row of the file, read and checked on its own.
struct PopulationTable::Row {
  std::string code, name, year_text, sex_text, age_text, count_text;
  int year = 0;
  int sex = kPersons;
  int age = 0;
  bool open_band = false;  ///< "90+": everyone aged 90 and over
  double count = 0.0;

  void parse(const error::SourcePosition& here) {
    if (code.empty()) throw error::InputError(here, "area_code is empty");
    const auto year_value = text::parse_number<int>(year_text);
    if (!year_value) throw error::InputError(here, fmt::format("year \"{}\" is not a whole number", year_text));
    year = *year_value;

    if (sex_text == "female")
      sex = kFemale;
    else if (sex_text == "male")
      sex = kMale;
    else if (sex_text == "persons")
      sex = kPersons;
    else
      throw error::InputError(here, fmt::format("sex \"{}\" must be female, male or persons", sex_text));

    open_band = !age_text.empty() && age_text.back() == '+';
    const auto age_value =
        text::parse_number<int>(open_band ? std::string_view(age_text).substr(0, age_text.size() - 1) : age_text);
    if (!age_value || *age_value < 0 || *age_value > kOldestPlausibleAge)
      throw error::InputError(here, fmt::format("age \"{}\" must be a whole number of years from 0 to {}, or an "
                                                "open band such as 90+",
                                                age_text, kOldestPlausibleAge));
    age = *age_value;

    const auto count_value = text::parse_number<double>(count_text);
    if (!count_value || !std::isfinite(*count_value))
      throw error::InputError(here, fmt::format("count \"{}\" is not a number", count_text));
    if (*count_value < 0.0) throw error::InputError(here, fmt::format("count {} is negative", count_text));
    if (*count_value > kLargestCount)
      throw error::InputError(here, fmt::format("count {} is beyond 2^53, more people than a count can hold exactly",
                                                count_text));
    count = *count_value;
  }
};

PopulationTable PopulationTable::load(const std::string& path) {
  const std::string text = read_text_file(path, "population file", kMaxFileBytes);
  PopulationTable table;
  table.path_ = path;
  try {
    ::io::CSVReader<6, ::io::trim_chars<' ', '\t'>, ::io::double_quote_escape<',', '"'>> csv(path.c_str(), text.data(),
                                                                                             text.data() + text.size());
    try {
      csv.read_header(::io::ignore_extra_column, "area_code", "area_name", "year", "sex", "age", "count");
    } catch (const ::io::error::base& e) {
      // The library's header errors carry no line; the reader knows which it read.
      throw_csv_error(e, path, csv.get_file_line());
    }
    Row row;
    while (csv.read_row(row.code, row.name, row.year_text, row.sex_text, row.age_text, row.count_text)) {
      const error::SourcePosition here{path, csv.get_file_line(), 0};
      row.parse(here);
      table.add(row, here);
    }
  } catch (const ::io::error::base& e) {
    throw_csv_error(e, path);
  }
  if (table.rows_.empty()) throw error::InputError({path, 0, 0}, "the file has a header but no rows");
  table.check_complete();
  return table;
}

PopulationTable PopulationTable::load(const std::vector<std::string>& paths) {
  if (paths.size() == 1) return load(paths.front());
  PopulationTable table;
  for (const std::string& path : paths) {
    PopulationTable part = load(path);
    for (auto& [key, row] : part.rows_) {
      if (table.rows_.count(key))
        throw error::InputError({path, row.first_line, 0},
                                fmt::format("area {} in {} is also in {}: each area and year may be in one "
                                            "population file only",
                                            key.first, key.second, table.file_of_.at(key)));
      table.file_of_.emplace(key, path);
      table.rows_.emplace(key, std::move(row));
    }
    table.path_ += (table.path_.empty() ? "" : " and ") + path;
  }
  return table;
}

// Adds a row to its area and year: one name per area, each age once, the
// open band (if any) the oldest age.
void PopulationTable::add(const Row& r, const error::SourcePosition& here) {
  AreaYear& row = rows_[{r.code, r.year}];
  if (row.first_line == 0) {
    row.name = r.name;
    row.first_line = here.line;
  } else if (row.name != r.name) {
    throw error::InputError(here, fmt::format("area {} is named \"{}\" here but \"{}\" on line {}", r.code, r.name,
                                              row.name, row.first_line));
  }
  if (row.open_band_from && (r.age > *row.open_band_from || (r.age == *row.open_band_from && !r.open_band)))
    throw error::InputError(here, fmt::format("age {} comes after the open band {}+ of area {} in {}", r.age_text,
                                              *row.open_band_from, r.code, r.year));
  if (r.open_band) {
    if (row.open_band_from && *row.open_band_from != r.age)
      throw error::InputError(here, fmt::format("area {} in {} has two open age bands", r.code, r.year));
    row.open_band_from = r.age;
  }
  auto& counts = row.by_sex[r.sex];
  auto& seen = row.seen[r.sex];
  if (counts.size() <= static_cast<std::size_t>(r.age)) {
    counts.resize(r.age + 1, 0.0);
    seen.resize(r.age + 1, false);
  }
  if (seen[r.age])
    throw error::InputError(here, fmt::format("duplicate row for area {}, year {}, sex {}, age {}", r.code, r.year,
                                              r.sex_text, r.age_text));
  seen[r.age] = true;
  counts[r.age] = r.count;
}

// Every area and year whole: female and male rows or persons rows (not
// both), the same ages for each sex, every age up to the oldest once.
void PopulationTable::check_complete() const {
  for (const auto& [key, row] : rows_) {
    const error::SourcePosition at{path_, row.first_line, 0};
    const bool split = !row.by_sex[kFemale].empty() || !row.by_sex[kMale].empty();
    if (split && !row.by_sex[kPersons].empty())
      throw error::InputError(at, fmt::format("area {} in {} has both persons rows and female/male rows, which would "
                                              "count everyone twice",
                                              key.first, key.second));
    if (split && row.by_sex[kFemale].size() != row.by_sex[kMale].size())
      throw error::InputError(
          at, fmt::format("area {} in {} has female and male rows for different ages (oldest {} "
                          "and {})",
                          key.first, key.second, row.by_sex[kFemale].size() - 1, row.by_sex[kMale].size() - 1));
    for (int sex = 0; sex < 3; ++sex) {
      const auto& seen = row.seen[sex];
      const char* sex_name = sex == kFemale ? "female" : sex == kMale ? "male" : "persons";
      if (row.open_band_from && !seen.empty() && seen.size() != static_cast<std::size_t>(*row.open_band_from) + 1)
        throw error::InputError(at, fmt::format("area {} in {} has {} ages beyond its open band {}+", key.first,
                                                key.second, sex_name, *row.open_band_from));
      const auto gap = std::find(seen.begin(), seen.end(), false);
      if (gap != seen.end())
        throw error::InputError(at, fmt::format("area {} in {} has no {} row for age {}", key.first, key.second,
                                                sex_name, gap - seen.begin()));
    }
  }
}

std::vector<Area> PopulationTable::areas(int year) const {
  std::vector<Area> out;
  for (const auto& [key, row] : rows_)
    if (key.second == year) out.push_back({key.first, row.name});
  return out;  // std::map order: sorted by code
}

std::vector<int> PopulationTable::years() const {
  std::set<int> years;
  for (const auto& entry : rows_) years.insert(entry.first.second);
  return {years.begin(), years.end()};
}

bool PopulationTable::has(const std::string& area_code, int year) const {
  return rows_.count({area_code, year}) > 0;
}

double PopulationTable::count(const std::string& area_code, int year, const AgeRange& ages,
                              Sex sex) const {
  const auto found = rows_.find({area_code, year});
  if (found == rows_.end())
    throw std::invalid_argument(
        fmt::format("area {} has no population for {} in {}", area_code, year, path_));
  const AreaYear& row = found->second;

  std::vector<const std::vector<double>*> parts;
  if (!row.by_sex[kPersons].empty()) {
    if (sex != Sex::all)
      throw std::invalid_argument(fmt::format(
          "the population file gives persons only for area {}, so it cannot give a {} count",
          area_code, to_string(sex)));
    parts.push_back(&row.by_sex[kPersons]);
  } else {
    if (sex != Sex::male) parts.push_back(&row.by_sex[kFemale]);
    if (sex != Sex::female) parts.push_back(&row.by_sex[kMale]);
  }
  const int oldest = static_cast<int>(parts.front()->size()) - 1;
  const int top = ages.to.value_or(oldest);
  if (row.open_band_from) {
    const int band = *row.open_band_from;
    if (ages.from > band || (ages.to && *ages.to >= band))
      throw std::invalid_argument(fmt::format(
          "ages {} split the population file's open band {}+ for area {} in {}",
          to_string(ages), band, area_code, year));
  } else if (top > oldest) {
    throw std::invalid_argument(fmt::format("ages {} reach past the oldest age ({}) in the "
                                            "population file for area {} in {}",
                                            to_string(ages), oldest, area_code, year));
  }
  if (ages.from > top)
    throw std::invalid_argument(fmt::format("ages {} is an empty range", to_string(ages)));

  double total = 0.0;
  for (const auto* counts : parts)
    for (int age = ages.from; age <= top; ++age) total += (*counts)[age];
  if (total > kLargestCount)
    throw std::invalid_argument(fmt::format("ages {} ({}) of area {} in {} add up to {}, beyond 2^53: more people "
                                            "than a count can hold exactly",
                                            to_string(ages), to_string(sex), area_code, year, total));
  if (!(total > 0.0))
    throw std::invalid_argument(fmt::format(
        "ages {} ({}) of area {} in {} has no population: the denominator would be 0",
        to_string(ages), to_string(sex), area_code, year));
  return total;
}

}  // namespace prevalence::io
