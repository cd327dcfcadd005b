#include "models/overlap/central_table.hpp"

#include "models/overlap/max_entropy.hpp"

namespace prevalence::models {

std::optional<std::vector<double>> central_table(int n_conditions, std::span<const FigureBand> figures) {
  std::vector<CellSet> sets;
  std::vector<double> lower, upper;
  for (const FigureBand& figure : figures) {
    sets.push_back(figure.cells);
    lower.push_back(figure.lower);
    upper.push_back(figure.upper);
  }
  MaxEntropySolver solver(n_conditions, sets);
  std::vector<double> log_base(cell_count(n_conditions), 0.0), cells(cell_count(n_conditions));
  if (!solver.fit(lower, upper, log_base, cells).converged) return std::nullopt;
  return cells;
}

}  // namespace prevalence::models
