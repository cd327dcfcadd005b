#include "engine/results/results_file_writer.hpp"

#include "engine/error/input_error.hpp"
#include "engine/results/file_seal.hpp"
#include "engine/results/hdf5_failure.hpp"
#include "engine/results/results_layout.hpp"

#include <H5Cpp.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace prevalence::results {
namespace {

// HDF5's C++ objects print to std::cerr when their destructor's close fails,
// as every close does once a write has failed; the failure is reported once,
// on one line, by the catch. Held while writing on the main thread, when no
// other thread prints.
class SilentCloseFailures {
 public:
  SilentCloseFailures() : saved_(std::cerr.rdbuf(nullptr)) {}
  ~SilentCloseFailures() { std::cerr.rdbuf(saved_); }
  SilentCloseFailures(const SilentCloseFailures&) = delete;
  SilentCloseFailures& operator=(const SilentCloseFailures&) = delete;

 private:
  std::streambuf* saved_;
};

// Variable-length UTF-8 strings, which h5py and R both read as text.
H5::StrType utf8_string() {
  H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  type.setCset(H5T_CSET_UTF8);
  return type;
}

void write_attribute(H5::H5Object& object, const char* name, const std::string& value) {
  const H5::StrType type = utf8_string();
  object.createAttribute(name, type, H5::DataSpace(H5S_SCALAR)).write(type, value);
}

template <typename T>
void write_attribute(H5::H5Object& object, const char* name, const H5::PredType& file_type,
                     const H5::PredType& memory_type, T value) {
  object.createAttribute(name, file_type, H5::DataSpace(H5S_SCALAR)).write(memory_type, &value);
}

void write_attribute(H5::H5Object& object, const char* name, const std::vector<double>& values) {
  const hsize_t n = values.size();
  object.createAttribute(name, H5::PredType::IEEE_F64LE, H5::DataSpace(1, &n))
      .write(H5::PredType::NATIVE_DOUBLE, values.data());
}

void write_strings(H5::Group& group, const char* name, const std::vector<std::string>& values) {
  const H5::StrType type = utf8_string();
  const hsize_t n = values.size();
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const std::string& value : values) pointers.push_back(value.c_str());
  group.createDataSet(name, type, H5::DataSpace(1, &n)).write(pointers.data(), type);
}

template <typename T>
void write_numbers(H5::Group& group, const char* name, const H5::PredType& file_type,
                   const H5::PredType& memory_type, const std::vector<T>& values, std::vector<hsize_t> shape) {
  group.createDataSet(name, file_type, H5::DataSpace(static_cast<int>(shape.size()), shape.data()))
      .write(values.data(), memory_type);
}

void write_doubles(H5::Group& group, const char* name, const std::vector<double>& values,
                   std::vector<hsize_t> shape) {
  write_numbers(group, name, H5::PredType::IEEE_F64LE, H5::PredType::NATIVE_DOUBLE, values, std::move(shape));
}

// The root attributes: the run and how to reproduce it.
void write_record(H5::Group& root, const RunResults& run) {
  write_attribute(root, "format", std::string(kResultsFormat));
  write_attribute(root, "format_version", H5::PredType::STD_I32LE, H5::PredType::NATIVE_INT32, kResultsFormatVersion);
  write_attribute(root, "title", run.title);
  write_attribute(root, "description", run.description);
  write_attribute(root, "engine_version", run.engine_version);
  write_attribute(root, "git_commit", run.git_commit);
  write_attribute(root, "created", run.created);
  write_attribute(root, "command_line", run.command_line);
  write_attribute(root, "seed", H5::PredType::STD_U64LE, H5::PredType::NATIVE_UINT64, run.seed);
  write_attribute(root, "draws", H5::PredType::STD_I64LE, H5::PredType::NATIVE_INT64, run.draws);
  write_attribute(root, "threads", H5::PredType::STD_U32LE, H5::PredType::NATIVE_UINT32, run.threads);
  write_attribute(root, "mode", std::string(to_string(run.mode)));
  write_attribute(root, "headline", std::string(to_string(run.headline)));
  if (run.precision > 0.0) {
    write_attribute(root, "precision", H5::PredType::IEEE_F64LE, H5::PredType::NATIVE_DOUBLE, run.precision);
    write_attribute(root, "precision_rule", run.precision_rule);
  }
  write_attribute(root, "intervals", run.levels);
  write_attribute(root, "population_relative_error", H5::PredType::IEEE_F64LE, H5::PredType::NATIVE_DOUBLE,
                  run.population_relative_error);
  write_attribute(root, "shard", run.shard);
  write_attribute(root, "draws_kept", H5::PredType::STD_I8LE, H5::PredType::NATIVE_INT8,
                  static_cast<std::int8_t>(run.draws_kept ? 1 : 0));
}

