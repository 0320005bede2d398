// Output conventions shared by every command: results on stdout (JSON with
// --json), diagnostics on stderr, colour only on a terminal and never when
// NO_COLOR is set (https://no-color.org).
#pragma once

#include <string>
#include <string_view>

namespace floe::cli {

class Terminal {
 public:
  Terminal();
  bool color_stdout() const { return color_stdout_; }
  bool color_stderr() const { return color_stderr_; }

  // Wraps text in an ANSI style when colour is on for that stream.
  std::string green(std::string_view s, bool for_stderr = false) const { return style("32", s, for_stderr); }
  std::string red(std::string_view s, bool for_stderr = false) const { return style("31", s, for_stderr); }
  std::string yellow(std::string_view s, bool for_stderr = false) const { return style("33", s, for_stderr); }
  std::string bold(std::string_view s, bool for_stderr = false) const { return style("1", s, for_stderr); }
  std::string dim(std::string_view s, bool for_stderr = false) const { return style("2", s, for_stderr); }

  void error(std::string_view message) const;    // "error: ..." on stderr
  void warning(std::string_view message) const;  // "warning: ..." on stderr

 private:
  std::string style(const char* code, std::string_view s, bool for_stderr) const;
  bool color_stdout_;
  bool color_stderr_;
};

}  // namespace floe::cli
