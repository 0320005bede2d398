#include "progress_bar.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace floe::cli {

ProgressBar::ProgressBar() : enabled_(::isatty(STDERR_FILENO) == 1) {}

ProgressBar::~ProgressBar() {
  if (open_line_) fmt::print(stderr, "\n");
}

floe_progress ProgressBar::sink() {
  floe_progress p = FLOE_PROGRESS_INIT;
  if (enabled_) {
    p.on_progress = &ProgressBar::on_progress;
    p.user_data = this;
  }
  return p;
}

void ProgressBar::on_progress(void* self, const char* label, std::uint64_t done, std::uint64_t total) {
  static_cast<ProgressBar*>(self)->draw(label, done, total);
}

void ProgressBar::draw(const char* label, std::uint64_t done, std::uint64_t total) {
  int percent = total ? static_cast<int>(done * 100 / total) : -1;
  if (label_ == label && percent == last_percent_ && done != total) return;  // redraw only on visible change
  if (label_ != label && open_line_) fmt::print(stderr, "\n");
  label_ = label;
  last_percent_ = percent;
  constexpr int kWidth = 30;
  int filled = total ? static_cast<int>(done * kWidth / total) : 0;
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kWidth, '.');
  std::string name = label_.size() > 40 ? "..." + label_.substr(label_.size() - 37) : label_;
  auto kib = [](std::uint64_t bytes) { return static_cast<double>(bytes) / 1024.0; };
  if (total)
    fmt::print(stderr, "\r  {:<40} [{}] {:>3}% {:.1f}/{:.1f} KiB", name, bar, percent, kib(done), kib(total));
  else
    fmt::print(stderr, "\r  {:<40} {:.1f} KiB", name, kib(done));
  open_line_ = true;
  std::fflush(stderr);
}

}  // namespace floe::cli
