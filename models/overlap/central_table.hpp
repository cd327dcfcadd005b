#pragma once
// The joint table a coherent set of published figures implies, for an
// analyst to see (prevalence check): the maximum-entropy table that honours
// every figure, before any odds ratio is applied.

#include "models/overlap/coherence.hpp"

#include <optional>
#include <span>
#include <vector>

namespace prevalence::models {

/// The maximum-entropy table over `n_conditions` conditions with every
/// figure inside its band: 2^K cells summing to 1, indexed as cell_set.hpp
/// says. nullopt when no table with every cell above zero fits (the figures
/// are possible only with some combination at exactly 0 %).
std::optional<std::vector<double>> central_table(int n_conditions, std::span<const FigureBand> figures);

}  // namespace prevalence::models
