#include "engine/results/results_file_writer.hpp"

#include "engine/error/input_error.hpp"
#include "engine/io/sha256.hpp"
#include "engine/output/run_record.hpp"
#include "engine/results/results_layout.hpp"
#include "engine/version/build_info.hpp"

#include <H5Cpp.h>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ctime>

namespace prevalence::engine {
namespace {

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

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(now));
}

}  // namespace

std::vector<InputFileRecord> record_inputs(const Scenario& scenario) {
  return {{scenario.path, file_sha256(scenario.path)},
          {scenario.population_file, file_sha256(scenario.population_file)}};
}

struct ResultsFileWriter::File {
  H5::H5File file;
  std::optional<H5::DataSet> draws;
};

ResultsFileWriter::ResultsFileWriter(std::string path, const Scenario& scenario, const Plan& plan,
                                     const RunSettings& settings, const RunProvenance& provenance, bool keep_draws)
    : path_(std::move(path)), plan_(plan), settings_(settings) {
  H5::Exception::dontPrint();
  try {
    file_ = std::make_unique<File>(File{H5::H5File(path_, H5F_ACC_TRUNC), std::nullopt});
    H5::Group root = file_->file.openGroup("/");
    write_attribute(root, "format", std::string(kResultsFormat));
    write_attribute(root, "format_version", H5::PredType::STD_I32LE, H5::PredType::NATIVE_INT32,
                    kResultsFormatVersion);
    write_attribute(root, "title", scenario.title);
    write_attribute(root, "description", scenario.description);
    write_attribute(root, "engine_version", std::string(engine_version()));
    write_attribute(root, "git_commit", std::string(git_commit()));
    write_attribute(root, "created", utc_now());
    write_attribute(root, "command_line", provenance.command_line);
    write_attribute(root, "seed", H5::PredType::STD_U64LE, H5::PredType::NATIVE_UINT64,
                    static_cast<std::uint64_t>(settings.seed));
    write_attribute(root, "draws", H5::PredType::STD_I64LE, H5::PredType::NATIVE_INT64,
                    static_cast<std::int64_t>(settings.draws));
    write_attribute(root, "threads", H5::PredType::STD_U32LE, H5::PredType::NATIVE_UINT32,
                    static_cast<std::uint32_t>(provenance.threads));
    write_attribute(root, "mode", std::string(to_string(settings.mode)));
    write_attribute(root, "intervals", settings.intervals);
    write_attribute(root, "population_relative_error", H5::PredType::IEEE_F64LE, H5::PredType::NATIVE_DOUBLE,
                    plan.population_relative_error);
    write_attribute(root, "shard", provenance.shard);
    write_attribute(root, "draws_kept", H5::PredType::STD_I8LE, H5::PredType::NATIVE_INT8,
                    static_cast<std::int8_t>(keep_draws ? 1 : 0));

    H5::Group inputs = file_->file.createGroup("inputs");
    {
      const H5::StrType type = utf8_string();
      inputs.createDataSet("scenario_text", type, H5::DataSpace(H5S_SCALAR)).write(scenario.text, type);
    }
    std::vector<std::string> paths, digests;
    for (const InputFileRecord& input : provenance.inputs) {
      paths.push_back(input.path);
      digests.push_back(input.sha256);
    }
    write_strings(inputs, "path", paths);
    write_strings(inputs, "sha256", digests);

    H5::Group areas = file_->file.createGroup("areas");
    std::vector<std::string> codes, names;
    for (const PlannedArea& area : plan.areas) {
      codes.push_back(area.code);
      names.push_back(area.name);
    }
    write_strings(areas, "code", codes);
    write_strings(areas, "name", names);

    std::vector<std::string> ids, labels, phrases, groups, sources, uncertainties, ages, sexes;
    std::vector<std::int8_t> is_cell;
    std::vector<std::uint64_t> cells;
    std::vector<std::int32_t> group_cells, years;
    for_each_output(plan, [&](std::size_t, const PlannedGroup& group, const PlannedOutput& output, std::size_t) {
      ids.push_back(output.id);
      labels.push_back(output.label);
      phrases.push_back(output.phrase.empty() ? output.label : output.phrase);
      groups.push_back(group.id);
      is_cell.push_back(output.is_cell ? 1 : 0);
      cells.push_back(output.cells);
      group_cells.push_back(group.n_cells());
      sources.push_back(output.source);
      uncertainties.push_back(output.uncertainty);
      ages.push_back(to_string(group.ages));
      sexes.push_back(to_string(group.sex));
      years.push_back(group.year);
    });
    H5::Group measures = file_->file.createGroup("measures");
    const hsize_t m = ids.size();
    write_strings(measures, "id", ids);
    write_strings(measures, "label", labels);
    write_strings(measures, "phrase", phrases);
    write_strings(measures, "group", groups);
    write_numbers(measures, "is_cell", H5::PredType::STD_I8LE, H5::PredType::NATIVE_INT8, is_cell, {m});
    write_numbers(measures, "cells", H5::PredType::STD_U64LE, H5::PredType::NATIVE_UINT64, cells, {m});
    write_numbers(measures, "group_cells", H5::PredType::STD_I32LE, H5::PredType::NATIVE_INT32, group_cells, {m});
    write_strings(measures, "source", sources);
    write_strings(measures, "uncertainty", uncertainties);
    write_strings(measures, "ages", ages);
    write_strings(measures, "sex", sexes);
    write_numbers(measures, "year", H5::PredType::STD_I32LE, H5::PredType::NATIVE_INT32, years, {m});

    if (keep_draws) {
      // One chunk per (area, measure) row, so reading an area reads its own
      // chunks only; shuffling the bytes first helps deflate on doubles.
      const hsize_t shape[3] = {plan.areas.size(), m, static_cast<hsize_t>(settings.draws)};
      const hsize_t chunk[3] = {1, 1, std::min<hsize_t>(shape[2], hsize_t{1} << 20)};
      H5::DSetCreatPropList properties;
      properties.setChunk(3, chunk);
      properties.setShuffle();
      properties.setDeflate(4);
      file_->draws = file_->file.createGroup("draws").createDataSet("values", H5::PredType::IEEE_F64LE,
                                                                     H5::DataSpace(3, shape), properties);
    }
  } catch (const H5::Exception& e) {
    file_.reset();
    throw InputError({path_, 0, 0}, fmt::format("cannot write the results file: {}", e.getDetailMsg()));
  }
}

