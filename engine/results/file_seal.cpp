#include "engine/results/file_seal.hpp"

#include "engine/error/input_error.hpp"
#include "engine/io/sha256.hpp"

#include <fmt/format.h>

#include <array>
#include <cstring>
#include <fstream>
#include <vector>

namespace prevalence::results {
namespace {

constexpr const char* kSealLine = "prevalence-results seal\nsha256 ";
constexpr std::size_t kHexDigits = 64;

[[noreturn]] void fail(const std::string& path, const std::string& problem) {
  throw error::InputError({path, 0, 0}, problem);
}

// SHA-256 of everything after the user block.
std::string hdf5_bytes_sha256(std::istream& in) {
  io::Sha256 hash;
  std::vector<char> buffer(std::size_t{1} << 20);
  in.seekg(static_cast<std::streamoff>(kSealBytes));
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    hash.add(std::as_bytes(std::span(buffer.data(), static_cast<std::size_t>(in.gcount()))));
  }
  return hash.hex();
}

}  // namespace

void seal_results_file(const std::string& path, const std::string& shown_as) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  if (!file) fail(shown_as, "cannot reopen the results file to seal it");
  const std::string digest = hdf5_bytes_sha256(file);
  std::array<char, kSealBytes> block{};
  const std::string seal = fmt::format("{}{}\n", kSealLine, digest);
  std::memcpy(block.data(), seal.data(), seal.size());
  file.clear();
  file.seekp(0);
  file.write(block.data(), block.size());
  file.close();
  if (!file) fail(shown_as, "writing the results file's seal failed");
}

void check_results_seal(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::array<char, kSealBytes> block{};
  file.read(block.data(), block.size());
  const std::size_t line = std::strlen(kSealLine);
  if (!file || std::memcmp(block.data(), kSealLine, line) != 0)
    fail(path, "not a sealed prevalence results file (a results file is DIR/results.h5 of a run; one written "
               "before version 0.2 has no seal: rerun its scenario)");
  const std::string recorded(block.data() + line, kHexDigits);
  if (hdf5_bytes_sha256(file) != recorded)
    fail(path, "the file is damaged or was changed after the run wrote it: its bytes do not match the SHA-256 "
               "sealed in it");
}

}  // namespace prevalence::results
