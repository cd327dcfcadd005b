#include "engine/publish/table_options.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace prevalence::publish {

FigureDisplay parse_figure_display(std::string_view text) {
  if (text == "counts") return FigureDisplay::counts;
  if (text == "percentages") return FigureDisplay::percentages;
  if (text == "both") return FigureDisplay::both;
  throw std::invalid_argument(fmt::format("\"{}\": expected counts, percentages or both", text));
}

}  // namespace prevalence::publish
