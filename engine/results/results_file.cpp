#include "engine/results/results_file.hpp"

#include "engine/error/input_error.hpp"
#include "engine/results/file_seal.hpp"
#include "engine/results/hdf5_failure.hpp"
#include "engine/results/results_layout.hpp"

#include <H5Cpp.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

namespace prevalence::results {
namespace {

// Every problem names the file and the object, as a CSV error names a line.
[[noreturn]] void fail(const std::string& path, const std::string& object, const std::string& problem) {
  throw error::InputError({path, 0, 0}, object.empty() ? problem : fmt::format("{}: {}", object, problem));
}

class Reader {
 public:
  Reader(const std::string& path, const H5::H5File& file) : path_(path), file_(file) {}

  H5::DataSet dataset(const std::string& name) const {
    if (!file_.nameExists(name)) fail(path_, name, "missing (is this a prevalence results file, and whole?)");
    return file_.openDataSet(name);
  }

  H5::Attribute attribute(const char* name) const {
    const H5::Group root = file_.openGroup("/");
    if (!root.attrExists(name)) fail(path_, fmt::format("attribute {}", name), "missing");
    return root.openAttribute(name);
  }

  std::string text_attribute(const char* name) const {
    const H5::Attribute a = attribute(name);
    if (a.getTypeClass() != H5T_STRING) fail(path_, fmt::format("attribute {}", name), "not a string");
    std::string value;
    a.read(a.getStrType(), value);
    return value;
  }

  template <typename T>
  T number_attribute(const char* name, const H5::PredType& type) const {
    const H5::Attribute a = attribute(name);
    if (a.getTypeClass() != H5T_INTEGER && a.getTypeClass() != H5T_FLOAT)
      fail(path_, fmt::format("attribute {}", name), "not a number");
    if (a.getSpace().getSimpleExtentNpoints() != 1) fail(path_, fmt::format("attribute {}", name), "not one number");
    T value{};
    a.read(type, &value);
    return value;
  }

  std::vector<double> doubles_attribute(const char* name) const {
    const H5::Attribute a = attribute(name);
    if (a.getTypeClass() != H5T_INTEGER && a.getTypeClass() != H5T_FLOAT)
      fail(path_, fmt::format("attribute {}", name), "not numbers");
    std::vector<double> values(static_cast<std::size_t>(a.getSpace().getSimpleExtentNpoints()));
    a.read(H5::PredType::NATIVE_DOUBLE, values.data());
    return values;
  }

  std::vector<hsize_t> shape(const H5::DataSet& set) const {
    const H5::DataSpace space = set.getSpace();
    std::vector<hsize_t> dims(static_cast<std::size_t>(space.getSimpleExtentNdims()));
    space.getSimpleExtentDims(dims.data());
    return dims;
  }

  void expect_shape(const std::string& name, const H5::DataSet& set, const std::vector<hsize_t>& expected) const {
    const std::vector<hsize_t> got = shape(set);
    if (got != expected) {
      const auto text = [](const std::vector<hsize_t>& dims) {
        return dims.empty() ? std::string("a scalar") : fmt::format("[{}]", fmt::join(dims, ", "));
      };
      fail(path_, name, fmt::format("shape {} where {} was expected", text(got), text(expected)));
    }
  }

  std::vector<std::string> strings(const std::string& name, hsize_t n) const {
    const H5::DataSet set = dataset(name);
    if (set.getTypeClass() != H5T_STRING) fail(path_, name, "not strings");
    expect_shape(name, set, {n});
    const H5::StrType type = set.getStrType();
    std::vector<std::string> values;
    values.reserve(n);
    if (n == 0) return values;  // HDF5 refuses to read (or reclaim) nothing
    if (type.isVariableStr()) {
      std::vector<char*> raw(n, nullptr);
      set.read(raw.data(), type);
      for (char* s : raw) values.emplace_back(s ? s : "");
      H5::DataSet::vlenReclaim(raw.data(), type, set.getSpace());
    } else {
      const std::size_t width = type.getSize();
      std::vector<char> raw(width * n);
      set.read(raw.data(), type);
      for (hsize_t i = 0; i < n; ++i) {
        const char* s = raw.data() + i * width;
        values.emplace_back(s, strnlen(s, width));
      }
    }
    return values;
  }

