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
  std::vector<models::PublishedFigure> figures;
  for (const OverlapFigureSpec& figure : overlap.figures) figures.push_back(figure.figure);
  return central_bands(overlap, figures);
}

std::vector<models::FigureBand> central_bands(const OverlapSpec& overlap,
                                              const std::vector<models::PublishedFigure>& figures) {
  std::vector<models::FigureBand> bands;
  for (std::size_t i = 0; i < overlap.figures.size(); ++i) {
    const OverlapFigureSpec& figure = overlap.figures[i];
    const double value = published_value(figures[i]);
    bands.push_back({figure.name, figure.cells, std::max(0.0, value - half_band(figure)),
                     std::min(1.0, value + half_band(figure))});
  }
  return bands;
}

}  // namespace prevalence::scenario
