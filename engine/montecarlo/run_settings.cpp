#include "engine/montecarlo/run_settings.hpp"

#include "engine/summary/summary.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace prevalence::montecarlo {

std::optional<Mode> parse_mode(const std::string& text) {
  if (text == "expected") return Mode::expected;
  if (text == "realised" || text == "realized") return Mode::realised;
  return std::nullopt;
}

const char* to_string(Mode mode) noexcept { return mode == Mode::realised ? "realised" : "expected"; }

std::optional<Headline> parse_headline(const std::string& text) {
  if (text == "median") return Headline::median;
  if (text == "mean") return Headline::mean;
  return std::nullopt;
}

const char* to_string(Headline headline) noexcept { return headline == Headline::mean ? "mean" : "median"; }

std::optional<std::string> interval_level_problem(double level, std::span<const double> earlier) {
  if (!(level > 0.0 && level < 1.0)) return fmt::format("{} must be between 0 and 1 (0.95 for 95 %)", level);
  if (std::find(earlier.begin(), earlier.end(), level) != earlier.end())
    return fmt::format("{} is listed twice", level);
  if (earlier.size() >= summary::kMaxIntervals)
    return fmt::format("at most {} interval levels at once", summary::kMaxIntervals);
  return std::nullopt;
}

}  // namespace prevalence::montecarlo
