#include "engine/cli/available_memory.hpp"

#include <unistd.h>

#include <fstream>
#include <string>

namespace prevalence::cli {

std::optional<std::uint64_t> available_memory() {
  // Linux: "MemAvailable:  23456789 kB", the kernel's estimate of what can
  // be allocated without swapping, counting reclaimable caches.
  std::ifstream meminfo("/proc/meminfo");
  std::string key, unit;
  std::uint64_t kilobytes = 0;
  while (meminfo >> key >> kilobytes >> unit)
    if (key == "MemAvailable:") return kilobytes * 1024;
  const long pages = ::sysconf(_SC_AVPHYS_PAGES), page_size = ::sysconf(_SC_PAGESIZE);
  if (pages > 0 && page_size > 0) return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
  return std::nullopt;
}

}  // namespace prevalence::cli
