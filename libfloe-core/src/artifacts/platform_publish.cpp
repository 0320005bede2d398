#include "artifacts/platform_publish.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <cctype>

#include "core/json_path.hpp"
#include "base/json_text.hpp"
#include "base/input_file.hpp"
#include "artifacts/artifact_diagnostics.hpp"
#include "oci/blob_cache.hpp"
#include "oci/media_types.hpp"
#include "oci/parallel_transfers.hpp"
#include "artifacts/platform_artifact.hpp"
#include "artifacts/signature_ops.hpp"
#include "diag/codes.hpp"

namespace floe::oci {
namespace fs = std::filesystem;
namespace json = boost::json;

json::value publish_result_json(const PublishResult& r) {
  return json::object{{"reference", r.reference.str()},
                      {"digest", r.digest},
                      {"tag", r.reference.tag},
                      {"unchanged", r.unchanged},
                      {"files", r.files},
                      {"bytes", r.bytes},
                      {"uploaded", r.uploaded},
                      {"signature_tag", r.signature_tag.empty() ? json::value(nullptr) : json::value(r.signature_tag)}};
}

bool is_mutable_tag(const std::string& tag) { return tag == "latest" || tag.rfind("dev-", 0) == 0; }

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// Where the sources live and which revision, as CI systems announce them.
std::pair<std::string, std::string> source_and_revision() {
  if (!env("GITHUB_REPOSITORY").empty())
    return {fmt::format("{}/{}", env("GITHUB_SERVER_URL").empty() ? "https://github.com" : env("GITHUB_SERVER_URL"),
                        env("GITHUB_REPOSITORY")),
            env("GITHUB_SHA")};
  if (!env("CI_PROJECT_URL").empty()) return {env("CI_PROJECT_URL"), env("CI_COMMIT_SHA")};
  return {env("FLOE_SOURCE_URL"), env("FLOE_SOURCE_REVISION")};
}

// The compiled platform's manifest.json (metadata, chain, resolved values).
Result<json::value> read_compiled_manifest(const std::string& dir) {
  fs::path file = fs::path(dir) / "manifest.json";
  std::error_code ec;
  if (!fs::exists(file, ec))
    return make_error(FLOE_ERR_NOT_FOUND, fmt::format("{} is not a compiled platform (no manifest.json); run floe platform "
                                                      "compile first",
                                                      dir));
  return read_json_file(file.string(), input_limits::kConfigFile);
}

std::string without_v(const std::string& version) {
  return version.size() > 1 && (version[0] == 'v' || version[0] == 'V') && std::isdigit(static_cast<unsigned char>(version[1]))
             ? version.substr(1)
             : version;
}

// The tag for `version`, which must be the platform's metadata.version
// (mutable tags aside): a tag is a promise about content, and the content
// says which version it is. nullopt after an R907.
std::optional<std::string> tag_for(const std::string& version, const json::value& compiled, Diagnostics& diags) {
  std::string tag = tag_for_version(version);
  if (is_mutable_tag(version)) return tag;
  if (!is_valid_tag(tag)) {
    diags.add(artifact_diagnostic(codes::R907, fmt::format("'{}' cannot be an OCI tag", version), {},
                                  "use the manifest's version, e.g. 1.2.3 or v1.2.3 ('+' becomes '_')"));
    return std::nullopt;
  }
  std::string declared = string_at(compiled, {"metadata", "version"});
  if (tag_for_version(without_v(version)) != tag_for_version(declared)) {
    diags.add(artifact_diagnostic(
        codes::R907,
        fmt::format("version {} does not match the manifest's metadata.version {}", version,
                    declared.empty() ? "(none)" : declared),
        {}, fmt::format("publish as {} (or v{}), or set metadata.version to {} and compile again", declared, declared,
                        without_v(version))));
    return std::nullopt;
  }
  return tag;
}

ArtifactInfo info_from(const json::value& compiled) {
  ArtifactInfo info;
  info.name = string_at(compiled, {"metadata", "name"});
  info.version = string_at(compiled, {"metadata", "version"});
  info.scope = string_at(compiled, {"metadata", "scope"});
  info.created = string_at(compiled, {"metadata", "created"});
  if (auto* chain = find_path(compiled, {"chain"}); chain && chain->is_array() && chain->as_array().size() > 1)
    info.parent = string_at(chain->as_array().front(), {"ref"});
  std::tie(info.source, info.revision) = source_and_revision();
  return info;
}

std::string registry_of(const json::value& compiled) {
  auto* r = find_path(compiled, {"platform", "artifacts", "registry"});
  if (!r) return {};
  if (r->is_string()) return std::string(r->as_string());
  return string_at(*r, {"uri"});
}

// `artifacts.registry: {uri, tls_verify: false}`: the platform team's choice
// for its own registry (a private CA it does not distribute, say).
bool registry_skips_tls_verification(const json::value& compiled) {
  auto* v = find_path(compiled, {"platform", "artifacts", "registry", "tls_verify"});
  return v && v->is_bool() && !v->as_bool();
}

// The directory relative oci-layout: paths in artifacts.registry are taken
// from: that of the manifest that set the value (it may be inherited), found
// through the provenance, which is relative to the compiled manifest's dir.
std::string registry_base(const json::value& compiled, const std::string& manifest_dir) {
  std::string file = string_at(compiled, {"provenance", "artifacts.registry", "file"});
  if (file.empty()) file = string_at(compiled, {"provenance", "artifacts.registry.uri", "file"});
  if (file.empty()) return manifest_dir;
  fs::path dir = fs::path(file).parent_path();
  if (dir.is_absolute()) return dir.string();
  return (fs::path(manifest_dir.empty() ? "." : manifest_dir) / dir).lexically_normal().string();
}

}  // namespace

