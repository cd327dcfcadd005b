#include "engine/results/hdf5_failure.hpp"

#include <H5Cpp.h>

#include <atomic>
#include <string_view>

namespace prevalence::results {
namespace {

// The innermost cause of the calling thread's latest failing call. Debian
// builds HDF5 thread-safe, which keeps error stacks and their handler per
// thread.
thread_local std::string g_last_cause;
thread_local bool g_capturing = false;
std::atomic<bool> g_unclosable = false;

// The first frame walked upward is where the failure was detected.
herr_t take_innermost(unsigned n, const H5E_error2_t* frame, void* out) {
  if (n == 0 && frame->desc != nullptr) *static_cast<std::string*>(out) = frame->desc;
  return 0;
}

// Called by HDF5 while the failing call's stack is still whole: the stack is
// cleared by the next call, often a destructor's close before any catch.
herr_t remember_cause(hid_t stack, void*) {
  std::string cause;
  H5Ewalk2(stack, H5E_WALK_UPWARD, take_innermost, &cause);
  if (!cause.empty()) g_last_cause = std::move(cause);
  return 0;
}

// "..., errno = 28, error message = 'No space left on device', ..." -> the
// system's message; other causes are kept whole.
std::string plain_cause(const std::string& cause) {
  constexpr std::string_view kMarker = "error message = '";
  const std::size_t start = cause.find(kMarker);
  if (start == std::string::npos) return cause;
  const std::size_t from = start + kMarker.size(), to = cause.find('\'', from);
  return to == std::string::npos ? cause : cause.substr(from, to - from);
}

}  // namespace

void capture_hdf5_failures() {
  if (g_capturing) return;
  H5Eset_auto2(H5E_DEFAULT, remember_cause, nullptr);
  g_capturing = true;
}

std::string hdf5_failure_line(const H5::Exception& e) {
  std::string cause = g_last_cause.empty() ? e.getDetailMsg() : plain_cause(g_last_cause);
  g_last_cause.clear();
  return cause;
}

void note_unclosable_hdf5_file() { g_unclosable = true; }

bool hdf5_file_left_unclosable() { return g_unclosable; }

}  // namespace prevalence::results
