#include "dbt/parse_cache.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "base/atomic_file.hpp"
#include "base/input_file.hpp"

namespace floe::dbt {
namespace {

namespace fs = std::filesystem;

// Version 2 (a column's position without its file since 2026-11-29); a new
// layout gets a new magic, and an old cache is then ignored.
constexpr std::string_view kMagic = "floe-dbt-parse-cache 2\n";
// A cache larger than this is neither written nor read: the results of a
// project's files are about the size of its .yml files.
constexpr std::uint64_t kMaxCacheBytes = std::uint64_t{1} << 30;
// The length written for a location's file that is the encoded file itself.
constexpr std::uint32_t kSelf = 0xFFFFFFFF;

// Fixed-width integers in the machine's byte order (the cache never leaves
// the machine). Writer and Reader have the same `field` and `list` calls, so
// one field list per structure (below) serves both directions.
class Writer {
 public:
  // `self`: the file being encoded, as shown; a location in it is written
  // as a marker instead of its path (most of a .yml's locations are in it).
  explicit Writer(std::string& out, std::string_view self = {}) : out_(out), self_(self) {}
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void u64(std::uint64_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void text(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  void field(const std::string& s) { text(s); }
  void field(const int& v) { u32(static_cast<std::uint32_t>(v)); }
  void field(const std::optional<std::string>& s) {
    u8(s ? 1 : 0);
    if (s) text(*s);
  }
  void field(const std::optional<bool>& b) { u8(!b ? 0 : *b ? 2 : 1); }
  void field(const std::vector<std::string>& v) {
    u32(static_cast<std::uint32_t>(v.size()));
    for (const auto& s : v) text(s);
  }
  void field(const std::map<std::string, std::string>& m) {
    u32(static_cast<std::uint32_t>(m.size()));
    for (const auto& [k, v] : m) {
      text(k);
      text(v);
    }
  }
  void field(const SourceLocation& at) {
    if (!self_.empty() && at.file == self_)
      u32(kSelf);
    else
      text(at.file);
    field(at.line);
    field(at.column);
  }
  template <class T, class Each>
  void list(const std::vector<T>& items, std::size_t /*min_bytes*/, Each each) {
    u32(static_cast<std::uint32_t>(items.size()));
    for (const auto& item : items) each(item);
  }

 private:
  std::string& out_;
  std::string_view self_;
};

// Every read is bounds-checked; the first failure sticks (ok() false) and
// every later read gives zeros, so decoders check once at the end.
class Reader {
 public:
  explicit Reader(std::string_view in, std::string_view self = {}) : in_(in), self_(self) {}
  bool ok() const { return ok_; }
  bool at_end() const { return at_ == in_.size(); }
  std::uint8_t u8() {
    std::uint8_t v = 0;
    take(&v, sizeof v);
    return v;
  }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    take(&v, sizeof v);
    return v;
  }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    take(&v, sizeof v);
    return v;
  }
  std::string_view view() {
    const std::uint32_t n = u32();
    if (!ok_ || n > in_.size() - at_) return fail(), std::string_view{};
    std::string_view s = in_.substr(at_, n);
    at_ += n;
    return s;
  }
  // A count of items each at least `min_bytes` long: never more than the
  // bytes left could hold, so a hostile count cannot make a huge reserve.
  std::size_t count(std::size_t min_bytes) {
    const std::uint32_t n = u32();
    if (!ok_ || n > (in_.size() - at_) / min_bytes) return fail(), 0;
    return n;
  }
  void field(std::string& s) { s = view(); }
  void field(int& v) { v = static_cast<int>(u32()); }
  void field(std::optional<std::string>& s) {
    const std::uint8_t tag = u8();
    if (tag > 1) return fail();
    if (tag == 1) s = std::string(view());
  }
  void field(std::optional<bool>& b) {
    const std::uint8_t tag = u8();
    if (tag > 2) return fail();
    if (tag != 0) b = tag == 2;
  }
  void field(std::vector<std::string>& v) {
    const std::size_t n = count(4);
    v.reserve(n);
    for (std::size_t i = 0; i < n && ok_; ++i) v.emplace_back(view());
  }
  void field(std::map<std::string, std::string>& m) {
    const std::size_t n = count(8);
    for (std::size_t i = 0; i < n && ok_; ++i) {
      std::string k(view());
      m[std::move(k)] = view();
    }
  }
  void field(SourceLocation& at) {
    const std::size_t before = at_;
    if (u32() == kSelf && ok_ && !self_.empty()) {
      at.file = self_;
    } else {
      at_ = before;
      at.file = view();
    }
    field(at.line);
    field(at.column);
  }
  template <class T, class Each>
  void list(std::vector<T>& items, std::size_t min_bytes, Each each) {
    items.resize(count(min_bytes));
    for (auto& item : items) each(item);
  }

