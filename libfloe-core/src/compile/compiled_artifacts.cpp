#include "compile/compiled_artifacts.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "compile/secret_refs.hpp"
#include "core/json_path.hpp"
#include "core/sha256.hpp"

namespace floe {
namespace json = boost::json;

namespace {

// The seeds version products "1.0"; consumers of the artifacts (OCI tags,
// orchestrators) need MAJOR.MINOR.PATCH, so missing parts become 0.
json::value product_version(const json::object& product) {
  json::value v = value_or_null(product, {"metadata", "version"});
  if (!v.is_string()) return v;
  std::string text(v.as_string());
  std::size_t core_end = text.find_first_of("-+");
  std::string core = text.substr(0, core_end);
  std::string rest = core_end == std::string::npos ? "" : text.substr(core_end);
  auto dots = std::count(core.begin(), core.end(), '.');
  for (; dots < 2; ++dots) core += ".0";
  return json::value(core + rest);
}

json::object chain_json(const ResolvedPlatform& p, const LocatedDocument& product, const std::string& product_sha) {
  json::array chain;
  for (const auto& l : p.chain)
    chain.push_back(json::object{{"tier", l.tier}, {"name", l.name}, {"version", l.version}, {"ref", l.ref},
                                 {"source", l.source}, {"sha256", l.sha256}});
  const auto& root = product.root.as_object();
  chain.push_back(json::object{{"tier", "product"},
                               {"name", value_or_null(root, {"metadata", "name"})},
                               {"version", product_version(root)},
                               {"source", product.file},
                               {"sha256", product_sha}});
  return json::object{{"mode", p.leaf_kind == TierKind::domain ? "3-tier" : "2-tier"}, {"chain", std::move(chain)}};
}

// A plugin section runtimes read directly (orchestrator, catalog, ...): the
// rendered selection, or null when the platform selects none.
json::value section(const json::object& plugins, const char* category) {
  auto* v = plugins.if_contains(category);
  return v ? *v : json::value(nullptr);
}

}  // namespace

json::object render_plugins(const json::object& plugins) {
  json::object out;
  for (const auto& [category, selection] : plugins) {
    if (!selection.is_object()) continue;
    json::object s;
    const auto& sel = selection.as_object();
    s["type"] = value_or_null(sel, {"type"});
    if (auto* v = sel.if_contains("version")) s["version"] = *v;
    s["config"] = sel.contains("config") ? sel.at("config") : json::object{};
    json::object secrets;
    if (auto* refs = sel.if_contains("secrets"); refs && refs->is_object()) {
      for (const auto& [key, ref] : refs->as_object()) {
        if (!ref.is_object()) continue;
        std::string var = secret_env_var(std::string(key), ref.as_object());
        secrets[key] = json::object{{"env_var", var}, {"placeholder", env_var_placeholder(var)}, {"reference", ref}};
      }
    }
    s["secrets"] = std::move(secrets);
    out[category] = std::move(s);
  }
  return out;
}

json::object build_compiled_artifacts(const ArtifactInputs& in) {
  const auto& product = in.product->root.as_object();
  const auto& values = in.platform->values;
  json::object plugins = values.contains("plugins") && values.at("plugins").is_object()
                             ? render_plugins(values.at("plugins").as_object())
                             : json::object{};

  // One digest over everything the artifacts were made from, so a runtime
  // can tell whether two compiles saw the same inputs.
  std::string inputs = in.product_sha256;
  for (const auto& l : in.platform->chain) inputs += l.sha256;
  std::string source_hash = "sha256:" + sha256_hex(inputs);

  json::array projects;
  for (std::size_t i = 0; i < in.projects.size(); ++i) {
    const auto& p = in.projects[i]->project;
    json::array models;
    for (const auto& m : p.models)
      models.push_back(json::object{{"name", m.name}, {"path", m.path}, {"materialized", m.materialized}});
    json::object entry{{"name", p.name}, {"path", in.projects[i]->path}, {"read_from", p.origin}};
    // What the transforms select inside the project (dbt --select path:...);
    // absent when they name the whole project.
    if (!in.projects[i]->select.empty()) {
      json::array select;
      for (const auto& s : in.projects[i]->select) select.push_back(json::string(s));
      entry["select"] = std::move(select);
    }
    entry["models"] = std::move(models);
    projects.push_back(std::move(entry));
  }

  json::object telemetry{{"backend", section(plugins, "telemetry_backend")},
                         {"traces", value_or_null(values, {"observability", "traces"})},
                         {"logging", value_or_null(values, {"observability", "logging"})}};
  json::object lineage{{"backend", section(plugins, "lineage_backend")},
                       {"endpoint", value_or_null(values, {"observability", "lineage", "endpoint"})},
                       {"namespace", find_path(values, {"observability", "lineage", "namespace"})
                                         ? value_or_null(values, {"observability", "lineage", "namespace"})
                                         : value_or_null(product, {"metadata", "name"})}};

  json::object out;
  out["apiVersion"] = "floe.dev/v1";
  out["kind"] = "CompiledArtifacts";
  out["version"] = kCompiledArtifactsVersion;
  out["metadata"] = json::object{{"compiled_at", in.clock.iso8601()},
                                 {"floe_version", FLOE_VERSION_STRING},
                                 {"source_hash", source_hash}};
  out["product"] = json::object{{"name", value_or_null(product, {"metadata", "name"})},
                                {"version", product_version(product)},
                                {"owner", value_or_null(product, {"metadata", "owner"})},
                                {"description", value_or_null(product, {"metadata", "description"})},
                                {"domain", in.platform->leaf_kind == TierKind::domain
                                               ? json::value(in.platform->name)
                                               : value_or_null(product, {"metadata", "domain"})}};
  out["inheritance"] = chain_json(*in.platform, *in.product, in.product_sha256);
  out["platform"] = json::object{{"name", in.platform->name}, {"version", in.platform->version}};
  out["plugins"] = plugins;
  out["dbt"] = json::object{{"profile_name", in.profile_name},
                            {"target", "floe"},
                            {"profiles_path", in.profiles_path},
                            {"projects", std::move(projects)}};
  if (!in.profiles_sha256.empty()) out["dbt"].as_object()["profiles_sha256"] = in.profiles_sha256;
  if (!in.lake.is_null()) out["dbt"].as_object()["lake"] = in.lake;
  if (!in.profile_env.empty()) out["dbt"].as_object()["profile_env"] = in.profile_env;
  out["dbt_profiles"] = in.profiles;
  out["orchestrator"] = section(plugins, "orchestrator");
  out["catalog"] = section(plugins, "catalog");
  out["storage"] = section(plugins, "storage");
  out["telemetry"] = std::move(telemetry);
  out["lineage"] = std::move(lineage);
  out["schedule"] = value_or_null(product, {"schedule"});
  out["ingestion"] = value_or_null(product, {"ingestion"});
  if (const json::value* roots = find_path(values, {"ingestion", "landing_roots"}); roots != nullptr && roots->is_array())
    out["landing_roots"] = *roots;
  out["ports"] = json::object{{"input", value_or_null(product, {"input_ports"})},
                              {"output", value_or_null(product, {"output_ports"})}};
  if (in.resolved_inputs.is_array()) out["ports"].as_object()["resolved_inputs"] = in.resolved_inputs;
  out["slas"] = value_or_null(product, {"slas"});
  out["data_architecture"] = value_or_null(values, {"data_architecture"});
  out["governance"] = value_or_null(values, {"governance"});
  out["enforcement"] = in.enforcement != nullptr ? *in.enforcement : boost::json::value();
  return out;
}

}  // namespace floe
