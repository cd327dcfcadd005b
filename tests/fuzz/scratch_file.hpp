#pragma once
// The readers read paths, not bytes: each fuzz input is written to one file
// of this process's own, rewritten for every input.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace prevalence::fuzz {

/// Writes `data` to this process's scratch file named `name` (in the system
/// temporary folder) and returns its path.
inline std::string scratch_file(const std::string& name, const std::uint8_t* data, std::size_t size) {
  // Removed (with its files) when the process ends normally.
  struct Folder {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("prevalence-fuzz-" + std::to_string(::getpid()));
    Folder() { std::filesystem::create_directories(path); }
    ~Folder() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  };
  static const Folder folder;
  const std::string path = (folder.path / name).string();
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data),
                                                                static_cast<std::streamsize>(size));
  return path;
}

}  // namespace prevalence::fuzz
