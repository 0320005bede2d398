#include "oci/blob_cache.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "base/atomic_file.hpp"
#include "base/input_file.hpp"
#include "base/json_text.hpp"
#include "core/sha256.hpp"
#include "core/user_cache.hpp"
#include "oci/advisory_lock.hpp"
#include "oci/blob_io.hpp"
#include "oci/verified_file.hpp"

namespace floe::oci {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// Temporary files and staging directories older than this belong to a
// process that died; younger ones may be in use.
constexpr std::int64_t kStaleTemporarySeconds = 86400;

bool is_hex64(const std::string& name) {
  return name.size() == 64 &&
         std::all_of(name.begin(), name.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Marks a use: prune() goes by the blob's mtime.
void touch(const std::string& path) { ::utimensat(AT_FDCWD, path.c_str(), nullptr, 0); }

std::int64_t mtime_of(const fs::path& p) {
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_mtime) : 0;
}

std::int64_t tree_size(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(p, ec))) return static_cast<std::int64_t>(fs::file_size(p, ec));
  std::int64_t total = 0;
  for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file(ec)) total += static_cast<std::int64_t>(it->file_size(ec));
  return total;
}

// refs.json: {"refs": {"<reference>": {"digest": "sha256:...", "last_used": <unix s>}}}.
// It only caches what a registry said, so an unreadable file counts as empty.
json::object read_refs(const std::string& path) {
  std::error_code exists_ec;
  if (!fs::exists(path, exists_ec)) return {};
  auto v = read_json_file(path, input_limits::kConfigFile);
  if (!v || !v->is_object()) return {};
  auto* refs = v->as_object().if_contains("refs");
  return refs && refs->is_object() ? refs->as_object() : json::object();
}

// The digests a manifest or index names (config, layers, manifests): what
// a kept manifest needs to stay usable.
std::vector<std::string> referenced_digests(const std::string& path, std::int64_t size) {
  std::vector<std::string> out;
  if (size > kMaxManifestBytes) return out;
  auto v = read_json_file(path, static_cast<std::uint64_t>(kMaxManifestBytes));  // any blob: most are not JSON, and that is fine
  if (!v || !v->is_object()) return out;
  const auto& m = v->as_object();
  auto* version = m.if_contains("schemaVersion");
  if (!version || !version->is_int64() || version->as_int64() != 2) return out;
  auto take = [&](const json::value& d) {
    if (auto* dg = d.is_object() ? d.as_object().if_contains("digest") : nullptr; dg && dg->is_string())
      out.emplace_back(dg->as_string());
  };
  if (auto* c = m.if_contains("config")) take(*c);
  for (const char* key : {"layers", "manifests"})
    if (auto* list = m.if_contains(key); list && list->is_array())
      for (const auto& d : list->as_array()) take(d);
  return out;
}

}  // namespace

BlobCache::BlobCache(std::string root) : root_(std::move(root)) {}

std::string BlobCache::default_root() { return (fs::path(user_cache_root()) / "oci").string(); }

std::string BlobCache::blob_path(const std::string& digest) const {
  return (fs::path(root_) / "blobs" / "sha256" / digest_hex(digest)).string();
}

std::string BlobCache::platform_dir(const std::string& manifest_digest) const {
  return extracted_dir("platforms", manifest_digest);
}

std::string BlobCache::extracted_dir(const std::string& folder, const std::string& manifest_digest) const {
  return (fs::path(root_) / folder / digest_hex(manifest_digest)).string();
}

std::string BlobCache::refs_path() const { return (fs::path(root_) / "refs.json").string(); }

bool BlobCache::has(const Descriptor& d) const {
  if (!is_sha256_digest(d.digest)) return false;
  std::string path = blob_path(d.digest);
  struct stat st {};  // the cache's own regular file: a symlink planted there is no hit
  if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != d.size) return false;
  touch(path);
  return true;
}

Result<std::string> BlobCache::ensure(ContentTarget& from, const Descriptor& d, const ProgressFn& progress) {
  if (!is_sha256_digest(d.digest))
    return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("cannot cache blob '{}': not a sha256 digest", d.digest));
  std::string path = blob_path(d.digest);
  if (has(d)) return path;
  auto staged = fetch_staged(from, d, progress);
  if (!staged) return std::move(staged).error();
  if (auto c = commit_staged(*staged, d); !c) return std::move(c).error();
  return path;
}

