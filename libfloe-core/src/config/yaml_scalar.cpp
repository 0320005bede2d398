#include "config/yaml_scalar.hpp"

#include <charconv>
#include <cstdint>
#include <limits>
#include <regex>
#include <string>

namespace floe {
namespace {

bool parse_integer(std::string_view digits, int base, bool negative, boost::json::value& out) {
  std::uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (ec != std::errc() || end != digits.data() + digits.size()) return false;
  if (!negative) {
    if (magnitude <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      out = static_cast<std::int64_t>(magnitude);
    else
      out = magnitude;
    return true;
  }
  constexpr std::uint64_t kMinMagnitude = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1;
  if (magnitude > kMinMagnitude) return false;
  out = magnitude == kMinMagnitude ? std::numeric_limits<std::int64_t>::min() : -static_cast<std::int64_t>(magnitude);
  return true;
}

}  // namespace

boost::json::value resolve_plain_scalar(std::string_view text) {
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") return nullptr;
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;

  static const std::regex kDecimal("[-+]?[0-9]+");
  static const std::regex kOctal("0o[0-7]+");
  static const std::regex kHex("0x[0-9a-fA-F]+");
  static const std::regex kFloat(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  static const std::regex kInfinity(R"([-+]?\.(inf|Inf|INF))");
  static const std::regex kNan(R"(\.(nan|NaN|NAN))");

  std::string s(text);
  boost::json::value out;
  if (std::regex_match(s, kDecimal)) {
    bool negative = s[0] == '-';
    std::string_view digits = text.substr(s[0] == '-' || s[0] == '+' ? 1 : 0);
    if (parse_integer(digits, 10, negative, out)) return out;
    // Too large for 64 bits: keep the magnitude as a double, like JSON readers do.
    return std::strtod(s.c_str(), nullptr);
  }
  if (std::regex_match(s, kOctal) && parse_integer(text.substr(2), 8, false, out)) return out;
  if (std::regex_match(s, kHex) && parse_integer(text.substr(2), 16, false, out)) return out;
  if (std::regex_match(s, kFloat)) return std::strtod(s.c_str(), nullptr);
  if (std::regex_match(s, kInfinity))
    return s[0] == '-' ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  if (std::regex_match(s, kNan)) return std::numeric_limits<double>::quiet_NaN();
  return boost::json::string(text);
}

}  // namespace floe
