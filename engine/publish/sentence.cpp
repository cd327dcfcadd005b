#include "engine/publish/sentence.hpp"

#include "engine/text/number_format.hpp"
#include "engine/text/parse_number.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace prevalence::publish {
namespace {

constexpr const char* kOpening = "Given the characteristics of the local population, we would expect";

std::optional<int> read_age(std::string_view text) {
  const std::optional<int> value = text::parse_number<int>(text);
  if (!value || *value < 0) return std::nullopt;
  return value;
}

// Lower and upper age of "a-b", "a+" or "a"; nullopt when unreadable.
std::optional<std::pair<int, int>> age_range(std::string_view ages) {
  if (!ages.empty() && ages.back() == '+') {
    const auto lower = read_age(ages.substr(0, ages.size() - 1));
    if (!lower) return std::nullopt;
    return std::pair{*lower, std::numeric_limits<int>::max()};
  }
  const std::size_t dash = ages.find('-');
  if (dash == std::string_view::npos) {
    const auto age = read_age(ages);
    if (!age) return std::nullopt;
    return std::pair{*age, *age};
  }
  const auto lower = read_age(ages.substr(0, dash));
  const auto upper = read_age(ages.substr(dash + 1));
  if (!lower || !upper || *upper < *lower) return std::nullopt;
  return std::pair{*lower, *upper};
}

// "children aged 0-17 in Leeds"
std::string who_where(const results::AreaRecord& area, const results::MeasureRecord& measure) {
  const std::string noun = people_noun(measure.ages, measure.sex);
  const std::string& place = area.name.empty() ? area.code : area.name;
  if (measure.ages.empty()) return fmt::format("{} in {}", noun, place);
  return fmt::format("{} aged {} in {}", noun, measure.ages, place);
}

std::string what(const results::MeasureRecord& measure) {
  return measure.phrase.empty() ? fmt::format("in the group \"{}\"", measure.label) : measure.phrase;
}

std::string intervals(const PublishedFigure& figure, std::span<const double> levels, bool as_percent) {
  std::vector<std::string> parts;
  for (std::size_t l = 0; l < levels.size(); ++l) {
    if (as_percent)
      parts.push_back(fmt::format("{} % interval {} % to {} %", level_text(levels[l]),
                                  percent_text(figure.percent_lower[l]), percent_text(figure.percent_upper[l])));
    else
      parts.push_back(fmt::format("{} % interval {} to {}", level_text(levels[l]), count_text(figure.lower[l]),
                                  count_text(figure.upper[l])));
  }
  return fmt::format("{}", fmt::join(parts, "; "));
}

}  // namespace

std::string people_noun(std::string_view ages, std::string_view sex) {
  const auto range = age_range(ages);
  const bool young = range && range->second <= 17;
  const bool adult = range && range->first >= 18;
  if (sex == "female") return young ? "girls" : adult ? "women" : "girls and women";
  if (sex == "male") return young ? "boys" : adult ? "men" : "boys and men";
  return young ? "children" : "people";
}

std::string level_text(double level) { return text::format_figure(level * 100.0); }

std::string figure_sentence(const results::AreaRecord& area, const results::MeasureRecord& measure, double denominator,
                            const PublishedFigure& figure, std::span<const double> levels,
                            const TableOptions& options) {
  const std::string who = who_where(area, measure);
  const std::string phrase = what(measure);
  const ShownValue& count = figure.count;
  if (count.is(Symbol::not_available))
    return fmt::format("The number of {} {} is not available ([x]).", who, phrase);
  if (count.is(Symbol::confidential))
    return fmt::format("The number of {} {} is not shown: it is {} (disclosure control: {}).", who, phrase,
                       suppressed_phrase(options.policy), options.policy.name);
  if (count.is(Symbol::rounds_to_zero) || (options.show == FigureDisplay::percentages &&
                                           figure.percent.is(Symbol::rounds_to_zero)))
    return fmt::format("{} almost no {} to be {}: the estimate rounds to zero but is not zero ([k]).", kOpening,
                       who, phrase);
  if (count.is_number() && count.value == 0.0)
    return fmt::format("{} no {} to be {}.", kOpening, who, phrase);
  if (options.show == FigureDisplay::percentages && std::isnan(denominator))
    return fmt::format("The share of {} {} is not available ([x]).", who, phrase);
  if (options.show == FigureDisplay::percentages && denominator == 0.0)
    return fmt::format("There are no {} in the population figures, so there is no share to give ([z]).", who);

  if (figure.known && count.is_number())
    return fmt::format("The number of {} {} was counted: {} (a complete count, not an estimate).", who, phrase,
                       count_text(count));

  const bool as_percent = options.show == FigureDisplay::percentages;
  std::vector<std::string> parenthesis;
  if (options.show == FigureDisplay::both && figure.percent.is_number())
    parenthesis.push_back(fmt::format("{} % of them", percent_text(figure.percent)));
  if (figure.interval_stated && !levels.empty()) parenthesis.push_back(intervals(figure, levels, as_percent));
  const std::string aside = parenthesis.empty() ? "" : fmt::format(" ({})", fmt::join(parenthesis, "; "));
  const std::string subject = as_percent ? fmt::format("{} % of {}", percent_text(figure.percent), who)
                                         : fmt::format("{} {}", count_text(count), who);
  std::string sentence = fmt::format("{} about {}{} to be {}.", kOpening, subject, aside, phrase);
  if (figure.unreliable)
    sentence += fmt::format(" This figure is of low reliability ([u]): its coefficient of variation is above {} %{}.",
                            text::format_figure(options.max_cv * 100.0),
                            figure.mostly_assumed ? ", mostly from an assumed precision rather than its sources" : "");
  return sentence;
}

std::string limitations_note(std::string_view mode, bool has_counts) {
  return fmt::format(
      "These are synthetic estimates: published national or regional rates applied to local population counts. "
      "They assume that the local population resembles the one the rates were measured in. The intervals reflect "
      "the stated uncertainty of the rates{}, not every source of error. They are not counts of known children{}.",
      mode == "realised" ? " and the chance variation of a finite population" : "",
      has_counts ? ", except the figures marked \"count, not an estimate\": those are an area's own complete count"
                 : "");
}

}  // namespace prevalence::publish
