// What parsing each .sql and .yml file of a dbt project gave, kept in a file
// between reads, so that reading the project again parses only the files
// that changed: the edit loop (`floe validate` on every save) of a project of
// thousands of models (issue 36).
//
// A file's result is reused when the file is the one that was parsed: the
// same device, inode, size, modification and change time (git's index and
// ninja decide the same way; hashing the content would mean reading every
// file, which is most of what a read costs). Results are recorded only for
// files last changed more than two seconds before the read: a file written
// again within the file system's timestamp granularity could otherwise keep
// its times and size and be taken for the old one. Only results without a
// diagnostic are recorded (a file with a problem is parsed every time, so
// its diagnostics are always the parser's own).
//
// The cache file holds a key (the caller's: the build of floe that parsed,
// and anything the results depend on besides the files) and is ignored
// whole when the key differs or any part of it cannot be decoded: a
// truncated or corrupt cache costs a full read, never a wrong project, and
// no read goes past its end. A well-formed cache is trusted as the user's
// own files are: it lives in the user's 0700 cache folder, and whoever can
// write there can make floe see another project (as they could edit the
// project). It is written to a temporary file beside it and renamed over
// it, never through a symlink.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dbt/schema_yml_reader.hpp"
#include "dbt/sql_scanner.hpp"

namespace floe::dbt {

// Which file a result was parsed from, as stat describes it.
struct FileIdentity {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::uint64_t size = 0;
  std::int64_t modified_ns = 0;
  std::int64_t changed_ns = 0;
  bool operator==(const FileIdentity&) const = default;
};

FileIdentity identity_of(const struct stat& st);

// Whether a result parsed now from a file of this identity may be recorded:
// its last change is more than `grace_ns` (two seconds, normally) before
// `now_ns` (realtime).
bool settled(const FileIdentity& id, std::int64_t now_ns, std::int64_t grace_ns);

// One file's recorded result: the encoded SqlScan or SchemaYml.
struct CachedParse {
  FileIdentity id;
  bool is_sql = false;
  std::string_view payload;  // into the loaded cache's buffer
};

// A new record: what one file's parse gave, encoded (views into what the
// caller keeps until the cache is saved).
struct ParseRecord {
  std::string_view relative;  // "models/a.sql": the project-relative path
  FileIdentity id;
  bool is_sql = false;
  std::string_view payload;
};

// `shown`: the .yml file's path as its locations hold it (stored once).
std::string encode_sql_scan(const SqlScan& scan);
std::string encode_schema_yml(const SchemaYml& yml, std::string_view shown);
// False (and `out` unspecified) when the payload is malformed.
bool decode_sql_scan(std::string_view payload, SqlScan& out);
bool decode_schema_yml(std::string_view payload, std::string_view shown, SchemaYml& out);

class ParseCache {
 public:
  // Movable, not copyable: files_ views into the buffer this one holds.
  ParseCache() = default;
  ParseCache(ParseCache&&) = default;
  ParseCache& operator=(ParseCache&&) = default;
  ParseCache(const ParseCache&) = delete;
  ParseCache& operator=(const ParseCache&) = delete;

  // The cache at `path` when its key is `key`; empty when there is none, it
  // cannot be read, is malformed or has another key.
  static ParseCache load(const std::string& path, const std::string& key);
  // The same, from the cache file's bytes.
  static ParseCache parse(std::string bytes, const std::string& key);

  // The recorded result of `relative`; null when there is none.
  const CachedParse* find(std::string_view relative) const;
  std::size_t size() const { return files_.size(); }

 private:
  std::string buffer_;
  std::unordered_map<std::string_view, CachedParse> files_;
};

// Writes `records` as the cache at `path` (creating its folder, mode 0700),
// replacing what was there. False when it could not be written; nothing is
// then left but what was there before. Other caches in the folder that no
// read has used for 30 days (a project moved or deleted), and temporary
// files a crashed writer left for a day, are removed (judged at `now_ns`,
// realtime). A symlink at `path` is replaced, never written through; a
// symlink as the folder itself gets no cache (false).
bool save_parse_cache(const std::string& path, const std::string& key, const std::vector<ParseRecord>& records,
                      std::int64_t now_ns);

// Marks the cache at `path` as used now (its modification time), when a
// read found it already holding what it would write.
void touch_parse_cache(const std::string& path);

}  // namespace floe::dbt
