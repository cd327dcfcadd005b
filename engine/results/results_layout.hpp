#pragma once
// Names the results file's writer and reader agree on (docs/results-format.md).

namespace prevalence::results {

inline constexpr const char* kResultsFile = "results.h5";
inline constexpr const char* kResultsFormat = "prevalence-results";
/// Later versions only add objects, so a reader accepts this version and above.
inline constexpr int kResultsFormatVersion = 1;

}  // namespace prevalence::results
