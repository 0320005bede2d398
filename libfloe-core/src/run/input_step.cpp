#include "run/input_step.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <optional>

#include "core/json_path.hpp"
#include "diag/codes.hpp"
#include "run/dbt_steps.hpp"
#include "run/lake_steps.hpp"
#include "tables/catalog_session.hpp"

namespace floe::run {
namespace json = boost::json;

namespace {

const json::array* resolved_inputs(const RunContext& ctx) {
  const json::value* inputs = find_path(ctx.artifacts, {"ports", "resolved_inputs"});
  return inputs != nullptr && inputs->is_array() && !inputs->as_array().empty() ? &inputs->as_array() : nullptr;
}

void add_unreadable(RunContext& ctx, const json::value& input, std::string problem, std::string hint) {
  Diagnostic d = make_diagnostic(codes::X116, "run",
                                 fmt::format("input port '{}' ({} {} port {}): {}", string_at(input, {"name"}),
                                             string_at(input, {"product"}), string_at(input, {"version"}),
                                             string_at(input, {"port"}), problem),
                                 {ctx.artifacts_path, 0, 0}, {}, std::move(hint));
  d.subject = string_at(input, {"name"});
  ctx.report.diagnostics.add(std::move(d));
}

// Where a port's table is: the producer's namespace or one dbt derived from
// it for a custom schema (<namespace>_<schema>), whichever holds the table.
// "" when none does (or the namespace does not exist).
std::string namespace_holding(tables::Catalog& catalog, const std::string& ns, const std::string& table) {
  json::object request;
  if (auto dot = ns.rfind('.'); dot != std::string::npos) request["parent"] = ns.substr(0, dot);
  floe_status status = FLOE_OK;
  auto listed = catalog.call_allowing("list_namespaces", request, FLOE_ERR_NOT_FOUND, status);
  if (!listed) return {};
  std::vector<std::string> candidates;
  if (const json::value* names = listed->if_contains("namespaces"); names != nullptr && names->is_array())
    for (const auto& n : names->as_array())
      if (n.is_string() && (n.as_string() == ns || n.as_string().starts_with(ns + "_"))) candidates.emplace_back(n.as_string());
  std::sort(candidates.begin(), candidates.end());  // the product's own namespace first: "_" sorts after it
  for (const auto& candidate : candidates) {
    auto tables = catalog.call_allowing("list_tables", {{"namespace", candidate}}, FLOE_ERR_NOT_FOUND, status);
    if (!tables) continue;
    if (const json::value* ids = tables->if_contains("tables"); ids != nullptr && ids->is_array())
      for (const auto& id : ids->as_array())
        if (id.is_string() && id.as_string() == candidate + "." + table) return candidate;
  }
  return {};
}

// A port located in the catalog, at the snapshot the copy reads.
struct LocatedInput {
  const json::value* input;
  std::string ns, table, metadata_location;
  std::int64_t snapshot_id = 0;
};

// The port's table and its current snapshot; nullopt after an X116.
std::optional<LocatedInput> locate(RunContext& ctx, tables::Catalog& catalog, const json::value& input) {
  const json::value* lake = find_path(input, {"lake"});
  std::string producer = string_at(input, {"product"});
  if (lake == nullptr || !lake->is_object()) {
    add_unreadable(ctx, input, fmt::format("{} was published from a platform that selects no lake catalog, so its tables "
                                           "stay in its own compute, where this run cannot read them", producer),
                   fmt::format("have {}'s platform select the lake catalog this product's platform uses, then publish "
                               "and run {} again", producer, producer));
    return std::nullopt;
  }
  std::string theirs = string_at(*lake, {"warehouse"});
  std::string ours = string_at(ctx.artifacts, {"plugins", "catalog", "config", "warehouse"});
  if (!theirs.empty() && !ours.empty() && theirs != ours) {
    add_unreadable(ctx, input, fmt::format("{} publishes to warehouse '{}' of catalog '{}', this product's platform to "
                                           "warehouse '{}'", producer, theirs, string_at(*lake, {"catalog"}), ours),
                   "products read each other through one lake: point both platforms at the same catalog warehouse");
    return std::nullopt;
  }
  LocatedInput out{&input, {}, string_at(input, {"table"}), {}, 0};
  std::string ns = string_at(*lake, {"namespace"});
  out.ns = namespace_holding(catalog, ns, out.table);
  if (out.ns.empty()) {
    add_unreadable(ctx, input, fmt::format("table {} is not in the catalog (namespace {} or {}_<schema>): {} has not "
                                           "published it yet", out.table, ns, ns, producer),
                   fmt::format("run {} (floe run publishes its tables to the lake), then run this product again", producer));
    return std::nullopt;
  }
  auto loaded = catalog.call("load_table", {{"identifier", out.ns + "." + out.table}});
  if (!loaded) return std::nullopt;  // the catalog call's own diagnostic says why
  out.metadata_location = string_at(*loaded, {"metadata_location"});
  const json::value* current = find_path(*loaded, {"metadata", "current-snapshot-id"});
  if (current == nullptr || !current->is_int64() || current->as_int64() < 0) {
    add_unreadable(ctx, input, fmt::format("table {}.{} has no snapshot: {} created it but never published rows to it",
                                           out.ns, out.table, producer),
                   fmt::format("run {} until its checks pass (its publish commits the rows), then run this product "
                               "again", producer));
    return std::nullopt;
  }
  out.snapshot_id = current->as_int64();
  return out;
}

}  // namespace

bool has_input_ports(const RunContext& ctx) { return resolved_inputs(ctx) != nullptr; }

void report_inputs_without_lake(RunContext& ctx) {
  const json::array* inputs = resolved_inputs(ctx);
  if (inputs == nullptr) return;
  if (find_path(ctx.artifacts, {"dbt", "lake"}) != nullptr) {
    // --local: the lake is there, this run does not use it.
    Diagnostic d = make_diagnostic(codes::X117, "run",
                                   fmt::format("--local: the {} input port(s) are not read from the lake; the models read "
                                               "the copies an earlier floe run took (or fail if there is none)",
                                               inputs->size()),
                                   {ctx.artifacts_path, 0, 0}, {}, "run without --local to read the producers' current data");
    d.severity = Severity::warning;
    ctx.report.diagnostics.add(std::move(d));
    return;
  }
  for (const auto& input : *inputs)
    add_unreadable(ctx, input, "this product's platform selects no lake catalog (with an endpoint) to read it from",
                   "input ports are read from the lake the producer publishes to: select that catalog "
                   "(plugins.catalog) and its storage in this product's platform");
}

StepOutcome inputs_step(RunContext& ctx, Instance& dbt, const std::vector<json::object>& projects) {
  const json::array* inputs = resolved_inputs(ctx);
  return run_step(ctx, "inputs", "catalog", fmt::format("Reading {} input port(s) from the lake", inputs->size()),
                  [&](Stage& stage, StepOutcome& o) {
    auto fail = [&](std::string why) {
      o.status = StepStatus::failed;
      o.message = std::move(why);
    };
    if (const json::value* reads = find_path(ctx.artifacts, {"dbt", "lake", "reads_inputs"}); reads == nullptr || *reads != true) {
      for (const auto& input : *inputs)
        add_unreadable(ctx, input,
                       fmt::format("compute '{}' cannot copy a table from the lake (its dbt package has no "
                                   "floe_lake.read_inputs)", string_at(ctx.artifacts, {"plugins", "compute", "type"})),
                       "input ports are read on DuckDB so far (docs/contracts.md#input-ports-at-run-time)");
      return fail("the compute cannot read input ports");
    }
    tables::Catalog catalog(ctx.registry, ctx.artifacts, ctx.artifacts_path, ctx.report.diagnostics);
    if (!catalog.usable()) return fail("the catalog plugin cannot be opened");
    std::vector<LocatedInput> located;
    for (const auto& input : *inputs)
      if (auto l = locate(ctx, catalog, input)) {
        stage.lines.push_back({"ok", fmt::format("{}: {} {} -> {}.{} at snapshot {}", string_at(input, {"name"}),
                                                 string_at(input, {"product"}), string_at(input, {"version"}), l->ns,
                                                 l->table, l->snapshot_id)});
        located.push_back(std::move(*l));
      }
    if (located.size() != inputs->size()) return fail("an input port's table cannot be read: dbt was not started");

    // One copy per dbt project, of the ports whose sources it declares.
    std::map<std::string, json::array> by_project;
    for (const auto& l : located)
      by_project[string_at(*l.input, {"project"})].push_back(json::object{{"source", string_at(*l.input, {"source"})},
                                                                          {"namespace", l.ns},
                                                                          {"name", l.table},
                                                                          {"snapshot_id", l.snapshot_id}});
    double tool_seconds = 0;
    for (auto& [project_name, args] : by_project) {
      const json::object* project = &projects.front();
      for (const auto& p : projects)
        if (string_at(p, {"name"}) == project_name) project = &p;
      json::object request = lake_invocation(ctx, *project);
      request["macro"] = "floe_lake.read_inputs";
      request["args"] = json::object{{"database", string_at(ctx.artifacts, {"dbt", "lake", "database"})},
                                     {"inputs", std::move(args)}};
      auto copied = call_plugin(ctx, dbt, "run_operation", request, stage);
      if (!copied) return fail("the dbt runtime cannot run floe's copy of the input ports");
      if (copied->contains("execution_time_seconds") && copied->at("execution_time_seconds").is_number())
        tool_seconds += copied->at("execution_time_seconds").to_number<double>();
      if (!copied->contains("success") || copied->at("success") != true) {
        for (const auto& l : located)
          if (string_at(*l.input, {"project"}) == project_name)
            add_unreadable(ctx, *l.input, fmt::format("copying {}.{} into the local database failed: {}", l.ns, l.table,
                                                      string_at(*copied, {"error"}, "dbt failed")),
                           "check the catalog and its storage (floe iceberg ls), then run again");
        return fail("the input ports could not be copied: dbt was not started");
      }
    }
    json::array read;
    for (const auto& l : located)
      read.push_back(json::object{{"port", string_at(*l.input, {"name"})},
                                  {"product", string_at(*l.input, {"product"})},
                                  {"version", string_at(*l.input, {"version"})},
                                  {"source", string_at(*l.input, {"source"})},
                                  {"table", l.ns + "." + l.table},
                                  {"snapshot_id", l.snapshot_id},
                                  {"metadata_location", l.metadata_location}});
    o.summary = {{"inputs", std::move(read)}, {"tool_seconds", tool_seconds}};
  });
}

}  // namespace floe::run
