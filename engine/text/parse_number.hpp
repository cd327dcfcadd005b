#pragma once
// Reading a number that must fill the whole text: a CSV field, a command
// line value, one part of "K/N" or "custom:10:5". The one place the project
// calls std::from_chars, so every reader accepts and refuses the same texts.

#include <charconv>
#include <optional>
#include <string_view>
#include <system_error>

namespace prevalence::text {

/// `text` as a T when the whole text is one number in T's range, written as
/// std::from_chars reads it ("12", "-3", "0.95", "1e-3"; no leading '+' or
/// spaces, no trailing characters); nullopt otherwise. Floating-point text is
/// read exactly (correctly rounded), so shortest round-trip text comes back
/// to the same double.
template <typename T>
std::optional<T> parse_number(std::string_view text) {
  T value{};
  const char* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || ptr != end) return std::nullopt;
  return value;
}

}  // namespace prevalence::text
