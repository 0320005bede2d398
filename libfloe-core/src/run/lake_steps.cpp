#include "run/lake_steps.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "compile/lake_profile.hpp"
#include "compile/product_namespace.hpp"
#include "base/atomic_file.hpp"
#include "base/input_file.hpp"
#include "core/json_path.hpp"
#include "base/json_text.hpp"
#include "core/secret_reference.hpp"
#include "diag/codes.hpp"
#include "enforce/enforce_detail.hpp"
#include "run/dbt_steps.hpp"
#include "tables/catalog_session.hpp"

namespace floe::run {
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

std::string lake_namespace(const RunContext& ctx) { return string_at(ctx.artifacts, {"dbt", "lake", "namespace"}); }


// Copies the package the compile wrote (dbt.lake.package_path) into the
// project's dbt_packages/, file by file, each atomically; false after a
// diagnostic.
bool install_package(RunContext& ctx, const json::object& project, Stage& stage) {
  fs::path from = fs::path(ctx.product_dir) / string_at(ctx.artifacts, {"dbt", "lake", "package_path"});
  fs::path to = fs::path(project_directory(ctx, project)) / "dbt_packages" / from.filename();
  std::error_code ec;
  std::size_t files = 0;
  std::set<std::string> installed;
  for (fs::recursive_directory_iterator it(from, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    auto text = read_input_file(it->path().string(), InputRules{input_limits::kConfigFile});
    fs::path target = to / it->path().lexically_relative(from);
    installed.insert(it->path().lexically_relative(from).generic_string());
    auto written = text ? write_file_if_changed(target.string(), *text) : Result<bool>(text.error());
    if (!written) {
      ctx.report.diagnostics.add(make_diagnostic(
          codes::X109, "run", fmt::format("cannot install the lake materializations into {}: {}", to.string(),
                                          written.error().message),
          {target.string(), 0, 0}, {}, "make the dbt project's dbt_packages/ writable, or run floe compile again"));
      return false;
    }
    ++files;
  }
  if (ec || files == 0) {
    ctx.report.diagnostics.add(make_diagnostic(
        codes::X109, "run", fmt::format("the lake materializations are missing from {}", from.string()),
        {ctx.artifacts_path, 0, 0}, {}, "run floe compile again: it writes them"));
    return false;
  }
  remove_other_package_files(to, installed);  // another compute's macros would clash with these
  stage.lines.push_back({"ok", fmt::format("lake materializations installed in {}", to.string())});
  return true;
}

// The classification of a column: its own dbt meta, else the first of the
// platform's column patterns it matches.
std::string column_classification(const std::string& column, const json::object* node, const json::value& patterns) {
  if (node != nullptr)
    if (const json::value* columns = node->if_contains("columns"); columns != nullptr && columns->is_object())
      for (const auto& [name, spec] : columns->as_object())
        if (std::string(name) == column)
          if (std::string c = string_at(spec, {"meta", "classification"}); !c.empty()) return c;
  if (patterns.is_array())
    for (const auto& rule : patterns.as_array())
      if (enforce::glob_match(string_at(rule, {"pattern"}), column)) return string_at(rule, {"classification"});
  return {};
}

// The current schema of a load_table answer: its "schema-id" and "fields"
// (null when the answer has none).
std::pair<std::int64_t, json::value> current_schema(const json::object& loaded) {
  const json::value* metadata = loaded.if_contains("metadata");
  const json::value* current = metadata != nullptr ? find_path(*metadata, {"current-schema-id"}) : nullptr;
  const json::value* schemas = metadata != nullptr ? find_path(*metadata, {"schemas"}) : nullptr;
  if (current == nullptr || !current->is_int64() || schemas == nullptr || !schemas->is_array()) return {0, nullptr};
  for (const auto& schema : schemas->as_array())
    if (const json::value* id = find_path(schema, {"schema-id"}); id != nullptr && *id == *current)
      if (const json::value* fields = find_path(schema, {"fields"}); fields != nullptr && fields->is_array())
        return {current->as_int64(), *fields};
  return {0, nullptr};
}

// The names of the current schema's top-level columns, in order.
std::vector<std::string> table_columns(const json::object& loaded) {
  std::vector<std::string> names;
  if (json::value fields = current_schema(loaded).second; fields.is_array())
    for (const auto& field : fields.as_array()) names.push_back(string_at(field, {"name"}));
  return names;
}

// The governance a table carries, as Iceberg table properties.
json::object governance_properties(const RunContext& ctx, const json::object* node, const std::vector<std::string>& columns) {
  const json::object& a = ctx.artifacts;
  json::object set{{"floe.product", string_at(a, {"product", "name"})}};
  if (std::string domain = string_at(a, {"product", "domain"}); !domain.empty()) set["floe.domain"] = domain;
  if (std::string owner = string_at(a, {"product", "owner"}); !owner.empty()) set["floe.owner"] = owner;
  if (node != nullptr) set["floe.dbt.unique-id"] = string_at(*node, {"unique_id"});
  std::string model_class = node != nullptr ? string_at(*node, {"meta", "classification"}) : std::string();
  if (model_class.empty()) model_class = string_at(a, {"governance", "classification", "default"});
  if (!model_class.empty()) set["floe.classification"] = model_class;
  const json::value* patterns = find_path(a, {"governance", "classification", "columns"});
  std::vector<std::string> pii;
  for (const auto& column : columns) {
    std::string c = column_classification(column, node, patterns != nullptr ? *patterns : json::value());
    if (c.empty()) continue;
    set[fmt::format("floe.column.{}.classification", column)] = c;
    if (c == "pii") pii.push_back(column);
  }
  if (!pii.empty()) {
    set["floe.pii-columns"] = fmt::format("{}", fmt::join(pii, ","));
    if (std::string encryption = string_at(a, {"governance", "pii_encryption"}); !encryption.empty())
      set["floe.pii-encryption"] = encryption;
  }
  // Iceberg's own snapshot-expiry keys: engines that expire snapshots
  // (Spark's expire_snapshots, floe iceberg expire) read the retention here.
  if (const json::value* days = find_path(a, {"governance", "data_retention_days"}); days != nullptr && days->is_int64())
    set["history.expire.max-snapshot-age-ms"] = std::to_string(days->as_int64() * 86400000LL);
  std::int64_t keep = 1;
  if (const json::value* k = find_path(a, {"governance", "snapshot_keep_last"}); k != nullptr && k->is_int64())
    keep = k->as_int64();
  set["history.expire.min-snapshots-to-keep"] = std::to_string(keep);
  return set;
}

// The storage plugin's own check of the run's credentials (S3: a signed
// ListObjectsV2 on the bucket), before dbt writes anything: a wrong key
// then fails here, named by bucket and endpoint, not deep in DuckDB. False
// after a FLOE-W108 diagnostic; true without a storage selection.
bool storage_answers(RunContext& ctx, Stage& stage) {
  const json::value* selection = find_path(ctx.artifacts, {"plugins", "storage"});
  std::string type = selection != nullptr ? string_at(*selection, {"type"}) : std::string();
  if (type.empty()) return true;
  Instance* storage = open_selected_plugin(ctx, "storage", "", true);  // X101/X102 when it cannot be opened
  if (storage == nullptr) return false;
  json::object request{{"timeout_ms", 15000}};
  if (json::object secrets = selection_secret_references(*selection); !secrets.empty()) request["secrets"] = secrets;
  ConnectionAnswer answer = ask_validate_connection(ctx, *storage, request);
  if (answer.answers) {
    stage.lines.push_back({"ok", fmt::format("storage '{}': {}", type, answer.message)});
    return true;
  }
  std::string problem = answer.message;
  Diagnostic d = make_diagnostic(codes::W108, "iceberg", fmt::format("storage '{}': {}", type, problem),
                                 {ctx.artifacts_path, 0, 0}, "the object store accepting the run's credentials",
                                 "check plugins.storage's endpoint and bucket, and the keys its secrets reference");
  d.subject = "plugins.storage";
  ctx.report.diagnostics.add(std::move(d));
  return false;
}

// A table model dbt built that goes to the catalog.
struct LakeTable {
  std::string ns, name;         // where it goes: <namespace>[_<custom schema>].<name>
  std::string local_relation;   // "db"."schema"."name" in the local database (DuckDB's SQL)
  std::string local_schema;     // the same as parts, for an engine that quotes otherwise (Spark)
  std::string local_database;  // its database ("db"), for engines that ask the local catalog by parts
  const json::object* node;     // its manifest node
};

std::string sql_identifier(const std::string& part) {
  std::string out = "\"";
  for (char c : part) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The table and incremental models dbt built in this run, each with the
// namespace the product's naming gives it: the namespace itself for the
// target's schema, <namespace>_<suffix> for a custom schema dbt derived from
// it (main_gold -> <namespace>_gold). Any other schema, or a model that names
// the lake's database itself, is FLOE-W107: a product writes only into its
// approved namespace.
std::vector<LakeTable> lake_tables(RunContext& ctx, const json::value& results, const json::value& manifest,
                                   const std::string& ns, const std::string& database) {
  std::vector<LakeTable> out;
  std::string target_schema = string_at(
      ctx.artifacts, {"dbt_profiles", string_at(ctx.artifacts, {"dbt", "profile_name"}), "outputs",
                      string_at(ctx.artifacts, {"dbt", "target"}, "floe"), "schema"},
      "main");
  const json::value* nodes = find_path(manifest, {"nodes"});
  const json::value* ran = find_path(results, {"results"});
  if (nodes == nullptr || !nodes->is_object() || ran == nullptr || !ran->is_array()) return out;
  for (const auto& result : ran->as_array()) {
    std::string id = string_at(result, {"unique_id"});
    const json::value* n = nodes->as_object().if_contains(id);
    if (n == nullptr || !n->is_object() || string_at(*n, {"resource_type"}) != "model") continue;
    const json::object& node = n->as_object();
    std::string materialized = string_at(node, {"config", "materialized"});
    std::string schema = string_at(node, {"schema"});
    std::string name = string_at(node, {"alias"});
    if (name.empty()) name = string_at(node, {"name"});
    bool writes_table = materialized == "table" || materialized == "incremental";
    bool derived = schema == target_schema || (schema.size() > target_schema.size() + 1 &&
                                               schema.compare(0, target_schema.size() + 1, target_schema + "_") == 0);
    bool names_lake = string_at(node, {"database"}) == database;
    if ((writes_table && !derived) || names_lake) {
      Diagnostic d = make_diagnostic(
          codes::W107, "iceberg",
          fmt::format("model {} is built in schema '{}'{}, which is not derived from the target schema '{}': it has no "
                      "place in the product's namespace {}",
                      id, schema, names_lake ? " of the catalog's own database" : "", target_schema, ns),
          {ctx.artifacts_path, 0, 0}, fmt::format("tables in {} or {}_<schema>", ns, ns),
          "remove the model's schema or database override (or generate_schema_name's), so dbt derives its schema "
          "from the target's");
      d.subject = id;
      ctx.report.diagnostics.add(std::move(d));
      continue;
    }
    if (!writes_table || string_at(result, {"status"}) != "success") continue;
    out.push_back({ns + schema.substr(target_schema.size()), name,
                   sql_identifier(string_at(node, {"database"})) + "." + sql_identifier(schema) + "." + sql_identifier(name),
                   schema, string_at(node, {"database"}), &node});
  }
  return out;
}

// How the compute's commit_tables commits, as its dbt package declared at
// compile time (dbt.lake.commits): "one_transaction" (DuckDB: its Iceberg
// catalog turns the transaction into one multi-table commit),
// "staged_on_branch" (Spark: each table on the branch floe-run-<run id>,
// which floe then publishes with the catalog plugin's fast_forward_branches),
// "data_files" (DuckDB: the package writes each table's rows as a Parquet
// file, which floe commits with the catalog plugin's commit_data_files), or
// "per_table" (Trino, and any compute that does not say).
std::string commit_mode(const RunContext& ctx) { return string_at(ctx.artifacts, {"dbt", "lake", "commits"}, "per_table"); }
// "data_files" (DuckDB since CompiledArtifacts 1.6.0) falls back to the
// package's one-transaction commit_tables where data files cannot be used.
bool engine_commits_in_one_transaction(const RunContext& ctx) {
  return commit_mode(ctx) == "one_transaction" || commit_mode(ctx) == "data_files";
}
bool engine_stages_on_branch(const RunContext& ctx) { return commit_mode(ctx) == "staged_on_branch"; }

std::string staging_branch(const RunContext& ctx) { return "floe-run-" + ctx.run_id; }

// The REST catalog's atomic commit of several tables, as /v1/config lists it.
constexpr const char* kTransactionsEndpoint = "POST /v1/{prefix}/transactions/commit";

bool offers_multi_table_commit(const json::object& connected) {
  if (const json::value* endpoints = connected.if_contains("endpoints"); endpoints != nullptr && endpoints->is_array())
    for (const auto& e : endpoints->as_array())
      if (e.is_string() && e.as_string() == kTransactionsEndpoint) return true;
  return false;
}

// The catalog refused a commit because a table's main (or the table) is no
// longer what the transaction read: Iceberg's CommitFailedException (409),
// as DuckDB passes the catalog's answer on ("... returned a non-200 status
// code (Conflict_409) ... type: CommitFailedException").
bool is_commit_conflict(const std::string& error) {
  return error.find("CommitFailedException") != std::string::npos ||
         error.find("Conflict_409") != std::string::npos;
}

Diagnostic commit_failure(const RunContext& ctx, const std::string& error, bool together, bool conflict = false) {
  std::string catalog = string_at(ctx.artifacts, {"dbt", "lake", "catalog"});
  Diagnostic d =
      conflict || is_commit_conflict(error)
          ? make_diagnostic(
                codes::W110, "iceberg",
                fmt::format("another writer changed one of the product's tables in catalog '{}' while this run "
                            "published, and the catalog refused the commit{}: {}",
                            catalog,
                            together ? " (one multi-table commit: no table changed)"
                                     : " (committed table by table: the tables before it may have changed)",
                            error),
                {ctx.artifacts_path, 0, 0}, "no other writer on the product's tables while it publishes",
                "find the other writer (floe iceberg show TABLE lists the snapshots), then run floe run again: it "
                "replaces the tables on top of the other writer's snapshot")
          : make_diagnostic(codes::W109, "iceberg",
                            fmt::format("committing the product's tables to catalog '{}' failed: {}", catalog, error),
                            {ctx.artifacts_path, 0, 0}, {},
                            "check the catalog and its storage (floe iceberg ls), then run floe run again");
  d.subject = "plugins.catalog";
  return d;
}

// ---- DuckDB's publish: data files the catalog commits ---------------------


// Where a table's data files go (Iceberg's write.data.path, else
// <location>/data), as the catalog plugin checks them.
std::string data_directory(const json::object& loaded) {
  std::string path = string_at(loaded, {"metadata", "properties", "write.data.path"});
  return path.empty() ? string_at(loaded, {"metadata", "location"}) + "/data" : path;
}

// Whether the storage takes its keys from the catalog, table by table.
bool storage_keys_vended(const RunContext& ctx) {
  return string_at(ctx.artifacts, {"plugins", "storage", "config", "credentials", "mode"}) == "vended_credentials";
}

// Whether this run publishes through data files: the compute's package
// writes them (dbt.lake.commits "data_files"), the storage is S3 (what the
// catalog plugins write the manifests to) and the catalog plugin implements
// commit_data_files as of ABI 1.9, taking each file's rows and size from
// the file (the macro does not read them back). Otherwise the package's
// commit_tables, as before.
//
// Also when the catalog vends the storage's keys (the storage's
// credentials.mode vended_credentials, no keys of its own): the macro reads
// each table through DuckDB's attached catalog before its COPY, so DuckDB
// holds the keys vended for the table's location, and the catalog plugin
// writes each table's manifests with the keys vended with that table.
bool publishes_data_files(const RunContext& ctx, tables::Catalog& catalog) {
  return commit_mode(ctx) == "data_files" && string_at(ctx.artifacts, {"plugins", "storage", "type"}) == "s3" &&
         catalog.abi_version() >= FLOE_MAKE_VERSION(1, 9, 0) &&
         catalog.implements("commit_data_files", {{"tables", json::array()}, {"file_io", json::object()}});
}

// The first table (as "ns.name") whose default partition spec has fields,
// "" when none has: floe's data-file commit writes unpartitioned manifests,
// DuckDB's own writer partitions what it inserts.
std::string first_partitioned(const std::vector<LakeTable>& tables, const std::vector<std::optional<json::object>>& loads) {
  for (std::size_t i = 0; i < tables.size() && i < loads.size(); ++i) {
    if (!loads[i]) continue;
    const json::value* metadata = find_path(*loads[i], {"metadata"});
    if (metadata == nullptr || !metadata->is_object()) continue;
    const json::value* default_id = metadata->as_object().if_contains("default-spec-id");
    const json::value* specs = metadata->as_object().if_contains("partition-specs");
    if (default_id == nullptr || specs == nullptr || !specs->is_array()) continue;
    for (const auto& spec : specs->as_array()) {
      const json::value* id = spec.is_object() ? spec.as_object().if_contains("spec-id") : nullptr;
      const json::value* fields = spec.is_object() ? spec.as_object().if_contains("fields") : nullptr;
      if (id != nullptr && *id == *default_id && fields != nullptr && fields->is_array() && !fields->as_array().empty())
        return tables[i].ns + "." + tables[i].name;
    }
  }
  return "";
}

// One round of floe_lake.write_data_files: the files written, by "ns.name";
// the tables it created (or created again) instead, in `created`. nullopt
// after `fail` was told why.
std::optional<std::map<std::string, std::string>> write_data_files(
    RunContext& ctx, Instance& dbt, const json::object& project, const std::string& database, json::array tables,
    int round, std::set<std::string>& created, Stage& stage, std::string& why, json::value& tool_seconds) {
  fs::path result = fs::path(project_directory(ctx, project)) / "target" / "floe_lake" /
                    fmt::format("floe_data_files_{}.json", round);
  std::error_code ec;
  fs::remove(result, ec);  // never read a previous run's answer
  json::object request = lake_invocation(ctx, project);
  request["macro"] = "floe_lake.write_data_files";
  request["args"] = json::object{{"database", database},
                                 {"tables", std::move(tables)},
                                 {"result_path", result.string()},
                                 {"vended_credentials", storage_keys_vended(ctx)}};
  auto answered = call_plugin(ctx, dbt, "run_operation", request, stage);
  if (!answered) {
    why = "the dbt runtime cannot run floe's data file writer";
    return std::nullopt;
  }
  if (answered->contains("execution_time_seconds")) {
    double before = tool_seconds.is_number() ? tool_seconds.to_number<double>() : 0.0;
    tool_seconds = before + answered->at("execution_time_seconds").to_number<double>();
  }
  if (!answered->contains("success") || answered->at("success") != true) {
    std::string error = string_at(*answered, {"error"}, "dbt failed");
    ctx.report.diagnostics.add(commit_failure(ctx, error, true));
    why = "the tables' data files could not be written: no table's main changed";
    return std::nullopt;
  }
  auto rows = read_json_file(result.string(), input_limits::kDbtCatalog);
  if (!rows || !rows->is_array()) {
    why = fmt::format("floe_lake.write_data_files left no answer in {}", result.string());
    return std::nullopt;
  }
  std::map<std::string, std::string> written;
  for (const auto& row : rows->as_array()) {
    std::string table = string_at(row, {"table"});
    const json::value* was_created = find_path(row, {"created"});
    if (was_created != nullptr && was_created->is_bool() && was_created->as_bool()) {
      created.insert(table);
      continue;
    }
    std::string file = string_at(row, {"file"});
    if (!file.empty()) written[table] = std::move(file);
  }
  return written;
}

// DuckDB writes each table's rows as one Parquet file in the table's data
// directory (floe_lake.write_data_files), then the catalog plugin commits
// every table at once (commit_data_files): one "overwrite" snapshot per
// table holding that file and nothing else, the governance properties in
// the same commit. A table new in this run (or whose columns changed) is
// created empty first and written in a second round, once floe knows its
// field ids.
void publish_data_files(RunContext& ctx, Instance& dbt, const json::object& project, const std::string& ns,
                        const std::string& database, const std::vector<LakeTable>& tables, std::vector<std::optional<json::object>>& loaded,
                        tables::Catalog& catalog, bool together, Stage& stage, StepOutcome& o) {
  auto fail = [&](std::string why) {
    o.status = StepStatus::failed;
    if (o.message.empty()) o.message = std::move(why);
  };
  // The storage's FileIO, for the catalog plugin to write the manifests with.
  Instance* storage = open_selected_plugin(ctx, "storage", "", true);
  if (storage == nullptr) return fail("the storage plugin cannot be opened");
  json::object fileio_request;
  if (const json::value* selection = find_path(ctx.artifacts, {"plugins", "storage"}))
    if (json::object secrets = selection_secret_references(*selection); !secrets.empty()) fileio_request["secrets"] = secrets;
  auto fileio = call_plugin(ctx, *storage, "get_fileio_config", fileio_request, stage);
  if (!fileio) return fail("the storage plugin cannot describe its FileIO");

  std::map<std::string, std::string> written;
  json::value tool_seconds = nullptr;
  std::vector<std::size_t> pending(tables.size());
  for (std::size_t i = 0; i < tables.size(); ++i) pending[i] = i;
  for (int round = 1; !pending.empty(); ++round) {
    if (round > 2) return fail("a table's columns still differ from the catalog's after it was created again");
    json::array args;
    for (std::size_t i : pending) {
      const LakeTable& t = tables[i];
      json::value columns = nullptr, fields = nullptr;
      std::string file;
      if (loaded[i]) {
        json::array names;
        for (auto& column : table_columns(*loaded[i])) names.push_back(json::string(std::move(column)));
        columns = std::move(names);
        fields = current_schema(*loaded[i]).second;
        file = fmt::format("{}/floe-{}-{}-{}.parquet", data_directory(*loaded[i]), ctx.run_id, round, i);
      }
      args.push_back(json::object{{"namespace", t.ns}, {"name", t.name}, {"relation", t.local_relation},
                                  {"local_database", t.local_database}, {"schema", t.local_schema},
                                  {"identifier", t.name}, {"lake_columns", std::move(columns)},
                                  {"lake_fields", std::move(fields)}, {"file", file}});
    }
    std::set<std::string> created;
    std::string why;
    auto files = write_data_files(ctx, dbt, project, database, std::move(args), round, created, stage, why, tool_seconds);
    if (!files) return fail(why);
    written.merge(*files);
    std::vector<std::size_t> again;
    std::vector<std::string> identifiers;
    for (std::size_t i : pending) {
      std::string identifier = tables[i].ns + "." + tables[i].name;
      if (created.count(identifier) == 0) continue;
      again.push_back(i);
      identifiers.push_back(std::move(identifier));
    }
    auto reloaded = catalog.load_tables(identifiers);
    if (!reloaded) return fail("a table created for this run cannot be loaded from the catalog");
    for (std::size_t k = 0; k < again.size(); ++k) {
      loaded[again[k]] = std::move((*reloaded)[k]);
      if (!loaded[again[k]]) return fail("a table created for this run cannot be loaded from the catalog");
    }
    pending = std::move(again);
  }

  json::array commits;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const LakeTable& t = tables[i];
    std::string identifier = t.ns + "." + t.name;
    auto file = written.find(identifier);
    if (file == written.end() || !loaded[i]) return fail(fmt::format("no data file was written for {}", identifier));
    json::object properties = governance_properties(ctx, t.node, table_columns(*loaded[i]));
    // No record_count or file_size_in_bytes: the plugin (ABI 1.9) reads
    // them from the file, whose footer it reads anyway for the statistics.
    commits.push_back(json::object{{"identifier", identifier},
                                   {"schema_id", current_schema(*loaded[i]).first},
                                   {"files", json::array{json::object{{"path", file->second}}}},
                                   {"properties", std::move(properties)}});
    // What the plugin plans against: the load the columns and field ids
    // above came from, so it need not load the table again.
    commits.back().as_object()["metadata"] = value_or_null(*loaded[i], {"metadata"});
  }
  floe_status status = FLOE_OK;
  auto committed = catalog.call_allowing(
      "commit_data_files", {{"tables", commits}, {"file_io", std::move(*fileio)}, {"tag", ctx.run_id}},
      FLOE_ERR_CONFLICT, status);
  if (!committed) {
    if (status == FLOE_ERR_CONFLICT) ctx.report.diagnostics.add(commit_failure(ctx, catalog.last_error(), together, true));
    return fail(status == FLOE_ERR_CONFLICT ? "another writer changed a table: the catalog refused the commit"
                                            : "the tables could not be committed");
  }
  bool multi = string_at(*committed, {"commit"}) == "multi-table";
  stage.lines.push_back(
      {"ok", multi ? fmt::format("{} table(s) committed together, in one multi-table commit, one snapshot each "
                                 "(a Parquet file written by DuckDB)",
                                 tables.size())
                   : fmt::format("{} table(s) committed one by one: catalog '{}' lists no {}", tables.size(),
                                 catalog.type(), kTransactionsEndpoint)});
  json::array governed;
  const json::value* answers = find_path(*committed, {"tables"});
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const json::object& properties = commits[i].as_object().at("properties").as_object();
    std::string identifier = tables[i].ns + "." + tables[i].name;
    json::value location = nullptr;
    if (answers != nullptr && answers->is_array() && i < answers->as_array().size() && answers->as_array()[i].is_object())
      location = value_or_null(answers->as_array()[i].as_object(), {"metadata_location"});
    stage.lines.push_back({"ok", fmt::format("{}: committed, {} governance properties", identifier, properties.size())});
    governed.push_back(json::object{{"table", identifier},
                                    {"location", string_at(*loaded[i], {"metadata", "location"})},
                                    {"metadata_location", std::move(location)},
                                    {"pii_columns", value_or_null(properties, {"floe.pii-columns"})}});
  }
  o.summary = {{"namespace", ns},
               {"commit", multi ? "multi-table" : "per-table"},
               {"branch", nullptr},
               {"writer", "data_files"},
               {"tables", std::move(governed)},
               {"tool_seconds", std::move(tool_seconds)}};
}

}  // namespace

