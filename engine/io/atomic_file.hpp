#pragma once
// Output files appear whole or not at all: each is written under a temporary
// name in the destination directory and renamed into place only when every
// file of the run has been written. A failed run leaves earlier results as
// they were. While one run holds a directory, another that wants it is
// refused at once, so two runs never mix their files.

#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace prevalence::io {

class AtomicOutputDirectory {
 public:
  /// Creates `directory` if needed, proves it writable, and holds it (an
  /// exclusive advisory lock on the directory, released when this object
  /// goes), so a long run fails before it starts rather than after.
  /// @throw InputError naming the directory when it cannot be created or
  ///        written, or another process holds it
  explicit AtomicOutputDirectory(std::string directory);
  ~AtomicOutputDirectory();  // removes temporary files of an uncommitted run

  AtomicOutputDirectory(const AtomicOutputDirectory&) = delete;
  AtomicOutputDirectory& operator=(const AtomicOutputDirectory&) = delete;

  /// A stream writing the temporary file that will become `directory/name`.
  std::ostream& open(const std::string& name);

  /// The temporary path that will become `directory/name`, for a writer that
  /// opens files itself (the HDF5 library); it must have closed the file
  /// before commit().
  std::string reserve(const std::string& name);

  /// Closes every file and renames each into place.
  /// @throw InputError if any write failed (disk full, say); then nothing is renamed
  void commit();

  const std::string& directory() const noexcept { return directory_; }
  /// Final path of `name`.
  std::string path(const std::string& name) const;

 private:
  struct Pending {
    std::string final_path;
    std::string temporary_path;
    std::ofstream stream;
    bool external = false;  ///< reserved: written by someone else
  };
  std::string directory_;
  int lock_ = -1;  ///< the directory, open and locked
  std::vector<std::unique_ptr<Pending>> pending_;
  bool committed_ = false;
};

}  // namespace prevalence::io
