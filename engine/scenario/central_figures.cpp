#include "engine/scenario/central_figures.hpp"

#include <algorithm>

namespace prevalence::scenario {

double published_value(const models::PublishedFigure& figure) {
  if (figure.count_of) return figure.count_of->count / figure.count_of->of;
  return *figure.value / models::unit_scale(figure.unit);
}

double half_band(const OverlapFigureSpec& figure) {
  return figure.rounding / 2.0 / models::unit_scale(figure.figure.unit);
}

std::vector<models::FigureBand> central_bands(const OverlapSpec& overlap) {
  std::vector<models::FigureBand> bands;
  for (const OverlapFigureSpec& figure : overlap.figures) {
    const double value = published_value(figure.figure);
    bands.push_back({figure.name, figure.cells, std::max(0.0, value - half_band(figure)),
                     std::min(1.0, value + half_band(figure))});
  }
  return bands;
}

}  // namespace prevalence::scenario
