#include "config/location_map.hpp"

#include <mutex>
#include <unordered_set>

namespace floe {
namespace {

constexpr std::string_view kKeySuffix = "#key";

bool names_key(const std::string& path) {
  return path.size() >= kKeySuffix.size() && path.compare(path.size() - kKeySuffix.size(), kKeySuffix.size(), kKeySuffix) == 0;
}

}  // namespace

const std::string* intern_file_name(std::string_view name) {
  // Node-based: an element's address never changes. Commands may run on
  // several threads (the C API), hence the lock; it is taken once per
  // document read and once per location set outside the readers.
  static std::mutex lock;
  static std::unordered_set<std::string> names;
  std::lock_guard<std::mutex> guard(lock);
  return &*names.emplace(name).first;
}

void LocationMap::set(const std::string& path, const SourceLocation& where) {
  Position p{intern_file_name(where.file), where.line, where.column};
  if (names_key(path)) map_[path.substr(0, path.size() - kKeySuffix.size())].key = p;
  else map_[path].value = p;
}

std::optional<SourceLocation> LocationMap::find(const std::string& path) const {
  bool key = names_key(path);
  auto it = map_.find(key ? path.substr(0, path.size() - kKeySuffix.size()) : path);
  if (it == map_.end()) return std::nullopt;
  const Position& p = key ? it->second.key : it->second.value;
  if (!p.known()) return std::nullopt;
  return p.location();
}

const Located* LocationMap::entry(const std::string& path) const {
  auto it = map_.find(path);
  return it == map_.end() ? nullptr : &it->second;
}

void LocationMap::add_value(std::string path, const std::string* file, int line, int column) {
  map_.try_emplace(std::move(path)).first->second.value = Position{file, line, column};
}

void LocationMap::add_key(std::string path, const std::string* file, int line, int column) {
  map_.try_emplace(std::move(path)).first->second.key = Position{file, line, column};
}

}  // namespace floe
