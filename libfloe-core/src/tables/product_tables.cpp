#include "tables/product_tables.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>

#include "compile/cached_compile.hpp"
#include "compile/explain.hpp"
#include "core/json_path.hpp"
#include "base/input_file.hpp"
#include "base/json_text.hpp"
#include "base/paths.hpp"
#include "core/secret_reference.hpp"
#include "diag/codes.hpp"
#include "plugin/registry.hpp"
#include "tables/catalog_session.hpp"
#include "tables/product_namespace.hpp"
#include "tables/storage_file_io.hpp"
#include "tables/table_summary.hpp"

namespace floe::tables {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

// The retention that applies to the product's tables and where each value
// was set (floe explain's tier, file and line).
struct Retention {
  std::optional<std::int64_t> days;
  std::int64_t keep_last = 1;
  json::object explained;  // {"data_retention_days": {value, tier, file, line}, "snapshot_keep_last": {...}}
};

Retention resolve_retention(const TableRequest& request, const json::object& artifacts) {
  Retention r;
  if (const json::value* days = find_path(artifacts, {"governance", "data_retention_days"}); days && days->is_int64())
    r.days = days->as_int64();
  if (const json::value* keep = find_path(artifacts, {"governance", "snapshot_keep_last"}); keep && keep->is_int64())
    r.keep_last = keep->as_int64();
  // Where each value was set, in the platform the command applies: the
  // --platform override when there is one, else the product's own.
  ExplainRequest explain_request{request.platform_override.empty() ? request.product_path : request.platform_override,
                                 "governance", request.sources};
  json::value explained;
  explain(explain_request, explained);
  if (const json::value* values = find_path(explained, {"values"}); values && values->is_array())
    for (const auto& v : values->as_array()) {
      std::string path = string_at(v, {"path"});
      for (const char* key : {"data_retention_days", "snapshot_keep_last"})
        if (path == fmt::format("governance.{}", key)) {
          json::object row = v.as_object();
          row.erase("path");
          r.explained[key] = std::move(row);
        }
    }
  if (!r.explained.contains("snapshot_keep_last"))
    r.explained["snapshot_keep_last"] = json::object{{"value", r.keep_last}, {"tier", "default"}};
  return r;
}

json::array table_names(const json::object& answer) {
  const json::value* tables = answer.if_contains("tables");
  return tables != nullptr && tables->is_array() ? tables->as_array() : json::array();
}

// The product's namespaces in the catalog: its own and those dbt derives
// from it for custom schemas (<namespace>_gold), as the catalog lists them
// under the same parent; nullopt after a diagnostic.
std::optional<std::vector<std::string>> product_namespaces(Catalog& catalog, const std::string& ns) {
  json::object request;
  if (auto dot = ns.rfind('.'); dot != std::string::npos) request["parent"] = ns.substr(0, dot);
  auto listed = catalog.call("list_namespaces", std::move(request));
  if (!listed) return std::nullopt;
  std::vector<std::string> out;
  if (const json::value* names = listed->if_contains("namespaces"); names != nullptr && names->is_array())
    for (const auto& name : names->as_array())
      if (name.is_string() && namespace_is_products(std::string(name.as_string()), ns)) out.emplace_back(name.as_string());
  std::sort(out.begin(), out.end());
  return out;
}

// Every table of the product's namespaces; nullopt after a diagnostic.
std::optional<json::array> product_table_names(Catalog& catalog, const std::string& ns) {
  auto namespaces = product_namespaces(catalog, ns);
  if (!namespaces) return std::nullopt;
  json::array tables;
  for (const auto& name : *namespaces) {
    auto listed = catalog.call("list_tables", {{"namespace", name}});
    if (!listed) return std::nullopt;
    for (const auto& t : table_names(*listed)) tables.push_back(t);
  }
  return tables;
}

// FLOE-W111 (a note) where an expiry removed snapshots and left files the
// storage still holds: once per command when floe could not ask for the
// deletes at all (`no_fileio` says why; "" when asked to keep the files),
// per table when the plugin could not plan or finish them.
void say_files_kept(const json::object& answer, const std::string& table, const std::string& no_fileio, bool& said_once,
                    Diagnostics& diags, const SourceLocation& where) {
  auto note = [&](std::string message, std::string fix) {
    Diagnostic d = make_diagnostic(codes::W111, "iceberg", std::move(message), where, {}, std::move(fix));
    d.severity = Severity::note;
    d.subject = table;
    diags.add(std::move(d));
  };
  const json::value* removed = find_path(answer, {"plan", "remove"});
  bool removes = removed != nullptr && removed->is_array() && !removed->as_array().empty();
  const json::value* files = find_path(answer, {"files"});
  if (files == nullptr || !files->is_object()) {
    if (removes && !no_fileio.empty() && !said_once) {
      said_once = true;
      note(fmt::format("the expired snapshots' files stay in the storage: {}", no_fileio),
           "delete unreferenced files with the catalog's or an engine's maintenance (Spark's expire_snapshots or "
           "remove_orphan_files)");
    }
    return;
  }
  if (std::string why = string_at(*files, {"not_planned"}); !why.empty())
    note(fmt::format("{}: the expired snapshots' files were not deleted: {}", table, why),
         "delete unreferenced files with an engine's maintenance (Spark's remove_orphan_files)");
  if (const json::value* failed = find_path(*files, {"failed"}); failed != nullptr && failed->is_array() &&
                                                                  !failed->as_array().empty())
    note(fmt::format("{}: {} unreferenced file(s) could not be deleted and stay in the storage, e.g. {}", table,
                     failed->as_array().size(), string_at(failed->as_array()[0], {"problem"})),
         "check the storage credentials' delete permission; an engine's remove_orphan_files finds the files later");
  if (const json::value* outside = find_path(*files, {"kept_outside_location"}); outside != nullptr &&
                                                                              outside->is_array() &&
                                                                              !outside->as_array().empty())
    note(fmt::format("{}: {} unreferenced file(s) lie outside the table's location and were kept (they may be another "
                     "table's), e.g. {}",
                     table, outside->as_array().size(), json::serialize(outside->as_array()[0])),
         "delete them by hand once no table uses them");
}

json::value expire(const TableRequest& request, const Retention& retention, const std::string& ns, Catalog& catalog,
                   Registry& registry, const json::object& artifacts, Diagnostics& diags, const SourceLocation& where) {
  json::object result{{"dry_run", request.dry_run}, {"retention", retention.explained}};
  if (!retention.days) {
    Diagnostic d = make_diagnostic(codes::W105, "iceberg",
                                   "the platform sets no governance.data_retention_days: there is no retention to expire by",
                                   where, "governance.data_retention_days in the platform manifest",
                                   "set governance.data_retention_days (and optionally governance.snapshot_keep_last)");
    d.severity = Severity::note;
    diags.add(std::move(d));
    result["tables"] = json::array();
    return result;
  }
  std::vector<std::string> targets = request.tables;
  if (targets.empty()) {
    auto listed = product_table_names(catalog, ns);
    if (!listed) return nullptr;
    for (const auto& t : *listed)
      if (t.is_string()) targets.emplace_back(t.as_string());
  }
  // The storage's FileIO, for the catalog plugin to delete the files the
  // expired snapshots alone referenced; none when asked to keep them, when
  // the storage is not S3, or when the plugin predates the key (ABI 1.6).
  std::optional<json::object> fileio;
  std::string no_fileio;
  if (request.keep_files) {
    // asked to keep them: nothing to say
  } else if (catalog.abi_version() < FLOE_MAKE_VERSION(1, 6, 0)) {
    no_fileio = fmt::format("the catalog plugin '{}' was built for an ABI older than 1.6, which cannot delete them",
                            catalog.type());
  } else {
    fileio = s3_file_io(registry, artifacts, no_fileio);
  }
  bool files_kept_said = false;
  json::array done;
  for (const auto& table : targets) {
    if (!table_in_namespace(table, ns)) {
      Diagnostic d = make_diagnostic(codes::W104, "iceberg",
                                     fmt::format("'{}' is outside the product's namespace '{}': floe maintains only the "
                                                 "product's own tables",
                                                 table, ns),
                                     where, fmt::format("a table {}.<name>", ns),
                                     "name a table of the product (floe iceberg ls lists them)");
      d.subject = table;
      diags.add(std::move(d));
      continue;
    }
    json::object expire_request{{"identifier", table},
                                {"retention_days", *retention.days},
                                {"keep_last", retention.keep_last},
                                {"dry_run", request.dry_run}};
    if (fileio) expire_request["file_io"] = *fileio;
    auto answer = catalog.call("expire_snapshots", std::move(expire_request));
    if (!answer) continue;
    say_files_kept(*answer, table, no_fileio, files_kept_said, diags, where);
    // A branch or tag that keeps a snapshot past the retention: kept, said.
    if (const json::value* kept = find_path(*answer, {"plan", "retained_by_ref"}); kept && kept->is_array())
      for (const auto& k : kept->as_array()) {
        Diagnostic d = make_diagnostic(
            codes::W106, "iceberg",
            fmt::format("{}: snapshot {} is older than the {}-day retention but the {} '{}' still names it: kept", table,
                        json::serialize(k.as_object().at("snapshot_id")), *retention.days, string_at(k, {"ref_type"}),
                        string_at(k, {"ref"})),
            where, {}, "drop or move the ref if the snapshot should go");
        d.severity = Severity::note;
        d.subject = table;
        diags.add(std::move(d));
      }
    done.push_back(std::move(*answer));
  }
  result["tables"] = std::move(done);
  return result;
}

}  // namespace

