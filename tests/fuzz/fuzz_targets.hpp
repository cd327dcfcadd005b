#pragma once
// The readers of untrusted input, each as a fuzz target: given any bytes as
// the file, a reader either succeeds or throws error::InputError (exit 2 in
// the CLI). Anything else escaping (another exception, a crash, a sanitizer
// report) is a finding. libfuzzer_entry.cpp makes each a libFuzzer binary;
// tests/engine/fuzz/fuzz_regression_test.cpp replays the findings.

#include <cstddef>
#include <cstdint>

namespace prevalence::fuzz {

/// The bytes as a scenario file, loaded, then planned against the five
/// authorities of tests/data/population-extract.csv.
int scenario_file(const std::uint8_t* data, std::size_t size);

/// The bytes as a population CSV, loaded, then every area's 0-17 count.
int population_file(const std::uint8_t* data, std::size_t size);

/// The bytes as a results.h5, read back as `table` and `merge` read it,
/// kept draws and all.
int results_file(const std::uint8_t* data, std::size_t size);

/// The same, sealed again first, as if the engine had written the bytes: a
/// mutated file then gets past the seal to HDF5 and the reader's own checks,
/// as only a deliberately crafted file could.
int resealed_results_file(const std::uint8_t* data, std::size_t size);

}  // namespace prevalence::fuzz
