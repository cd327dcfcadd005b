#pragma once
// Checking that text is UTF-8 before it reaches a file that promises UTF-8
// (results.h5 stores names as UTF-8, and h5py and R decode them so).

#include <cstddef>
#include <optional>
#include <string_view>

namespace prevalence::text {

/// The offset of the first byte that does not begin or continue a valid
/// UTF-8 sequence (overlong forms, surrogates and code points past U+10FFFF
/// are invalid), or nullopt when all of `text` is valid UTF-8.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

/// Display width in code points, so that columns of names with "é" or "–"
/// still line up in a terminal.
std::size_t display_width(std::string_view text);

}  // namespace prevalence::text
