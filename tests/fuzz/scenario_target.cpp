#include "engine/error/input_error.hpp"
#include "engine/io/population_table.hpp"
#include "engine/scenario/build_plan.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/scenario/scenario_groups.hpp"
#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/scratch_file.hpp"

namespace prevalence::fuzz {

int scenario_file(const std::uint8_t* data, std::size_t size) {
  // A scenario's own population file would almost never exist: every input
  // is planned against one small real table instead, loaded once.
  static const io::PopulationTable population =
      io::PopulationTable::load(PREVALENCE_SOURCE_DIR "/tests/data/population-extract.csv");
  try {
    const scenario::Scenario loaded = scenario::load_scenario(scratch_file("scenario.toml", data, size));
    static_cast<void>(scenario::scenario_groups(loaded));
    static_cast<void>(scenario::build_plan(loaded, population));
  } catch (const error::InputError&) {
    // Refused with file, line and reason: what hostile input should get.
  }
  return 0;
}

}  // namespace prevalence::fuzz
