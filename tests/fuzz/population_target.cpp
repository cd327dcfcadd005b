#include "engine/error/input_error.hpp"
#include "engine/io/population_table.hpp"
#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/scratch_file.hpp"

#include <stdexcept>

namespace prevalence::fuzz {

int population_file(const std::uint8_t* data, std::size_t size) {
  try {
    const io::PopulationTable table = io::PopulationTable::load(scratch_file("population.csv", data, size));
    for (const int year : table.years())
      for (const io::Area& area : table.areas(year)) {
        try {
          static_cast<void>(table.count(area.code, year, {0, 17}, io::Sex::all));
        } catch (const std::invalid_argument&) {
          // count() refuses a range the table cannot answer (documented):
          // a scenario asking it is refused at its measure.
        }
      }
  } catch (const error::InputError&) {
  }
  return 0;
}

}  // namespace prevalence::fuzz