std::optional<PublishResult> publish_platform(const PublishRequest& request, const ArtifactOptions& options, Stage& stage,
                                              Diagnostics& diags) {
  auto fail = [&](const Error& e, const std::string& subject) -> std::optional<PublishResult> {
    diags.add(artifact_diagnostic(e, subject));
    return std::nullopt;
  };
  auto compiled = read_compiled_manifest(request.compiled_dir);
  if (!compiled) return fail(compiled.error(), request.compiled_dir);
  auto tag = tag_for(request.version, *compiled, diags);
  if (!tag) return std::nullopt;
  std::string registry = request.registry.empty() ? registry_of(*compiled) : request.registry;
  if (registry.empty()) {
    diags.add(artifact_diagnostic(codes::R907, "no registry to publish to", SourceLocation{request.compiled_dir, 0, 0},
                                  "pass --registry oci://host/repo (or oci-layout:DIR), or set artifacts.registry in the "
                                  "manifest"));
    return std::nullopt;
  }
  auto parsed = parse_reference(registry);
  if (!parsed || !parsed->tag.empty() || parsed->pinned()) {
    diags.add(artifact_diagnostic(codes::R907,
                                  parsed ? fmt::format("registry '{}' must name a repository without a tag or digest", registry)
                                         : parsed.error().message,
                                  {}, "write oci://host/repo or oci-layout:DIR; the version gives the tag"));
    return std::nullopt;
  }
  Reference ref = with_layout_base(
      *parsed, request.registry.empty() ? registry_base(*compiled, request.base_dir) : request.base_dir);
  ref.tag = *tag;

  ArtifactOptions target_options = options;
  if (request.registry.empty() && registry_skips_tls_verification(*compiled)) {
    target_options.registry.insecure_tls = true;
    if (target_options.registry.scheme == RegistryOptions::Scheme::automatic)
      target_options.registry.scheme = RegistryOptions::Scheme::https;  // TLS settings mean TLS, loopback too
    stage.lines.push_back({"warning", "artifacts.registry.tls_verify is false: the registry's certificate is not checked"});
  }
  return publish_directory(request.compiled_dir, info_from(*compiled), kPlatformKind, ref, request.force,
                           request.sign_key, target_options, options, stage, diags);
}

