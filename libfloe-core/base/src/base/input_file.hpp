// Reading a file someone else controls: the one way floe opens its inputs
// (manifest.yaml, floe.yaml, dbt projects, target/manifest.json, floe.lock,
// cache entries, key files, OCI layouts). Every read
//   - never blocks: the file is opened O_NONBLOCK and must be a regular file,
//     so a FIFO, a device, a socket or a symlink to /dev/zero is refused at
//     once ("not a regular file");
//   - is bounded: a file larger than the caller's limit is refused before a
//     byte of it is read, and a file that grows while read stops at the limit
//     ("larger than N");
//   - checks the operation's deadline (base/deadline.hpp) as it goes;
//   - optionally follows no symlink: open_beneath() reads a path below a
//     root directory without following a symlink on any component under the
//     root (how an OCI layout is read: a symlinked blob or blobs/ directory
//     is refused, not followed elsewhere).
// Errors carry detail {"kind": "input", "problem": ..., "path": ...}:
// "missing" (FLOE_ERR_NOT_FOUND), "not_regular", "too_large", "symlink",
// "outside" (FLOE_ERR_INVALID_ARGUMENT), "unreadable" (FLOE_ERR_IO); a
// passed deadline is deadline_error(). Messages name the path and the limit.
//
// The limits callers use are below; docs/configuration.md#input-files and
// docs/artifacts.md#limits list them for users.
#pragma once

#include <cstdint>
#include <string>

#include "base/result.hpp"

namespace floe {

inline constexpr std::uint64_t kMiB = 1024 * 1024;

namespace input_limits {
// floe.yaml, manifest.yaml, floe.lock, a compiled platform's files, the
// compile record, cache records, plugin manifests, the docker config.
inline constexpr std::uint64_t kConfigFile = 16 * kMiB;
// dbt_project.yml, one model .sql, one properties .yml.
inline constexpr std::uint64_t kDbtFile = 16 * kMiB;
// target/manifest.json: legitimately hundreds of MB; streamed, never held whole.
inline constexpr std::uint64_t kDbtManifest = 2048 * kMiB;
// target/catalog.json (read whole for lineage facts).
inline constexpr std::uint64_t kDbtCatalog = 512 * kMiB;
// A PEM key (cosign's and floe's are a few hundred bytes).
inline constexpr std::uint64_t kKeyFile = 64 * 1024;
// An OCI layout's oci-layout, index.json and manifests (the registry path's cap).
inline constexpr std::uint64_t kOciDocument = 4 * kMiB;
}  // namespace input_limits

// For streams whose size does not matter to memory (hashing a file): no
// practical limit, the other rules still apply.
inline constexpr std::uint64_t kUnboundedInput = std::uint64_t{1} << 62;

struct InputRules {
  std::uint64_t max_bytes = 0;  // more is refused ("larger than N")
  bool follow_symlinks = true;  // false: the last component must not be a symlink (O_NOFOLLOW)
  // The caller has just seen a regular file at the path (a directory listing
  // said so): open() skips its look before opening. The open is still
  // non-blocking and the file is checked again once open.
  bool listed_regular = false;
};

class InputFile {
 public:
  // Opens `path` for reading under `rules`.
  static Result<InputFile> open(const std::string& path, const InputRules& rules);
  // Opens `relative` (a '/'-separated path without "." or "..") below the
  // directory `root`, following no symlink below the root (the root itself
  // may be one: the user named it). The last component is checked as open()
  // does with follow_symlinks = false, whatever `rules` says.
  static Result<InputFile> open_beneath(const std::string& root, const std::string& relative, const InputRules& rules);

  InputFile(InputFile&& other) noexcept;
  InputFile& operator=(InputFile&& other) noexcept;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile();

  const std::string& path() const { return path_; }
  std::uint64_t size() const { return size_; }  // when opened
  std::uint64_t limit() const { return limit_; }

  // Up to `n` bytes into `data`; 0 at the end of the file. Reading past the
  // limit (a file that grew) is the "too_large" error.
  Result<std::size_t> read(char* data, std::size_t n);
  // Up to `n` bytes from `offset` (pread: the position read() continues
  // from does not move, so threads may read different parts at once); 0 at
  // the end of the file; the same deadline and limit rules as read().
  Result<std::size_t> read_at(std::uint64_t offset, char* data, std::size_t n) const;
  // Everything left.
  Result<std::string> read_all();

 private:
  static Result<InputFile> adopt(int fd, const std::string& path, const InputRules& rules);
  InputFile(int fd, std::string path, std::uint64_t size, std::uint64_t limit)
      : fd_(fd), path_(std::move(path)), size_(size), limit_(limit) {}
  int fd_ = -1;
  std::string path_;
  std::uint64_t size_ = 0;
  std::uint64_t limit_ = 0;
  std::uint64_t consumed_ = 0;
};

// The whole file, under `rules`.
Result<std::string> read_input_file(const std::string& path, const InputRules& rules);
// Its first `n` bytes (fewer if it is shorter): a magic number, a "#!" line.
Result<std::string> read_input_head(const std::string& path, std::size_t n);
Result<std::string> read_input_file_beneath(const std::string& root, const std::string& relative,
                                            const InputRules& rules);

// "missing", "not_regular", "too_large", "symlink", "outside", "unreadable"
// for an error of this file's functions, "" for any other error.
std::string input_problem(const Error& e);

// "4 MiB", "64 KiB", "100 bytes": a limit as people read it.
std::string describe_size(std::uint64_t bytes);

}  // namespace floe
