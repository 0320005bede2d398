#include "artifact_commands.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <ctime>
#include <memory>

#include "c_api.hpp"
#include "exit_codes.hpp"
#include "result_stream.hpp"
#include "progress_bar.hpp"
#include "registry_flags.hpp"
#include "report_fields.hpp"
#include "report_printer.hpp"

namespace floe::cli {
namespace {
namespace json = boost::json;

struct ArtifactOptions {
  std::string version, manifest, from, output, registry, key, reference, product, platform, prefix, format = "text";
  bool force = false, sign = false, all = false, dry_run = false;
  double older_than_days = 0;
  std::vector<std::string> keys;
  RegistryFlags registry_flags;
};

// Keys the user did not give are left out: the library has the defaults.
// `flags` is null for operations that reach no registry and no cache.
json::value run_artifact_request(json::object request, const RegistryFlags* flags) {
  if (flags != nullptr) apply_registry_flags(*flags, request);
  ProgressBar bar;
  floe_progress sink = bar.sink();
  Buffer out;
  Error error;
  check(floe_artifact_run(json::serialize(request).c_str(), &sink, &out.raw, &error.raw), error);
  return parse_output(out);
}

void add_format(CLI::App* cmd, ArtifactOptions& o) {
  cmd->add_option("--format", o.format, "Output: text (default) or json (the whole report; .result holds the outcome)")->check(CLI::IsMember({"text", "json"}));
}

std::string when(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

void print_cache(const json::value& result) {
  fmt::print(result_stream(), "{}\n", json::value_to<std::string>(result.at("root")));
  for (const auto& b : result.at("blobs").as_array()) {
    std::string refs;
    for (const auto& r : b.at("references").as_array()) refs += " " + json::value_to<std::string>(r);
    fmt::print(result_stream(), "  {}  {:>10}  {}{}\n", json::value_to<std::string>(b.at("digest")).substr(0, 19), b.at("size").as_int64(),
               when(b.at("last_used").as_int64()), refs);
  }
  fmt::print(result_stream(), "{} blobs, {} bytes\n", result.at("blobs").as_array().size(), result.at("bytes").as_int64());
}

}  // namespace

void add_artifact_commands(CLI::App& app, const GlobalOptions& /*global*/, const Terminal& term) {
  auto o = std::make_shared<ArtifactOptions>();
  CLI::App* platform = app.get_subcommand("platform");

  auto* publish = platform->add_subcommand("publish", "Compile the manifest and publish it as an immutable OCI artifact");
  publish->add_option("version", o->version, "The version to publish as (metadata.version, e.g. 1.2.3 or v1.2.3), or "
                                             "latest / dev-* (mutable, with --force)")
      ->required();
  publish->add_option("manifest", o->manifest, "The platform manifest (default manifest.yaml)")->type_name("MANIFEST");
  publish->add_option("--registry", o->registry, "oci://host/repo or oci-layout:DIR (default: artifacts.registry)")
      ->type_name("URI");
  publish->add_option("--from", o->from, "Publish this compiled platform directory instead of compiling")->type_name("DIR");
  publish->add_option("-o,--output", o->output, "Where the compile writes (default target/platform beside the manifest)")
      ->type_name("DIR");
  publish->add_flag("--force", o->force, "Move a mutable tag (latest, dev-*) that points at other content");
  publish->add_flag("--sign", o->sign, "Sign the published artifact (needs --key)");
  publish->add_option("--key", o->key, "PEM private key for --sign (floe artifact keygen writes one)")->type_name("KEY");
  add_registry_flags(publish, o->registry_flags, false);
  add_format(publish, *o);
  publish->callback([&term, o] {
    if (o->sign && o->key.empty()) throw CLI::ValidationError("--sign", "needs --key KEY (a PEM private key)");
    json::object req{{"operation", "publish"}, {"version", o->version}};
    if (o->force) req["force"] = true;
    if (!o->from.empty()) {
      req["from_dir"] = o->from;
    } else if (!o->manifest.empty()) {
      req["manifest"] = o->manifest;
    }
    if (!o->output.empty()) req["output_dir"] = o->output;
    if (!o->registry.empty()) req["registry"] = o->registry;
    if (o->sign || !o->key.empty()) req["sign_key"] = o->key;
    finish_report(run_artifact_request(std::move(req), &o->registry_flags), o->format, term);
  });

  // floe product publish: a data product's contract set (docs/contracts.md).
  auto* product = app.add_subcommand("product", "Data product commands: publish a product's contracts");
  product->require_subcommand(1);
  auto* ppublish = product->add_subcommand("publish", "Validate the product and publish its contracts as an immutable OCI "
                                                      "artifact (a breaking change needs a new major version)");
  ppublish->add_option("version", o->version, "The version to publish as (metadata.version)")->required();
  ppublish->add_option("-f,--file", o->product, "The data product (default floe.yaml)")->type_name("PATH");
  ppublish->add_option("--registry", o->registry, "oci://host/prefix or oci-layout:DIR; the product goes to "
                                                  "<registry>/<name> (default: input_registry of floe.yaml)")
      ->type_name("URI");
  ppublish->add_flag("--force", o->force, "Move a mutable tag that points at other content");
  ppublish->add_flag("--sign", o->sign, "Sign the published artifact (needs --key)");
  ppublish->add_option("--key", o->key, "PEM private key for --sign")->type_name("KEY");
  add_registry_flags(ppublish, o->registry_flags, false);
  add_format(ppublish, *o);
  ppublish->callback([&term, o] {
    if (o->sign && o->key.empty()) throw CLI::ValidationError("--sign", "needs --key KEY (a PEM private key)");
    json::object req{{"operation", "product_publish"}, {"version", o->version}};
    if (!o->product.empty()) req["product"] = o->product;
    if (!o->registry.empty()) req["registry"] = o->registry;
    if (o->force) req["force"] = true;
    if (o->sign || !o->key.empty()) req["sign_key"] = o->key;
    finish_report(run_artifact_request(std::move(req), &o->registry_flags), o->format, term);
  });

  auto* pull = platform->add_subcommand("pull", "Fetch a platform artifact (verified) into the cache and a directory");
  pull->add_option("reference", o->reference, "oci://host/repo:tag[@sha256:...] or oci-layout:DIR:tag")->required();
  pull->add_option("-o,--output", o->output, "Write the platform's files here (default: only the cache)")->type_name("DIR");
  add_registry_flags(pull, o->registry_flags, true);
  add_format(pull, *o);
  pull->callback([&term, o] {
    json::object req{{"operation", "pull"}, {"reference", o->reference}};
    if (!o->output.empty()) req["output_dir"] = o->output;
    finish_report(run_artifact_request(std::move(req), &o->registry_flags), o->format, term);
  });

  auto* init = app.add_subcommand("init", "Start a data product from a published platform: pull it into .floe/platform, "
                                          "set platform.ref and pin its digest in floe.lock");
  init->add_option("--platform", o->platform, "A version (from the registry of platform.ref or $FLOE_PLATFORM_REGISTRY) "
                                              "or a full oci:// / oci-layout: reference")
      ->required()
      ->type_name("VERSION|REF");
  init->add_option("product", o->product, "The data product file (default floe.yaml)")->type_name("FLOE_YAML");
  add_registry_flags(init, o->registry_flags, true);
  add_format(init, *o);
  init->callback([&term, o] {
    json::object req{{"operation", "init"}, {"platform", o->platform}};
    if (!o->product.empty()) req["product"] = o->product;
    finish_report(run_artifact_request(std::move(req), &o->registry_flags), o->format, term);
  });

  auto* artifact = app.add_subcommand("artifact", "Sign and verify artifacts (cosign-compatible keys), make key pairs");
  artifact->require_subcommand(1);
  auto* sign = artifact->add_subcommand("sign", "Sign an artifact with a private key (cosign's key-based format)");
  sign->add_option("reference", o->reference, "The artifact (a tag is resolved to its digest first)")->required();
  sign->add_option("--key", o->key, "PEM private key")->required()->type_name("KEY");
  add_registry_flags(sign, o->registry_flags, false);
  add_format(sign, *o);
  sign->callback([&term, o] {
    finish_report(
        run_artifact_request(json::object{{"operation", "sign"}, {"reference", o->reference}, {"key", o->key}},
                             &o->registry_flags),
        o->format, term);
  });
  auto* verify = artifact->add_subcommand("verify", "Check an artifact's signatures against trusted public keys (exit 7 if none is valid)");
  verify->add_option("reference", o->reference, "The artifact")->required();
  verify->add_option("--key", o->keys, "Trusted PEM public key (repeatable)")->required()->type_name("PUB");
  add_registry_flags(verify, o->registry_flags, false);
  add_format(verify, *o);
  verify->callback([&term, o] {
    json::array keys;
    for (const auto& k : o->keys) keys.push_back(json::string(k));
    finish_report(run_artifact_request(
                      json::object{{"operation", "verify"}, {"reference", o->reference}, {"keys", std::move(keys)}},
                      &o->registry_flags),
                  o->format, term);
  });
  auto* keygen = artifact->add_subcommand("keygen", "Write an ECDSA P-256 key pair: PREFIX.key (private, 0600) and PREFIX.pub");
  keygen->add_option("--prefix", o->prefix, "File name prefix (default floe)")->type_name("PREFIX");
  add_format(keygen, *o);
  add_timeout_flag(keygen, o->registry_flags.timeout_seconds);
  keygen->callback([&term, o] {
    json::object req{{"operation", "keygen"}};
    if (!o->prefix.empty()) req["prefix"] = o->prefix;
    apply_timeout(o->registry_flags.timeout_seconds, req);
    finish_report(run_artifact_request(std::move(req), nullptr), o->format, term);
  });

  auto* cache = app.add_subcommand("cache", "The local blob cache ($XDG_CACHE_HOME/floe/oci)");
  cache->require_subcommand(1);
  auto* ls = cache->add_subcommand("ls", "List cached blobs with size, last use and the references that led to them");
  ls->add_option("--cache-dir", o->registry_flags.cache_dir, "Cache directory")->type_name("DIR");
  add_format(ls, *o);
  add_timeout_flag(ls, o->registry_flags.timeout_seconds);
  ls->callback([&term, o] {
    json::value report = run_artifact_request(json::object{{"operation", "cache_list"}}, &o->registry_flags);
    if (o->format == "json" || exit_code_for_outcome(report) != kExitOk) return finish_report(report, o->format, term);
    print_cache(result_of(report));
  });
  auto* prune = cache->add_subcommand("prune", "Remove blobs not used for a while (default 30 days)");
  auto* older_than = prune->add_option("--older-than", o->older_than_days, "Days since last use (default 30)")->type_name("DAYS");
  prune->add_flag("--all", o->all, "Remove everything");
  prune->add_flag("--dry-run", o->dry_run, "Only say what would be removed");
  prune->add_option("--cache-dir", o->registry_flags.cache_dir, "Cache directory")->type_name("DIR");
  add_format(prune, *o);
  add_timeout_flag(prune, o->registry_flags.timeout_seconds);
  prune->callback([&term, o, older_than] {
    json::object req{{"operation", "cache_prune"}};
    if (o->all) req["all"] = true;
    if (o->dry_run) req["dry_run"] = true;
    if (older_than->count() > 0) req["unused_for_seconds"] = static_cast<std::int64_t>(o->older_than_days * 86400);
    finish_report(run_artifact_request(std::move(req), &o->registry_flags), o->format, term);
  });
}

}  // namespace floe::cli
