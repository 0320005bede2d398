// Transfer progress on a terminal: one line per file, redrawn in place on
// stderr, only when stderr is a TTY (pipes and CI logs stay clean).
#pragma once

#include <cstdint>
#include <string>

#include "floe/artifacts.h"

namespace floe::cli {

class ProgressBar {
 public:
  ProgressBar();
  ~ProgressBar();
  // The C callback to hand to floe_artifact_run (NULL sink when not a TTY).
  floe_progress sink();

 private:
  static void on_progress(void* self, const char* label, std::uint64_t done, std::uint64_t total);
  void draw(const char* label, std::uint64_t done, std::uint64_t total);
  bool enabled_;
  std::string label_;
  int last_percent_ = -1;
  bool open_line_ = false;
};

}  // namespace floe::cli
