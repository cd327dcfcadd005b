#pragma once
// How a published figure's uncertainty was formed, in one line for tables and
// footnotes, so a reader can tell a published interval from an assumed one.

#include "models/rate/rate_distribution.hpp"

#include <string>

namespace prevalence::engine {

/// "published 95% interval 6.5 to 8.1%", "1,288 of 169,422 (Jeffreys Beta)",
/// "assumed as precise as a sample of 2,000: <why>", "point value, no
/// uncertainty stated".
std::string describe_uncertainty(const models::PublishedFigure& figure);

}  // namespace prevalence::engine