TableOutput run_table_operation(const TableRequest& request) {
  TableOutput out;
  CompileReport& report = out.report;
  CompileRequest compile;
  compile.product_path = request.product_path;
  compile.platform_override = request.platform_override;
  compile.plugin_roots = request.plugin_roots;
  compile.sources = request.sources;
  report = request.compile_key.is_null() ? compile_product(compile)
                                         : compile_product_cached(compile, request.compile_key).report;
  if (report.outcome != Outcome::ok) return out;

  const std::string artifacts_path =
      (fs::path(directory_of(request.product_path)) / "target" / "compiled_artifacts.json").string();
  Stage& stage = report.stage("Reaching the product's Iceberg catalog");
  auto parsed = read_json_file(artifacts_path, input_limits::kConfigFile);
  if (!parsed || !parsed.value().is_object()) {
    report.diagnostics.add(make_diagnostic(codes::W102, "iceberg",
                                           fmt::format("cannot read back {} after the compile", artifacts_path),
                                           {artifacts_path, 0, 0}));
    report.conclude(stage);
    return out;
  }
  const json::object artifacts = std::move(parsed).value().as_object();
  const std::string ns = product_namespace(artifacts);
  const SourceLocation where{artifacts_path, 0, 0};

  RegistryOptions registry_options;
  registry_options.extra_roots = request.plugin_roots;
  Registry registry(std::move(registry_options));
  Catalog catalog(registry, artifacts, artifacts_path, report.diagnostics);
  if (catalog.usable()) {
    json::object result{{"catalog", catalog.type()}, {"namespace", ns}};
    switch (request.operation) {
      case Operation::list: {
        if (request.namespace_name.empty()) {
          // The product's own namespace and those derived from it.
          if (auto tables = product_table_names(catalog, ns)) {
            result["tables"] = std::move(*tables);
            out.result = std::move(result);
          }
          break;
        }
        result["namespace"] = request.namespace_name;
        if (auto answer = catalog.call("list_tables", {{"namespace", request.namespace_name}})) {
          result["tables"] = table_names(*answer);
          out.result = std::move(result);
        }
        break;
      }
      case Operation::show:
        if (auto answer = catalog.call("load_table", {{"identifier", request.table}})) {
          result["table"] = table_summary(*answer);
          result["retention"] = resolve_retention(request, artifacts).explained;
          result["product_table"] = table_in_namespace(request.table, ns);
          out.result = std::move(result);
        }
        break;
      case Operation::expire: {
        json::value expired = expire(request, resolve_retention(request, artifacts), ns, catalog, registry, artifacts,
                                    report.diagnostics, where);
        if (!expired.is_null()) {
          for (auto& [k, v] : expired.as_object()) result[k] = v;
          out.result = std::move(result);
        }
        break;
      }
    }
  }
  stage.lines.push_back({report.diagnostics.has_errors() ? "error" : "ok", fmt::format("catalog {}, namespace {}", catalog.type(), ns)});
  report.conclude(stage);
  return out;
}

}  // namespace floe::tables
