#include "config/yaml_scalar.hpp"

#include <charconv>
#include <cstdint>
#include <limits>
#include <string>

#include "core/regex.hpp"

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
  // Every number, .inf and .nan starts with one of these; most scalars are
  // words and need none of the patterns below.
  if (const char c = text.front(); !(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')))
    return boost::json::string(text);

  static const Regex kDecimal("[-+]?[0-9]+");
  static const Regex kOctal("0o[0-7]+");
  static const Regex kHex("0x[0-9a-fA-F]+");
  static const Regex kFloat(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  static const Regex kInfinity(R"([-+]?\.(inf|Inf|INF))");
  static const Regex kNan(R"(\.(nan|NaN|NAN))");

  std::string s(text);
  boost::json::value out;
  if (kDecimal.full_match(s)) {
    bool negative = s[0] == '-';
    std::string_view digits = text.substr(s[0] == '-' || s[0] == '+' ? 1 : 0);
    if (parse_integer(digits, 10, negative, out)) return out;
    // Too large for 64 bits: keep the magnitude as a double, like JSON readers do.
    return std::strtod(s.c_str(), nullptr);
  }
  if (kOctal.full_match(s) && parse_integer(text.substr(2), 8, false, out)) return out;
  if (kHex.full_match(s) && parse_integer(text.substr(2), 16, false, out)) return out;
  if (kFloat.full_match(s)) return std::strtod(s.c_str(), nullptr);
  if (kInfinity.full_match(s))
    return s[0] == '-' ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  if (kNan.full_match(s)) return std::numeric_limits<double>::quiet_NaN();
  return boost::json::string(text);
}

}  // namespace floe
