#include "config/regex_safety.hpp"

#include <fmt/format.h>

#include <regex>
#include <vector>

namespace floe {
namespace {

// Whether an unbounded quantifier (*, +, {n,}) starts at pattern[i].
bool unbounded_quantifier_at(const std::string& p, std::size_t i) {
  if (i >= p.size()) return false;
  if (p[i] == '*' || p[i] == '+') return true;
  if (p[i] != '{') return false;
  std::size_t close = p.find('}', i);
  return close != std::string::npos && close > i + 1 && p[close - 1] == ',';
}

// The first group that contains an unbounded quantifier and is itself
// repeated without bound; "" when there is none.
std::string nested_quantifier(const std::string& p) {
  struct Group {
    std::size_t start;
    bool has_unbounded;
  };
  std::vector<Group> open;
  bool in_class = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      ++i;  // the escaped character is a literal (or a class like \w)
      continue;
    }
    if (in_class) {
      in_class = c != ']';
      continue;
    }
    if (c == '[') {
      in_class = true;
    } else if (c == '(') {
      open.push_back({i, false});
    } else if (c == ')' && !open.empty()) {
      Group g = open.back();
      open.pop_back();
      if (g.has_unbounded && unbounded_quantifier_at(p, i + 1)) return p.substr(g.start, i + 2 - g.start);
      // A repeated group counts as unbounded content of its enclosing group.
      if ((g.has_unbounded || unbounded_quantifier_at(p, i + 1)) && !open.empty()) open.back().has_unbounded = true;
    } else if (unbounded_quantifier_at(p, i) && !open.empty()) {
      open.back().has_unbounded = true;
    }
  }
  return {};
}

}  // namespace

std::string regex_problem(const std::string& pattern) {
  try {
    std::regex re(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return fmt::format("not a valid regular expression: {}", e.what());
  }
  if (std::string group = nested_quantifier(pattern); !group.empty())
    return fmt::format("'{}' nests unbounded quantifiers and can backtrack catastrophically on long names", group);
  return {};
}

}  // namespace floe
