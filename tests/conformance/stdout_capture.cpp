#include "stdout_capture.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace floe::conformance {

StdoutCapture::StdoutCapture() {
  std::cout.flush();
  std::fflush(stdout);
  // A file, not a pipe: a plugin that writes a lot must not block on it.
  file_ = ::memfd_create("floe-conformance-stdout", MFD_CLOEXEC);
  if (file_ < 0) return;
  saved_ = ::dup(STDOUT_FILENO);
  if (saved_ < 0 || ::dup2(file_, STDOUT_FILENO) < 0) {
    ::close(file_);
    file_ = -1;
  }
}

StdoutCapture::~StdoutCapture() {
  if (file_ < 0) return;
  std::fflush(stdout);
  ::dup2(saved_, STDOUT_FILENO);
  ::close(saved_);
  ::close(file_);
}

size_t StdoutCapture::take(std::string& head, size_t keep) {
  head.clear();
  if (file_ < 0) return 0;
  std::cout.flush();
  std::fflush(stdout);
  off_t end = ::lseek(file_, 0, SEEK_END);
  if (end <= read_) return 0;
  size_t count = static_cast<size_t>(end - read_);
  head.resize(count < keep ? count : keep);
  ssize_t n = ::pread(file_, head.data(), head.size(), static_cast<off_t>(read_));
  head.resize(n > 0 ? static_cast<size_t>(n) : 0);
  read_ = end;
  return count;
}

}  // namespace floe::conformance
