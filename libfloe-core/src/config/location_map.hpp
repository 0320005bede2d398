// Where each value of a read document starts, by dotted path, kept compactly:
// a document of N values holds N entries, each a path and two positions (the
// value's and, for a mapping entry, its key's) whose file name is shared, not
// copied. A 10 MB ODCS contract has about 400,000 values: a path string, a
// file name and a hash node for every value and again for every key would
// cost more than the document itself (docs/performance.md#reading-large-contracts).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "diag/diagnostic.hpp"

namespace floe {

// The same string object for the same file name, for the life of the
// process (a handful of files per command): positions point at it.
const std::string* intern_file_name(std::string_view name);

struct Position {
  const std::string* file = nullptr;  // interned; nullptr: no position recorded
  int line = 0, column = 0;
  bool known() const { return file != nullptr; }
  SourceLocation location() const { return {file != nullptr ? *file : std::string(), line, column}; }
};

struct Located {
  Position value;  // where the value starts
  Position key;    // where its key starts (mapping entries only)
};

class LocationMap {
 public:
  using Map = std::unordered_map<std::string, Located>;

  // `path` as floe writes paths: "a.b[2]" sets the value's location,
  // "a.b[2]#key" its key's.
  void set(const std::string& path, const SourceLocation& where);
  // The location recorded for `path` (either form), or nullopt.
  std::optional<SourceLocation> find(const std::string& path) const;
  bool contains(const std::string& path) const { return find(path).has_value(); }

  // For readers: a fresh path, its file already interned.
  void add_value(std::string path, const std::string* file, int line, int column);
  void add_key(std::string path, const std::string* file, int line, int column);

  // Whole entries (value and key together): what moves when a subtree moves.
  void put(const std::string& path, const Located& located) { map_[path] = located; }
  Map::iterator begin() { return map_.begin(); }
  Map::iterator end() { return map_.end(); }
  Map::const_iterator begin() const { return map_.begin(); }
  Map::const_iterator end() const { return map_.end(); }
  Map::iterator erase(Map::const_iterator it) { return map_.erase(it); }
  const Located* entry(const std::string& path) const;

  void reserve(std::size_t n) { map_.reserve(n); }
  void clear() { map_.clear(); }
  std::size_t size() const { return map_.size(); }

 private:
  Map map_;
};

}  // namespace floe
