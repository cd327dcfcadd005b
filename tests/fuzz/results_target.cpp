#include "engine/error/input_error.hpp"
#include "engine/results/file_seal.hpp"
#include "engine/results/results_file.hpp"
#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/scratch_file.hpp"

namespace prevalence::fuzz {
namespace {

int read_results(const std::string& path) {
  try {
    const results::RunResults run = results::read_results_file(path);
    if (run.draws_kept && !run.areas.empty()) {
      const results::KeptDrawsReader draws(run);
      static_cast<void>(draws.area(0));
      static_cast<void>(draws.area(run.areas.size() - 1));
    }
  } catch (const error::InputError&) {
  }
  return 0;
}

}  // namespace

int results_file(const std::uint8_t* data, std::size_t size) {
  return read_results(scratch_file("results.h5", data, size));
}

int resealed_results_file(const std::uint8_t* data, std::size_t size) {
  const std::string path = scratch_file("results.h5", data, size);
  if (size > results::kSealBytes) results::seal_results_file(path, path);
  return read_results(path);
}

}  // namespace prevalence::fuzz
