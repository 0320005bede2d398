#include "artifacts/artifact_ops.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/paths.hpp"
#include "compile/platform_compile.hpp"
#include "config/config_loader.hpp"
#include "core/atomic_directory.hpp"
#include "base/atomic_file.hpp"
#include "base/input_file.hpp"
#include "core/json_path.hpp"
#include "artifacts/artifact_diagnostics.hpp"
#include "oci/cosign_signature.hpp"
#include "artifacts/lock_file.hpp"
#include "artifacts/oci_fetcher.hpp"
#include "artifacts/platform_publish.hpp"
#include "artifacts/platform_pull.hpp"
#include "artifacts/product_init.hpp"
#include "artifacts/signature_ops.hpp"
#include "diag/codes.hpp"

namespace floe::oci {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// A reference from the command line (relative layouts from the cwd); adds
// R907 and returns nullopt when malformed.
std::optional<Reference> cli_reference(const std::string& text, Diagnostics& diags) {
  auto parsed = parse_reference(text);
  if (!parsed) {
    diags.add(artifact_diagnostic(codes::R907, parsed.error().message, {}, ""));
    return std::nullopt;
  }
  return *parsed;
}

// The manifest digest a reference names (resolving a tag on the target).
std::optional<std::string> digest_of_reference(ContentTarget& target, const Reference& ref, Diagnostics& diags) {
  if (ref.pinned()) return ref.digest;
  auto found = target.resolve(ref.tag.empty() ? "latest" : ref.tag);
  if (!found) {
    diags.add(artifact_diagnostic(found.error(), ref.str()));
    return std::nullopt;
  }
  if (!*found) {
    diags.add(artifact_diagnostic(make_error(FLOE_ERR_NOT_FOUND, fmt::format("{} does not exist in {}", ref.str(),
                                                                             target.describe())),
                                  ref.str()));
    return std::nullopt;
  }
  return (*found)->digest;
}

json::value pulled_json(const PulledPlatform& p) {
  json::array files;
  for (const auto& l : p.manifest.layers)
    files.push_back(json::object{{"path", l.title}, {"digest", l.layer.digest}, {"size", l.layer.size}});
  return json::object{{"reference", p.reference.str()},
                      {"digest", p.digest},
                      {"cache_dir", p.dir},
                      {"network", p.network},
                      {"bytes_fetched", p.bytes_fetched},
                      {"verified_by", p.verified_by.empty() ? json::value(nullptr) : json::value(p.verified_by)},
                      {"annotations", p.manifest.annotations},
                      {"files", std::move(files)}};
}

}  // namespace

CompileReport publish_operation(const PublishOperation& op, const ArtifactOptions& options, json::value& result) {
  CompileReport report;
  std::string compiled_dir = op.from_dir;
  std::string base_dir;
  if (compiled_dir.empty()) {
    FetcherSettings fetch{options, {}, {}};
    PlatformCompileRequest compile{op.manifest.empty() ? "manifest.yaml" : op.manifest, op.output_dir, true, {}};
    compile.sources.fetch_oci = make_oci_fetcher(fetch);
    report = compile_platform(compile);
    base_dir = directory_of(compile.manifest_path);
    compiled_dir = op.output_dir.empty() ? (fs::path(base_dir) / "target" / "platform").string() : op.output_dir;
    if (report.outcome != Outcome::ok) {
      report.stage("Publishing").lines.push_back({"info", "skipped: the platform does not compile"});
      return report;
    }
  }
  Stage& stage = report.stage(fmt::format("Publishing {} as {}", compiled_dir, op.version));
  PublishRequest request{compiled_dir, op.version, op.registry, op.registry.empty() ? base_dir : "", op.force,
                         op.sign_key};
  auto published = publish_platform(request, options, stage, report.diagnostics);
  if (published) result = publish_result_json(*published);
  report.conclude(stage);
  return report;
}

CompileReport pull_operation(const PullOperation& op, const ArtifactOptions& options, json::value& result) {
  CompileReport report;
  Stage& stage = report.stage(fmt::format("Pulling {}", op.reference));
  auto ref = cli_reference(op.reference, report.diagnostics);
  std::optional<PulledPlatform> pulled;
  if (ref) pulled = pull_platform(*ref, override_policy({}, op.verify_mode, op.keys), options, {}, report.diagnostics);
  if (pulled) {
    stage.lines.push_back({"ok", fmt::format("{}@{}: {} files{}", ref->repository_uri(), pulled->digest,
                                             pulled->manifest.layers.size(), pulled->network ? "" : " (from the cache)")});
    if (!pulled->verified_by.empty()) stage.lines.push_back({"ok", fmt::format("signature verified ({})", pulled->verified_by)});
    result = pulled_json(*pulled);
    if (!op.output_dir.empty()) {
      if (auto copied = copy_directory_atomically(pulled->dir, op.output_dir); !copied) {
        report.diagnostics.add(output_write_failure(op.output_dir, copied.error().message));
      } else {
        stage.lines.push_back({"ok", fmt::format("wrote {}", op.output_dir)});
        for (const auto& l : pulled->manifest.layers) report.written.push_back((fs::path(op.output_dir) / l.title).string());
      }
    }
  }
  report.conclude(stage);
  return report;
}

