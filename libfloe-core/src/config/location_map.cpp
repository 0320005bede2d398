#include "config/location_map.hpp"

#include <mutex>
#include <unordered_set>

namespace floe {
namespace {

constexpr std::string_view kKeySuffix = "#key";
constexpr std::uint32_t kFnvBasis = 2166136261u;

// FNV-1a, continued: a child's hash is its parent's hash carried on over the
// suffix, so it equals the hash of the whole path string.
std::uint32_t hash_on(std::uint32_t h, std::string_view text) {
  for (unsigned char c : text) h = (h ^ c) * 16777619u;
  return h;
}

bool names_key(std::string_view path) {
  return path.size() >= kKeySuffix.size() && path.substr(path.size() - kKeySuffix.size()) == kKeySuffix;
}

std::string_view without_key_suffix(std::string_view path) {
  return names_key(path) ? path.substr(0, path.size() - kKeySuffix.size()) : path;
}

bool is_under(std::string_view path, std::string_view prefix) {
  return path.substr(0, prefix.size()) == prefix &&
         (path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[' ||
          path[prefix.size()] == '#');
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

std::uint32_t LocationMap::suffix_id(std::string_view suffix) {
  if (auto it = suffix_ids_.find(suffix); it != suffix_ids_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(suffixes_.size());
  suffixes_.emplace_back(suffix);
  suffix_ids_.emplace(suffixes_.back(), id);
  return id;
}

std::uint16_t LocationMap::file_id(const std::string* file) {
  if (file == nullptr) return 0;
  for (std::size_t i = 0; i < files_.size(); ++i)
    if (files_[i] == file) return static_cast<std::uint16_t>(i + 1);
  // A document's positions come from one file, rarely a few (moved entries);
  // past 65,534 distinct files a position is dropped rather than misnamed.
  if (files_.size() + 1 >= kNoFile) return 0;
  files_.push_back(file);
  return static_cast<std::uint16_t>(files_.size());
}

Position LocationMap::position(std::uint16_t file, int line, int column) const {
  if (file == 0) return {};
  return Position{files_[file - 1], line, column};
}

Located LocationMap::located(const Entry& e) const {
  return Located{position(e.at.value_file, e.at.value_line, e.at.value_column),
                 position(e.at.key_file, e.at.key_line, e.at.key_column)};
}

void LocationMap::assign(Entry& e, const Located& l) {
  e.at = Spots{file_id(l.value.file), file_id(l.key.file), l.value.line, l.value.column, l.key.line, l.key.column};
}

void LocationMap::reserve(std::size_t n) {
  entries_.reserve(n);
  std::size_t want = 16;
  while (want < n * 2) want *= 2;
  if (want > slots_.size()) {
    slots_.assign(want, kNone);
    for (Handle h = 0; h < entries_.size(); ++h)
      if (!erased(entries_[h])) index(h);
  }
}

void LocationMap::clear() {
  entries_.clear();
  slots_.clear();
  suffixes_.clear();
  suffix_ids_.clear();
  files_.clear();
  live_ = 0;
}

void LocationMap::grow_index() {
  std::vector<Handle> old;
  old.swap(slots_);
  slots_.assign(old.empty() ? 16 : old.size() * 2, kNone);
  for (Handle h = 0; h < entries_.size(); ++h)
    if (!erased(entries_[h])) index(h);
}

void LocationMap::index(Handle h) {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = entries_[h].hash & mask;; i = (i + 1) & mask) {
    if (slots_[i] == kNone) {
      slots_[i] = h;
      return;
    }
  }
}

LocationMap::Handle LocationMap::append(Handle parent, std::uint32_t suffix, std::uint32_t hash) {
  if ((entries_.size() + 1) * 2 > slots_.size()) grow_index();
  entries_.push_back(Entry{parent, suffix, hash, Spots{}});
  const auto h = static_cast<Handle>(entries_.size() - 1);
  index(h);
  ++live_;
  return h;
}

bool LocationMap::path_equals(Handle h, std::string_view path) const {
  while (h != kNone) {
    const Entry& e = entries_[h];
    const std::string& s = suffixes_[suffix_of(e)];
    if (path.size() < s.size() || path.substr(path.size() - s.size()) != s) return false;
    path.remove_suffix(s.size());
    h = e.parent;
  }
  return path.empty();
}

LocationMap::Handle LocationMap::lookup(std::string_view path, std::uint32_t hash) const {
  if (slots_.empty()) return kNone;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Handle h = slots_[i];
    if (h == kNone) return kNone;
    const Entry& e = entries_[h];
    if (e.hash == hash && !erased(e) && path_equals(h, path)) return h;
  }
}

LocationMap::Handle LocationMap::find_or_add(std::string_view path) {
  const std::uint32_t hash = hash_on(kFnvBasis, path);
  if (Handle h = lookup(path, hash); h != kNone) return h;
  return append(kNone, suffix_id(path), hash);
}

LocationMap::Handle LocationMap::add_child(Handle parent, std::string_view suffix, const std::string* file, int line,
                                           int column) {
  const std::uint32_t hash = hash_on(parent == kNone ? kFnvBasis : entries_[parent].hash, suffix);
  const Handle h = append(parent, suffix_id(suffix), hash);
  set_value(h, file, line, column);
  return h;
}

void LocationMap::set_value(Handle h, const std::string* file, int line, int column) {
  set_position(h, false, file, line, column);
}

void LocationMap::set_key(Handle h, const std::string* file, int line, int column) {
  set_position(h, true, file, line, column);
}

void LocationMap::set_position(Handle h, bool key, const std::string* file, int line, int column) {
  const std::uint16_t id = file_id(file);
  Spots& at = entries_[h].at;
  (key ? at.key_file : at.value_file) = id;
  (key ? at.key_line : at.value_line) = line;
  (key ? at.key_column : at.value_column) = column;
}

void LocationMap::copy_children(Handle first, Handle end, Handle onto) {
  // A subtree read only for its anchors is erased as a whole, and copied as
  // a whole; in a live one, an erased entry is a value under a repeated key.
  const bool from_erased = erased(entries_[first]);
  std::vector<Handle> copied(end - first, kNone);
  copied[0] = onto;
  for (Handle h = first + 1; h < end; ++h) {
    const Entry source = entries_[h];  // by value: append() may move entries_
    if (erased(source) != from_erased || source.parent < first || source.parent >= end) continue;
    const Handle to_parent = copied[source.parent - first];
    if (to_parent == kNone) continue;
    const std::uint32_t hash = hash_on(entries_[to_parent].hash, suffixes_[suffix_of(source)]);
    const Handle to = append(to_parent, suffix_of(source), hash);
    entries_[to].at = source.at;
    copied[h - first] = to;
  }
}

void LocationMap::erase_entry(Entry& e) {
  if (erased(e)) return;
  e.suffix |= kErased;
  --live_;
}

void LocationMap::erase_from(Handle first) {
  for (Handle h = first; h < entries_.size(); ++h) erase_entry(entries_[h]);
}

std::string LocationMap::path_of(Handle h) const {
  std::vector<const std::string*> parts;
  for (; h != kNone; h = entries_[h].parent) parts.push_back(&suffixes_[suffix_of(entries_[h])]);
  std::string path;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) path += **it;
  return path;
}

void LocationMap::set(const std::string& path, const SourceLocation& where) {
  const std::string* file = intern_file_name(where.file);
  const Handle h = find_or_add(without_key_suffix(path));
  if (names_key(path)) set_key(h, file, where.line, where.column);
  else set_value(h, file, where.line, where.column);
}

std::optional<SourceLocation> LocationMap::find(const std::string& path) const {
  const std::string_view bare = without_key_suffix(path);
  const Handle h = lookup(bare, hash_on(kFnvBasis, bare));
  if (h == kNone) return std::nullopt;
  const Located l = located(entries_[h]);
  const Position& p = names_key(path) ? l.key : l.value;
  if (!p.known()) return std::nullopt;
  return p.location();
}

void LocationMap::put(const std::string& path, const Located& located) {
  assign(entries_[find_or_add(path)], located);
}

std::optional<Located> LocationMap::entry(const std::string& path) const {
  const Handle h = lookup(path, hash_on(kFnvBasis, path));
  if (h == kNone) return std::nullopt;
  return located(entries_[h]);
}

std::vector<std::string> LocationMap::all_paths() const {
  // A parent is always added before its children: paths build front to back.
  std::vector<std::string> paths(entries_.size());
  for (Handle h = 0; h < entries_.size(); ++h) {
    const Entry& e = entries_[h];
    paths[h] = (e.parent == kNone ? std::string() : paths[e.parent]) + suffixes_[suffix_of(e)];
  }
  return paths;
}

std::vector<std::pair<std::string, Located>> LocationMap::under(const std::string& prefix) const {
  std::vector<std::string> paths = all_paths();
  std::vector<std::pair<std::string, Located>> out;
  for (Handle h = 0; h < entries_.size(); ++h)
    if (!erased(entries_[h]) && is_under(paths[h], prefix)) out.emplace_back(paths[h], located(entries_[h]));
  return out;
}

void LocationMap::erase_under(const std::string& prefix) {
  std::vector<std::string> paths = all_paths();
  for (Handle h = 0; h < entries_.size(); ++h) {
    if (is_under(paths[h], prefix)) erase_entry(entries_[h]);
  }
}

void LocationMap::erase(const std::string& path) {
  const Handle h = lookup(path, hash_on(kFnvBasis, path));
  if (h == kNone) return;
  erase_entry(entries_[h]);
}

std::vector<std::pair<std::string, Located>> LocationMap::entries() const {
  std::vector<std::string> paths = all_paths();
  std::vector<std::pair<std::string, Located>> out;
  out.reserve(live_);
  for (Handle h = 0; h < entries_.size(); ++h)
    if (!erased(entries_[h])) out.emplace_back(std::move(paths[h]), located(entries_[h]));
  return out;
}

}  // namespace floe
