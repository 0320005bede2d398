// floe/artifacts.h: the artifact operations behind one JSON entry point.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "artifacts/artifact_ops.hpp"
#include "artifacts/product_artifacts.hpp"
#include "capi/artifact_request.hpp"
#include "capi/guarded.hpp"
#include "core/c_memory.hpp"
#include "capi/compile_operations.hpp"
#include "floe/artifacts.h"

#include <map>
#include <string_view>
#include <vector>

namespace {
namespace json = boost::json;
using floe::read_key;

// What every artifact operation is handed: its checked request (every key
// was checked against artifact-request.schema.json: read_key only overrides
// the operation's defaults), the registry options, and where its result
// goes.
struct Call {
  const json::object& req;
  const floe::oci::ArtifactOptions& options;
  std::string reference;          // "reference", where the operation takes one
  std::vector<std::string> keys;  // "keys", where the operation takes them
  json::value result = nullptr;
  std::string refusal;            // set: the request is refused (FLOE_ERR_INVALID_ARGUMENT), nothing ran
};

using Handler = floe::CompileReport (*)(Call&);

floe::CompileReport publish_op(Call& c) {
  if (c.req.contains("manifest") && c.req.contains("from_dir")) {
    c.refusal = "publish: give \"manifest\" (compile and publish) or \"from_dir\" (publish a compiled platform), not both";
    return {};
  }
  floe::oci::PublishOperation p;
  read_key(c.req, "version", p.version);
  read_key(c.req, "manifest", p.manifest);
  read_key(c.req, "from_dir", p.from_dir);
  read_key(c.req, "output_dir", p.output_dir);
  read_key(c.req, "registry", p.registry);
  read_key(c.req, "force", p.force);
  read_key(c.req, "sign_key", p.sign_key);
  return floe::oci::publish_operation(p, c.options, c.result);
}

floe::CompileReport product_publish_op(Call& c) {
  floe::oci::ProductPublishRequest p;
  read_key(c.req, "version", p.version);
  read_key(c.req, "product", p.product_path);
  read_key(c.req, "registry", p.registry);
  read_key(c.req, "force", p.force);
  read_key(c.req, "sign_key", p.sign_key);
  read_key(c.req, "plugin_path", p.plugin_roots);
  floe::oci::FetcherSettings fetch{c.options, {}, {}};
  p.sources.fetch_oci = floe::oci::make_oci_fetcher(fetch);
  return floe::oci::product_publish_operation(p, c.options, c.result);
}

floe::CompileReport pull_op(Call& c) {
  floe::oci::PullOperation p{c.reference, {}, {}, c.keys};
  read_key(c.req, "output_dir", p.output_dir);
  read_key(c.req, "verify", p.verify_mode);
  return floe::oci::pull_operation(p, c.options, c.result);
}

floe::CompileReport init_op(Call& c) {
  floe::oci::InitOperation p;
  read_key(c.req, "product", p.product);
  read_key(c.req, "platform", p.platform);
  read_key(c.req, "verify", p.verify_mode);
  p.keys = c.keys;
  return floe::oci::init_operation(p, c.options, c.result);
}

floe::CompileReport sign_op(Call& c) {
  std::string key;
  read_key(c.req, "key", key);
  return floe::oci::sign_operation(c.reference, key, c.options, c.result);
}

floe::CompileReport verify_op(Call& c) { return floe::oci::verify_operation(c.reference, c.keys, c.options, c.result); }

floe::CompileReport keygen_op(Call& c) {
  std::string prefix;
  read_key(c.req, "prefix", prefix);  // the schema's default when absent
  return floe::oci::keygen_operation(prefix, c.result);
}

floe::CompileReport cache_list_op(Call& c) { return floe::oci::cache_list_operation(c.options, c.result); }

floe::CompileReport cache_prune_op(Call& c) {
  floe::oci::BlobCache::PruneOptions prune;
  read_key(c.req, "all", prune.all);
  read_key(c.req, "dry_run", prune.dry_run);
  read_key(c.req, "unused_for_seconds", prune.unused_for_seconds);
  return floe::oci::cache_prune_operation(prune, c.options, c.result);
}

// Each operation once: its name (artifact-request.schema.json's "operation"
// const) and its handler; tests/unit/operation_table_test.cpp holds the two
// to each other.
const std::map<std::string_view, Handler>& artifact_operations() {
  static const std::map<std::string_view, Handler> table{
      {"publish", &publish_op}, {"product_publish", &product_publish_op}, {"pull", &pull_op},
      {"init", &init_op},       {"sign", &sign_op},                       {"verify", &verify_op},
      {"keygen", &keygen_op},   {"cache_list", &cache_list_op},           {"cache_prune", &cache_prune_op},
  };
  return table;
}

floe_status run_artifact_operation(const floe::OperationRequest& request, const floe_progress* progress,
                                   floe_buffer* out, floe_error* error) {
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
  Call call{req, options, {}, {}, nullptr, {}};
  read_key(req, "reference", call.reference);
  read_key(req, "keys", call.keys);
  const auto& table = artifact_operations();
  auto handler = table.find(request.operation);
  // The schema names an operation the table does not: a floe bug.
  if (handler == table.end())
    return floe::set_c_error(error, FLOE_ERR_INTERNAL, fmt::format("operation '{}' is not implemented", request.operation));
  floe::CompileReport report = handler->second(call);
  if (!call.refusal.empty()) return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, call.refusal);
  floe::note_deadline(report);
  return floe::set_c_buffer_owning(out, floe::operation_report(report, std::move(call.result)), error);
}

}  // namespace

namespace floe {

std::vector<std::string> artifact_operation_names() { return operation_names_of(artifact_operations()); }

}  // namespace floe

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
