#pragma once
// Reading a results file that may crash the HDF5 library. The seal
// (file_seal.hpp) refuses a damaged file before HDF5 sees it, but a file
// made to carry a matching seal still reaches HDF5 1.10's parser, which a
// crafted file can crash (docs/fuzzing.md). So the CLI reads a results file
// first in a child process: if the library crashes there, the file is
// refused in one line and the CLI goes on to exit 2, never a crash.

#include "engine/results/run_results.hpp"

#include <chrono>
#include <string>

namespace prevalence::results {

/// read_results_file(path), after a first read in a child process that the
/// HDF5 library may crash without taking this process with it (the record,
/// and the first and last areas' kept draws). Call while this process runs
/// one thread (fork copies only the calling thread).
/// @param limit how long the first read may take: a file can also make the
///        library loop forever (a legitimate file's record reads in well
///        under a second)
/// @throw InputError naming the file when the first read crashed or did not
///        finish within `limit`, or as read_results_file does
RunResults read_results_file_isolated(const std::string& path,
                                      std::chrono::milliseconds limit = std::chrono::minutes(2));

}  // namespace prevalence::results
