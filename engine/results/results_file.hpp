#pragma once
// Reads a results file (docs/results-format.md) back into the run's record,
// checked as it is read, so a damaged or foreign file is named with the
// object that is wrong rather than failing later.

#include "engine/results/run_results.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace prevalence::results {

/// Whether a read checks the file's seal (file_seal.hpp), or its caller has.
enum class Seal { check, checked_already };

/// Reads everything but the kept draws.
/// @throw InputError naming the file (and the object) when it cannot be
/// read, is not a prevalence results file, or is inconsistent
RunResults read_results_file(const std::string& path, Seal seal = Seal::check);

/// Reads kept draws, one area at a time, from an open file.
class KeptDrawsReader {
 public:
  /// @throw InputError when the file has no kept draws
  explicit KeptDrawsReader(const RunResults& results);
  ~KeptDrawsReader();
  KeptDrawsReader(const KeptDrawsReader&) = delete;
  KeptDrawsReader& operator=(const KeptDrawsReader&) = delete;

  /// Area `area`'s draws, measure-major: [m * draws + d].
  std::vector<double> area(std::size_t area) const;

 private:
  struct Open;
  std::unique_ptr<Open> open_;
  std::string path_;
  std::size_t measures_ = 0, draws_ = 0;
};

}  // namespace prevalence::results