bool writes_lake(const RunContext& ctx) {
  // floe test reads the local copies dbt built: it needs no catalog.
  return ctx.request.operation == Operation::run && !ctx.request.local && ctx.selection.runs_dbt &&
         find_path(ctx.artifacts, {"dbt", "lake"}) != nullptr;
}

std::string dbt_target(const RunContext& ctx) {
  return writes_lake(ctx) ? string_at(ctx.artifacts, {"dbt", "lake", "target"})
                          : string_at(ctx.artifacts, {"dbt", "target"}, "floe");
}

json::object lake_invocation(const RunContext& ctx, const json::object& project) {
  json::object request = dbt_invocation(ctx, project);
  request["target"] = dbt_target(ctx);
  request["env"].as_object()["DBT_TARGET_PATH"] = "target/floe_lake";
  return request;
}

StepOutcome lake_step(RunContext& ctx, const std::vector<json::object>& projects) {
  std::string ns = lake_namespace(ctx);
  return run_step(ctx, "lake", "catalog", fmt::format("Preparing namespace {} in the catalog", ns),
                  [&](Stage& stage, StepOutcome& o) {
    auto fail = [&](std::string why) {
      o.status = StepStatus::failed;
      o.message = std::move(why);
    };
    tables::Catalog catalog(ctx.registry, ctx.artifacts, ctx.artifacts_path, ctx.report.diagnostics);
    if (!catalog.usable()) return fail("the catalog plugin cannot be opened");
    auto connected = catalog.call("connect", {});
    if (!connected) {
      // Said once, with what to do on a machine without the platform's lake.
      ctx.report.diagnostics.add(make_diagnostic(
          codes::W103, "iceberg",
          fmt::format("the product's tables go to catalog '{}', which this run cannot use; nothing was built",
                      catalog.type()),
          {ctx.artifacts_path, 0, 0}, "the platform's catalog reachable from where floe run runs",
          "run where the catalog is reachable, or pass --local to build into the local database only"));
      return fail("the catalog does not answer");
    }
    stage.lines.push_back({"ok", fmt::format("catalog '{}' answers at {}", catalog.type(),
                                             string_at(*connected, {"uri"}))});
    if (!storage_answers(ctx, stage)) return fail("the object storage refuses the run's credentials");
    floe_status status = FLOE_OK;
    auto created = catalog.call_allowing("create_namespace", {{"namespace", ns}}, FLOE_ERR_ALREADY_EXISTS, status);
    if (!created && status != FLOE_ERR_ALREADY_EXISTS) return fail(fmt::format("namespace {} cannot be created", ns));
    stage.lines.push_back({"ok", created ? fmt::format("created namespace {}", ns) : fmt::format("namespace {} exists", ns)});
    for (const auto& project : projects)
      if (!install_package(ctx, project, stage)) return fail("the lake materializations cannot be installed");
    o.summary = {{"catalog", catalog.type()}, {"namespace", ns}, {"namespace_created", created.has_value()}};
  });
}