Result<std::string> BlobCache::fetch_staged(ContentTarget& from, const Descriptor& d, const ProgressFn& progress) {
  if (!is_sha256_digest(d.digest))
    return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("cannot cache blob '{}': not a sha256 digest", d.digest));
  std::string path = blob_path(d.digest);
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  // A private staging name: several processes may fetch the same blob at once.
  std::string staging = path + ".fetch-XXXXXX";
  int fd = ::mkstemp(staging.data());
  if (fd < 0)
    return make_error(FLOE_ERR_IO, fmt::format("cannot write to the floe cache {}: {}", root_, std::strerror(errno)));
  ::close(fd);
  auto discard = [&] { fs::remove(staging, ec); };
  if (auto f = from.fetch_blob(d, staging, progress); !f) {
    discard();
    return std::move(f).error();
  }
  // Checked again here rather than trusting every ContentTarget: the cache
  // serves blobs offline later, so nothing unverified may ever enter it.
  auto size = fs::file_size(staging, ec);
  auto hex = sha256_file_hex(staging);
  if (ec || static_cast<std::int64_t>(size) != d.size || !hex || "sha256:" + *hex != d.digest) {
    discard();
    return verification_error(fmt::format("{} sent content that does not match {} ({} bytes); nothing was cached",
                                          from.describe(), d.digest, d.size));
  }
  return staging;
}

Result<Ok> BlobCache::commit_staged(const std::string& staging, const Descriptor& d) {
  std::string path = blob_path(d.digest);
  if (::rename(staging.c_str(), path.c_str()) != 0) {
    int saved = errno;
    std::error_code ec;
    fs::remove(staging, ec);
    return make_error(FLOE_ERR_IO, fmt::format("cannot move {} into the floe cache: {}", d.digest, std::strerror(saved)));
  }
  return Ok{};
}

Result<std::string> BlobCache::put(const Descriptor& d, std::string_view bytes) {
  if (!is_sha256_digest(d.digest))
    return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("cannot cache blob '{}': not a sha256 digest", d.digest));
  std::string path = blob_path(d.digest);
  if (has(d)) return path;
  VerifiedFile out(path, d);
  if (auto o = out.open(); !o) return std::move(o).error();
  if (auto w = out.write(bytes.data(), bytes.size()); !w) return std::move(w).error();
  if (auto c = out.commit(); !c) return std::move(c).error();
  return path;
}

Result<std::string> BlobCache::read(const Descriptor& d) const {
  if (!is_sha256_digest(d.digest))
    return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("cannot read blob '{}': not a sha256 digest", d.digest));
  std::string path = blob_path(d.digest);
  auto bytes = read_small_blob(root_, d, fmt::format("floe cache {}", root_));
  if (bytes) {
    touch(path);
  } else if (is_verification_error(bytes.error())) {
    std::error_code ec;
    fs::remove(path, ec);
  }
  return bytes;
}

Result<Ok> BlobCache::remember(const std::string& reference, const std::string& manifest_digest) {
  if (!is_sha256_digest(manifest_digest))
    return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("'{}' is not a sha256 digest", manifest_digest));
  auto lock = AdvisoryLock::acquire(refs_path() + ".lock");
  if (!lock) return std::move(lock).error();
  json::object refs = read_refs(refs_path());
  refs[reference] = json::object{{"digest", manifest_digest}, {"last_used", static_cast<std::int64_t>(std::time(nullptr))}};
  return write_file_atomically(refs_path(), json::serialize(json::object{{"refs", std::move(refs)}}));
}

std::optional<std::string> BlobCache::recall(const std::string& reference) const {
  json::object refs = read_refs(refs_path());
  auto* entry = refs.if_contains(reference);
  auto* digest = entry && entry->is_object() ? entry->as_object().if_contains("digest") : nullptr;
  if (!digest || !digest->is_string() || !is_sha256_digest(digest->as_string())) return std::nullopt;
  return std::string(digest->as_string());
}

