#include "artifacts/platform_pull.hpp"

#include <fmt/format.h>

#include <sys/stat.h>

#include <filesystem>
#include <utility>
#include <vector>

#include "core/atomic_directory.hpp"
#include "artifacts/artifact_diagnostics.hpp"
#include "oci/blob_cache.hpp"
#include "oci/media_types.hpp"
#include "oci/parallel_transfers.hpp"
#include "artifacts/signature_ops.hpp"
#include "oci/verified_file.hpp"
#include "diag/codes.hpp"

namespace floe::oci {
namespace fs = std::filesystem;

namespace {

// Opens the target on first use: a pull served from the cache never builds
// an HTTP client.
class LazyTarget {
 public:
  LazyTarget(const Reference& ref, const ArtifactOptions& options) : ref_(ref), options_(options) {}
  ContentTarget& get() {
    if (!target_) target_ = open_target(ref_, options_, false);
    return *target_;
  }
  bool opened() const { return target_ != nullptr; }

 private:
  const Reference& ref_;
  const ArtifactOptions& options_;
  std::unique_ptr<ContentTarget> target_;
};

// The manifest bytes: from the cache for a pinned digest already there,
// otherwise fetched (`cached` false: the caller puts them in the cache once
// the whole pull has succeeded).
Result<FetchedManifest> manifest_bytes(const Reference& ref, BlobCache& cache, LazyTarget& target, bool& cached) {
  cached = false;
  if (ref.pinned()) {
    struct stat st {};
    if (::lstat(cache.blob_path(ref.digest).c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      auto bytes = cache.read(Descriptor{kImageManifest, ref.digest, static_cast<std::int64_t>(st.st_size), {}, {}});
      if (bytes) {
        cached = true;
        return FetchedManifest{std::move(*bytes), kImageManifest, ref.digest};
      }
    }
  }
  auto fetched = target.get().fetch_manifest(ref.object().empty() ? "latest" : ref.object());
  if (!fetched) return fetched;
  if (ref.pinned() && fetched->digest != ref.digest)
    return verification_error(fmt::format("manifest digest mismatch: asked for {}, received {}", ref.digest, fetched->digest));
  return fetched;
}

// Blobs fetched and verified but not yet in the cache: a pull commits them
// all at its end, so one that fails (a layer refused, a signature missing)
// leaves nothing in the cache.
class StagedBlobs {
 public:
  explicit StagedBlobs(BlobCache& cache) : cache_(cache) {}
  ~StagedBlobs() {
    std::error_code ec;
    for (const auto& [path, d] : staged_)
      if (!path.empty()) fs::remove(path, ec);
  }
  StagedBlobs(const StagedBlobs&) = delete;
  StagedBlobs& operator=(const StagedBlobs&) = delete;

  // Room for `n` more; slot(i) may then be filled from any thread.
  std::size_t reserve(std::size_t n) {
    std::size_t first = staged_.size();
    staged_.resize(first + n);
    return first;
  }
  void set(std::size_t slot, std::string path, const Descriptor& d) { staged_[slot] = {std::move(path), d}; }
  Result<Ok> commit() {
    for (auto& [path, d] : staged_) {
      if (path.empty()) continue;
      auto c = cache_.commit_staged(path, d);
      path.clear();
      if (!c) return c;
    }
    return Ok{};
  }

 private:
  BlobCache& cache_;
  std::vector<std::pair<std::string, Descriptor>> staged_;
};

// Extracts the verified blobs into platforms/<hex> (once; concurrent pulls
// may race, the first rename wins and the content is identical anyway).
Result<Ok> extract(const PlatformManifest& manifest, BlobCache& cache, const fs::path& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return Ok{};
  auto done = replace_directory_atomically(dir.string(), [&](const fs::path& staging) -> Result<Ok> {
    for (const auto& layer : manifest.layers) {
      fs::path dest = staging / layer.title;
      fs::create_directories(dest.parent_path(), ec);
      fs::copy_file(cache.blob_path(layer.layer.digest), dest, fs::copy_options::overwrite_existing, ec);
      if (ec) return make_error(FLOE_ERR_IO, fmt::format("cannot extract {}: {}", layer.title, ec.message()));
    }
    return Ok{};
  });
  if (!done && fs::is_directory(dir, ec)) return Ok{};  // another process extracted it first
  return done;
}

// Applies the policy; false when the pull must stop.
bool apply_policy(const VerificationPolicy& policy, const std::string& digest, const Reference& ref,
                  const std::string& cache_root, BlobCache& cache, LazyTarget& target, const SourceLocation& from,
                  PulledPlatform& out, Diagnostics& diags) {
  if (policy.mode == VerifyMode::off) return true;
  out.verified_by = verified_before(cache_root, digest, policy.keys);
  if (!out.verified_by.empty()) return true;
  auto check = check_signatures(target.get(), cache, digest, policy.keys);
  if (!check) {
    diags.add(artifact_diagnostic(check.error(), ref.str(), from));
    return false;
  }
  if (check->verified) {
    out.verified_by = check->key_id;
    record_verified(cache_root, digest, check->key_id);
    return true;
  }
  SourceLocation where = policy.at.file.empty() ? from : policy.at;
  Diagnostic d = artifact_diagnostic(
      codes::R905, fmt::format("signature verification failed for {}@{}: {}", ref.repository_uri(), digest, check->problem),
      where,
      signature_fix(*check, "sign it with floe artifact sign REF --key KEY (or floe platform publish --sign), or list "
                            "the signer's public key under verification.keys"));
  d.subject = ref.str();
  if (policy.mode == VerifyMode::warn) {
    d.severity = Severity::warning;
    diags.add(std::move(d));
    return true;
  }
  diags.add(std::move(d));
  return false;
}

}  // namespace

std::optional<PulledPlatform> pull_platform(const Reference& ref, const VerificationPolicy& policy,
                                            const ArtifactOptions& options, const SourceLocation& from,
                                            Diagnostics& diags, const ArtifactKind& kind) {
  std::string cache_root = cache_root_of(options);
  BlobCache cache(cache_root);
  LazyTarget target(ref, options);
  PulledPlatform out;
  out.reference = ref;
  auto fail = [&](const Error& e) -> std::optional<PulledPlatform> {
    diags.add(artifact_diagnostic(e, ref.str(), from));
    return std::nullopt;
  };

  bool manifest_cached = false;
  auto fetched = manifest_bytes(ref, cache, target, manifest_cached);
  if (!fetched) return fail(fetched.error());
  out.digest = fetched->digest;
  out.reference.digest = fetched->digest;
  auto manifest = read_platform_manifest(fetched->bytes, kind);
  if (!manifest) {
    Error e = verification_error(fmt::format("{}: {}", ref.str(), manifest.error().message));
    for (const auto& [key, value] : manifest.error().detail) e.detail[key] = value;  // what the content is
    return fail(e);
  }
  out.manifest = std::move(*manifest);

  if (!apply_policy(policy, out.digest, ref, cache_root, cache, target, from, out, diags)) return std::nullopt;

  // Missing layers: small ones several at a time, large ones on this thread
  // with progress (see parallel_transfers.hpp).
  std::vector<const PlatformLayer*> small, large;
  for (const auto& layer : out.manifest.layers)
    if (!cache.has(layer.layer)) (layer.layer.size > kLargeBlobBytes ? large : small).push_back(&layer);
  StagedBlobs staged(cache);
  const std::size_t first_small = staged.reserve(small.size());
  ParallelWork job;
  job.count = small.size();
  job.make_target = [&] { return open_target(ref, options, false); };
  job.work = [&](ContentTarget& t, std::size_t i) -> Result<Ok> {
    auto got = cache.fetch_staged(t, small[i]->layer, {});
    if (!got) return std::move(got).error();
    staged.set(first_small + i, std::move(*got), small[i]->layer);
    return Ok{};
  };
  job.on_done = [&](std::size_t i) {
    out.bytes_fetched += static_cast<std::uint64_t>(small[i]->layer.size);
    if (options.progress) options.progress(small[i]->title, small[i]->layer.size, small[i]->layer.size);
  };
  if (!small.empty()) {
    (void)target.get();  // counts as network use, and checks the target opens before the workers do
    if (auto ok = run_parallel(job); !ok) return fail(ok.error());
  }
  for (const PlatformLayer* layer : large) {
    ProgressFn progress;
    if (options.progress)
      progress = [&](const std::string&, std::uint64_t done, std::uint64_t total) { options.progress(layer->title, done, total); };
    auto got = cache.fetch_staged(target.get(), layer->layer, progress);
    if (!got) return fail(got.error());
    staged.set(staged.reserve(1), std::move(*got), layer->layer);
    out.bytes_fetched += static_cast<std::uint64_t>(layer->layer.size);
  }
  // Everything arrived and verified: only now does any of it enter the cache.
  if (auto c = staged.commit(); !c) return fail(c.error());
  if (!manifest_cached) {
    Descriptor d{kImageManifest, out.digest, static_cast<std::int64_t>(fetched->bytes.size()), {}, {}};
    if (auto put = cache.put(d, fetched->bytes); !put) return fail(put.error());
  }
  fs::path dir = cache.extracted_dir(std::string(kind.noun) + "s", out.digest);
  if (auto done = extract(out.manifest, cache, dir); !done) return fail(done.error());
  out.dir = dir.string();
  if (!ref.tag.empty()) (void)cache.remember(ref.repository_uri() + ":" + ref.tag, out.digest);  // a listing hint only
  out.network = target.opened();
  return out;
}

}  // namespace floe::oci
