#pragma once
// A results file's seal: the SHA-256 of its HDF5 bytes, written in the
// file's first 512 bytes (the HDF5 user block, which HDF5 readers such as
// h5py skip). The reader checks it before the HDF5 library sees the file:
// a damaged or truncated file is refused in one line instead of reaching the
// library's parser, which a corrupt file can crash (docs/fuzzing.md).

#include <cstddef>
#include <string>

namespace prevalence::results {

/// The user block's size: the smallest HDF5 allows.
inline constexpr std::size_t kSealBytes = 512;

/// Writes the seal of the closed HDF5 file `path` (created with a user block
/// of kSealBytes).
/// @throw InputError naming `shown_as` when the file cannot be read or written
void seal_results_file(const std::string& path, const std::string& shown_as);

/// Checks the seal of `path`.
/// @throw InputError naming the file when it has no seal (not written by this
///        engine, or by a version before seals) or its bytes do not match it
void check_results_seal(const std::string& path);

}  // namespace prevalence::results
