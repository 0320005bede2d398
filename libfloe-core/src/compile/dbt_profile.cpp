#include "compile/dbt_profile.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "compile/lake_profile.hpp"
#include "compile/secret_refs.hpp"
#include "diag/codes.hpp"

namespace floe {
namespace json = boost::json;

std::optional<json::object> generate_profiles(Registry& registry, const json::object& selection,
                                              const std::string& profile_name, const SourceLocation& where,
                                              Diagnostics& diags, LakeRequest* lake, json::object* profile_env) {
  const auto* type = selection.if_contains("type");
  if (!type || !type->is_string()) return std::nullopt;
  std::string name(type->as_string());
  std::string config = "{}";
  if (auto* c = selection.if_contains("config"); c && c->is_object()) config = json::serialize(*c);

  auto instance = registry.open("compute", name, config);
  if (!instance) {
    const Error& e = instance.error();
    bool missing = e.code == FLOE_ERR_NOT_FOUND;
    diags.add(make_diagnostic(missing ? codes::P601 : codes::P602, "plugin",
                             missing ? fmt::format("compute plugin '{}' is not installed", name)
                                     : fmt::format("compute plugin '{}' rejected its configuration: {}", name, e.message),
                             where, {},
                             missing ? "install the plugin (floe plugins list shows what is found, floe plugins doctor why not)"
                                     : "fix plugins.compute.config in the platform manifest (floe plugins info compute " +
                                           name + " shows its schema)"));
    return std::nullopt;
  }
  // One output per target: the plain one, and with a lake the one attached
  // to the catalog.
  auto output_for = [&](const char* target, const json::value* catalog,
                        json::object* package = nullptr) -> std::optional<json::object> {
    json::object request{{"profile_name", profile_name}, {"target", target}};
    if (catalog != nullptr) request["catalog"] = *catalog;
    auto reply = registry.call_value(**instance, "generate_dbt_profile", request);
    if (!reply && catalog != nullptr && reply.error().code != FLOE_ERR_INVALID_CONFIG) {
      // A compute that cannot attach this catalog (DuckDB and a Glue
      // catalog) leaves the platform without a lake target: said, not fatal.
      // A configuration that cannot work with it (INVALID_CONFIG: Spark
      // without an Iceberg runtime) is an error below, like any other.
      Diagnostic d = make_diagnostic(
          codes::P608, "plugin",
          fmt::format("compute plugin '{}' cannot attach the '{}' catalog, so products build into the compute only: {}",
                      name, lake->catalog_type, reply.error().message),
          where, {}, "select a catalog the compute can attach, or accept that floe run writes no tables to it");
      d.severity = Severity::warning;
      diags.add(std::move(d));
      return std::nullopt;
    }
    if (!reply) {
      diags.add(make_diagnostic(codes::P602, "plugin",
                               fmt::format("compute plugin '{}' failed to generate the dbt profile's '{}' target: {}",
                                           name, target, reply.error().message),
                               where, {}, "run `floe plugins doctor --load` and check the plugin's configuration"));
      return std::nullopt;
    }
    json::value parsed = std::move(reply).value();
    auto* output = parsed.is_object() ? parsed.as_object().if_contains("output") : nullptr;
    if (!output || !output->is_object()) {
      diags.add(make_diagnostic(codes::P602, "plugin", fmt::format("compute plugin '{}' returned no dbt output", name),
                               where, {}, "report this to the plugin's author; floe-conformance checks this method"));
      return std::nullopt;
    }
    if (const json::value* env = parsed.as_object().if_contains("env"); env != nullptr && profile_env != nullptr) {
      // References only: a value that is not one is never repeated (it may
      // be the secret).
      for (const auto& [variable, reference] : env->is_object() ? env->as_object() : json::object()) {
        std::string_view ref = reference.is_string() ? std::string_view(reference.as_string()) : std::string_view();
        bool env_ref = ref.starts_with("env:") && ref.size() > 4 &&
                       std::all_of(ref.begin() + 4, ref.end(),
                                   [](unsigned char c) { return std::isalnum(c) || c == '_'; });
        bool file_ref = ref.starts_with("file:/") && ref.find_first_of(" \t\n") == std::string_view::npos;
        if (!env_ref && !file_ref) {
          diags.add(make_diagnostic(
              codes::P602, "plugin",
              fmt::format("compute plugin '{}' answered env.{} with something that is not a secret reference", name,
                          std::string(variable)),
              where, "env:NAME or file:/path", "report this to the plugin's author"));
          return std::nullopt;
        }
        (*profile_env)[variable] = reference;
      }
    }
    json::object out = output->as_object();
    if (const json::value* p = parsed.as_object().if_contains("dbt_package"); package != nullptr && p != nullptr && p->is_object())
      *package = p->as_object();
    // Credentials of the compute (a warehouse password, a token) reach dbt as
    // environment variables, under the key the adapter expects.
    if (auto* secrets = selection.if_contains("secrets"); secrets && secrets->is_object())
      for (const auto& [key, ref] : secrets->as_object())
        if (ref.is_object()) out[key] = env_var_placeholder(secret_env_var(std::string(key), ref.as_object()));
    return out;
  };
  std::optional<json::object> out = output_for(kDbtTarget, nullptr);
  std::optional<json::object> lake_out;
  if (out && lake != nullptr) {
    json::value catalog(lake->catalog);
    lake_out = output_for(kDbtLakeTarget, &catalog, &lake->package);
    if (lake_out) {
      merge_storage_profile(*lake_out, lake->storage);
      merge_spark_engine_properties(*lake_out, lake->spark_engine);
    } else {
      lake->catalog.clear();  // no lake target (FLOE-P608)
    }
  }
  registry.close(*instance);
  if (!out) return std::nullopt;
  json::object outputs{{kDbtTarget, std::move(*out)}};
  if (lake_out) outputs[kDbtLakeTarget] = std::move(*lake_out);
  return json::object{{profile_name, json::object{{"target", kDbtTarget}, {"outputs", std::move(outputs)}}}};
}

bool prepare_database_directory(const json::object& profiles, const std::string& project_dir,
                                const SourceLocation& where, Diagnostics& diags) {
  for (const auto& [name, profile] : profiles) {
    const json::value* output = nullptr;
    if (auto* outputs = profile.is_object() ? profile.as_object().if_contains("outputs") : nullptr;
        outputs && outputs->is_object())
      output = outputs->as_object().if_contains(kDbtTarget);
    if (!output || !output->is_object()) continue;
    const auto& o = output->as_object();
    auto* type = o.if_contains("type");
    auto* path = o.if_contains("path");
    if (!type || *type != "duckdb" || !path || !path->is_string()) continue;
    std::string db(path->as_string());
    // In-memory, MotherDuck and remote (s3://) databases have no local directory.
    if (db.empty() || db == ":memory:" || db.rfind("md:", 0) == 0 || db.find("://") != std::string::npos ||
        db.find("{{") != std::string::npos)
      continue;
    std::filesystem::path file = std::filesystem::path(db).is_absolute() ? std::filesystem::path(db)
                                                                         : std::filesystem::path(project_dir) / db;
    std::filesystem::path dir = file.parent_path();
    std::error_code ec;
    if (dir.empty() || std::filesystem::is_directory(dir, ec)) continue;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      diags.add(make_diagnostic(codes::O801, "io",
                                fmt::format("cannot create {}, the directory of the DuckDB database {}: {}", dir.string(),
                                            db, ec.message()),
                                where, "a directory the user running dbt can create and write",
                                "fix plugins.compute.config.path in the platform manifest, or create the directory"));
      return false;
    }
  }
  return true;
}

}  // namespace floe
