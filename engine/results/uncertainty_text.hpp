#pragma once
// How each output's figures were formed, in words for tables and footnotes,
// so a reader can tell a published interval from an assumed one and a
// published figure from a derived one.

#include "engine/scenario/scenario.hpp"
#include "models/rate/rate_distribution.hpp"

#include <optional>
#include <string>

namespace prevalence::results {

/// "published 95% interval 6.5 to 8.1%", "1,288 of 169,422, Jeffreys Beta",
/// "assumed as precise as a sample of 2,000 (<why>)", "point value, no
/// uncertainty stated".
std::string describe_uncertainty(const models::PublishedFigure& figure);

/// The same for a figure that may vary by area: "each area's own count x of
/// n (from area_figures cin), Jeffreys Beta; independent between areas".
std::string describe_uncertainty(const models::PublishedFigure& figure,
                                 const std::optional<scenario::PerAreaFigure>& per_area);

/// The same for one of an overlap's published figures, with its rounding.
std::string describe_uncertainty(const scenario::OverlapFigureSpec& figure);

/// The source of an overlap's figures that nobody published: the survey's,
/// or how the joint table was derived from the published figures.
std::string derived_source(const scenario::OverlapSpec& overlap);

/// "assumed odds ratio 2.5 between domestic abuse and parental mental ill-health,
/// 95% interval 1.8 to 3.4 (why); source".
std::string describe_odds_ratio(const scenario::OverlapSpec& overlap, const scenario::OddsRatioSpec& ratio);

/// How the uncertainty of an overlap's derived figures was formed.
std::string derived_uncertainty(const scenario::OverlapSpec& overlap);

}  // namespace prevalence::results
