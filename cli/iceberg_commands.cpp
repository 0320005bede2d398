#include "iceberg_commands.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <ctime>
#include <memory>

#include "c_api.hpp"
#include "exit_codes.hpp"
#include "registry_flags.hpp"
#include "report_printer.hpp"
#include "result_stream.hpp"

namespace floe::cli {
namespace {
namespace json = boost::json;

struct IcebergOptions {
  std::string file, platform, namespace_name, table;
  std::vector<std::string> tables;
  bool dry_run = false, keep_files = false, json = false;
  RegistryFlags registry;
};

std::string text(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : json::serialize(v); }

const json::value& at_or_null(const json::object& o, std::string_view key) {
  static const json::value null;
  const json::value* v = o.if_contains(key);
  return v != nullptr ? *v : null;
}

std::string utc(const json::value& ms) {
  if (!ms.is_int64()) return "?";
  std::time_t seconds = static_cast<std::time_t>(ms.as_int64() / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// "90 days (domain, examples/enterprise/domains/sales/manifest.yaml:46)"
std::string where_set(const json::object& retention, const char* key) {
  const json::value& v = at_or_null(retention, key);
  if (!v.is_object()) return "not set";
  const auto& o = v.as_object();
  std::string tier = text(at_or_null(o, "tier"));
  if (!o.contains("file")) return fmt::format("{} ({})", text(at_or_null(o, "value")), tier);
  return fmt::format("{} ({}, {}:{})", text(at_or_null(o, "value")), tier, text(at_or_null(o, "file")),
                     text(at_or_null(o, "line")));
}

void print_retention(const json::object& retention, const Terminal& term) {
  fmt::print(result_stream(), "{} data_retention_days {}, snapshot_keep_last {}\n", term.bold("retention:"),
             where_set(retention, "data_retention_days"), where_set(retention, "snapshot_keep_last"));
}

void print_list(const json::object& r, const Terminal& term) {
  const auto& tables = r.at("tables").as_array();
  fmt::print(result_stream(), "catalog {}, namespace {}: {} table{}\n", text(r.at("catalog")), term.bold(text(r.at("namespace"))),
             tables.size(), tables.size() == 1 ? "" : "s");
  for (const auto& t : tables) fmt::print(result_stream(), "  {}\n", text(t));
}

void print_show(const json::object& r, const Terminal& term) {
  const auto& t = r.at("table").as_object();
  fmt::print(result_stream(), "{}  (format v{}, {} snapshots, current {})\n", term.bold(text(at_or_null(t, "identifier"))),
             text(at_or_null(t, "format_version")), text(at_or_null(t, "snapshot_count")),
             text(at_or_null(t, "current_snapshot_id")));
  fmt::print(result_stream(), "location: {}\n", text(at_or_null(t, "location")));
  fmt::print(result_stream(), "schema:\n");
  for (const auto& f : at_or_null(t, "schema").as_array())
    fmt::print(result_stream(), "  {:>3}  {:<24} {:<12} {}\n", text(at_or_null(f.as_object(), "id")),
               text(at_or_null(f.as_object(), "name")), text(at_or_null(f.as_object(), "type")),
               at_or_null(f.as_object(), "required") == true ? "required" : "optional");
  fmt::print(result_stream(), "snapshots (newest first):\n");
  for (const auto& s : at_or_null(t, "snapshots").as_array())
    fmt::print(result_stream(), "  {}  {}  {}\n", text(at_or_null(s.as_object(), "snapshot_id")),
               utc(at_or_null(s.as_object(), "timestamp_ms")), text(at_or_null(s.as_object(), "operation")));
  fmt::print(result_stream(), "refs:\n");
  for (const auto& [name, ref] : at_or_null(t, "refs").as_object())
    fmt::print(result_stream(), "  {}  {}  {}\n", std::string(name), text(at_or_null(ref.as_object(), "type")),
               text(at_or_null(ref.as_object(), "snapshot-id")));
  if (const json::value& p = at_or_null(t, "properties"); p.is_object() && !p.as_object().empty()) {
    fmt::print(result_stream(), "properties:\n");
    for (const auto& [key, value] : p.as_object()) fmt::print(result_stream(), "  {} = {}\n", std::string(key), text(value));
  }
  print_retention(r.at("retention").as_object(), term);
  if (r.at("product_table") != true)
    fmt::print(result_stream(), "{}\n", term.dim(fmt::format("(not in the product's namespace {}: floe does not expire it)",
                                                             text(r.at("namespace")))));
}

// "  deleted 4 of 4 files: 2 data, 0 delete, 1 manifests, 1 manifest lists"
// (a dry run: "  would delete 4 files: ...").
void print_freed_files(const json::object& table, bool dry) {
  const json::value& files = at_or_null(table, "files");
  if (!files.is_object()) return;
  auto count = [](const json::value& object, const char* key) {
    const json::value& v = object.is_object() ? at_or_null(object.as_object(), key) : object;
    return v.is_int64() ? v.as_int64() : std::int64_t{0};
  };
  const json::value& planned = at_or_null(files.as_object(), "planned");
  std::int64_t data = count(planned, "data_files"), deletes = count(planned, "delete_files"),
               manifests = count(planned, "manifests"), lists = count(planned, "manifest_lists");
  std::int64_t total = data + deletes + manifests + lists;
  if (total == 0) return;
  std::string done = dry ? fmt::format("would delete {}", total)
                         : fmt::format("deleted {} of {}", count(files, "deleted"), total);
  fmt::print(result_stream(), "  {} file{}: {} data, {} delete, {} manifests, {} manifest lists\n", done,
             total == 1 ? "" : "s", data, deletes, manifests, lists);
}

void print_expire(const json::object& r, const Terminal& term) {
  bool dry = r.at("dry_run") == true;
  print_retention(r.at("retention").as_object(), term);
  for (const auto& t : r.at("tables").as_array()) {
    const auto& table = t.as_object();
    const auto& plan = table.at("plan").as_object();
    std::size_t removed = plan.at("remove").as_array().size(), kept = plan.at("keep").as_array().size();
    fmt::print(result_stream(), "{}: {} {} snapshot{}, {} kept{}\n", term.bold(text(table.at("identifier"))),
               dry ? "would remove" : "removed", removed, removed == 1 ? "" : "s", kept,
               table.at("committed") == true ? "" : (dry || removed == 0 ? "" : " (not committed)"));
    print_freed_files(table, dry);
  }
  if (r.at("tables").as_array().empty()) fmt::print(result_stream(), "no table to expire in {}\n", text(r.at("namespace")));
}

void run_table_command(const char* operation, const IcebergOptions& o, const GlobalOptions& global,
                       const Terminal& term) {
  json::object req{{"operation", operation}};
  if (!o.file.empty()) req["product"] = o.file;
  if (!o.platform.empty()) req["platform"] = o.platform;
  if (!o.namespace_name.empty()) req["namespace"] = o.namespace_name;
  if (!o.table.empty()) req["table"] = o.table;
  if (!o.tables.empty()) req["tables"] = json::value_from(o.tables);
  if (o.dry_run) req["dry_run"] = true;
  if (o.keep_files) req["keep_files"] = true;
  std::string roots;
  for (const auto& p : global.plugin_paths) roots += (roots.empty() ? "" : ":") + p;
  if (!roots.empty()) req["plugin_path"] = roots;
  apply_registry_flags(o.registry, req);

  Buffer out;
  Error error;
  check(floe_table_run(json::serialize(req).c_str(), &out.raw, &error.raw), error);
  json::value report = parse_output(out);
  if (o.json) {
    fmt::print(result_stream(), "{}\n", json::serialize(report));
  } else {
    const auto& r = report.as_object();
    const json::value& result = at_or_null(r, "result");
    if (!result.is_object()) {
      print_report(report, term);  // the compile or the catalog stopped it: show where
    } else {
      std::string op = operation;
      if (op == "list") print_list(result.as_object(), term);
      if (op == "show") print_show(result.as_object(), term);
      if (op == "expire") print_expire(result.as_object(), term);
      if (!r.at("diagnostics").as_array().empty()) {
        std::fflush(result_stream());
        print_diagnostics(report, term);
      }
    }
  }
  int code = exit_code_for_outcome(report);
  if (code != kExitOk) throw CommandFailure(code, "");
}

void add_common(CLI::App* cmd, IcebergOptions& o) {
  cmd->add_option("-f,--file", o.file, "The data product file (default floe.yaml)")->type_name("FLOE_YAML");
  cmd->add_option("--platform", o.platform, "Use this platform instead of platform.ref (a path or oci://)")
      ->type_name("REF");
  cmd->add_flag("--json", o.json, "Print only the report (JSON) on stdout");
  add_registry_flags(cmd, o.registry, true);
}

}  // namespace

void add_iceberg_commands(CLI::App& app, const GlobalOptions& global, const Terminal& term) {
  auto* iceberg = app.add_subcommand("iceberg", "A product's Iceberg tables in its platform's catalog: list, show, expire");
  iceberg->require_subcommand(1);

  auto ls = std::make_shared<IcebergOptions>();
  auto* ls_cmd = iceberg->add_subcommand("ls", "List the tables of a namespace (default: the product's own)");
  ls_cmd->add_option("namespace", ls->namespace_name, "A namespace, e.g. sales.customer-360")->type_name("NAMESPACE");
  add_common(ls_cmd, *ls);
  ls_cmd->callback([&global, &term, ls] { run_table_command("list", *ls, global, term); });

  auto show = std::make_shared<IcebergOptions>();
  auto* show_cmd = iceberg->add_subcommand("show", "A table's schema, snapshots, refs, properties and the retention that applies");
  show_cmd->add_option("table", show->table, "The table, <namespace>.<name>")->required()->type_name("TABLE");
  add_common(show_cmd, *show);
  show_cmd->callback([&global, &term, show] { run_table_command("show", *show, global, term); });

  auto expire = std::make_shared<IcebergOptions>();
  auto* expire_cmd = iceberg->add_subcommand(
      "expire", "Expire snapshots of the product's tables by governance.data_retention_days (and snapshot_keep_last)");
  expire_cmd->add_option("tables", expire->tables, "Tables of the product (default: all of them)")->type_name("TABLE");
  expire_cmd->add_flag("--dry-run", expire->dry_run, "Say what would be removed, kept and deleted; commit nothing");
  expire_cmd->add_flag("--keep-files", expire->keep_files,
                       "Remove the snapshots only: delete no file they alone referenced from the storage");
  add_common(expire_cmd, *expire);
  expire_cmd->callback([&global, &term, expire] { run_table_command("expire", *expire, global, term); });
}

}  // namespace floe::cli
