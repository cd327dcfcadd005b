#pragma once
// The memory a new run can use on this machine: what the kernel says is
// available without swapping (MemAvailable), or nothing known.

#include <cstdint>
#include <optional>

namespace prevalence::cli {

/// Bytes available to a new process, or nullopt when the system does not say.
std::optional<std::uint64_t> available_memory();

}  // namespace prevalence::cli
