#pragma once
// Writes a run's results.h5 (layout: docs/results-format.md): the areas, the
// measures, every summary at every interval level, the parameter draws, what
// is needed to reproduce the run and, with --keep-draws, every draw of every
// measure, streamed area by area while the Monte Carlo runs.

#include "engine/montecarlo/draw_sink.hpp"
#include "engine/montecarlo/driver.hpp"
#include "engine/montecarlo/plan.hpp"
#include "engine/scenario/scenario.hpp"

#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

namespace prevalence::engine {

/// An input file and its content's SHA-256.
struct InputFileRecord {
  std::string path;
  std::string sha256;
};

/// What the results alone cannot say about how they were made.
struct RunProvenance {
  std::string command_line;  ///< as typed, shell-quoted
  unsigned threads = 1;
  std::string shard;  ///< "K/N" for one shard of a split run, "" otherwise
  std::vector<InputFileRecord> inputs;  ///< scenario first, then the population file
};

/// The scenario and population file, each with its SHA-256.
std::vector<InputFileRecord> record_inputs(const Scenario& scenario);

class ResultsFileWriter final : public DrawSink {
 public:
  /// Creates `path` (a temporary name: the caller renames it into place) and
  /// writes everything known before the Monte Carlo: the run's description,
  /// the areas and the measures, and, when `keep_draws`, room for every draw.
  /// @throw InputError naming `path` when the file cannot be created
  ResultsFileWriter(std::string path, const Scenario& scenario, const Plan& plan, const RunSettings& settings,
                    const RunProvenance& provenance, bool keep_draws);
  ~ResultsFileWriter() override;

  /// Stores one area's draws (output-major) when draws are kept. Safe to call
  /// from several threads; each call writes its own area's rows.
  void area_draws(std::size_t area, std::span<const double> draws) const override;

  /// Writes the summaries and parameter draws, and closes the file.
  /// @throw InputError naming the file when writing fails (a full disk)
  void finish(const MonteCarloResults& results);

 private:
  struct File;
  std::string path_;
  const Plan& plan_;
  const RunSettings& settings_;
  std::unique_ptr<File> file_;
  mutable std::mutex mutex_;  // the HDF5 library is not thread-safe
  mutable std::string failure_;  // a failed draw write, reported by finish()
};

}  // namespace prevalence::engine
