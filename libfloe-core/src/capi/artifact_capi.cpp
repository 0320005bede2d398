// floe/artifacts.h: the artifact operations behind one JSON entry point.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "artifacts/artifact_ops.hpp"
#include "artifacts/product_artifacts.hpp"
#include "capi/artifact_request.hpp"
#include "capi/guarded.hpp"
#include "core/c_memory.hpp"
#include "floe/artifacts.h"

namespace {
namespace json = boost::json;
using floe::read_key;

// Every key was checked against artifact-request.schema.json: read_key only
// overrides the operation's defaults with what the request gives.
floe_status run_artifact_operation(const floe::OperationRequest& request, const floe_progress* progress,
                                   floe_buffer* out, floe_error* error) {
  const std::string& op = request.operation;
  const json::object& req = request.keys;
  floe::DeadlineScope deadline(floe::deadline_of(req));  // --timeout: bounds the whole operation
  floe::oci::ArtifactOptions options = floe::artifact_options_from_request(req);
  if (progress && progress->struct_size >= sizeof(floe_progress) && progress->on_progress) {
    floe_progress_fn fn = progress->on_progress;
    void* user = progress->user_data;
    options.progress = [fn, user](const std::string& label, std::uint64_t done, std::uint64_t total) {
      fn(user, label.c_str(), done, total);
    };
  }
  floe::CompileReport report;
  json::value result = nullptr;
  std::string reference;
  read_key(req, "reference", reference);
  std::vector<std::string> keys;
  read_key(req, "keys", keys);
  if (op == "publish") {
    if (req.contains("manifest") && req.contains("from_dir"))
      return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT,
                               "publish: give \"manifest\" (compile and publish) or \"from_dir\" (publish a compiled "
                               "platform), not both");
    floe::oci::PublishOperation p;
    read_key(req, "version", p.version);
    read_key(req, "manifest", p.manifest);
    read_key(req, "from_dir", p.from_dir);
    read_key(req, "output_dir", p.output_dir);
    read_key(req, "registry", p.registry);
    read_key(req, "force", p.force);
    read_key(req, "sign_key", p.sign_key);
    report = floe::oci::publish_operation(p, options, result);
  } else if (op == "product_publish") {
    floe::oci::ProductPublishRequest p;
    read_key(req, "version", p.version);
    read_key(req, "product", p.product_path);
    read_key(req, "registry", p.registry);
    read_key(req, "force", p.force);
    read_key(req, "sign_key", p.sign_key);
    read_key(req, "plugin_path", p.plugin_roots);
    floe::oci::FetcherSettings fetch{options, {}, {}};
    p.sources.fetch_oci = floe::oci::make_oci_fetcher(fetch);
    report = floe::oci::product_publish_operation(p, options, result);
  } else if (op == "pull") {
    floe::oci::PullOperation p{reference, {}, {}, keys};
    read_key(req, "output_dir", p.output_dir);
    read_key(req, "verify", p.verify_mode);
    report = floe::oci::pull_operation(p, options, result);
  } else if (op == "init") {
    floe::oci::InitOperation p;
    read_key(req, "product", p.product);
    read_key(req, "platform", p.platform);
    read_key(req, "verify", p.verify_mode);
    p.keys = keys;
    report = floe::oci::init_operation(p, options, result);
  } else if (op == "sign") {
    std::string key;
    read_key(req, "key", key);
    report = floe::oci::sign_operation(reference, key, options, result);
  } else if (op == "verify") {
    report = floe::oci::verify_operation(reference, keys, options, result);
  } else if (op == "keygen") {
    std::string prefix;
    read_key(req, "prefix", prefix);  // the schema's default when absent
    report = floe::oci::keygen_operation(prefix, result);
  } else if (op == "cache_list") {
    report = floe::oci::cache_list_operation(options, result);
  } else if (op == "cache_prune") {
    floe::oci::BlobCache::PruneOptions prune;
    read_key(req, "all", prune.all);
    read_key(req, "dry_run", prune.dry_run);
    read_key(req, "unused_for_seconds", prune.unused_for_seconds);
    report = floe::oci::cache_prune_operation(prune, options, result);
  } else {
    // The schema names an operation this switch does not: a floe bug.
    return floe::set_c_error(error, FLOE_ERR_INTERNAL, fmt::format("operation '{}' is not implemented", op));
  }
  floe::note_deadline(report);
  return floe::set_c_buffer(out, floe::operation_report(report, std::move(result)), error);
}

}  // namespace

extern "C" {

FLOE_EXTERN(floe_status) floe_artifact_run(const char* request_json, const floe_progress* progress, floe_buffer* report,
                                           floe_error* error) {
  if (request_json == nullptr || report == nullptr)
    return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, "request_json and report must not be NULL");
  return floe::guarded(error, [&] {
    auto request = floe::parse_operation_request(request_json, "artifact-request");
    if (!request) return floe::set_c_error(error, request.error());
    return run_artifact_operation(*request, progress, report, error);
  });
}

}  // extern "C"
