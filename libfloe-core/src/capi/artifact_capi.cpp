// floe/artifacts.h: the artifact operations behind one JSON entry point.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "capi/artifact_request.hpp"
#include "capi/guarded.hpp"
#include "diag/compile_report.hpp"
#include "core/c_memory.hpp"
#include "core/json_text.hpp"
#include "floe/artifacts.h"
#include "artifacts/artifact_ops.hpp"

namespace {
namespace json = boost::json;
using floe::request_flag;
using floe::request_string;
using floe::request_strings;

floe_status run(const json::object& req, const floe_progress* progress, floe_buffer* out, floe_error* error) {
  std::string op = request_string(req, "operation");
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
  if (op == "publish") {
    floe::oci::PublishOperation p{request_string(req, "version"), request_string(req, "manifest"),
                                  request_string(req, "from_dir"), request_string(req, "output_dir"),
                                  request_string(req, "registry"), request_flag(req, "force", false),
                                  request_string(req, "sign_key")};
    if (p.version.empty()) return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, "publish: \"version\" is required");
    report = floe::oci::publish_operation(p, options, result);
  } else if (op == "pull") {
    floe::oci::PullOperation p{request_string(req, "reference"), request_string(req, "output_dir"),
                               request_string(req, "verify"), request_strings(req, "keys")};
    report = floe::oci::pull_operation(p, options, result);
  } else if (op == "init") {
    floe::oci::InitOperation p{request_string(req, "product", "floe.yaml"), request_string(req, "platform"),
                               request_string(req, "verify"), request_strings(req, "keys")};
    if (p.platform.empty()) return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, "init: \"platform\" is required");
    report = floe::oci::init_operation(p, options, result);
  } else if (op == "sign") {
    report = floe::oci::sign_operation(request_string(req, "reference"), request_string(req, "key"), options, result);
  } else if (op == "verify") {
    report = floe::oci::verify_operation(request_string(req, "reference"), request_strings(req, "keys"), options, result);
  } else if (op == "keygen") {
    report = floe::oci::keygen_operation(request_string(req, "prefix", "floe"), result);
  } else if (op == "cache_list") {
    report = floe::oci::cache_list_operation(options, result);
  } else if (op == "cache_prune") {
    floe::oci::BlobCache::PruneOptions prune;
    prune.all = request_flag(req, "all", false);
    prune.dry_run = request_flag(req, "dry_run", false);
    if (auto* u = req.if_contains("unused_for_seconds"); u && u->is_int64()) prune.unused_for_seconds = u->as_int64();
    report = floe::oci::cache_prune_operation(prune, options, result);
  } else {
    return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT,
                             fmt::format("unknown operation '{}': expected publish, pull, init, sign, verify, keygen, "
                                         "cache_list or cache_prune",
                                         op));
  }
  json::value report_json = floe::compile_report_to_json(report);
  if (!result.is_null()) report_json.as_object()["result"] = std::move(result);
  return floe::set_c_buffer(out, floe::serialize_json(report_json), error);
}

}  // namespace

extern "C" {

FLOE_EXTERN(floe_status) floe_artifact_run(const char* request_json, const floe_progress* progress, floe_buffer* report,
                                           floe_error* error) {
  if (request_json == nullptr || report == nullptr)
    return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, "request_json and report must not be NULL");
  return floe::guarded(error, [&] {
    auto parsed = floe::parse_json(request_json, "request");
    if (!parsed) return floe::set_c_error(error, parsed.error());
    if (!parsed->is_object()) return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, "request: expected a JSON object");
    return run(parsed->as_object(), progress, report, error);
  });
}

}  // extern "C"
