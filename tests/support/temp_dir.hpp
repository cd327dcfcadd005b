#pragma once
// A fresh directory per test under the system temporary directory, removed
// with everything in it when the test ends. The test's name and the process
// id keep tests that ctest runs in parallel apart.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

namespace prevalence::test {

class TempDir {
 public:
  TempDir() {
    const auto* test = testing::UnitTest::GetInstance()->current_test_info();
    std::string stem = "prevalence-";
    stem += test->test_suite_name();
    stem += '-';
    stem += test->name();
    stem += '-';
    stem += std::to_string(::getpid());
    std::replace(stem.begin(), stem.end(), '/', '_');  // parameterised tests: Suite/Test/Case
    for (int attempt = 0;; ++attempt) {
      path_ = std::filesystem::temp_directory_path() / (stem + "-" + std::to_string(attempt));
      if (std::filesystem::create_directory(path_)) break;
    }
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

  /// Writes `text` to `name` (creating folders) and returns the file's path.
  std::string write(const std::string& name, const std::string& text) const {
    const std::filesystem::path file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace prevalence::test
