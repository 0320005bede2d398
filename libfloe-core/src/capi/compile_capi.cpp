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
#include "compile/validate_watch.hpp"
#include "artifacts/oci_fetcher.hpp"
#include "artifacts/product_artifacts.hpp"
#include "config/document_schema.hpp"
#include "core/c_memory.hpp"
#include "base/json_text.hpp"
#include "diag/compile_report.hpp"
#include "diag/diagnostic.hpp"
#include "diag/outcome.hpp"
#include "diag/sarif_writer.hpp"
#include "capi/compile_operations.hpp"
#include "floe/compile.h"

#include <map>
#include <string_view>
#include <vector>

namespace {
namespace json = boost::json;

using floe::guarded;
using floe::read_key;

// The SARIF log's text when the request asks for it; "" otherwise.
std::string sarif_of(const json::object& req, const floe::CompileReport& report) {
  bool sarif = false;
  read_key(req, "sarif", sarif);
  return sarif ? floe::diagnostics_to_sarif_text(report.diagnostics, report.base_dir, FLOE_VERSION_STRING)
               : std::string();
}

// What every compile-family operation is handed: its checked request, how
// oci:// references are fetched, and where its result goes.
struct Call {
  const json::object& req;
  const floe::oci::FetcherSettings& fetch;
  floe::PlatformSourceOptions sources;  // oci:// and oci-layout: references in platform.ref and parent_manifest
  json::value result = nullptr;         // the report's "result"
  json::value cache = nullptr;          // the report's "cache" (compile only)
  // What the operation leaves to be freed beside writing its report; waited
  // for before the call returns.
  floe::BackgroundRelease release;
};

using Handler = floe::CompileReport (*)(Call&);

floe::CompileRequest product_request(Call& c, bool write) {
  floe::CompileRequest r;
  read_key(c.req, "product", r.product_path);
  read_key(c.req, "platform", r.platform_override);
  read_key(c.req, "output_dir", r.output_dir);
  read_key(c.req, "plugin_path", r.plugin_roots);
  read_key(c.req, "enforcement_result", r.enforcement_result);
  r.write = write;
  r.sources = c.sources;
  r.fetch_products = floe::oci::make_product_fetcher(c.fetch, r.product_path);
  r.release = &c.release;
  return r;
}

// `compile`: answered from target/.floe-compile-cache.json when nothing the
// compile depends on changed (compile/cached_compile.hpp), else compiled and
// recorded. The report's "cache" says which, and why.
floe::CompileReport compile_op(Call& c) {
  floe::CompileRequest r = product_request(c, true);
  // How long it may take is no part of what is compiled: the same compile
  // with another --timeout is the same compile. Nor is where the
  // orchestrator's code location goes: it is written from the compiled
  // artifacts, cached or not.
  json::object key_request = c.req;
  key_request.erase("deadline_ms");
  key_request.erase("orchestrator_out");
  floe::CachedCompile compiled = floe::compile_product_cached(r, floe::compile_cache_key(key_request));
  if (const json::value* dir = c.req.if_contains("orchestrator_out");
      dir != nullptr && dir->is_string() && compiled.report.outcome == floe::Outcome::ok)
    floe::write_orchestrator_location(compiled.report, r, std::string(dir->as_string()));
  json::object cache{{"used", compiled.used}, {"file", compiled.record}};
  if (!compiled.used && !compiled.note.empty()) cache["reason"] = compiled.note;
  c.cache = std::move(cache);
  return std::move(compiled.report);
}

floe::CompileReport validate_op(Call& c) { return floe::compile_product(product_request(c, false)); }

floe::CompileReport platform_compile_op(Call& c) {
  floe::PlatformCompileRequest r;
  read_key(c.req, "manifest", r.manifest_path);
  read_key(c.req, "output_dir", r.output_dir);
  read_key(c.req, "write", r.write);
  r.sources = c.sources;
  return floe::compile_platform(r);
}

floe::CompileReport platform_test_op(Call& c) {
  floe::PlatformTestRequest r;
  read_key(c.req, "manifest", r.manifest_path);
  read_key(c.req, "tests_dir", r.tests_dir);
  read_key(c.req, "plugin_path", r.plugin_roots);
  r.sources = c.sources;
  return floe::platform_test(r, c.result);
}

floe::CompileReport platform_status_op(Call& c) {
  floe::PlatformStatusRequest r;
  read_key(c.req, "manifest", r.manifest_path);
  std::int64_t timeout_ms = r.timeout_ms;
  read_key(c.req, "timeout_ms", timeout_ms);
  r.timeout_ms = static_cast<long>(timeout_ms);
  read_key(c.req, "cluster", r.cluster);
  read_key(c.req, "kubectl", r.kube.kubectl);
  read_key(c.req, "kubeconfig", r.kube.kubeconfig);
  read_key(c.req, "context", r.kube.context);
  r.cluster = r.cluster || !r.kube.kubeconfig.empty() || !r.kube.context.empty();
  r.sources = c.sources;
  return floe::platform_status(r, c.result);
}

floe::CompileReport platform_deploy_op(Call& c) {
  const json::object& req = c.req;
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
  r.sources = c.sources;
  return floe::platform_deploy(r, c.result);
}

floe::CompileReport explain_op(Call& c) {
  floe::ExplainRequest r;
  read_key(c.req, "path", r.path);
  read_key(c.req, "key", r.key);
  r.sources = c.sources;
  return floe::explain(r, c.result);
}

floe::CompileReport migrate_op(Call& c) {
  floe::MigrateRequest r;
  read_key(c.req, "path", r.path);
  read_key(c.req, "output", r.output);
  read_key(c.req, "force", r.force);
  read_key(c.req, "kind", r.kind);
  read_key(c.req, "platform", r.platform_ref);
  return floe::migrate(r, c.result);
}

floe::CompileReport contract_init_op(Call& c) {
  floe::ContractInitRequest r;
  read_key(c.req, "product", r.product_path);
  read_key(c.req, "port", r.port);
  read_key(c.req, "output", r.output);
  read_key(c.req, "force", r.force);
  r.sources = c.sources;
  return floe::contract_init(r, c.result);
}

floe::CompileReport contract_diff_op(Call& c) {
  floe::ContractDiffRequest r;
  read_key(c.req, "old", r.old_path);
  read_key(c.req, "new", r.new_path);
  return floe::contract_diff(r, c.result);
}

floe::CompileReport contract_lint_op(Call& c) {
  std::vector<std::string> paths;
  read_key(c.req, "paths", paths);
  return floe::contract_lint(paths, c.result);
}

// Each operation once: its name (the request schema's "operation" const,
// docs/schemas/compile-request.schema.json) and its handler.
// tests/unit/operation_table_test.cpp holds the two to each other.
const std::map<std::string_view, Handler>& compile_operations() {
  static const std::map<std::string_view, Handler> table{
      {"compile", &compile_op},
      {"validate", &validate_op},
      {"platform_compile", &platform_compile_op},
      {"platform_test", &platform_test_op},
      {"platform_status", &platform_status_op},
      {"platform_deploy", &platform_deploy_op},
      {"explain", &explain_op},
      {"migrate", &migrate_op},
      {"contract_init", &contract_init_op},
      {"contract_diff", &contract_diff_op},
      {"contract_lint", &contract_lint_op},
  };
  return table;
}

// Every key was checked against compile-request.schema.json: the handlers'
// read_key only overrides the operation's defaults with what the request gives.
floe_status run_compile_operation(const floe::OperationRequest& request, floe_buffer* out, floe_error* error) {
  const json::object& req = request.keys;
  floe::DeadlineScope deadline(floe::deadline_of(req));  // --timeout: bounds the whole operation
  floe::oci::FetcherSettings fetch{floe::artifact_options_from_request(req), {}, {}};
  read_key(req, "verify", fetch.verify_mode);
  read_key(req, "keys", fetch.keys);
  Call call{req, fetch, {}, nullptr, nullptr, {}};
  call.sources.fetch_oci = floe::oci::make_oci_fetcher(fetch);
  const auto& table = compile_operations();
  auto handler = table.find(request.operation);
  // The schema names an operation the table does not: a floe bug.
  if (handler == table.end())
    return floe::set_c_error(error, FLOE_ERR_INTERNAL, fmt::format("operation '{}' is not implemented", request.operation));
  floe::CompileReport report = handler->second(call);
  floe::note_deadline(report);
  return floe::set_c_buffer_owning(
      out, floe::operation_report(report, std::move(call.result), std::move(call.cache), sarif_of(req, report)), error);
}

// One round of floe_validate_watch as its JSON text (compile.h).
std::string watch_round_json(const floe::WatchRound& r, const json::object& req) {
  json::array changed;
  for (const auto& path : r.changed) changed.emplace_back(path);
  std::string out = fmt::format(R"({{"type":"validate","round":{},"full":{},"changed":{},"outcome":"{}",)"
                                R"("counts":{{"errors":{},"warnings":{}}},"judged_ms":{:.3f},"appeared":)",
                                r.round, r.full, json::serialize(changed), floe::outcome_name(r.outcome), r.errors,
                                r.warnings, r.judged_ms);
  floe::append_diagnostics_json(out, r.appeared);
  out += R"(,"resolved":)";
  floe::append_diagnostics_json(out, r.resolved);
  if (r.report != nullptr) {
    out += R"(,"report":)";
    out += floe::operation_report(*r.report, nullptr, nullptr, sarif_of(req, *r.report));
  }
  out += '}';
  return out;
}

floe_status run_validate_watch(const floe::OperationRequest& request, const floe_watch_observer& observer,
                               floe_error* error) {
  const json::object& req = request.keys;
  floe::oci::FetcherSettings fetch{floe::artifact_options_from_request(req), {}, {}};
  read_key(req, "verify", fetch.verify_mode);
  read_key(req, "keys", fetch.keys);
  Call call{req, fetch, {}, nullptr, nullptr, {}};
  call.sources.fetch_oci = floe::oci::make_oci_fetcher(fetch);
  floe::CompileRequest r = product_request(call, false);
  r.release = nullptr;  // each round's projects are freed before the next
  floe::WatchHooks hooks;
  if (observer.settle_ms != 0) hooks.settle_ms = static_cast<int>(observer.settle_ms);
  hooks.on_round = [&](const floe::WatchRound& round) {
    if (observer.on_round == nullptr) return;
    const std::string text = watch_round_json(round, req);
    observer.on_round(observer.user_data, text.data(), text.size());
  };
  if (observer.should_stop != nullptr)
    hooks.should_stop = [&] { return observer.should_stop(observer.user_data) != 0; };
  const std::string problem = floe::watch_validate(r, hooks);
  if (!problem.empty()) return floe::set_c_error(error, FLOE_ERR_IO, "cannot watch the product's files: " + problem);
  return FLOE_OK;
}

}  // namespace

namespace floe {

std::vector<std::string> compile_operation_names() { return operation_names_of(compile_operations()); }

}  // namespace floe

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

FLOE_EXTERN(floe_status) floe_validate_watch(const char* request_json, const floe_watch_observer* observer,
                                             floe_error* error) {
  if (request_json == nullptr || observer == nullptr)
    return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, "request_json and observer must not be NULL");
  if (observer->struct_size < sizeof(floe_watch_observer))
    return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT,
                             fmt::format("observer->struct_size is {}: expected at least {} (FLOE_WATCH_OBSERVER_INIT)",
                                         observer->struct_size, sizeof(floe_watch_observer)));
  return guarded(error, [&] {
    auto request = floe::parse_operation_request(request_json, "compile-request");
    if (!request) return floe::set_c_error(error, request.error());
    if (request->operation != "validate")
      return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT,
                               fmt::format("request.operation: floe_validate_watch runs \"validate\", not \"{}\"",
                                           request->operation));
    // A watch ends when its caller says so, not on a clock.
    if (request->keys.contains("deadline_ms"))
      return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT,
                               "request.deadline_ms: floe_validate_watch runs until should_stop says so; leave it out");
    return run_validate_watch(*request, *observer, error);
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
