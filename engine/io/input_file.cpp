#include "engine/io/input_file.hpp"

#include "engine/error/input_error.hpp"
#include "engine/text/utf8.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace prevalence::io {
namespace {

namespace fs = std::filesystem;

// What a path is when it is not a regular file, in a reader's words.
const char* kind_of(fs::file_type type) {
  switch (type) {
    case fs::file_type::directory: return "a directory";
    case fs::file_type::fifo: return "a named pipe";
    case fs::file_type::character:
    case fs::file_type::block: return "a device";
    case fs::file_type::socket: return "a socket";
    default: return "not a regular file";
  }
}

}  // namespace

std::string read_input_file(const std::string& path, const char* what, std::uintmax_t max_bytes) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (error || !fs::exists(status))
    throw error::InputError({path, 0, 0}, fmt::format("cannot open the {}: {}", what,
                                                      error ? error.message() : std::strerror(ENOENT)));
  if (!fs::is_regular_file(status))
    throw error::InputError({path, 0, 0}, fmt::format("is {}, not a {}", kind_of(status.type()), what));
  const std::uintmax_t size = fs::file_size(path, error);
  if (!error && size > max_bytes)
    throw error::InputError({path, 0, 0}, fmt::format("the {} is {} bytes, more than the {} this reader accepts",
                                                      what, size, max_bytes));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw error::InputError({path, 0, 0}, fmt::format("cannot open the {}: {}", what, std::strerror(errno)));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw error::InputError({path, 0, 0}, fmt::format("cannot read the {}", what));
  return text;
}

std::string read_text_file(const std::string& path, const char* what, std::uintmax_t max_bytes) {
  std::string text = read_input_file(path, what, max_bytes);
  const auto line_of = [&](std::size_t offset) {
    return static_cast<std::uint32_t>(
        1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
  };
  if (const auto bad = text::first_invalid_utf8(text))
    throw error::InputError({path, line_of(*bad), 0}, fmt::format("byte 0x{:02X} is not UTF-8: save the file as UTF-8",
                                                                  static_cast<unsigned char>(text[*bad])));
  // The CSV reader would take a NUL for the end of its line.
  if (const std::size_t nul = text.find('\0'); nul != std::string::npos)
    throw error::InputError({path, line_of(nul), 0},
                            "a NUL byte (0x00) is not text: is this a binary file, or saved as UTF-16?");
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  return text;
}

}  // namespace prevalence::io
