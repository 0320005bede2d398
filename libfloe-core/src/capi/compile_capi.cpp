// floe/compile.h: the compile-family operations behind one JSON entry point.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "capi/artifact_request.hpp"
#include "capi/guarded.hpp"
#include "compile/orchestrator_location.hpp"
#include "status/platform_status.hpp"
#include "deploy/platform_deploy.hpp"
#include "compile/contract_commands.hpp"
#include "compile/explain.hpp"
#include "compile/migrate.hpp"
#include "compile/cached_compile.hpp"
#include "compile/platform_compile.hpp"
#include "compile/policy_tests.hpp"
#include "compile/product_compile.hpp"
#include "artifacts/oci_fetcher.hpp"
#include "artifacts/product_artifacts.hpp"
#include "config/document_schema.hpp"
#include "core/c_memory.hpp"
#include "core/json_text.hpp"
#include "diag/compile_report.hpp"
#include "diag/sarif_writer.hpp"
#include "floe/compile.h"

namespace {
namespace json = boost::json;

using floe::guarded;
using floe::read_key;

json::value sarif_of(const json::object& req, const floe::CompileReport& report) {
  bool sarif = false;
  read_key(req, "sarif", sarif);
  return sarif ? floe::diagnostics_to_sarif(report.diagnostics, report.base_dir, FLOE_VERSION_STRING)
               : json::value(nullptr);
}

// `compile`: answered from target/.floe-compile-cache.json when nothing the
// compile depends on changed (compile/cached_compile.hpp), else compiled and
// recorded. The report's "cache" says which, and why.
floe_status compile_with_cache(const floe::CompileRequest& r, const json::object& req, floe_buffer* out,
                               floe_error* error) {
  // How long it may take is no part of what is compiled: the same compile
  // with another --timeout is the same compile.
  json::object key_request = req;
  key_request.erase("deadline_ms");
  // Nor is where the orchestrator's code location goes: it is written from
  // the compiled artifacts, cached or not.
  key_request.erase("orchestrator_out");
  floe::CachedCompile c = floe::compile_product_cached(r, floe::compile_cache_key(key_request));
  if (const json::value* dir = req.if_contains("orchestrator_out");
      dir != nullptr && dir->is_string() && c.report.outcome == floe::Outcome::ok)
    floe::write_orchestrator_location(c.report, r, std::string(dir->as_string()));
  floe::note_deadline(c.report);
  json::object cache{{"used", c.used}, {"file", c.record}};
  if (!c.used && !c.note.empty()) cache["reason"] = c.note;
  return floe::set_c_buffer(out, floe::operation_report(c.report, nullptr, sarif_of(req, c.report), std::move(cache)),
                            error);
}

// Every key was checked against compile-request.schema.json: read_key only
// overrides the operation's defaults with what the request gives.
floe_status run_compile_operation(const floe::OperationRequest& request, floe_buffer* out, floe_error* error) {
  const std::string& op = request.operation;
  const json::object& req = request.keys;
  floe::DeadlineScope deadline(floe::deadline_of(req));  // --timeout: bounds the whole operation
  floe::CompileReport report;
  json::value result = nullptr;
  // oci:// and oci-layout: references in platform.ref and parent_manifest.
  floe::PlatformSourceOptions sources;
  floe::oci::FetcherSettings fetch{floe::artifact_options_from_request(req), {}, {}};
  read_key(req, "verify", fetch.verify_mode);
  read_key(req, "keys", fetch.keys);
  sources.fetch_oci = floe::oci::make_oci_fetcher(fetch);
  if (op == "compile" || op == "validate") {
    floe::CompileRequest r;
    read_key(req, "product", r.product_path);
    read_key(req, "platform", r.platform_override);
    read_key(req, "output_dir", r.output_dir);
    read_key(req, "plugin_path", r.plugin_roots);
    r.write = op == "compile";
    r.sources = sources;
    r.fetch_products = floe::oci::make_product_fetcher(fetch, r.product_path);
    if (r.write) return compile_with_cache(r, req, out, error);
    report = floe::compile_product(r);
  } else if (op == "platform_compile") {
    floe::PlatformCompileRequest r;
    read_key(req, "manifest", r.manifest_path);
    read_key(req, "output_dir", r.output_dir);
    read_key(req, "write", r.write);
    r.sources = sources;
    report = floe::compile_platform(r);
  } else if (op == "platform_test") {
    floe::PlatformTestRequest r;
    read_key(req, "manifest", r.manifest_path);
    read_key(req, "tests_dir", r.tests_dir);
    read_key(req, "plugin_path", r.plugin_roots);
    r.sources = sources;
    report = floe::platform_test(r, result);
  } else if (op == "platform_status") {
    floe::PlatformStatusRequest r;
    read_key(req, "manifest", r.manifest_path);
    std::int64_t timeout_ms = r.timeout_ms;
    read_key(req, "timeout_ms", timeout_ms);
    r.timeout_ms = static_cast<long>(timeout_ms);
    read_key(req, "cluster", r.cluster);
    read_key(req, "kubectl", r.kube.kubectl);
    read_key(req, "kubeconfig", r.kube.kubeconfig);
    read_key(req, "context", r.kube.context);
    r.cluster = r.cluster || !r.kube.kubeconfig.empty() || !r.kube.context.empty();
    r.sources = sources;
    report = floe::platform_status(r, result);
  } else if (op == "platform_deploy") {
    floe::PlatformDeployRequest r;
    read_key(req, "manifest", r.manifest_path);
    read_key(req, "products", r.products);
    read_key(req, "output_dir", r.output_dir);
    read_key(req, "format", r.format);
    read_key(req, "namespace", r.namespace_name);
    // The schema checked: objects of strings.
    if (const json::value* images = req.if_contains("images"))
      for (const auto& [name, image] : images->as_object()) r.images[std::string(name)] = std::string(image.as_string());
    if (const json::value* sizes = req.if_contains("sizes"))
      for (const auto& [name, size] : sizes->as_object()) r.sizes[std::string(name)] = std::string(size.as_string());
    read_key(req, "require_digests", r.require_digests);
    read_key(req, "apply", r.apply);
    read_key(req, "dry_run", r.dry_run);
    read_key(req, "diff", r.diff);
    read_key(req, "prune", r.prune);
    read_key(req, "force_conflicts", r.force_conflicts);
    read_key(req, "kubectl", r.kube.kubectl);
    read_key(req, "kubeconfig", r.kube.kubeconfig);
    read_key(req, "context", r.kube.context);
    std::int64_t request_timeout_ms = r.kube.request_timeout_ms;
    read_key(req, "request_timeout_ms", request_timeout_ms);
    r.kube.request_timeout_ms = static_cast<long>(request_timeout_ms);
    read_key(req, "plugin_path", r.plugin_roots);
    r.sources = sources;
    report = floe::platform_deploy(r, result);
  } else if (op == "explain") {
    floe::ExplainRequest r;
    read_key(req, "path", r.path);
    read_key(req, "key", r.key);
    r.sources = sources;
    report = floe::explain(r, result);
  } else if (op == "migrate") {
    floe::MigrateRequest r;
    read_key(req, "path", r.path);
    read_key(req, "output", r.output);
    read_key(req, "force", r.force);
    read_key(req, "kind", r.kind);
    read_key(req, "platform", r.platform_ref);
    report = floe::migrate(r, result);
  } else if (op == "contract_init") {
    floe::ContractInitRequest r;
    read_key(req, "product", r.product_path);
    read_key(req, "port", r.port);
    read_key(req, "output", r.output);
    read_key(req, "force", r.force);
    r.sources = sources;
    report = floe::contract_init(r, result);
  } else if (op == "contract_diff") {
    floe::ContractDiffRequest r;
    read_key(req, "old", r.old_path);
    read_key(req, "new", r.new_path);
    report = floe::contract_diff(r, result);
  } else if (op == "contract_lint") {
    std::vector<std::string> paths;
    read_key(req, "paths", paths);
    report = floe::contract_lint(paths, result);
  } else {
    // The schema names an operation this switch does not: a floe bug.
    return floe::set_c_error(error, FLOE_ERR_INTERNAL, fmt::format("operation '{}' is not implemented", op));
  }
  floe::note_deadline(report);
  return floe::set_c_buffer(out, floe::operation_report(report, std::move(result), sarif_of(req, report)), error);
}

}  // namespace

extern "C" {

FLOE_EXTERN(floe_status) floe_compile_run(const char* request_json, floe_buffer* report, floe_error* error) {
  if (request_json == nullptr || report == nullptr)
    return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, "request_json and report must not be NULL");
  return guarded(error, [&] {
    auto request = floe::parse_operation_request(request_json, "compile-request");
    if (!request) return floe::set_c_error(error, request.error());
    return run_compile_operation(*request, report, error);
  });
}

FLOE_EXTERN(floe_status) floe_schema(const char* kind, floe_buffer* out, floe_error* error) {
  if (kind == nullptr || out == nullptr)
    return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, "kind and out must not be NULL");
  return guarded(error, [&] {
    std::string_view schema = floe::embedded_schema(kind);
    if (!schema.empty()) return floe::set_c_buffer(out, schema, error);
    return floe::set_c_error(error, FLOE_ERR_NOT_FOUND,
                             fmt::format("unknown schema '{}': expected {}", kind,
                                         fmt::join(floe::embedded_schema_kinds(), ", ")));
  });
}

}  // extern "C"
