// The last lines a child wrote on stderr: what is left to say when it died
// without reporting (a Python traceback, a crash).
#ifndef FLOE_PLUGIN_SUPPORT_OUTPUT_TAIL_HPP
#define FLOE_PLUGIN_SUPPORT_OUTPUT_TAIL_HPP

#include <deque>
#include <string>
#include <string_view>

namespace floe::plugin_support {

class output_tail {
 public:
  void add(std::string_view line) {
    lines_.emplace_back(line.substr(0, 400));
    if (lines_.size() > 15) lines_.pop_front();
  }
  std::string text() const {
    std::string out;
    for (const auto& line : lines_) out += (out.empty() ? "" : "\n") + line;
    return out.empty() ? "(nothing on stderr)" : out;
  }

 private:
  std::deque<std::string> lines_;
};

}  // namespace floe::plugin_support

#endif  // FLOE_PLUGIN_SUPPORT_OUTPUT_TAIL_HPP