// One string dataset per field of `records`, each named as given.
template <typename Record>
void write_string_columns(H5::Group& group, const std::vector<Record>& records,
                          std::initializer_list<std::pair<const char*, std::string Record::*>> columns) {
  for (const auto& [name, field] : columns) {
    std::vector<std::string> values;
    for (const Record& record : records) values.push_back(record.*field);
    write_strings(group, name, values);
  }
}

void write_inputs(H5::H5File& file, const RunResults& run) {
  H5::Group inputs = file.createGroup("inputs");
  const H5::StrType type = utf8_string();
  inputs.createDataSet("scenario_text", type, H5::DataSpace(H5S_SCALAR)).write(run.scenario_text, type);
  write_string_columns(inputs, run.inputs, {{"path", &InputFileRecord::path}, {"sha256", &InputFileRecord::sha256}});
}

void write_areas(H5::H5File& file, const RunResults& run) {
  H5::Group areas = file.createGroup("areas");
  write_string_columns(areas, run.areas, {{"code", &AreaRecord::code}, {"name", &AreaRecord::name}});
  std::vector<std::int32_t> years;
  std::vector<std::string> members, notes;
  for (const AreaRecord& area : run.areas) {
    years.push_back(area.year);
    members.push_back(fmt::format("{}", fmt::join(area.members, " ")));
    notes.push_back(area.note);
  }
  write_numbers(areas, "year", H5::PredType::STD_I32LE, H5::PredType::NATIVE_INT32, years, {run.areas.size()});
  write_strings(areas, "members", members);
  write_strings(areas, "note", notes);
}

// Each group's conditions are stored one after another: condition_labels
// holds them all, conditions says how many belong to each group.
void write_groups(H5::H5File& file, const RunResults& run) {
  std::vector<std::string> condition_labels;
  std::vector<std::int8_t> is_overlap;
  std::vector<std::int32_t> conditions;
  for (const GroupRecord& group : run.groups) {
    is_overlap.push_back(group.is_overlap ? 1 : 0);
    conditions.push_back(static_cast<std::int32_t>(group.condition_labels.size()));
    condition_labels.insert(condition_labels.end(), group.condition_labels.begin(), group.condition_labels.end());
  }
  H5::Group groups = file.createGroup("groups");
  const hsize_t g = run.groups.size();
  write_string_columns(groups, run.groups, {{"id", &GroupRecord::id}, {"label", &GroupRecord::label}});
  write_numbers(groups, "is_overlap", H5::PredType::STD_I8LE, H5::PredType::NATIVE_INT8, is_overlap, {g});
  write_numbers(groups, "conditions", H5::PredType::STD_I32LE, H5::PredType::NATIVE_INT32, conditions, {g});
  write_strings(groups, "condition_labels", condition_labels);
}

