#include "engine/error/input_error.hpp"
#include "engine/results/results_file.hpp"
#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/scratch_file.hpp"

namespace prevalence::fuzz {

int results_file(const std::uint8_t* data, std::size_t size) {
  try {
    const results::RunResults run = results::read_results_file(scratch_file("results.h5", data, size));
    if (run.draws_kept && !run.areas.empty()) {
      const results::KeptDrawsReader draws(run);
      static_cast<void>(draws.area(0));
      static_cast<void>(draws.area(run.areas.size() - 1));
    }
  } catch (const error::InputError&) {
  }
  return 0;
}

}  // namespace prevalence::fuzz
