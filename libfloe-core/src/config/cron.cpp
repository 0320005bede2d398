#include "config/cron.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <sstream>
#include <vector>

namespace floe {
namespace {

struct Field {
  const char* name;
  int low;
  int high;
  std::vector<std::string> names;  // names[i] stands for low + i
};

const std::array<Field, 5>& fields() {
  static const std::array<Field, 5> kFields = {{
      {"minute", 0, 59, {}},
      {"hour", 0, 23, {}},
      {"day-of-month", 1, 31, {}},
      {"month", 1, 12, {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
      {"day-of-week", 0, 7, {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}},
  }};
  return kFields;
}

std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i)
    if (i == text.size() || text[i] == sep) {
      parts.emplace_back(text.substr(start, i - start));
      start = i + 1;
    }
  return parts;
}

// A number or name within the field's range; an error message otherwise.
std::string parse_value(const Field& f, const std::string& text, int& out) {
  if (!text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (text.size() > 4) return fmt::format("{} is outside {}-{}", text, f.low, f.high);
    out = std::stoi(text);
    if (out < f.low || out > f.high) return fmt::format("{} is outside {}-{}", text, f.low, f.high);
    return {};
  }
  std::string upper(text);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  auto it = std::find(f.names.begin(), f.names.end(), upper);
  if (it == f.names.end()) return fmt::format("'{}' is not a number{}", text, f.names.empty() ? "" : " or a name");
  out = f.low + static_cast<int>(it - f.names.begin());
  return {};
}

std::string check_item(const Field& f, const std::string& item) {
  std::string range = item;
  if (auto slash = item.find('/'); slash != std::string::npos) {
    range = item.substr(0, slash);
    std::string step = item.substr(slash + 1);
    if (step.empty() || step.size() > 4 ||
        !std::all_of(step.begin(), step.end(), [](unsigned char c) { return std::isdigit(c); }) || std::stoi(step) == 0)
      return fmt::format("step '{}' in '{}' must be a positive number", step, item);
    if (range != "*" && range.find('-') == std::string::npos)
      return fmt::format("'{}': a step needs '*' or a range before '/'", item);
  }
  if (range == "*") return {};
  if (auto dash = range.find('-'); dash != std::string::npos) {
    int from = 0, to = 0;
    if (auto e = parse_value(f, range.substr(0, dash), from); !e.empty()) return e;
    if (auto e = parse_value(f, range.substr(dash + 1), to); !e.empty()) return e;
    if (from > to) return fmt::format("range '{}' runs backwards", range);
    return {};
  }
  int unused = 0;
  return parse_value(f, range, unused);
}

}  // namespace

std::optional<CronProblem> check_cron(std::string_view expression) {
  static const std::array<std::string_view, 7> kMacros = {"@yearly", "@annually", "@monthly", "@weekly",
                                                          "@daily",  "@midnight", "@hourly"};
  if (std::find(kMacros.begin(), kMacros.end(), expression) != kMacros.end()) return std::nullopt;
  std::istringstream in{std::string(expression)};
  std::vector<std::string> parts;
  for (std::string p; in >> p;) parts.push_back(p);
  if (parts.size() != 5)
    return CronProblem{fmt::format("a cron expression has 5 fields, this one has {}", parts.size()),
                       "minute hour day-of-month month day-of-week, e.g. \"0 6 * * *\""};
  for (std::size_t i = 0; i < 5; ++i) {
    const Field& f = fields()[i];
    for (const auto& item : split(parts[i], ',')) {
      std::string problem = item.empty() ? std::string("empty list item") : check_item(f, item);
      if (!problem.empty())
        return CronProblem{fmt::format("field {} ({}): {}", i + 1, f.name, problem),
                           fmt::format("{}: {}-{}{}, '*', lists (a,b), ranges (a-b) and steps (*/n, a-b/n)", f.name,
                                       f.low, f.high, f.names.empty() ? "" : fmt::format(" or {}-{}", f.names.front(), f.names.back()))};
    }
  }
  return std::nullopt;
}

}  // namespace floe
