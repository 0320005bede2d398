#include "dbt_messages.hpp"

#include <algorithm>

namespace floe::dbt_common {

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
      if (line.empty() || line == "Encountered an error:") continue;
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
