// floe/compile.h: the compile-family operations behind one JSON entry point.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <new>

#include "diag/compile_report.hpp"
#include "compile/explain.hpp"
#include "compile/migrate.hpp"
#include "compile/platform_compile.hpp"
#include "compile/policy_tests.hpp"
#include "compile/product_compile.hpp"
#include "config/config_loader.hpp"
#include "capi/guarded.hpp"
#include "capi/artifact_request.hpp"
#include "artifacts/oci_fetcher.hpp"
#include "core/c_memory.hpp"
#include "core/json_text.hpp"
#include "enforce/policy_enforcer.hpp"
#include "diag/sarif_writer.hpp"
#include "floe/compile.h"

namespace {
namespace json = boost::json;

using floe::guarded;
using floe::request_flag;
using floe::request_string;
using floe::request_strings;

floe_status run(const json::object& req, floe_buffer* out, floe_error* error) {
  std::string op = request_string(req, "operation");
  std::string plugin_path = request_string(req, "plugin_path");
  floe::CompileReport report;
  json::value result = nullptr;
  // oci:// and oci-layout: references in platform.ref and parent_manifest.
  floe::PlatformSourceOptions sources;
  sources.fetch_oci = floe::oci::make_oci_fetcher(
      {floe::artifact_options_from_request(req), request_string(req, "verify"), request_strings(req, "keys")});
  if (op == "compile" || op == "validate") {
    floe::CompileRequest r;
    r.product_path = request_string(req, "product", "floe.yaml");
    r.platform_override = request_string(req, "platform");
    r.output_dir = request_string(req, "output_dir");
    r.write = op == "compile";
    r.plugin_roots = plugin_path;
    r.sources = sources;
    report = floe::compile_product(r);
  } else if (op == "platform_compile") {
    floe::PlatformCompileRequest r;
    r.manifest_path = request_string(req, "manifest", "manifest.yaml");
    r.output_dir = request_string(req, "output_dir");
    r.write = request_flag(req, "write", true);
    r.sources = sources;
    report = floe::compile_platform(r);
  } else if (op == "platform_test") {
    floe::PlatformTestRequest r;
    r.manifest_path = request_string(req, "manifest", "manifest.yaml");
    r.tests_dir = request_string(req, "tests_dir");
    r.plugin_roots = plugin_path;
    r.sources = sources;
    report = floe::platform_test(r, result);
  } else if (op == "explain") {
    floe::ExplainRequest r;
    r.path = request_string(req, "path", "floe.yaml");
    r.key = request_string(req, "key");
    r.sources = sources;
    report = floe::explain(r, result);
  } else if (op == "migrate") {
    floe::MigrateRequest r;
    r.path = request_string(req, "path");
    r.output = request_string(req, "output");
    r.force = request_flag(req, "force", false);
    r.kind = request_string(req, "kind");
    r.platform_ref = request_string(req, "platform");
    if (r.path.empty())
      return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, "migrate: \"path\" (the file to migrate) is required");
    if (!r.kind.empty() && r.kind != "manifest" && r.kind != "data-product")
      return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT,
                               fmt::format("migrate: kind '{}': expected manifest or data-product", r.kind));
    report = floe::migrate(r, result);
  } else {
    return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT,
                             fmt::format("unknown operation '{}': expected compile, validate, platform_compile, "
                                         "platform_test, explain or migrate",
                                         op));
  }
  json::value report_json = floe::compile_report_to_json(report);
  auto& o = report_json.as_object();
  if (!result.is_null()) o["result"] = std::move(result);
  if (request_flag(req, "sarif", false))
    o["sarif"] = floe::diagnostics_to_sarif(report.diagnostics, report.base_dir, FLOE_VERSION_STRING);
  return floe::set_c_buffer(out, floe::serialize_json(report_json), error);
}

}  // namespace

extern "C" {

FLOE_EXTERN(floe_status) floe_compile_run(const char* request_json, floe_buffer* report, floe_error* error) {
  if (request_json == nullptr || report == nullptr)
    return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, "request_json and report must not be NULL");
  return guarded(error, [&] {
    auto parsed = floe::parse_json(request_json, "request");
    if (!parsed) return floe::set_c_error(error, parsed.error());
    if (!parsed->is_object())
      return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, "request: expected a JSON object");
    return run(parsed->as_object(), report, error);
  });
}

FLOE_EXTERN(floe_status) floe_schema(const char* kind, floe_buffer* out, floe_error* error) {
  if (kind == nullptr || out == nullptr)
    return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, "kind and out must not be NULL");
  return guarded(error, [&] {
    std::string k(kind);
    if (k == "manifest") return floe::set_c_buffer(out, floe::document_schema(floe::DocumentKind::manifest), error);
    if (k == "data-product")
      return floe::set_c_buffer(out, floe::document_schema(floe::DocumentKind::data_product), error);
    if (k == "compiled-artifacts")
      return floe::set_c_buffer(out, floe::document_schema(floe::DocumentKind::compiled_artifacts), error);
    return floe::set_c_error(error, FLOE_ERR_NOT_FOUND,
                             fmt::format("unknown schema '{}': expected manifest, data-product or compiled-artifacts", k));
  });
}

}  // extern "C"
