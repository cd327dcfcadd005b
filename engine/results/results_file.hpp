#pragma once
// Reads a results file (docs/results-format.md) back: everything `prevalence
// table` and `merge` need, checked as it is read, so a damaged or foreign file
// is named with the object that is wrong rather than failing later.

#include "engine/publish/table_input.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace prevalence::engine {

struct ResultsFile {
  std::string path;

  // The run (root attributes).
  std::string title, description, engine_version, git_commit, created, command_line, mode, shard;
  std::uint64_t seed = 0;
  std::int64_t draws = 0;
  std::uint32_t threads = 0;
  std::vector<double> levels;  ///< interval coverages stored, headline first
  double population_relative_error = 0.0;
  bool draws_kept = false;

  std::string scenario_text;
  std::vector<std::string> input_paths, input_sha256;

  std::vector<TableArea> areas;
  std::vector<TableMeasure> measures;
  std::vector<double> moved_share;  ///< per measure

  // Area-major [a * M + m]; lower and upper [(a * M + m) * L + l].
  std::vector<double> denominator, mean, median, mcse, lower, upper;
  std::vector<double> shares;  ///< [d * M + m]

  std::size_t n_measures() const noexcept { return measures.size(); }
  std::size_t index(std::size_t area, std::size_t measure) const noexcept { return area * measures.size() + measure; }
};

/// Reads everything but the kept draws.
/// @throw InputError naming the file (and the object) when it cannot be
/// read, is not a prevalence results file, or is inconsistent
ResultsFile read_results_file(const std::string& path);

/// Reads kept draws, one area at a time, from an open file.
class KeptDrawsReader {
 public:
  /// @throw InputError when the file has no kept draws
  explicit KeptDrawsReader(const ResultsFile& results);
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

}  // namespace prevalence::engine
