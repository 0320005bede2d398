// Where each value of a read document starts, by dotted path, kept compactly.
//
// A 10 MB ODCS contract has about 400,000 values. A path string, a file name
// and a hash node for every value would cost more than the document itself
// (docs/performance.md#reading-large-contracts), so an entry is 32 bytes: its
// parent entry, the text it appends to the parent's path (".name", "[3]":
// interned, since the same few keys repeat), the full path's hash, and the
// value's and the key's positions. Readers add children by handle and never
// build path strings; lookups by path string compare against the chain of
// suffixes, so a key that contains a '.' or '[' is still found exactly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/text_hash.hpp"
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
  using Handle = std::uint32_t;
  static constexpr Handle kNone = 0xFFFFFFFFu;

  // `path` as floe writes paths: "a.b[2]" sets the value's location,
  // "a.b[2]#key" its key's.
  void set(const std::string& path, const SourceLocation& where);
  // The location recorded for `path` (either form), or nullopt.
  std::optional<SourceLocation> find(const std::string& path) const;
  bool contains(const std::string& path) const { return find(path).has_value(); }

  // For readers of a fresh document, where every path is new: the entry of
  // `parent`'s path followed by `suffix` ("name" under the root "", ".name",
  // "[3]"), with its value's position. Not checked for an existing entry.
  Handle add_child(Handle parent, std::string_view suffix, const std::string* file, int line, int column);
  void set_value(Handle h, const std::string* file, int line, int column);
  void set_key(Handle h, const std::string* file, int line, int column);
  // Copies the entries a reader added after `first` and before `end` (the
  // descendants of `first`, which it added in one go) under `onto`: what a
  // YAML alias of the subtree at `first` expands to.
  void copy_children(Handle first, Handle end, Handle onto);
  // Erases the entries from `first` on (a subtree a reader read only for
  // its anchors); copy_children still copies them when `first` is aliased.
  void erase_from(Handle first);
  Handle next_handle() const { return static_cast<Handle>(entries_.size()); }
  std::string path_of(Handle h) const;

  // Whole entries (value and key together): what moves when a subtree moves.
  void put(const std::string& path, const Located& located);
  std::optional<Located> entry(const std::string& path) const;
  // Every entry under `prefix` (the entry itself, and paths continuing with
  // '.', '[' or '#'), with full paths.
  std::vector<std::pair<std::string, Located>> under(const std::string& prefix) const;
  void erase_under(const std::string& prefix);
  void erase(const std::string& path);
  // Every live entry, with its full path (for small documents and tests).
  std::vector<std::pair<std::string, Located>> entries() const;

  void reserve(std::size_t n);
  void clear();
  std::size_t size() const { return live_; }

 private:
  struct Spots {
    std::uint16_t value_file = 0, key_file = 0;  // index into files_ + 1; 0: unknown
    std::int32_t value_line = 0, value_column = 0, key_line = 0, key_column = 0;
  };
  struct Entry {
    Handle parent;
    std::uint32_t suffix;  // index into suffixes_, and kErased once erased
    std::uint32_t hash;    // of the full path
    Spots at;
  };
  static_assert(sizeof(Entry) == 32);
  static constexpr std::uint32_t kErased = 0x80000000u;  // the bit of Entry::suffix set once erased
  static constexpr std::uint16_t kNoFile = 0xFFFF;       // past the files a position can name
  static std::uint32_t suffix_of(const Entry& e) { return e.suffix & ~kErased; }
  static bool erased(const Entry& e) { return (e.suffix & kErased) != 0; }
  void erase_entry(Entry& e);

  Handle append(Handle parent, std::uint32_t suffix, std::uint32_t hash);
  Handle lookup(std::string_view path, std::uint32_t hash) const;
  Handle find_or_add(std::string_view path);
  bool path_equals(Handle h, std::string_view path) const;
  void index(Handle h);
  void grow_index();
  std::uint32_t suffix_id(std::string_view suffix);
  std::uint16_t file_id(const std::string* file);
  Position position(std::uint16_t file, int line, int column) const;
  Located located(const Entry& e) const;
  std::vector<std::string> all_paths() const;
  void assign(Entry& e, const Located& l);
  void set_position(Handle h, bool key, const std::string* file, int line, int column);

  std::vector<Entry> entries_;
  std::vector<Handle> slots_;  // open addressing over entries_, kNone: empty
  std::vector<std::string> suffixes_;
  std::unordered_map<std::string, std::uint32_t, TextHash, std::equal_to<>> suffix_ids_;
  std::vector<const std::string*> files_;
  std::size_t live_ = 0;
};

}  // namespace floe
