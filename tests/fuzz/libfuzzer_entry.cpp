// libFuzzer's entry point for one target of fuzz_targets.hpp, chosen at
// compile time (PREVALENCE_FUZZ_TARGET), so each target is its own binary.

#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return prevalence::fuzz::PREVALENCE_FUZZ_TARGET(data, size);
}
