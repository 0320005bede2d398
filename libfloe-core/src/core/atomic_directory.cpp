#include "core/atomic_directory.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>

namespace floe {
namespace fs = std::filesystem;

namespace {

// Unique per process and call, so concurrent writers never share a staging dir.
std::string unique_suffix(const char* kind) {
  static std::atomic<unsigned> counter{0};
  return fmt::format(".{}-{}-{}", kind, ::getpid(), counter++);
}

}  // namespace

Result<Ok> replace_directory_atomically(const std::string& dir,
                                        const std::function<Result<Ok>(const fs::path& staging)>& fill) {
  fs::path target = fs::path(dir).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  fs::path staging = target;
  staging += unique_suffix("tmp");
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  if (ec) return make_error(FLOE_ERR_IO, fmt::format("{}: cannot create: {}", staging.string(), ec.message()));
  if (auto filled = fill(staging); !filled) {
    fs::remove_all(staging, ec);
    return filled.error();
  }
  fs::path old = target;
  old += unique_suffix("old");
  bool had_old = fs::exists(target, ec);
  if (had_old) {
    fs::rename(target, old, ec);
    if (ec) {
      fs::remove_all(staging, ec);
      return make_error(FLOE_ERR_IO, fmt::format("{}: cannot replace: {}", target.string(), ec.message()));
    }
  }
  fs::rename(staging, target, ec);
  if (ec) {
    std::string why = ec.message();
    if (had_old) fs::rename(old, target, ec);
    fs::remove_all(staging, ec);
    return make_error(FLOE_ERR_IO, fmt::format("{}: cannot move into place: {}", target.string(), why));
  }
  if (had_old) fs::remove_all(old, ec);
  return Ok{};
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