CompileReport init_operation(const InitOperation& op, const ArtifactOptions& options, json::value& result) {
  CompileReport report;
  report.base_dir = directory_of(op.product);
  Stage& stage = report.stage(fmt::format("Initialising {} from platform {}", op.product, op.platform));
  LocatedDocument product;
  std::error_code ec;
  bool has_product = fs::is_regular_file(op.product, ec);
  if (has_product && !load_data_product(op.product, product, report.diagnostics)) {
    report.conclude(stage);
    return report;
  }
  std::string current = string_at(product.root, {"platform", "ref"});
  auto reference = init_reference(op.platform, current);
  if (!reference) {
    report.diagnostics.add(artifact_diagnostic(codes::R907, reference.error().message, product.at("platform.ref"), ""));
    report.conclude(stage);
    return report;
  }
  auto parsed = parse_reference(*reference);
  Reference ref = with_layout_base(*parsed, has_product ? directory_of(op.product) : std::string());
  auto file_policy = has_product ? policy_from_file(op.product) : Result<VerificationPolicy>(VerificationPolicy{});
  if (!file_policy) {
    report.diagnostics.add(artifact_diagnostic(codes::R907, file_policy.error().message, product.at("platform.verification"), ""));
    report.conclude(stage);
    return report;
  }
  auto pulled = pull_platform(ref, override_policy(*file_policy, op.verify_mode, op.keys), options,
                              product.at("platform.ref"), report.diagnostics);
  if (!pulled) {
    report.conclude(stage);
    return report;
  }
  stage.lines.push_back({"ok", fmt::format("pulled {}@{} ({} files)", ref.repository_uri(), pulled->digest,
                                           pulled->manifest.layers.size())});
  if (!pulled->verified_by.empty()) stage.lines.push_back({"ok", fmt::format("signature verified ({})", pulled->verified_by)});
  fs::path dir = fs::path(directory_of(op.product));
  fs::path local = dir / ".floe" / "platform";
  std::string lock_path = lock_path_for(op.product);
  auto fail_write = [&](const std::string& path, const Error& e) {
    report.diagnostics.add(output_write_failure(path, e.message));
    report.conclude(stage);
    return report;
  };
  // Never through a symlink below the product's folder (.floe -> elsewhere
  // would have the swap replace a folder outside the project).
  if (std::string link = symlink_below(dir.string(), local.string()); !link.empty())
    return fail_write(link, make_error(FLOE_ERR_IO, fmt::format("refusing to write through {}: it is a symbolic link, "
                                                                "and floe writes its outputs inside the project only",
                                                                link)));
  if (auto copied = copy_directory_atomically(pulled->dir, local.string()); !copied) return fail_write(local.string(), copied.error());
  stage.lines.push_back({"ok", fmt::format("wrote {}", local.string())});
  if (has_product && current != *reference) {
    auto text = read_input_file(op.product, InputRules{input_limits::kConfigFile});
    SourceLocation at = product.at("platform.ref");
    auto edited = !text ? Result<std::string>(std::move(text).error())
                  : at.line > 0 && !current.empty()
                      ? set_platform_ref(*text, op.product, at.line, at.column, current, *reference)
                      : Result<std::string>(make_error(FLOE_ERR_INVALID_ARGUMENT, "no platform.ref"));
    if (edited) {
      if (auto w = write_file_atomically(op.product, *edited); !w) return fail_write(op.product, w.error());
      stage.lines.push_back({"ok", fmt::format("platform.ref set to {} (was {})", *reference, current)});
    } else {
      Diagnostic d = artifact_diagnostic(codes::R907, fmt::format("could not set platform.ref in {}: {}", op.product,
                                                                 edited.error().message),
                                         at, fmt::format("set platform.ref: {} by hand", *reference));
      d.severity = Severity::warning;
      report.diagnostics.add(std::move(d));
    }
  }
  auto lock = read_lock_file(lock_path);
  LockFile updated = lock ? *lock : LockFile{};
  updated.set(LockPin{*reference, pulled->digest, string_at(pulled->manifest.annotations, {"dev.floe.platform.name"}),
                      string_at(pulled->manifest.annotations, {"org.opencontainers.image.version"}), pulled->verified_by});
  if (auto w = write_lock_file(lock_path, updated); !w) return fail_write(lock_path, w.error());
  stage.lines.push_back({"ok", fmt::format("{} pins {}", lock_path, pulled->digest)});
  report.written = {local.string(), lock_path};
  json::value pulled_info = pulled_json(*pulled);
  pulled_info.as_object()["platform_dir"] = local.string();
  pulled_info.as_object()["lock_file"] = lock_path;
  result = std::move(pulled_info);
  report.conclude(stage);
  return report;
}

