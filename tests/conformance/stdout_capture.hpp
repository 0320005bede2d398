// Catches what plugin code writes to stdout. floe's stdout carries its
// reports (`floe ... --json`), so a plugin must never write there: it logs
// through floe_host_api.log. A forked check runs with fd 1 on an anonymous
// file, and every byte that appears there is pinned on the check that was
// running. Part of floe-conformance.
#pragma once

#include <cstddef>
#include <string>

namespace floe::conformance {

class StdoutCapture {
 public:
  // Points fd 1 at an anonymous file (after flushing what was buffered).
  StdoutCapture();
  // Puts the old fd 1 back.
  ~StdoutCapture();
  StdoutCapture(const StdoutCapture&) = delete;
  StdoutCapture& operator=(const StdoutCapture&) = delete;

  bool active() const { return file_ >= 0; }
  // Bytes written to stdout since the last call (C stdio flushed first): the
  // count, and the first `keep` of them in `head`.
  size_t take(std::string& head, size_t keep = 80);

 private:
  int file_ = -1;
  int saved_ = -1;
  long long read_ = 0;
};

}  // namespace floe::conformance
