#include "core/atomic_directory.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace floe {
namespace fs = std::filesystem;

namespace {

// Unique per process and call, so concurrent writers never share a staging dir.
std::string unique_suffix(const char* kind) {
  static std::atomic<unsigned> counter{0};
  return fmt::format(".{}-{}-{}", kind, ::getpid(), counter++);
}

// Removes what an earlier writer killed mid-way left beside `target`:
// "<name>.tmp-<pid>-<n>" and "<name>.old-<pid>-<n>" whose process is gone.
// A live writer's staging directory is left alone.
void remove_stale_siblings(const fs::path& target) {
  std::error_code ec;
  const std::string name = target.filename().string();
  fs::directory_iterator it(target.has_parent_path() ? target.parent_path() : fs::path("."), ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string sibling = it->path().filename().string();
    for (const char* kind : {".tmp-", ".old-"}) {
      const std::string prefix = name + kind;
      if (sibling.rfind(prefix, 0) != 0) continue;
      const std::string rest = sibling.substr(prefix.size());
      const auto dash = rest.find('-');
      if (dash == std::string::npos || dash == 0 || rest.find_first_not_of("0123456789") != dash) continue;
      const long pid = std::strtol(rest.substr(0, dash).c_str(), nullptr, 10);
      if (pid <= 0 || pid == ::getpid()) continue;
      // Alive, or not ours to signal (EPERM): its writer may still run.
      if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
      std::error_code ignored;
      fs::remove_all(it->path(), ignored);
    }
  }
}

// Moves `staging` to `target` so that `target` is, at every instant, either
// the old complete tree or the new one (also for a reader, a SIGKILL, or a
// second writer). An existing target is swapped with renameat2's
// RENAME_EXCHANGE (staging then holds the old tree, which the caller removes);
// a new one is created with RENAME_NOREPLACE, and if another writer created
// it meanwhile, swapped the same way. A file system without these flags
// (EINVAL) gets the two plain renames, the old behaviour.
Result<Ok> swap_into_place(const fs::path& staging, const fs::path& target) {
  for (int attempt = 0; attempt < 4; ++attempt) {
    if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) return Ok{};
    if (errno == ENOENT) {
      if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) return Ok{};
      if (errno == EEXIST) continue;  // another writer made it first: swap with theirs
    }
    if (errno != EINVAL && errno != ENOSYS) break;
    // No exchange here: move the old tree aside, then the new one in.
    std::error_code ec;
    fs::path old = target;
    old += unique_suffix("old");
    bool had_old = fs::exists(target, ec);
    if (had_old) {
      fs::rename(target, old, ec);
      if (ec) return make_error(FLOE_ERR_IO, fmt::format("{}: cannot replace: {}", target.string(), ec.message()));
    }
    fs::rename(staging, target, ec);
    if (ec) {
      std::string why = ec.message();
      if (had_old) fs::rename(old, target, ec);
      return make_error(FLOE_ERR_IO, fmt::format("{}: cannot move into place: {}", target.string(), why));
    }
    if (had_old) fs::remove_all(old, ec);
    return Ok{};
  }
  return make_error(FLOE_ERR_IO, fmt::format("{}: cannot move into place: {}", target.string(), std::strerror(errno)));
}

}  // namespace

Result<Ok> replace_directory_atomically(const std::string& dir,
                                        const std::function<Result<Ok>(const fs::path& staging)>& fill) {
  fs::path target = fs::path(dir).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  remove_stale_siblings(target);
  fs::path staging = target;
  staging += unique_suffix("tmp");
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  if (ec) return make_error(FLOE_ERR_IO, fmt::format("{}: cannot create: {}", staging.string(), ec.message()));
  if (auto filled = fill(staging); !filled) {
    fs::remove_all(staging, ec);
    return filled.error();
  }
  auto swapped = swap_into_place(staging, target);
  // After an exchange the staging name holds the previous tree; after a
  // failure, the new one that never went in. Either way it goes.
  fs::remove_all(staging, ec);
  return swapped;
}

Result<Ok> copy_directory_atomically(const std::string& source, const std::string& dir) {
  return replace_directory_atomically(dir, [&](const fs::path& staging) -> Result<Ok> {
    std::error_code ec;
    fs::copy(source, staging, fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
    if (ec) return make_error(FLOE_ERR_IO, fmt::format("cannot copy {} to {}: {}", source, staging.string(), ec.message()));
    return Ok{};
  });
}

}  // namespace floe