void write_measures(H5::H5File& file, const RunResults& run) {
  std::vector<std::int8_t> is_cell;
  std::vector<std::uint64_t> cells;
  std::vector<std::int32_t> group_cells, years;
  for (const MeasureRecord& measure : run.measures) {
    is_cell.push_back(measure.is_cell ? 1 : 0);
    cells.push_back(measure.cells);
    group_cells.push_back(measure.group_cells);
    years.push_back(measure.year);
  }
  H5::Group measures = file.createGroup("measures");
  const hsize_t m = run.measures.size();
  write_string_columns(measures, run.measures,
                       {{"id", &MeasureRecord::id},
                        {"label", &MeasureRecord::label},
                        {"phrase", &MeasureRecord::phrase},
                        {"group", &MeasureRecord::group}});
  write_numbers(measures, "is_cell", H5::PredType::STD_I8LE, H5::PredType::NATIVE_INT8, is_cell, {m});
  write_numbers(measures, "cells", H5::PredType::STD_U64LE, H5::PredType::NATIVE_UINT64, cells, {m});
  write_numbers(measures, "group_cells", H5::PredType::STD_I32LE, H5::PredType::NATIVE_INT32, group_cells, {m});
  write_string_columns(measures, run.measures,
                       {{"source", &MeasureRecord::source},
                        {"uncertainty", &MeasureRecord::uncertainty},
                        {"ages", &MeasureRecord::ages},
                        {"sex", &MeasureRecord::sex}});
  write_numbers(measures, "year", H5::PredType::STD_I32LE, H5::PredType::NATIVE_INT32, years, {m});
}

// Room for every draw: one chunk per (area, measure) row, so reading an area
// reads its own chunks only; shuffling the bytes first helps deflate on
// doubles.
H5::DataSet create_draws(H5::H5File& file, const RunResults& run) {
  const hsize_t shape[3] = {run.areas.size(), run.measures.size(), static_cast<hsize_t>(run.draws)};
  const hsize_t chunk[3] = {1, 1, std::min<hsize_t>(shape[2], hsize_t{1} << 20)};
  H5::DSetCreatPropList properties;
  properties.setChunk(3, chunk);
  properties.setShuffle();
  properties.setDeflate(4);
  return file.createGroup("draws").createDataSet("values", H5::PredType::IEEE_F64LE, H5::DataSpace(3, shape),
                                                 properties);
}

// The file starts after its seal (file_seal.hpp).
H5::FileCreatPropList room_for_the_seal() {
  H5::FileCreatPropList creation;
  creation.setUserblock(kSealBytes);
  return creation;
}

// Closing the file fails while any object in it is open (rather than leaving
// the file open until the last one closes).
H5::FileAccPropList closing_strictly() {
  H5::FileAccPropList access;
  access.setFcloseDegree(H5F_CLOSE_SEMI);
  return access;
}

// The figures, written once the Monte Carlo is done.
void write_figures(H5::H5File& file, const RunResults& run) {
  const hsize_t a = run.areas.size(), m = run.measures.size(), l = run.levels.size();
  // Moved draws per group, and per measure as the format's first files held them.
  std::vector<double> group_moved, measure_moved;
  for (const GroupRecord& group : run.groups) group_moved.push_back(group.moved_share);
  for (std::size_t g : run.group_of_measures()) measure_moved.push_back(run.groups[g].moved_share);
  H5::Group groups = file.openGroup("groups"), measures = file.openGroup("measures");
  write_doubles(groups, "moved_share", group_moved, {run.groups.size()});
  write_doubles(measures, "moved_share", measure_moved, {m});
  H5::Group summaries = file.createGroup("summaries");
  write_doubles(summaries, "denominator", run.denominator, {a, m});
  write_doubles(summaries, "mean", run.mean, {a, m});
  write_doubles(summaries, "median", run.median, {a, m});
  write_doubles(summaries, "mcse", run.mcse, {a, m});
  write_doubles(summaries, "levels", run.levels, {l});
  write_doubles(summaries, "lower", run.lower, {a, m, l});
  write_doubles(summaries, "upper", run.upper, {a, m, l});
  if (!run.assumed_share.empty()) write_doubles(summaries, "assumed_share", run.assumed_share, {a, m});
  if (!run.known.empty())
    write_numbers(summaries, "known", H5::PredType::STD_U8LE, H5::PredType::NATIVE_UINT8, run.known, {a, m});
  if (!run.median_mcse.empty()) {
    write_doubles(summaries, "median_mcse", run.median_mcse, {a, m});
    write_doubles(summaries, "lower_mcse", run.lower_mcse, {a, m, l});
    write_doubles(summaries, "upper_mcse", run.upper_mcse, {a, m, l});
  }
  if (!run.published.empty()) {
    write_doubles(summaries, "published", run.published, {a, m});
    write_doubles(summaries, "fitted", run.fitted, {a, m});
  }
  H5::Group parameters = file.createGroup("parameters");
  write_doubles(parameters, "share", run.shares, {run.shares.size() / std::max<std::size_t>(m, 1), m});
  H5::Group root = file.openGroup("/");
  write_attribute(root, "figures_sha256", run.figures_sha256());
}

}  // namespace

