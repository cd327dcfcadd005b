#include "engine/shard/shard_estimates.hpp"

#include "engine/error/input_error.hpp"
#include "engine/io/csv_error.hpp"
#include "engine/output/number_format.hpp"
#include "engine/output/run_record.hpp"

#include <fmt/format.h>
#include <libfccp/csv.h>

#include <charconv>
#include <optional>

namespace prevalence::engine {
namespace {

// What the plan says each row of an area holds, in output order.
struct ExpectedOutput {
  std::size_t group = 0;
  std::string id;
};

// Parses the whole field as a double, exactly (std::from_chars rounds
// correctly, so format_exact's text gives back the same bits).
std::optional<double> parse_double(const std::string& text) {
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::vector<double> read_shard_estimates(const std::string& csv_path, const Plan& plan, AreaRange areas,
                                         const RunSettings& settings, std::span<Summary> summaries) {
  std::vector<ExpectedOutput> outputs;
  for_each_output(plan, [&](std::size_t g, const PlannedGroup&, const PlannedOutput& output, std::size_t) {
    outputs.push_back({g, output.id});
  });
  const std::size_t expected_rows = areas.size() * outputs.size();
  std::vector<std::optional<double>> moved(plan.groups.size());
  std::size_t row = 0;
  std::uint32_t line = 1;

  try {
    // Fields are read as text, untrimmed, and parsed here: exactly, and with
    // messages that say which column is wrong.
    io::CSVReader<12, io::trim_chars<>, io::double_quote_escape<',', '"'>> csv(csv_path);
    try {
      csv.read_header(io::ignore_extra_column, "area_code", "measure", "denominator", "mean", "median", "lower",
                      "upper", "interval", "mcse", "mode", "draws", "moved_draws");
    } catch (const io::error::base& e) {
      throw_csv_error(e, csv_path, csv.get_file_line());
    }
    std::string code, measure, denominator, mean, median, lower, upper, interval, mcse, mode, draws, moved_draws;
    while (csv.read_row(code, measure, denominator, mean, median, lower, upper, interval, mcse, mode, draws,
                        moved_draws)) {
      line = csv.get_file_line();
      const SourcePosition here{csv_path, line, 0};
      if (row == expected_rows)
        throw InputError(here, fmt::format("one row too many: the shard's {} area(s) x {} output(s) make {} rows",
                                           areas.size(), outputs.size(), expected_rows));
      const std::size_t area = areas.first + row / outputs.size();
      const std::size_t o = row % outputs.size();
      const ExpectedOutput& expected = outputs[o];
      const PlannedArea& planned = plan.areas[area];
      if (code != planned.code)
        throw InputError(here, fmt::format("area_code \"{}\": expected {}, area {} of the run in the scenario's order",
                                           code, planned.code, area + 1));
      if (measure != expected.id)
        throw InputError(here, fmt::format("measure \"{}\": expected {}, the scenario's output {} of {}", measure,
                                           expected.id, o + 1, outputs.size()));

      const auto number = [&](const char* column, const std::string& text) {
        const auto value = parse_double(text);
        if (!value) throw InputError(here, fmt::format("{} \"{}\" is not a number", column, text));
        return *value;
      };
      const double read_denominator = number("denominator", denominator);
      if (read_denominator != planned.denominators[expected.group])
        throw InputError(here, fmt::format("denominator {} is not the population file's {} for {} in {}",
                                           denominator, format_exact(planned.denominators[expected.group]),
                                           expected.id, planned.code));
      if (number("interval", interval) != settings.headline_interval())
        throw InputError(here, fmt::format("interval {} is not the shard record's {}", interval,
                                           format_exact(settings.headline_interval())));
      if (mode != to_string(settings.mode))
        throw InputError(here, fmt::format("mode \"{}\" is not the shard record's {}", mode, to_string(settings.mode)));
      if (draws != fmt::format("{}", settings.draws))
        throw InputError(here, fmt::format("draws \"{}\" is not the shard record's {}", draws, settings.draws));
      const double share = number("moved_draws", moved_draws);
      std::optional<double>& group_moved = moved[expected.group];
      if (group_moved && *group_moved != share)
        throw InputError(here, fmt::format("moved_draws {} differs from {} on an earlier row of the same group: "
                                           "a group's draws are shared by every area",
                                           moved_draws, format_exact(*group_moved)));
      group_moved = share;

      summaries[row] = Summary{number("mean", mean), number("median", median), number("lower", lower),
                               number("upper", upper), number("mcse", mcse)};
      ++row;
    }
  } catch (const io::error::base& e) {
    throw_csv_error(e, csv_path);
  }
  if (row < expected_rows)
    throw InputError({csv_path, line, 0},
                     fmt::format("the file ends after {} row(s): the shard's {} area(s) x {} output(s) make {}", row,
                                 areas.size(), outputs.size(), expected_rows));

  std::vector<double> shares;
  for (const auto& share : moved) shares.push_back(share.value_or(0.0));
  return shares;
}

}  // namespace prevalence::engine
