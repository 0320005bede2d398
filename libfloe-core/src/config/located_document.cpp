#include "config/located_document.hpp"

#include <fmt/format.h>

namespace floe {
namespace {

// "a.b[2].c" -> "a.b[2]" -> "a.b" -> "a" -> "". Keys that themselves hold dots
// (label names such as "app.kubernetes.io/name") only make the walk take an
// extra step, which still ends at a real ancestor.
std::string parent_of(const std::string& path) {
  std::size_t cut = path.find_last_of(".[");
  return cut == std::string::npos ? std::string() : path.substr(0, cut);
}

}  // namespace

SourceLocation LocatedDocument::at(const std::string& path) const {
  std::string p = path;
  for (;;) {
    if (auto found = locations.find(p)) return *found;
    if (p.empty()) return SourceLocation{file, 0, 0};
    p = parent_of(p);
  }
}

SourceLocation LocatedDocument::key_at(const std::string& path) const {
  if (auto found = locations.find(path + "#key")) return *found;
  return at(path);
}

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string index_path(const std::string& parent, std::size_t index) { return fmt::format("{}[{}]", parent, index); }

}  // namespace floe
