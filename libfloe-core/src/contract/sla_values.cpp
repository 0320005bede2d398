#include "contract/sla_values.hpp"

#include <cctype>
#include <charconv>
#include <string>

#include "config/iso8601.hpp"

namespace floe {
namespace {

std::optional<double> number(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<double> duration_seconds(std::string_view iso) {
  if (!is_iso8601_duration(iso)) return std::nullopt;
  double total = 0;
  bool time = false;
  std::string digits;
  for (char c : iso.substr(1)) {
    if (c == 'T') {
      time = true;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == ',') {
      digits += c == ',' ? '.' : c;
      continue;
    }
    double n = number(digits).value_or(0);
    digits.clear();
    switch (c) {
      case 'Y': total += n * 365 * 86400; break;
      case 'M': total += time ? n * 60 : n * 30 * 86400; break;
      case 'W': total += n * 7 * 86400; break;
      case 'D': total += n * 86400; break;
      case 'H': total += n * 3600; break;
      case 'S': total += n; break;
      default: return std::nullopt;
    }
  }
  return total;
}

std::optional<double> sla_seconds(const std::string& value, const std::string& unit) {
  if (unit.empty()) return duration_seconds(value);
  auto n = number(value);
  if (!n) return std::nullopt;
  std::string u;
  for (char c : unit) u += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (u == "s" || u == "sec" || u == "second" || u == "seconds") return *n;
  if (u == "m" || u == "min" || u == "minute" || u == "minutes") return *n * 60;
  if (u == "h" || u == "hr" || u == "hour" || u == "hours") return *n * 3600;
  if (u == "d" || u == "day" || u == "days") return *n * 86400;
  if (u == "w" || u == "week" || u == "weeks") return *n * 7 * 86400;
  if (u == "y" || u == "yr" || u == "year" || u == "years") return *n * 365 * 86400;
  return std::nullopt;
}

std::optional<double> percent_value(std::string_view text) {
  if (!text.empty() && text.back() == '%') text.remove_suffix(1);
  return number(text);
}

}  // namespace floe