ResultsFileWriter::~ResultsFileWriter() = default;

void ResultsFileWriter::area_draws(std::size_t area, std::span<const double> draws) const {
  if (!file_ || !file_->draws) return;
  const hsize_t m = plan_.n_outputs(), d = static_cast<hsize_t>(settings_.draws);
  const std::lock_guard<std::mutex> lock(mutex_);
  if (!failure_.empty()) return;
  // Called on a worker thread: a failure is kept for finish() to report.
  try {
    H5::DataSpace where = file_->draws->getSpace();
    const hsize_t start[3] = {area, 0, 0}, count[3] = {1, m, d};
    where.selectHyperslab(H5S_SELECT_SET, count, start);
    const hsize_t n = m * d;
    file_->draws->write(draws.data(), H5::PredType::NATIVE_DOUBLE, H5::DataSpace(1, &n), where);
  } catch (const H5::Exception& e) {
    failure_ = e.getDetailMsg();
  }
}

void ResultsFileWriter::finish(const MonteCarloResults& results) {
  if (!failure_.empty()) {
    file_.reset();
    throw InputError({path_, 0, 0}, fmt::format("writing the draws failed: {}", failure_));
  }
  try {
    const std::size_t a_count = plan_.areas.size(), m_count = plan_.n_outputs();
    const std::size_t l_count = settings_.intervals.size();
    std::vector<double> denominator(a_count * m_count), mean(denominator.size()), median(denominator.size()),
        mcse(denominator.size()), lower(denominator.size() * l_count), upper(lower.size());
    for (std::size_t a = 0; a < a_count; ++a)
      for_each_output(plan_, [&](std::size_t g, const PlannedGroup&, const PlannedOutput&, std::size_t o) {
        const std::size_t i = a * m_count + o;
        const Summary& s = results.at(a, o);
        denominator[i] = plan_.areas[a].denominators[g];
        mean[i] = s.mean;
        median[i] = s.median;
        mcse[i] = s.mcse;
        for (std::size_t l = 0; l < l_count; ++l) {
          const auto bounds = results.bounds(a, o, l);
          lower[i * l_count + l] = bounds.lower;
          upper[i * l_count + l] = bounds.upper;
        }
      });
    std::vector<double> moved;
    for_each_output(plan_, [&](std::size_t g, const PlannedGroup&, const PlannedOutput&, std::size_t) {
      moved.push_back(results.moved_share[g]);
    });
    const hsize_t a = a_count, m = m_count, l = l_count;
    H5::Group measures = file_->file.openGroup("measures");
    write_doubles(measures, "moved_share", moved, {m});
    H5::Group summaries = file_->file.createGroup("summaries");
    write_doubles(summaries, "denominator", denominator, {a, m});
    write_doubles(summaries, "mean", mean, {a, m});
    write_doubles(summaries, "median", median, {a, m});
    write_doubles(summaries, "mcse", mcse, {a, m});
    write_doubles(summaries, "levels", settings_.intervals, {l});
    write_doubles(summaries, "lower", lower, {a, m, l});
    write_doubles(summaries, "upper", upper, {a, m, l});
    H5::Group parameters = file_->file.createGroup("parameters");
    write_doubles(parameters, "share", results.shares, {results.shares.size() / std::max<std::size_t>(m_count, 1), m});
    file_->file.close();
    file_.reset();
  } catch (const H5::Exception& e) {
    file_.reset();
    throw InputError({path_, 0, 0}, fmt::format("writing the results file failed: {}", e.getDetailMsg()));
  }
}

}  // namespace prevalence::engine