  std::string scalar_string(const std::string& name) const {
    const H5::DataSet set = dataset(name);
    if (set.getTypeClass() != H5T_STRING) fail(path_, name, "not a string");
    expect_shape(name, set, {});
    std::string value;
    set.read(value, set.getStrType());
    return value;
  }

  template <typename T>
  std::vector<T> numbers(const std::string& name, const std::vector<hsize_t>& expected, const H5::PredType& type) const {
    const H5::DataSet set = dataset(name);
    if (set.getTypeClass() != H5T_INTEGER && set.getTypeClass() != H5T_FLOAT) fail(path_, name, "not numbers");
    expect_shape(name, set, expected);
    std::size_t n = 1;
    for (hsize_t d : expected) n *= d;
    std::vector<T> values(n);
    if (n > 0) set.read(values.data(), type);
    return values;
  }

  bool exists(const std::string& name) const { return file_.nameExists(name); }
  bool has_attribute(const char* name) const { return file_.openGroup("/").attrExists(name); }

  hsize_t length(const std::string& name) const {
    const std::vector<hsize_t> dims = shape(dataset(name));
    if (dims.size() != 1) fail(path_, name, "not one-dimensional");
    return dims.front();
  }

 private:
  const std::string& path_;
  const H5::H5File& file_;
};

H5::H5File open_file(const std::string& path, Seal seal) {
  capture_hdf5_failures();
  if (!std::filesystem::exists(path)) fail(path, "", "no such file");
  // A directory, a device or a named pipe (which would block the reader) is
  // no results file.
  if (!std::filesystem::is_regular_file(path))
    fail(path, "", std::filesystem::is_directory(path) ? "a directory: give the results.h5 inside it"
                                                       : "not a regular file (a results file is DIR/results.h5 of a run)");
  if (seal == Seal::check) check_results_seal(path);
  if (!H5::H5File::isHdf5(path)) fail(path, "", "not an HDF5 file (a results file is DIR/results.h5 of a run)");
  return H5::H5File(path, H5F_ACC_RDONLY);
}

// The root attributes: the run and how to reproduce it.
void read_record(const Reader& read, const std::string& path, RunResults& r) {
  if (read.text_attribute("format") != kResultsFormat)
    fail(path, "attribute format", fmt::format("not \"{}\": not a prevalence results file", kResultsFormat));
  const auto version = read.number_attribute<std::int32_t>("format_version", H5::PredType::NATIVE_INT32);
  if (version < kResultsFormatVersion)
    fail(path, "attribute format_version", fmt::format("{} is older than this reader knows", version));
  r.title = read.text_attribute("title");
  r.description = read.text_attribute("description");
  r.engine_version = read.text_attribute("engine_version");
  r.git_commit = read.text_attribute("git_commit");
  r.created = read.text_attribute("created");
  r.command_line = read.text_attribute("command_line");
  const std::string mode = read.text_attribute("mode");
  if (const auto parsed = montecarlo::parse_mode(mode))
    r.mode = *parsed;
  else
    fail(path, "attribute mode", fmt::format("\"{}\" is neither expected nor realised", mode));
  // Files before engine 0.4 headlined their means and say nothing.
  r.headline = montecarlo::Headline::mean;
  if (read.has_attribute("headline")) {
    const std::string headline = read.text_attribute("headline");
    if (const auto parsed = montecarlo::parse_headline(headline))
      r.headline = *parsed;
    else
      fail(path, "attribute headline", fmt::format("\"{}\" is neither median nor mean", headline));
  }
  if (read.has_attribute("precision")) {  // a run to --precision, since engine 0.4
    r.precision = read.number_attribute<double>("precision", H5::PredType::NATIVE_DOUBLE);
    r.precision_rule = read.text_attribute("precision_rule");
  }
  r.shard = read.text_attribute("shard");
  r.seed = read.number_attribute<std::uint64_t>("seed", H5::PredType::NATIVE_UINT64);
  r.draws = read.number_attribute<std::int64_t>("draws", H5::PredType::NATIVE_INT64);
  r.threads = read.number_attribute<std::uint32_t>("threads", H5::PredType::NATIVE_UINT32);
  r.population_relative_error = read.number_attribute<double>("population_relative_error", H5::PredType::NATIVE_DOUBLE);
  r.draws_kept = read.number_attribute<std::int32_t>("draws_kept", H5::PredType::NATIVE_INT32) != 0;
  if (r.draws < 1) fail(path, "attribute draws", fmt::format("{} is not a number of draws", r.draws));
}

void read_inputs(const Reader& read, RunResults& r) {
  r.scenario_text = read.scalar_string("/inputs/scenario_text");
  const hsize_t n = read.length("/inputs/path");
  const auto paths = read.strings("/inputs/path", n), digests = read.strings("/inputs/sha256", n);
  for (hsize_t i = 0; i < n; ++i) r.inputs.push_back({paths[i], digests[i]});
}

void read_areas(const Reader& read, RunResults& r) {
  const hsize_t a = read.length("/areas/code");
  const std::vector<std::string> codes = read.strings("/areas/code", a), names = read.strings("/areas/name", a);
  // Rows have years since engine 0.3; earlier files' rows are of their
  // measures' years (year 0 here).
  std::vector<std::int32_t> years(a, 0);
  if (read.exists("/areas/year")) years = read.numbers<std::int32_t>("/areas/year", {a}, H5::PredType::NATIVE_INT32);
  // Totals (area groups) since engine 0.3: their members' codes, space-separated.
  std::vector<std::string> members(a), notes(a);
  if (read.exists("/areas/members")) members = read.strings("/areas/members", a);
  if (read.exists("/areas/note")) notes = read.strings("/areas/note", a);
  for (hsize_t i = 0; i < a; ++i) {
    AreaRecord area{codes[i], names[i], years[i], {}};
    area.note = notes[i];
    std::istringstream words(members[i]);
    for (std::string code; words >> code;) area.members.push_back(code);
    r.areas.push_back(std::move(area));
  }
}

void read_measures(const Reader& read, const std::string& path, RunResults& r) {
  const hsize_t m = read.length("/measures/id");
  const auto ids = read.strings("/measures/id", m), labels = read.strings("/measures/label", m),
             phrases = read.strings("/measures/phrase", m), groups = read.strings("/measures/group", m),
             sources = read.strings("/measures/source", m), uncertainties = read.strings("/measures/uncertainty", m),
             ages = read.strings("/measures/ages", m), sexes = read.strings("/measures/sex", m);
  const auto is_cell = read.numbers<std::int32_t>("/measures/is_cell", {m}, H5::PredType::NATIVE_INT32);
  const auto cells = read.numbers<std::uint64_t>("/measures/cells", {m}, H5::PredType::NATIVE_UINT64);
  const auto group_cells = read.numbers<std::int32_t>("/measures/group_cells", {m}, H5::PredType::NATIVE_INT32);
  const auto years = read.numbers<std::int32_t>("/measures/year", {m}, H5::PredType::NATIVE_INT32);
  for (hsize_t i = 0; i < m; ++i) {
    if (group_cells[i] < 2 || group_cells[i] > 64 || (group_cells[i] & (group_cells[i] - 1)) != 0)
      fail(path, "/measures/group_cells",
           fmt::format("entry {} is {}, not a power of two from 2 to 64", i, group_cells[i]));
    r.measures.push_back({ids[i], labels[i], phrases[i], groups[i], group_cells[i], cells[i], is_cell[i] != 0,
                          sources[i], uncertainties[i], ages[i], sexes[i], years[i]});
  }
}

// The groups, with their labels and conditions. Files written before /groups
// existed name each measure's group only: the groups are then rebuilt from
// the measures, labelled by id, with their moved shares.
void read_groups(const Reader& read, const std::string& path, RunResults& r) {
  if (!read.exists("/groups")) {
    const auto moved = read.numbers<double>("/measures/moved_share", {r.measures.size()}, H5::PredType::NATIVE_DOUBLE);
    for (std::size_t m = 0; m < r.measures.size(); ++m) {
      const MeasureRecord& measure = r.measures[m];
      if (!r.groups.empty() && r.groups.back().id == measure.group) continue;
      r.groups.push_back({measure.group, measure.group, measure.group_cells > 2, {}, moved[m]});
    }
    return;
  }
  const hsize_t g = read.length("/groups/id");
  const auto ids = read.strings("/groups/id", g), labels = read.strings("/groups/label", g);
  const auto is_overlap = read.numbers<std::int32_t>("/groups/is_overlap", {g}, H5::PredType::NATIVE_INT32);
  const auto conditions = read.numbers<std::int32_t>("/groups/conditions", {g}, H5::PredType::NATIVE_INT32);
  const auto moved = read.numbers<double>("/groups/moved_share", {g}, H5::PredType::NATIVE_DOUBLE);
  hsize_t n_labels = 0;
  for (std::int32_t k : conditions) {
    if (k < 0 || k > 6)
      fail(path, "/groups/conditions", fmt::format("{} is not a number of conditions from 0 to 6", k));
    n_labels += static_cast<hsize_t>(k);
  }
  const auto condition_labels = read.strings("/groups/condition_labels", n_labels);
  for (hsize_t i = 0, next = 0; i < g; ++i) {
    GroupRecord group{ids[i], labels[i], is_overlap[i] != 0, {}, moved[i]};
    for (std::int32_t k = 0; k < conditions[i]; ++k) group.condition_labels.push_back(condition_labels[next++]);
    r.groups.push_back(std::move(group));
  }
  for (const MeasureRecord& measure : r.measures)
    if (std::none_of(r.groups.begin(), r.groups.end(),
                     [&](const GroupRecord& group) { return group.id == measure.group; }))
      fail(path, "/measures/group",
           fmt::format("\"{}\" of measure {} is not in /groups/id", measure.group, measure.id));
}

// The summaries at every level and the parameter draws; the kept draws'
// shape, when kept.
void read_figures(const Reader& read, const std::string& path, RunResults& r) {
  const hsize_t a = r.areas.size(), m = r.measures.size();
  const hsize_t l = read.length("/summaries/levels");
  r.levels = read.numbers<double>("/summaries/levels", {l}, H5::PredType::NATIVE_DOUBLE);
  for (double level : r.levels)
    if (!(level > 0.0 && level < 1.0))
      fail(path, "/summaries/levels", fmt::format("{} is not a coverage between 0 and 1", level));
  r.denominator = read.numbers<double>("/summaries/denominator", {a, m}, H5::PredType::NATIVE_DOUBLE);
  r.mean = read.numbers<double>("/summaries/mean", {a, m}, H5::PredType::NATIVE_DOUBLE);
  r.median = read.numbers<double>("/summaries/median", {a, m}, H5::PredType::NATIVE_DOUBLE);
  r.mcse = read.numbers<double>("/summaries/mcse", {a, m}, H5::PredType::NATIVE_DOUBLE);
  r.lower = read.numbers<double>("/summaries/lower", {a, m, l}, H5::PredType::NATIVE_DOUBLE);
  r.upper = read.numbers<double>("/summaries/upper", {a, m, l}, H5::PredType::NATIVE_DOUBLE);
  // How much of each interval is assumption, since engine 0.4, when the run assumed any.
  if (read.exists("/summaries/assumed_share"))
    r.assumed_share = read.numbers<double>("/summaries/assumed_share", {a, m}, H5::PredType::NATIVE_DOUBLE);
  // Complete counts known for their rows, since engine 0.4, when there are any.
  if (read.exists("/summaries/known"))
    r.known = read.numbers<std::uint8_t>("/summaries/known", {a, m}, H5::PredType::NATIVE_UINT8);
  // The quantiles' Monte Carlo errors since engine 0.4.
  if (read.exists("/summaries/median_mcse")) {
    r.median_mcse = read.numbers<double>("/summaries/median_mcse", {a, m}, H5::PredType::NATIVE_DOUBLE);
    r.lower_mcse = read.numbers<double>("/summaries/lower_mcse", {a, m, l}, H5::PredType::NATIVE_DOUBLE);
    r.upper_mcse = read.numbers<double>("/summaries/upper_mcse", {a, m, l}, H5::PredType::NATIVE_DOUBLE);
  }
  // Reconciled figures since engine 0.3, only when there are any.
  if (read.exists("/summaries/published")) {
    r.published = read.numbers<double>("/summaries/published", {a, m}, H5::PredType::NATIVE_DOUBLE);
    r.fitted = read.numbers<double>("/summaries/fitted", {a, m}, H5::PredType::NATIVE_DOUBLE);
  }
  r.shares = read.numbers<double>("/parameters/share", {static_cast<hsize_t>(r.draws), m}, H5::PredType::NATIVE_DOUBLE);
  if (r.draws_kept)
    read.expect_shape("/draws/values", read.dataset("/draws/values"), {a, m, static_cast<hsize_t>(r.draws)});
}

// The figures against the digest the run recorded of them (files written
// before the digest existed have none to check).
void check_figures(const Reader& read, const std::string& path, const RunResults& r) {
  if (!read.has_attribute("figures_sha256")) return;
  if (read.text_attribute("figures_sha256") != r.figures_sha256())
    fail(path, "attribute figures_sha256",
         "the figures do not match the digest the run recorded: the file was changed after the run wrote it");
}

}  // namespace

RunResults read_results_file(const std::string& path, Seal seal) {
  RunResults r;
  r.path = path;
  try {
    const H5::H5File file = open_file(path, seal);
    const Reader read(path, file);
    read_record(read, path, r);
    read_inputs(read, r);
    read_areas(read, r);
    read_measures(read, path, r);
    read_groups(read, path, r);
    read_figures(read, path, r);
    check_figures(read, path, r);
  } catch (const H5::Exception& e) {
    // A damaged file can leave the library unable to close it at exit.
    note_unclosable_hdf5_file();
    fail(path, "", fmt::format("cannot read the results file: {}", hdf5_failure_line(e)));
  }
  return r;
}

struct KeptDrawsReader::Open {
  H5::H5File file;
  H5::DataSet values;
};

KeptDrawsReader::KeptDrawsReader(const RunResults& results)
    : path_(results.path), measures_(results.n_measures()), draws_(static_cast<std::size_t>(results.draws)) {
  if (!results.draws_kept)
    fail(path_, "", "has no kept draws (run with --keep-draws to keep them)");
  try {
    // read_results_file checked the seal of the file `results` came from.
    H5::H5File file = open_file(path_, Seal::checked_already);
    H5::DataSet values = file.openDataSet("/draws/values");
    open_ = std::make_unique<Open>(Open{std::move(file), std::move(values)});
  } catch (const H5::Exception& e) {
    // A damaged file can leave the library unable to close it at exit.
    note_unclosable_hdf5_file();
    fail(path_, "/draws/values", fmt::format("cannot read: {}", hdf5_failure_line(e)));
  }
}

KeptDrawsReader::~KeptDrawsReader() = default;

std::vector<double> KeptDrawsReader::area(std::size_t area) const {
  std::vector<double> values(measures_ * draws_);
  try {
    H5::DataSpace where = open_->values.getSpace();
    const hsize_t start[3] = {area, 0, 0}, count[3] = {1, measures_, draws_};
    where.selectHyperslab(H5S_SELECT_SET, count, start);
    const hsize_t n = values.size();
    open_->values.read(values.data(), H5::PredType::NATIVE_DOUBLE, H5::DataSpace(1, &n), where);
  } catch (const H5::Exception& e) {
    // A damaged file can leave the library unable to close it at exit.
    note_unclosable_hdf5_file();
    fail(path_, "/draws/values", fmt::format("cannot read area {}: {}", area + 1, hdf5_failure_line(e)));
  }
  return values;
}

}  // namespace prevalence::results