Result<std::vector<BlobCache::Entry>> BlobCache::list() const {
  std::vector<Entry> entries;
  fs::path dir = fs::path(root_) / "blobs" / "sha256";
  std::error_code ec;
  if (!fs::exists(dir, ec)) return entries;
  std::map<std::string, std::vector<std::string>> refs_by_digest;
  for (const auto& [reference, entry] : read_refs(refs_path()))
    if (auto* d = entry.is_object() ? entry.as_object().if_contains("digest") : nullptr; d && d->is_string())
      refs_by_digest[std::string(d->as_string())].emplace_back(reference);
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (!is_hex64(name) || !it->is_regular_file()) continue;  // skips in-flight temporary files
    Entry e{"sha256:" + name, static_cast<std::int64_t>(it->file_size()), mtime_of(it->path()), {}};
    if (auto r = refs_by_digest.find(e.digest); r != refs_by_digest.end()) e.references = r->second;
    entries.push_back(std::move(e));
  }
  if (ec) return make_error(FLOE_ERR_IO, fmt::format("cannot list the floe cache {}: {}", dir.string(), ec.message()));
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.digest < b.digest; });
  return entries;
}

Result<BlobCache::PruneResult> BlobCache::prune(const PruneOptions& options) {
  auto listed = list();
  if (!listed) return std::move(listed).error();
  const std::int64_t now = std::time(nullptr);
  const std::int64_t cutoff = now - options.unused_for_seconds;
  std::map<std::string, const Entry*> doomed, kept;
  for (const auto& e : *listed) (options.all || e.last_used < cutoff ? doomed : kept)[e.digest] = &e;
  // Whatever a kept manifest names stays, however long unused: a platform
  // in use must not lose its files.
  std::vector<const Entry*> work;
  for (const auto& [digest, e] : kept) work.push_back(e);
  while (!work.empty()) {
    const Entry* e = work.back();
    work.pop_back();
    for (const auto& named : referenced_digests(blob_path(e->digest), e->size))
      if (auto it = doomed.find(named); it != doomed.end()) {
        work.push_back(it->second);
        doomed.erase(it);
      }
  }

  PruneResult result;
  std::error_code ec;
  auto remove = [&](const fs::path& p) {
    result.bytes += tree_size(p);
    if (!options.dry_run) fs::remove_all(p, ec);
  };
  std::set<std::string> all_blobs;
  for (const auto& e : *listed) all_blobs.insert(digest_hex(e.digest));
  for (const auto& [digest, e] : doomed) {
    remove(blob_path(digest));
    ++result.removed;
  }
  // Extracted platforms go with their manifest; orphans and leftovers of
  // crashed processes (non-digest names) go once old enough.
  fs::path platforms = fs::path(root_) / "platforms";
  for (auto it = fs::directory_iterator(platforms, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::string name = it->path().filename().string();
    bool with_manifest = is_hex64(name) && doomed.count("sha256:" + name);
    bool orphan = is_hex64(name) && !all_blobs.count(name) && (options.all || mtime_of(it->path()) < cutoff);
    bool leftover = !is_hex64(name) && mtime_of(it->path()) < now - kStaleTemporarySeconds;
    if (with_manifest || orphan || leftover) remove(it->path());
  }
  ec.clear();
  fs::path blobs = fs::path(root_) / "blobs" / "sha256";
  for (auto it = fs::directory_iterator(blobs, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    if (!is_hex64(it->path().filename().string()) && mtime_of(it->path()) < now - kStaleTemporarySeconds)
      remove(it->path());

  if (!options.dry_run && !doomed.empty()) {
    auto lock = AdvisoryLock::acquire(refs_path() + ".lock");
    if (!lock) return std::move(lock).error();
    json::object refs = read_refs(refs_path());
    std::vector<std::string> gone;
    for (const auto& [reference, entry] : refs)
      if (auto* d = entry.is_object() ? entry.as_object().if_contains("digest") : nullptr;
          d && d->is_string() && doomed.count(std::string(d->as_string())))
        gone.emplace_back(reference);
    for (const auto& reference : gone) refs.erase(reference);
    if (auto w = write_file_atomically(refs_path(), json::serialize(json::object{{"refs", std::move(refs)}})); !w)
      return std::move(w).error();
  }
  return result;
}

}  // namespace floe::oci