struct ResultsFileWriter::File {
  H5::H5File file;
  std::optional<H5::DataSet> draws;
};

ResultsFileWriter::ResultsFileWriter(const std::string& path, const RunResults& run, std::string shown_as)
    : path_(path),
      shown_as_(shown_as.empty() ? path : std::move(shown_as)),
      n_measures_(run.measures.size()), n_draws_(static_cast<std::size_t>(run.draws)) {
  capture_hdf5_failures();
  const SilentCloseFailures quiet;
  try {
    file_ = std::make_unique<File>(
        File{H5::H5File(path, H5F_ACC_TRUNC, room_for_the_seal(), closing_strictly()), std::nullopt});
    H5::Group root = file_->file.openGroup("/");
    write_record(root, run);
    write_inputs(file_->file, run);
    write_areas(file_->file, run);
    write_groups(file_->file, run);
    write_measures(file_->file, run);
    if (run.draws_kept) file_->draws = create_draws(file_->file, run);
  } catch (const H5::Exception& e) {
    abandon_file();
    throw error::InputError({shown_as_, 0, 0},
                            fmt::format("cannot write the results file: {}", hdf5_failure_line(e)));
  }
}

ResultsFileWriter::~ResultsFileWriter() = default;

// After a failed write (or a failure while creating the file) the file
// cannot be closed: closing flushes, which fails again, and the HDF5
// objects' destructors print to stderr. It is left open, unreferenced, for
// the process to end without closing it (main.cpp).
void ResultsFileWriter::abandon_file() {
  static_cast<void>(file_.release());
  note_unclosable_hdf5_file();
}

void ResultsFileWriter::area_draws(std::size_t area, std::span<const double> draws) const {
  if (!file_ || !file_->draws) return;
  const hsize_t m = n_measures_, d = n_draws_;
  // HDF5 reads m x d values from the pointer it is given, whatever the span says.
  if (draws.size() != m * d)
    throw std::logic_error(fmt::format("ResultsFileWriter::area_draws: {} values for {} measures x {} draws",
                                       draws.size(), m, d));
  const std::lock_guard<std::mutex> lock(mutex_);
  if (!failure_.empty()) return;
  // Called on a worker thread: a failure is kept for finish() to report.
  capture_hdf5_failures();
  try {
    H5::DataSpace where = file_->draws->getSpace();
    const hsize_t start[3] = {area, 0, 0}, count[3] = {1, m, d};
    where.selectHyperslab(H5S_SELECT_SET, count, start);
    const hsize_t n = m * d;
    file_->draws->write(draws.data(), H5::PredType::NATIVE_DOUBLE, H5::DataSpace(1, &n), where);
  } catch (const H5::Exception& e) {
    failure_ = hdf5_failure_line(e);
  }
}

void ResultsFileWriter::finish(const RunResults& run) {
  const SilentCloseFailures quiet;
  if (!failure_.empty()) {
    abandon_file();
    throw error::InputError({shown_as_, 0, 0}, fmt::format("writing the draws failed: {}", failure_));
  }
  try {
    write_figures(file_->file, run);
    // Every object closed before the file, which then flushes and reports a
    // failure here; left open, the last writes would be deferred to a
    // destructor that cannot report them (H5F_CLOSE_SEMI refuses that).
    if (file_->draws) file_->draws->close();
    file_->file.close();
    file_.reset();
  } catch (const H5::Exception& e) {
    abandon_file();
    throw error::InputError({shown_as_, 0, 0},
                            fmt::format("writing the results file failed: {}", hdf5_failure_line(e)));
  }
  seal_results_file(path_, shown_as_);
}

}  // namespace prevalence::results
