#include "dbt_messages.hpp"

#include <algorithm>

namespace floe::dbt_common {

namespace {

// A line of a Java stack trace after its exception's own line, as a JVM
// engine's adapter (dbt-spark through py4j) passes it on: a frame
// ("at pkg.Class.method(File.java:79)"), "... 22 more", or a suppressed
// exception Spark adds ("Suppressed: ...OriginalTryStackTraceException"):
// without them the summary's last lines are the exception, not its frames.
bool is_java_trace_line(const std::string& line) {
  bool frame = line.rfind("at ", 0) == 0 && line.back() == ')' && line.find('(') != std::string::npos &&
               line.find(' ', 3) == std::string::npos;
  bool more = line.rfind("... ", 0) == 0 && line.size() > 9 && line.compare(line.size() - 5, 5, " more") == 0;
  return frame || more || line.rfind("Suppressed: ", 0) == 0;
}

}  // namespace

std::string error_summary(const std::vector<std::string>& messages) {
  std::vector<std::string> lines;
  for (const auto& message : messages) {
    std::string text = message.substr(0, message.find("Traceback (most recent call last):"));
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
      start = end == std::string::npos ? text.size() : end + 1;
      line.erase(0, line.find_first_not_of(" \t"));
      while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
      if (line.rfind("0: ", 0) == 0) break;  // Fusion's backtrace ("   0: <unknown>", "   1: ...")
      if (line.empty() || line == "Encountered an error:" || is_java_trace_line(line)) continue;
      if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(line);
    }
  }
  constexpr std::size_t kMaxLines = 6;
  std::string out;
  for (std::size_t i = lines.size() > kMaxLines ? lines.size() - kMaxLines : 0; i < lines.size(); ++i)
    out += (out.empty() ? "" : "\n") + lines[i];
  return out;
}

std::string trim_end(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace floe::dbt_common
