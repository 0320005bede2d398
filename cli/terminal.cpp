#include "terminal.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "result_stream.hpp"

namespace floe::cli {

namespace {
bool color_allowed(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") return false;
  return isatty(fd) != 0;
}
}  // namespace

Terminal::Terminal() : color_stdout_(color_allowed(result_fd())), color_stderr_(color_allowed(STDERR_FILENO)) {}

std::string Terminal::style(const char* code, std::string_view s, bool for_stderr) const {
  bool on = for_stderr ? color_stderr_ : color_stdout_;
  if (!on) return std::string(s);
  return fmt::format("\x1b[{}m{}\x1b[0m", code, s);
}

void Terminal::error(std::string_view message) const {
  fmt::print(stderr, "{} {}\n", red("error:", true), message);
}

void Terminal::warning(std::string_view message) const {
  fmt::print(stderr, "{} {}\n", yellow("warning:", true), message);
}

}  // namespace floe::cli
