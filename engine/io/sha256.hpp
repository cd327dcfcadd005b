#pragma once
// SHA-256: of a file, as a results file records every input it read (anyone
// can check with sha256sum that they hold the same inputs before rerunning);
// and of bytes in memory, as a results file seals its own figures.

#include <cstddef>
#include <memory>
#include <span>
#include <string>

namespace prevalence::io {

/// Lower-case hex SHA-256 of the file's bytes.
/// @throw InputError naming the file when it cannot be read
std::string file_sha256(const std::string& path);

/// SHA-256 of bytes given piece by piece.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void add(std::span<const std::byte> bytes);
  /// The lower-case hex digest of everything added; ends the hash.
  std::string hex();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace prevalence::io
