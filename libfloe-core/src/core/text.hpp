// Small text helpers that several areas need. ASCII only on purpose: the
// names they compare (HTTP headers, dbt test and column names, SQL types,
// schemes) are ASCII by their specifications, and the C library's tolower
// would follow whatever locale an embedding program set.
#pragma once

#include <string>
#include <string_view>

namespace floe {

inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

inline bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

// Every occurrence of `from` in `text` replaced by `to`, left to right; a
// replacement is never searched again.
inline std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  if (from.empty()) return text;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

}  // namespace floe
