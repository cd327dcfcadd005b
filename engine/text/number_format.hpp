#pragma once
// Numbers as people read them in tables: counts with thousands separators,
// percentages to a fixed number of decimals. Machine-readable outputs (CSV)
// use full precision instead, never these.

#include <string>

namespace prevalence::text {

/// A count rounded to the nearest integer, with commas: 33580.4 -> "33,580".
std::string format_count(double count);

/// A percentage with `decimals` decimals: (19.9674, 1) -> "19.97" for 2.
std::string format_percent(double percent, int decimals);

/// The shortest text that reads back as the same double: for CSV and HDF5.
std::string format_exact(double value);

/// A figure as a person wrote it: up to 6 significant digits, no exponent
/// for ordinary magnitudes ("7.3", "169422", "0.0125").
std::string format_figure(double value);

}  // namespace prevalence::text

namespace prevalence::text {

/// A percentage for a published table: one decimal from 1 % up ("19.8"),
/// two below ("0.76"), so small shares keep two significant digits.
std::string format_share(double percent);

}  // namespace prevalence::text
