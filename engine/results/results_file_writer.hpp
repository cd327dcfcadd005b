#pragma once
// Writes a run's results.h5 (layout: docs/results-format.md) from its record
// (run_results.hpp): the run's description first, then, with --keep-draws,
// every draw of every measure streamed in area by area while the Monte Carlo
// runs, and the figures last.

#include "engine/montecarlo/draw_sink.hpp"
#include "engine/results/run_results.hpp"

#include <memory>
#include <mutex>
#include <span>
#include <string>

namespace prevalence::results {

class ResultsFileWriter final : public montecarlo::DrawSink {
 public:
  /// Creates `path` (a temporary name: the caller renames it into place) and
  /// writes everything `run` says before its figures: the record, the areas,
  /// the groups and the measures, and, when run.draws_kept, room for every
  /// draw.
  /// @param shown_as the path messages name (the file's final name), when
  ///        `path` is a temporary one
  /// @throw InputError naming the file when it cannot be created
  ResultsFileWriter(const std::string& path, const RunResults& run, std::string shown_as = {});
  ~ResultsFileWriter() override;

  /// Stores one area's draws (measure-major: measures x draws values) when
  /// draws are kept. Safe to call from several threads; each call writes its
  /// own area's rows.
  /// @throw std::logic_error for a span of any other size
  void area_draws(std::size_t area, std::span<const double> draws) const override;

  /// Writes the figures of `run` (the run described at construction, its
  /// figures now added), closes the file and seals it (file_seal.hpp).
  /// @throw InputError naming the file when writing fails (a full disk)
  void finish(const RunResults& run);

 private:
  struct File;
  void abandon_file();

  std::string path_, shown_as_;
  std::size_t n_measures_ = 0, n_draws_ = 0;
  std::unique_ptr<File> file_;
  mutable std::mutex mutex_;  // the HDF5 library is not thread-safe
  mutable std::string failure_;  // a failed draw write, reported by finish()
};

}  // namespace prevalence::results
