#include "config/iso8601.hpp"

#include <cctype>
#include <chrono>
#include <string>

namespace floe {

bool is_iso8601_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  int y = std::stoi(std::string(text.substr(0, 4)));
  unsigned m = static_cast<unsigned>(std::stoi(std::string(text.substr(5, 2))));
  unsigned d = static_cast<unsigned>(std::stoi(std::string(text.substr(8, 2))));
  return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}.ok();
}

bool is_iso8601_duration(std::string_view text) {
  if (text.size() < 3 || text[0] != 'P') return false;
  static constexpr std::string_view kDateUnits = "YMWD";
  static constexpr std::string_view kTimeUnits = "HMS";
  bool in_time = false, any = false, fraction_seen = false;
  std::size_t last_unit = 0;  // units must appear in order
  std::size_t i = 1;
  while (i < text.size()) {
    if (text[i] == 'T') {
      if (in_time) return false;
      in_time = true;
      last_unit = 0;
      if (++i == text.size()) return false;  // "PT" with nothing after it
      continue;
    }
    if (fraction_seen) return false;  // only the last component may have a fraction
    std::size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
      fraction_seen = true;
      std::size_t frac = ++i;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
      if (i == frac) return false;
    }
    if (i == start || i == text.size()) return false;
    std::string_view units = in_time ? kTimeUnits : kDateUnits;
    std::size_t unit = units.find(text[i]);
    if (unit == std::string_view::npos || unit + 1 <= last_unit) return false;
    last_unit = unit + 1;
    any = true;
    ++i;
  }
  return any;
}

}  // namespace floe