json::value read_build_results(const RunContext& ctx, const json::object& project) {
  fs::path target = fs::path(project_directory(ctx, project)) / "target";
  auto results = read_json_file((target / "run_results.json").string(), input_limits::kDbtCatalog);
  return results && results->is_object() ? std::move(*results) : json::value(nullptr);
}

StepOutcome publish_step(RunContext& ctx, Instance& dbt, const json::object& project, const std::string& step_name,
                         const json::value& built) {
  std::string ns = lake_namespace(ctx);
  std::string database = string_at(ctx.artifacts, {"dbt", "lake", "database"});
  return run_step(ctx, step_name, "catalog", fmt::format("Committing the product's tables to namespace {}", ns),
                  [&](Stage& stage, StepOutcome& o) {
    auto fail = [&](std::string why) {
      o.status = StepStatus::failed;
      if (o.message.empty()) o.message = std::move(why);
    };
    fs::path target = fs::path(project_directory(ctx, project)) / "target";
    auto manifest = read_json_file((target / "manifest.json").string(), input_limits::kDbtManifest);
    if (!built.is_object() || !manifest || !manifest->is_object())
      return fail("dbt's run_results.json of the build or its manifest.json cannot be read");
    std::vector<LakeTable> tables = lake_tables(ctx, built, *manifest, ns, database);
    if (ctx.report.diagnostics.has_errors()) return fail("a model would be written outside the product's namespace");
    if (tables.empty()) {
      stage.lines.push_back({"info", "no table model was built: nothing to commit"});
      o.summary = {{"namespace", ns}, {"tables", json::array()}};
      return;
    }

    // The commit: floe_lake.commit_tables on the lake target (dbt
    // run-operation): every table's rows in one DuckDB transaction, which
    // DuckDB sends as one multi-table commit when the catalog offers it.
    tables::Catalog catalog(ctx.registry, ctx.artifacts, ctx.artifacts_path, ctx.report.diagnostics);
    if (!catalog.usable()) return fail("the catalog plugin cannot be opened");
    auto connected = catalog.call("connect", {});
    if (!connected) return fail("the catalog does not answer");
    bool on_branch = engine_stages_on_branch(ctx);
    bool together = (engine_commits_in_one_transaction(ctx) || on_branch) && offers_multi_table_commit(*connected);
    // Each table's columns in the catalog (null: not there yet), asked here
    // rather than by the engine: a load is one REST round trip, where an
    // engine's DESCRIBE is also a query through dbt and a read of the
    // table's metadata file.
    json::array args_tables;
    std::vector<std::string> identifiers;
    for (const auto& t : tables) identifiers.push_back(t.ns + "." + t.name);
    auto all_loads = catalog.load_tables(identifiers);
    if (!all_loads) return fail("a table cannot be loaded from the catalog");
    std::vector<std::optional<json::object>> loads = std::move(*all_loads);
    for (std::size_t i = 0; i < tables.size(); ++i) {
      const LakeTable& t = tables[i];
      const std::optional<json::object>& loaded = loads[i];
      json::value lake_columns = nullptr;
      if (loaded) {
        json::array names;
        for (auto& column : table_columns(*loaded)) names.push_back(json::string(std::move(column)));
        lake_columns = std::move(names);
      }
      args_tables.push_back(json::object{{"namespace", t.ns},
                                         {"name", t.name},
                                         {"relation", t.local_relation},
                                         {"local_database", t.local_database},
                                         {"schema", t.local_schema},
                                         {"identifier", t.name},
                                         {"lake_columns", std::move(lake_columns)}});
    }
    if (publishes_data_files(ctx, catalog)) {
      std::string partitioned = first_partitioned(tables, loads);
      if (partitioned.empty())
        return publish_data_files(ctx, dbt, project, ns, database, tables, loads, catalog, together, stage, o);
      stage.lines.push_back(
          {"info", fmt::format("{} is partitioned (its default partition spec has fields) and floe's data-file commit "
                               "writes unpartitioned manifests only: this publish goes through DuckDB's own Iceberg "
                               "writer, all tables in one transaction",
                               partitioned)});
    }
    json::object request = lake_invocation(ctx, project);
    request["macro"] = "floe_lake.commit_tables";
    request["args"] = json::object{{"database", database}, {"tables", std::move(args_tables)}};
    if (on_branch) request["args"].as_object()["branch"] = staging_branch(ctx);
    auto committed = call_plugin(ctx, dbt, "run_operation", request, stage);
    if (!committed) return fail("the dbt runtime cannot run floe's commit");
    if (!committed->contains("success") || committed->at("success") != true) {
      std::string error = string_at(*committed, {"error"}, "dbt failed");
      ctx.report.diagnostics.add(commit_failure(ctx, error, together && !on_branch));
      return fail(on_branch                   ? fmt::format("staging on branch {0} failed: no table's main has the run's "
                                                            "rows (a table new in this run exists, empty); branch {0} "
                                                            "is kept for inspection",
                                                            staging_branch(ctx))
                  : is_commit_conflict(error) ? "another writer changed a table: the catalog refused the commit"
                                              : "the tables could not be committed");
    }
    if (on_branch) {
      // Publish what the engine staged: every table's main fast-forwards
      // to the branch head, in one multi-table commit where offered.
      json::array staged;
      for (const auto& id : identifiers) staged.push_back(json::string(id));
      floe_status status = FLOE_OK;
      auto published = catalog.call_allowing(
          "fast_forward_branches", {{"branch", staging_branch(ctx)}, {"tables", std::move(staged)}},
          FLOE_ERR_CONFLICT, status);
      if (!published) {
        if (status == FLOE_ERR_CONFLICT)
          ctx.report.diagnostics.add(commit_failure(ctx, catalog.last_error(), together, true));
        return fail(fmt::format("{} (branch {} is kept for inspection)",
                                status == FLOE_ERR_CONFLICT ? "another writer changed a table: the catalog refused the "
                                                              "fast-forward"
                                                            : "the staged tables could not be published",
                                staging_branch(ctx)));
      }
      together = string_at(*published, {"commit"}) == "multi-table";
    }
    std::string staged = on_branch ? fmt::format(" (staged on branch {}, then main fast-forwarded)", staging_branch(ctx)) : "";
    stage.lines.push_back(
        {"ok", together ? fmt::format("{} table(s) committed together, in one multi-table commit{}", tables.size(), staged)
               : on_branch ? fmt::format("{} table(s) committed one by one{}: catalog '{}' lists no {}", tables.size(),
                                         staged, catalog.type(), kTransactionsEndpoint)
                        : engine_commits_in_one_transaction(ctx)
                              ? fmt::format("{} table(s) committed one by one: catalog '{}' lists no {}", tables.size(),
                                            catalog.type(), kTransactionsEndpoint)
                              : fmt::format("{} table(s) committed one by one, one snapshot each (the engine has no "
                                            "multi-table transaction)",
                                            tables.size())});

    // Governance: one properties commit per table (only what differs), on
    // the columns the committed tables have (loaded together).
    json::array governed;
    auto committed_loads = catalog.load_tables(identifiers);
    if (!committed_loads) {
      fail("a committed table cannot be loaded");
      committed_loads.emplace(tables.size());  // none: every table's properties go unset, the summary still written
    }
    for (std::size_t i = 0; i < tables.size(); ++i) {
      const LakeTable& t = tables[i];
      const std::string& identifier = identifiers[i];
      const std::optional<json::object>& loaded = (*committed_loads)[i];
      if (!loaded) {
        fail(fmt::format("the committed table {} is not in the catalog", identifier));
        continue;
      }
      json::object properties = governance_properties(ctx, t.node, table_columns(*loaded));
      auto updated = catalog.call("update_table_properties", {{"identifier", identifier}, {"set", properties}});
      if (!updated) {
        fail("a table's governance properties cannot be set");
        continue;
      }
      stage.lines.push_back({"ok", fmt::format("{}: committed, {} governance properties", identifier, properties.size())});
      governed.push_back(json::object{{"table", identifier},
                                      {"metadata_location", value_or_null(*updated, {"metadata_location"})},
                                      {"pii_columns", value_or_null(properties, {"floe.pii-columns"})}});
    }
    o.summary = {{"namespace", ns},
                 {"commit", together ? "multi-table" : "per-table"},
                 {"branch", on_branch ? json::value(staging_branch(ctx)) : json::value(nullptr)},
                 {"tables", std::move(governed)},
                 {"tool_seconds", value_or_null(*committed, {"execution_time_seconds"})}};
  });
}

}  // namespace floe::run