std::optional<PublishResult> publish_directory(const std::string& dir, const ArtifactInfo& info, const ArtifactKind& kind,
                                               Reference ref, bool force, const std::string& sign_key,
                                               const ArtifactOptions& target_options, const ArtifactOptions& options,
                                               Stage& stage, Diagnostics& diags) {
  auto fail = [&](const Error& e, const std::string& subject) -> std::optional<PublishResult> {
    diags.add(artifact_diagnostic(e, subject));
    return std::nullopt;
  };
  auto packed = pack_platform_directory(dir, info, kind);
  if (!packed) return fail(packed.error(), dir);
  PublishResult result;
  result.reference = ref;
  result.digest = packed->descriptor.digest;
  result.files = packed->files.size();
  for (const auto& f : packed->files) result.bytes += static_cast<std::uint64_t>(f.layer.size);
  stage.lines.push_back({"ok", fmt::format("packed {} files ({} bytes) as {}", result.files, result.bytes, result.digest)});

  auto target = open_target(ref, target_options, true);
  auto existing = target->resolve(ref.tag);
  if (!existing) return fail(existing.error(), ref.str());
  if (*existing && (*existing)->digest == result.digest) {
    result.unchanged = true;
    stage.lines.push_back({"ok", fmt::format("{} already holds exactly this content: nothing to upload", ref.str())});
  } else if (*existing && !(is_mutable_tag(ref.tag) && force)) {
    std::string why = is_mutable_tag(ref.tag)
                          ? fmt::format("tag '{}' exists; pass --force to move it to the new content", ref.tag)
                          : fmt::format("version {} is immutable: publish a new version (e.g. bump metadata.version)", ref.tag);
    Diagnostic d = artifact_diagnostic(
        codes::R906,
        fmt::format("{} already exists with other content: existing {}, new {}", ref.str(), (*existing)->digest, result.digest),
        {}, why);
    d.subject = ref.str();
    diags.add(std::move(d));
    return std::nullopt;
  }

  if (!result.unchanged) {
    Descriptor config = empty_config_descriptor();
    if (auto ok = target->push_blob(config, BlobSource{{}, kEmptyData}, {}); !ok) return fail(ok.error(), ref.str());
    // Small files go up several at a time; a large one streams on this
    // thread with a progress bar of its own.
    std::vector<const PackedFile*> small, large;
    for (const auto& f : packed->files) (f.layer.size > kLargeBlobBytes ? large : small).push_back(&f);
    std::atomic<std::uint64_t> uploaded{0};
    auto upload = [&](ContentTarget& t, const PackedFile& f, const ProgressFn& progress) -> Result<Ok> {
      auto there = t.blob_exists(f.layer);
      if (!there) return std::move(there).error();
      if (*there) return Ok{};
      if (auto ok = t.push_blob(f.layer, BlobSource{f.path, {}}, progress); !ok) return ok;
      uploaded += static_cast<std::uint64_t>(f.layer.size);
      return Ok{};
    };
    ParallelWork job;
    job.count = small.size();
    job.make_target = [&] { return open_target(ref, target_options, true); };
    job.work = [&](ContentTarget& t, std::size_t i) { return upload(t, *small[i], {}); };
    if (options.progress)
      job.on_done = [&](std::size_t i) { options.progress(small[i]->title, small[i]->layer.size, small[i]->layer.size); };
    if (auto ok = run_parallel(job); !ok) return fail(ok.error(), ref.str());
    for (const PackedFile* f : large) {
      ProgressFn progress;
      if (options.progress)
        progress = [&](const std::string&, std::uint64_t done, std::uint64_t total) { options.progress(f->title, done, total); };
      if (auto ok = upload(*target, *f, progress); !ok) return fail(ok.error(), f->title);
    }
    result.uploaded = uploaded;
    if (is_mutable_tag(ref.tag) && force) {
      if (auto ok = target->push_manifest(ref.tag, packed->manifest, kImageManifest); !ok) return fail(ok.error(), ref.str());
    } else {
      // The check above and this write race with another publish of the same
      // version: the write is conditional (a layout checks under its lock; a
      // registry is read back), so two different contents never both succeed.
      auto pushed = target->push_manifest_if_absent(ref.tag, packed->manifest, kImageManifest);
      if (!pushed) return fail(pushed.error(), ref.str());
      if (*pushed) {
        Diagnostic d = artifact_diagnostic(
            codes::R906,
            fmt::format("{} was published with other content while this publish ran: it holds {}, this one's is {}",
                        ref.str(), **pushed, result.digest),
            {}, fmt::format("version {} is immutable: publish a new version, or check which content was meant", ref.tag));
        d.subject = ref.str();
        diags.add(std::move(d));
        return std::nullopt;
      }
    }
    stage.lines.push_back({"ok", fmt::format("published {}@{} ({} bytes uploaded)", ref.str(), result.digest, result.uploaded)});
  }
  result.reference.digest = result.digest;

  if (!sign_key.empty()) {
    BlobCache cache(cache_root_of(options));
    auto signed_at = sign_manifest(*target, cache, ref, result.digest, sign_key, {});
    if (!signed_at) return fail(signed_at.error(), sign_key);
    result.signature_tag = *signed_at;
    stage.lines.push_back({"ok", fmt::format("signed: {} (tag {})", result.digest, *signed_at)});
  }
  return result;
}

}  // namespace floe::oci
