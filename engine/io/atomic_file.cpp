#include "engine/io/atomic_file.hpp"

#include "engine/error/input_error.hpp"

#include <fmt/format.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace prevalence::io {
namespace {

std::string temporary_name(const std::string& name) {
  // The process id keeps two runs writing into one directory apart.
  return fmt::format(".{}.tmp-{}", name, static_cast<long>(::getpid()));
}

// Where an earlier result waits while the new one moves in, until all have.
std::string previous_name(const std::string& name) {
  return fmt::format(".{}.previous-{}", name, static_cast<long>(::getpid()));
}

}  // namespace

AtomicOutputDirectory::AtomicOutputDirectory(std::string directory)
    : directory_(std::move(directory)) {
  std::error_code error;
  std::filesystem::create_directories(directory_, error);
  if (error)
    throw error::InputError({directory_, 0, 0}, fmt::format("cannot create the output directory: {}", error.message()));
  if (!std::filesystem::is_directory(directory_))
    throw error::InputError({directory_, 0, 0}, "the output path exists but is not a directory");
  const std::string probe = path(temporary_name("write-test"));
  std::FILE* file = std::fopen(probe.c_str(), "wb");
  if (!file)
    throw error::InputError({directory_, 0, 0},
                            fmt::format("cannot write to the output directory: {}", std::strerror(errno)));
  std::fclose(file);
  std::remove(probe.c_str());
  // flock on the directory itself: nothing to leave behind, and the kernel
  // releases it if the process dies.
  lock_ = ::open(directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock_ < 0)
    throw error::InputError({directory_, 0, 0},
                            fmt::format("cannot open the output directory: {}", std::strerror(errno)));
  if (::flock(lock_, LOCK_EX | LOCK_NB) != 0) {
    const int failure = errno;
    ::close(lock_);
    throw error::InputError({directory_, 0, 0},
                            failure == EWOULDBLOCK
                                ? "another prevalence run is writing to this directory: wait for it to finish, or "
                                  "give this run another --out"
                                : fmt::format("cannot lock the output directory: {}", std::strerror(failure)));
  }
}

AtomicOutputDirectory::~AtomicOutputDirectory() {
  if (!committed_)
    for (auto& file : pending_) {
      if (!file->external) file->stream.close();
      std::remove(file->temporary_path.c_str());
    }
  ::close(lock_);  // releases the lock
}

std::string AtomicOutputDirectory::path(const std::string& name) const {
  return (std::filesystem::path(directory_) / name).string();
}

std::ostream& AtomicOutputDirectory::open(const std::string& name) {
  auto file = std::make_unique<Pending>();
  file->final_path = path(name);
  file->temporary_path = path(temporary_name(name));
  file->stream.open(file->temporary_path, std::ios::binary | std::ios::trunc);
  if (!file->stream)
    throw error::InputError({file->temporary_path, 0, 0},
                            fmt::format("cannot create the file: {}", std::strerror(errno)));
  pending_.push_back(std::move(file));
  return pending_.back()->stream;
}

std::string AtomicOutputDirectory::reserve(const std::string& name) {
  auto file = std::make_unique<Pending>();
  file->final_path = path(name);
  file->temporary_path = path(temporary_name(name));
  file->external = true;
  pending_.push_back(std::move(file));
  return pending_.back()->temporary_path;
}

void AtomicOutputDirectory::commit() {
  for (auto& file : pending_) {
    if (file->external) {
      if (!std::filesystem::exists(file->temporary_path))
        throw error::InputError({file->final_path, 0, 0}, "the file was not written");
      continue;
    }
    // Closing writes what is still buffered, so a full disk fails here again
    // and errno says why.
    errno = 0;
    file->stream.close();
    if (file->stream.fail())
      throw error::InputError({file->final_path, 0, 0},
                              errno != 0 ? fmt::format("writing the file failed: {}", std::strerror(errno))
                                         : std::string("writing the file failed (is the disk full?)"));
  }
  // Every file moves in, each earlier result set aside first; if any move
  // fails, those made are undone and the earlier results put back, so the
  // folder never holds part of one run and part of another.
  struct Moved {
    const Pending* file;
    std::string previous;  ///< where the earlier result was set aside ("" if none)
  };
  std::vector<Moved> moved;
  const auto undo = [&] {
    for (auto it = moved.rbegin(); it != moved.rend(); ++it) {
      std::error_code ignored;
      std::filesystem::rename(it->file->final_path, it->file->temporary_path, ignored);
      if (!it->previous.empty()) std::filesystem::rename(it->previous, it->file->final_path, ignored);
    }
  };
  for (auto& file : pending_) {
    std::error_code error;
    std::string previous;
    if (std::filesystem::is_regular_file(std::filesystem::symlink_status(file->final_path, error))) {
      previous = path(previous_name(std::filesystem::path(file->final_path).filename().string()));
      std::filesystem::rename(file->final_path, previous, error);
    }
    error.clear();  // a final path that does not exist yet is no error
    if (!previous.empty() && std::filesystem::exists(file->final_path))
      error = std::make_error_code(std::errc::file_exists);  // setting the earlier result aside failed
    else
      std::filesystem::rename(file->temporary_path, file->final_path, error);
    if (error) {
      std::error_code ignored;
      if (!previous.empty() && !std::filesystem::exists(file->final_path))
        std::filesystem::rename(previous, file->final_path, ignored);
      undo();
      throw error::InputError({file->final_path, 0, 0},
                              fmt::format("cannot move the finished file into place: {}; the folder's earlier "
                                          "results are as they were",
                                          error.message()));
    }
    moved.push_back({file.get(), previous});
  }
  for (const Moved& m : moved)
    if (!m.previous.empty()) std::remove(m.previous.c_str());
  committed_ = true;
}

}  // namespace prevalence::io