CompileReport sign_operation(const std::string& reference, const std::string& key, const ArtifactOptions& options,
                             json::value& result) {
  CompileReport report;
  Stage& stage = report.stage(fmt::format("Signing {}", reference));
  if (auto ref = cli_reference(reference, report.diagnostics)) {
    auto target = open_target(*ref, options, false);
    if (auto digest = digest_of_reference(*target, *ref, report.diagnostics)) {
      BlobCache cache(cache_root_of(options));
      auto tag = sign_manifest(*target, cache, *ref, *digest, key, options.progress);
      if (tag) {
        stage.lines.push_back({"ok", fmt::format("{}@{} signed (tag {})", ref->repository_uri(), *digest, *tag)});
        result = json::object{{"reference", ref->str()}, {"digest", *digest}, {"signature_tag", *tag}};
      } else {
        report.diagnostics.add(artifact_diagnostic(tag.error(), key));
      }
    }
  }
  report.conclude(stage);
  return report;
}

CompileReport verify_operation(const std::string& reference, const std::vector<std::string>& keys,
                               const ArtifactOptions& options, json::value& result) {
  CompileReport report;
  Stage& stage = report.stage(fmt::format("Verifying {}", reference));
  if (auto ref = cli_reference(reference, report.diagnostics)) {
    auto target = open_target(*ref, options, false);
    if (auto digest = digest_of_reference(*target, *ref, report.diagnostics)) {
      BlobCache cache(cache_root_of(options));
      auto check = check_signatures(*target, cache, *digest, keys);
      if (!check) {
        report.diagnostics.add(artifact_diagnostic(check.error(), reference));
      } else if (check->verified) {
        stage.lines.push_back({"ok", fmt::format("{}@{}: signature valid (key {})", ref->repository_uri(), *digest, check->key_id)});
        result = json::object{{"reference", ref->str()}, {"digest", *digest}, {"verified", true}, {"key_id", check->key_id}};
      } else {
        report.diagnostics.add(artifact_diagnostic(
            codes::R905, fmt::format("{}@{}: {}", ref->repository_uri(), *digest, check->problem), {},
            signature_fix(*check, "sign it with floe artifact sign REF --key KEY, or pass the signer's public key "
                                  "with --key")));
        json::array bundles;
        for (const auto& b : check->bundles)
          bundles.push_back(json::object{{"digest", b.digest}, {"artifactType", b.artifact_type}});
        result = json::object{{"reference", ref->str()}, {"digest", *digest},      {"verified", false},
                              {"problem", check->problem}, {"sigstore_bundles", std::move(bundles)}};
      }
    }
  }
  report.conclude(stage);
  return report;
}

CompileReport keygen_operation(const std::string& prefix, json::value& result) {
  CompileReport report;
  std::string key = prefix + ".key", pub = prefix + ".pub";
  Stage& stage = report.stage(fmt::format("Generating an ECDSA P-256 key pair ({}, {})", key, pub));
  if (auto written = write_key_pair(key, pub); !written) {
    Diagnostic d = written.error().code == FLOE_ERR_ALREADY_EXISTS
                       ? artifact_diagnostic(codes::R907, written.error().message, {}, "choose another prefix or remove the old pair")
                       : output_write_failure(key, written.error().message);
    report.diagnostics.add(std::move(d));
  } else {
    stage.lines.push_back({"ok", fmt::format("private key {} (mode 0600: keep it secret), public key {}", key, pub)});
    report.written = {key, pub};
    result = json::object{{"private_key", key}, {"public_key", pub}};
  }
  report.conclude(stage);
  return report;
}

CompileReport cache_list_operation(const ArtifactOptions& options, json::value& result) {
  CompileReport report;
  BlobCache cache(cache_root_of(options));
  Stage& stage = report.stage(fmt::format("Cache {}", cache.root()));
  auto entries = cache.list();
  if (!entries) {
    report.diagnostics.add(artifact_diagnostic(entries.error(), cache.root()));
  } else {
    json::array list;
    std::int64_t total = 0;
    for (const auto& e : *entries) {
      json::array refs;
      for (const auto& r : e.references) refs.push_back(json::string(r));
      list.push_back(json::object{{"digest", e.digest}, {"size", e.size}, {"last_used", e.last_used}, {"references", std::move(refs)}});
      total += e.size;
    }
    stage.lines.push_back({"ok", fmt::format("{} blobs, {} bytes", entries->size(), total)});
    result = json::object{{"root", cache.root()}, {"blobs", std::move(list)}, {"bytes", total}};
  }
  report.conclude(stage);
  return report;
}

CompileReport cache_prune_operation(const BlobCache::PruneOptions& prune, const ArtifactOptions& options,
                                    json::value& result) {
  CompileReport report;
  BlobCache cache(cache_root_of(options));
  Stage& stage = report.stage(fmt::format("Pruning {}", cache.root()));
  auto pruned = cache.prune(prune);
  if (!pruned) {
    report.diagnostics.add(artifact_diagnostic(pruned.error(), cache.root()));
  } else {
    stage.lines.push_back({"ok", fmt::format("{} {} blobs ({} bytes)", prune.dry_run ? "would remove" : "removed",
                                             pruned->removed, pruned->bytes)});
    result = json::object{{"root", cache.root()}, {"removed", pruned->removed}, {"bytes", pruned->bytes}, {"dry_run", prune.dry_run}};
  }
  report.conclude(stage);
  return report;
}

}  // namespace floe::oci