 private:
  void fail() { ok_ = false; }
  void take(void* v, std::size_t n) {
    if (!ok_ || n > in_.size() - at_) return fail();
    std::memcpy(v, in_.data() + at_, n);
    at_ += n;
  }
  std::string_view in_;
  std::string_view self_;
  std::size_t at_ = 0;
  bool ok_ = true;
};

// The field lists: `IO` is Writer (on const structures) or Reader. The
// numbers are each item's smallest encoding in bytes (Reader::count).
template <class IO, class Column>
void column_fields(IO& io, Column& c) {
  io.field(c.name);
  io.field(c.description);
  io.field(c.tags);
  io.field(c.line);
  io.field(c.column);
  io.field(c.data_type);
}

template <class IO, class Scan>
void sql_scan_fields(IO& io, Scan& scan) {
  io.list(scan.refs, 20, [&](auto& ref) {
    io.field(ref.package);
    io.field(ref.name);
    io.field(ref.version);
    io.field(ref.line);
    io.field(ref.column);
  });
  io.list(scan.sources, 16, [&](auto& source) {
    io.field(source.source_name);
    io.field(source.table_name);
    io.field(source.line);
    io.field(source.column);
  });
  io.field(scan.config.materialized);
  io.field(scan.config.tags);
  io.field(scan.config.enabled);
  io.field(scan.config.meta);
  io.field(scan.first_line);
  io.field(scan.first_column);
}

template <class IO, class Yml>
void schema_yml_fields(IO& io, Yml& yml) {
  io.list(yml.models, 38, [&](auto& m) {
    io.field(m.name);
    io.field(m.where);
    io.field(m.description);
    io.field(m.materialized);
    io.field(m.enabled);
    io.field(m.tags);
    io.field(m.meta);
    io.list(m.columns, 24, [&](auto& c) { column_fields(io, c); });
    io.list(m.tests, 8, [&](auto& t) {
      io.field(t.type);
      io.field(t.column_name);
    });
  });
  io.list(yml.sources, 24, [&](auto& s) {
    io.field(s.source_name);
    io.field(s.table_name);
    io.field(s.where);
    io.list(s.columns, 24, [&](auto& c) { column_fields(io, c); });
  });
}

std::int64_t timespec_ns(const struct timespec& t) {
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

// The caches beside `kept` that no read has used for 30 days, and
// temporary files older than a day. Only regular files named as this code
// names them are removed; anything else in the folder is left alone.
void forget_stale_caches(const fs::path& kept, std::int64_t now) {
  constexpr std::int64_t kDay = std::int64_t{86'400} * 1'000'000'000;
  std::error_code ec;
  for (fs::directory_iterator it(kept.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    const std::string name = p.filename().string();
    const bool temporary = name.find(".bin.tmp-") != std::string::npos;
    if (p == kept || !(temporary || name.ends_with(".bin"))) continue;
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (now - timespec_ns(st.st_mtim) > (temporary ? kDay : 30 * kDay)) ::unlink(p.c_str());
  }
}

}  // namespace

FileIdentity identity_of(const struct stat& st) {
  return FileIdentity{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                      static_cast<std::uint64_t>(st.st_size), timespec_ns(st.st_mtim), timespec_ns(st.st_ctim)};
}

bool settled(const FileIdentity& id, std::int64_t now_ns, std::int64_t grace_ns) {
  return now_ns - id.modified_ns > grace_ns && now_ns - id.changed_ns > grace_ns;
}

std::string encode_sql_scan(const SqlScan& scan) {
  std::string out;
  Writer w(out);
  sql_scan_fields(w, scan);
  return out;
}

bool decode_sql_scan(std::string_view payload, SqlScan& out) {
  Reader r(payload);
  sql_scan_fields(r, out);
  return r.ok() && r.at_end();
}

std::string encode_schema_yml(const SchemaYml& yml, std::string_view shown) {
  std::string out;
  Writer w(out, shown);
  schema_yml_fields(w, yml);
  return out;
}

bool decode_schema_yml(std::string_view payload, std::string_view shown, SchemaYml& out) {
  Reader r(payload, shown);
  schema_yml_fields(r, out);
  return r.ok() && r.at_end();
}

ParseCache ParseCache::load(const std::string& path, const std::string& key) {
  InputRules rules;
  rules.max_bytes = kMaxCacheBytes;
  rules.follow_symlinks = false;
  auto text = read_input_file(path, rules);
  if (!text) return ParseCache{};
  return parse(std::move(*text), key);
}

ParseCache ParseCache::parse(std::string bytes, const std::string& key) {
  ParseCache cache;
  if (!bytes.starts_with(kMagic)) return cache;
  // files_ holds views into buffer_: moving a ParseCache keeps them valid
  // because the buffer, longer than the magic, is never a short string
  // stored inline.
  static_assert(kMagic.size() > 15);
  cache.buffer_ = std::move(bytes);
  Reader r(std::string_view(cache.buffer_).substr(kMagic.size()));
  if (r.view() != key) return ParseCache{};
  const std::size_t n = r.count(48);
  cache.files_.reserve(n);
  for (std::size_t i = 0; i < n && r.ok(); ++i) {
    const std::string_view relative = r.view();
    CachedParse file;
    file.id.device = r.u64();
    file.id.inode = r.u64();
    file.id.size = r.u64();
    file.id.modified_ns = static_cast<std::int64_t>(r.u64());
    file.id.changed_ns = static_cast<std::int64_t>(r.u64());
    const std::uint8_t kind = r.u8();
    file.is_sql = kind == 1;
    file.payload = r.view();
    if (kind > 1) return ParseCache{};
    cache.files_.emplace(relative, file);
  }
  if (!r.ok() || !r.at_end()) return ParseCache{};
  return cache;
}

const CachedParse* ParseCache::find(std::string_view relative) const {
  auto it = files_.find(relative);
  return it == files_.end() ? nullptr : &it->second;
}

bool save_parse_cache(const std::string& path, const std::string& key, const std::vector<ParseRecord>& records,
                      std::int64_t now_ns) {
  const fs::path target(path);
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec) return false;
  // The cache's own folder is made the user's alone, but never through a
  // symlink (that would change the mode of whatever it points at, and put
  // the cache there): a symlinked folder gets no cache. The folders above
  // it are the user's and may be symlinks (a ~/.cache kept elsewhere).
  const int folder = ::open(target.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (folder < 0) return false;
  ::fchmod(folder, 0700);
  ::close(folder);
  // Written in pieces of about 1 MiB: the whole cache in one string first
  // would be tens of MB of fresh pages for nothing. Unsynced: a cache lost
  // to a crash of the machine is only parsed again.
  auto produce = [&](const ContentSink& sink) {
    std::string piece(kMagic);
    std::uint64_t total = 0;
    auto flush = [&] {
      total += piece.size();
      const bool written = total <= kMaxCacheBytes && sink(piece);
      piece.clear();
      return written;
    };
    Writer w(piece);
    w.text(key);
    w.u32(static_cast<std::uint32_t>(records.size()));
    for (const auto& rec : records) {
      w.text(rec.relative);
      w.u64(rec.id.device);
      w.u64(rec.id.inode);
      w.u64(rec.id.size);
      w.u64(static_cast<std::uint64_t>(rec.id.modified_ns));
      w.u64(static_cast<std::uint64_t>(rec.id.changed_ns));
      w.u8(rec.is_sql ? 1 : 0);
      w.text(rec.payload);
      if (piece.size() >= (std::size_t{1} << 20) && !flush()) return false;
    }
    return flush();
  };
  if (!write_file_atomically(path, produce, 0600, Durability::unsynced)) return false;
  forget_stale_caches(target, now_ns);
  return true;
}

void touch_parse_cache(const std::string& path) {
  const struct timespec now[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
  ::utimensat(AT_FDCWD, path.c_str(), now, AT_SYMLINK_NOFOLLOW);
}

}  // namespace floe::dbt
