#include "contract/version_range.hpp"

#include <cctype>
#include <charconv>
#include <sstream>
#include <tuple>

namespace floe {
namespace {

std::optional<long> version_part(std::string_view s) {
  if (s.empty() || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  long v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// "1", "1.2", "1.2.3": the parts given (a partial version for ^ and ~).
std::optional<std::pair<ProductVersion, int>> partial(std::string_view text) {
  if (!text.empty() && (text[0] == 'v' || text[0] == 'V')) text.remove_prefix(1);
  ProductVersion v;
  std::size_t dash = text.find('-');
  if (dash != std::string_view::npos) {
    v.pre = std::string(text.substr(dash + 1));
    text = text.substr(0, dash);
  }
  long* parts[] = {&v.major, &v.minor, &v.patch};
  int given = 0;
  while (!text.empty() && given < 3) {
    std::size_t dot = text.find('.');
    auto n = version_part(text.substr(0, dot));
    if (!n) return std::nullopt;
    *parts[given++] = *n;
    if (dot == std::string_view::npos) {
      text = {};
      break;
    }
    text.remove_prefix(dot + 1);
    if (text.empty()) return std::nullopt;
  }
  if (!text.empty() || given == 0) return std::nullopt;
  return std::pair(v, given);
}

bool matches_one(const ProductVersion& v, std::string_view term) {
  if (term == "*" || term == "x") return true;
  auto op_len = term.find_first_of("0123456789vV");
  if (op_len == std::string_view::npos) return false;
  std::string_view op = term.substr(0, op_len);
  auto p = partial(term.substr(op_len));
  if (!p) return false;
  const auto& [bound, given] = *p;
  if (!v.pre.empty() && bound.pre.empty()) return false;  // pre-releases only when asked for
  if (op == "^") {
    ProductVersion upper = bound.major > 0 || given == 1 ? ProductVersion{bound.major + 1, 0, 0, ""}
                                                          : ProductVersion{0, bound.minor + 1, 0, ""};
    return !(v < bound) && v < upper;
  }
  if (op == "~") {
    ProductVersion upper = given == 1 ? ProductVersion{bound.major + 1, 0, 0, ""} : ProductVersion{bound.major, bound.minor + 1, 0, ""};
    return !(v < bound) && v < upper;
  }
  if (op == ">=") return !(v < bound);
  if (op == ">") return bound < v;
  if (op == "<=") return !(bound < v);
  if (op == "<") return v < bound;
  if (op.empty() || op == "=") {
    if (given == 3) return v == bound;
    return v.major == bound.major && (given < 2 || v.minor == bound.minor);
  }
  return false;
}

std::vector<std::string> terms(std::string_view range) {
  std::istringstream in{std::string(range)};
  std::vector<std::string> out;
  for (std::string t; in >> t;) out.push_back(t);
  return out;
}

}  // namespace

bool ProductVersion::operator<(const ProductVersion& o) const {
  if (std::tie(major, minor, patch) != std::tie(o.major, o.minor, o.patch))
    return std::tie(major, minor, patch) < std::tie(o.major, o.minor, o.patch);
  if (pre.empty() != o.pre.empty()) return !pre.empty();  // 1.0.0-rc < 1.0.0
  return pre < o.pre;
}

std::optional<ProductVersion> parse_product_version(std::string_view text) {
  std::string t(text);
  for (auto& c : t)
    if (c == '_') c = '+';
  if (auto plus = t.find('+'); plus != std::string::npos) t.resize(plus);
  auto p = partial(t);
  if (!p || p->second != 3) return std::nullopt;
  return p->first;
}

std::string version_range_problem(std::string_view range) {
  auto list = terms(range);
  if (list.empty()) return "the range is empty";
  for (const auto& t : list) {
    if (t == "*" || t == "x") continue;
    auto op_len = t.find_first_of("0123456789vV");
    std::string op = op_len == std::string::npos ? t : t.substr(0, op_len);
    if (op_len == std::string::npos || !partial(std::string_view(t).substr(op_len)) ||
        !(op.empty() || op == "=" || op == "^" || op == "~" || op == ">=" || op == ">" || op == "<=" || op == "<"))
      return "'" + t + "' is not a version or a range term (1.2.3, ^1.2, ~1.2.3, >=1.0.0, <2.0.0, *)";
  }
  return {};
}

bool version_in_range(const ProductVersion& v, std::string_view range) {
  auto list = terms(range);
  if (list.empty()) return false;
  for (const auto& t : list)
    if (!matches_one(v, t)) return false;
  return true;
}

std::optional<std::string> highest_in_range(const std::vector<std::string>& tags, std::string_view range) {
  std::optional<std::pair<ProductVersion, std::string>> best;
  for (const auto& tag : tags) {
    auto v = parse_product_version(tag);
    if (!v || !version_in_range(*v, range)) continue;
    if (!best || best->first < *v) best = std::pair(*v, tag);
  }
  if (!best) return std::nullopt;
  return best->second;
}

}  // namespace floe
