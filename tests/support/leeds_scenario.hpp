#pragma once
// The shipped Leeds scenario (config/leeds-2020.toml) on a small population
// file: tests/data/population-extract.csv holds the national file's rows for
// five authorities (Leeds among them), so Leeds's figures are the same from a
// file a sixtieth the size. End-to-end tests that need a real run but not
// the whole country use it; the few that test the shipped files as a user
// runs them read the national file.

#include "tests/support/cli.hpp"
#include "tests/support/temp_dir.hpp"

#include <filesystem>
#include <stdexcept>
#include <string>

namespace prevalence::test {

/// Writes the Leeds scenario, its population file replaced by the extract,
/// as `dir`/leeds-2020.toml (the shipped name, so default output folders are
/// named alike) and returns its path.
inline std::string leeds_scenario_on_extract(const TempDir& dir) {
  const std::filesystem::path source = PREVALENCE_SOURCE_DIR;
  std::string text = slurp(source / "config" / "leeds-2020.toml");
  const std::string shipped = "file = \"../data/population/england-la-single-year-of-age-2017-2021.csv\"";
  const std::size_t at = text.find(shipped);
  if (at == std::string::npos) throw std::logic_error("config/leeds-2020.toml no longer names the national file");
  text.replace(at, shipped.size(),
               "file = \"" + (source / "tests" / "data" / "population-extract.csv").string() + "\"");
  return dir.write("leeds-2020.toml", text);
}

}  // namespace prevalence::test
