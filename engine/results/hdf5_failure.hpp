#pragma once
// HDF5 failures as users need them. The library reports a failure as a stack
// of messages, the API call first and the cause last ("file write failed:
// ..., error message = 'No space left on device', ..."); a user needs one
// line: what was being done and the cause. And after a failed write or close
// the library (1.10) keeps a file it can neither flush nor forget, which its
// own exit handler then crashes on; the process must leave without it.

#include <string>

namespace H5 {
class Exception;
}

namespace prevalence::results {

/// Records each failing HDF5 call's innermost cause, instead of printing the
/// library's stack to stderr. Called on each thread before its first HDF5
/// call (the library keeps this per thread); calls after the first are free.
void capture_hdf5_failures();

/// One line for the failure `e`: the innermost cause HDF5 gave (the system's
/// own words when a read or write failed), else the failing call.
std::string hdf5_failure_line(const H5::Exception& e);

/// Notes that a file was left open after a failed write or close, or that a
/// damaged file failed to read (which can leave the library as unsure of it).
void note_unclosable_hdf5_file();

/// True once noted: the process must then end without running the library's
/// exit handlers, which can crash or loop on such a file.
bool hdf5_file_left_unclosable();

}  // namespace prevalence::results
