#pragma once
// Writing one CSV field (RFC 4180): quoted only when it must be, so that
// names such as "Bristol, City of" survive a round trip through any reader.

#include <string>
#include <string_view>

namespace prevalence::text {

/// `text` as a CSV field: unchanged, or in double quotes with inner quotes
/// doubled when it holds a comma, a quote or a line break.
std::string csv_field(std::string_view text);

}  // namespace prevalence::text
