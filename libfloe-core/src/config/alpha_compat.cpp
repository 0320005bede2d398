#include "config/alpha_compat.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <vector>

#include "config/alpha_unsupported_keys.hpp"
#include "config/format_translation.hpp"

namespace floe {
namespace {

using boost::json::object;
using boost::json::value;

void translate_naming(LocatedDocument& doc, Diagnostics& diags) {
  object* governance = child_object(doc.root, "governance");
  if (governance == nullptr || !governance->contains("naming") || !governance->at("naming").is_object()) return;
  value alpha = std::move(governance->at("naming"));
  governance->erase("naming");
  object& architecture = doc.root.get_object()["data_architecture"].is_object()
                             ? doc.root.get_object()["data_architecture"].get_object()
                             : doc.root.get_object()["data_architecture"].emplace_object();
  if (!doc.locations.contains("data_architecture")) doc.locations.set("data_architecture", doc.at("governance.naming"));
  if (!architecture.contains("naming") || !architecture.at("naming").is_object()) architecture["naming"].emplace_object();
  object& naming = architecture["naming"].get_object();
  std::vector<std::string> ignored;
  for (auto& [key, member] : alpha.get_object()) {
    std::string k(key);
    bool is_pattern = k == "pattern";
    object& target = is_pattern ? architecture : naming;
    std::string target_path = is_pattern ? "data_architecture.pattern" : "data_architecture.naming." + k;
    if (target.contains(k)) {
      ignored.push_back(target_path);
      continue;
    }
    target[k] = std::move(member);
    relocate(doc, "governance.naming." + k, target_path);
  }
  if (!doc.locations.contains("data_architecture.naming")) doc.locations.set("data_architecture.naming", doc.at("governance.naming"));
  std::string message = "alpha format: 'governance.naming' was read as 'data_architecture.naming' (pattern as 'data_architecture.pattern')";
  if (!ignored.empty())
    message += fmt::format("; alpha values ignored because also set in the new place: {}", fmt::join(ignored, ", "));
  translation_note(doc, diags, "governance.naming", std::move(message),
       "move enforcement and custom_patterns to data_architecture.naming, and pattern to data_architecture.pattern");
}

void translate_quality_provider(LocatedDocument& doc, Diagnostics& diags) {
  object* plugins = child_object(doc.root, "plugins");
  if (plugins == nullptr) return;
  value* q = plugins->if_contains("quality");
  if (q == nullptr || !q->is_object() || !q->get_object().contains("provider") || q->get_object().contains("type")) return;
  object& selection = q->get_object();
  rename_key(doc, selection, "plugins.quality", "provider", "type");
  static const std::vector<std::string> kSelectionKeys = {"type", "version", "config", "secrets", "connection_secret_ref"};
  std::vector<std::string> moved;
  for (const auto& [key, unused] : selection)
    if (std::find(kSelectionKeys.begin(), kSelectionKeys.end(), std::string(key)) == kSelectionKeys.end())
      moved.emplace_back(key);
  if (!moved.empty()) {
    if (!selection.contains("config") || !selection.at("config").is_object()) {
      selection["config"].emplace_object();
      doc.locations.set("plugins.quality.config", doc.at("plugins.quality"));
    }
    object& config = selection["config"].get_object();
    for (const auto& key : moved) {
      if (config.contains(key)) continue;  // an explicit config value wins; the alpha key is reported by the schema
      config[key] = std::move(selection.at(key));
      selection.erase(key);
      relocate(doc, "plugins.quality." + key, "plugins.quality.config." + key);
    }
  }
  translation_note(doc, diags, "plugins.quality.type",
       moved.empty() ? std::string("alpha format: 'plugins.quality.provider' was read as 'plugins.quality.type'")
                     : fmt::format("alpha format: 'plugins.quality.provider' was read as 'plugins.quality.type' and {} "
                                   "as 'plugins.quality.config'",
                                   fmt::join(moved, ", ")),
       "write plugins.quality as {type: <provider>, config: {...}}");
}

void translate_connection_secret_refs(LocatedDocument& doc, Diagnostics& diags) {
  object* plugins = child_object(doc.root, "plugins");
  if (plugins == nullptr) return;
  for (auto& [category, selection] : *plugins) {
    if (!selection.is_object()) continue;
    object& sel = selection.get_object();
    value* ref = sel.if_contains("connection_secret_ref");
    if (ref == nullptr) continue;
    std::string base = "plugins." + std::string(category);
    value* secrets = sel.if_contains("secrets");
    if (secrets != nullptr && (!secrets->is_object() || secrets->get_object().contains("connection")))
      continue;  // both forms given: the schema reports the alpha key as unknown
    if (secrets == nullptr) {
      sel["secrets"].emplace_object();
      doc.locations.set(base + ".secrets", doc.key_at(base + ".connection_secret_ref"));
    }
    doc.locations.set(base + ".secrets.connection", doc.at(base + ".connection_secret_ref"));
    doc.locations.set(base + ".secrets.connection#key", doc.key_at(base + ".connection_secret_ref"));
    object reference;
    // Looked up again: inserting "secrets" above may have moved sel's members.
    reference["secret_ref"] = std::move(sel.at("connection_secret_ref"));
    sel["secrets"].get_object()["connection"] = std::move(reference);
    sel.erase("connection_secret_ref");
    relocate(doc, base + ".connection_secret_ref", base + ".secrets.connection.secret_ref");
    translation_note(doc, diags, base + ".secrets.connection",
         fmt::format("alpha format: '{}.connection_secret_ref' was read as '{}.secrets.connection.secret_ref'", base, base),
         fmt::format("write {}.secrets: {{connection: {{secret_ref: <name>}}}}", base));
  }
}

void translate_tracing(LocatedDocument& doc, Diagnostics& diags) {
  object* observability = child_object(doc.root, "observability");
  if (observability == nullptr || !observability->contains("tracing") || observability->contains("traces")) return;
  rename_key(doc, *observability, "observability", "tracing", "traces");
  translation_note(doc, diags, "observability.traces", "alpha format: 'observability.tracing' was read as 'observability.traces'",
       "rename 'tracing' to 'traces'");
}

// The alpha chose an exporter (otlp, console, none) and a lineage transport
// (http, console, noop); floe always speaks OTLP and OpenLineage over HTTP,
// so "none"/"noop" switch the signal off and "console" has no equivalent.
void translate_exporter(LocatedDocument& doc, Diagnostics& diags, const char* section, const char* key,
                        std::string_view native, std::string_view off) {
  object* observability = child_object(doc.root, "observability");
  object* signal = observability != nullptr ? child_object(*doc.root.get_object().if_contains("observability"), section)
                                            : nullptr;
  if (signal == nullptr || !signal->contains(key)) return;
  std::string base = std::string("observability.") + section;
  std::string path = base + "." + key;
  const value chosen = signal->at(key);
  std::string name = chosen.is_string() ? std::string(chosen.get_string()) : std::string();
  if (name == off) {
    if (value* enabled = signal->if_contains("enabled"))
      same_in_both_spellings(doc, diags, path, value(true), base + ".enabled", *enabled);
    else {
      (*signal)["enabled"] = false;
      doc.locations.set(base + ".enabled", doc.at(path));
    }
    translation_note(doc, diags, path, fmt::format("alpha format: '{}: {}' was read as '{}.enabled: false'", path, name, base),
                     fmt::format("write {}.enabled: false", base));
  } else if (name == native) {
    translation_note(doc, diags, path, fmt::format("alpha format: '{}: {}' is what floe always does; ignored", path, name),
                     fmt::format("remove '{}'", key));
  } else {
    translation_note(doc, diags, path,
                     fmt::format("alpha format: '{}: {}' has no equivalent in floe and was ignored", path, name),
                     fmt::format("floe exports {} only; remove '{}'", native, key));
  }
  drop_key(doc, *signal, base, key);
}

// Moves from[key] (at from_base) to into[key] (at into_base) with its
// locations and a C090 note. When both places hold it: FLOE-C108 unless they
// agree, and the alpha spelling is dropped.
void move_alpha_key(LocatedDocument& doc, Diagnostics& diags, object& from, const std::string& from_base, object& into,
                    const std::string& into_base, const char* key, std::string hint) {
  std::string old_path = from_base + "." + key;
  std::string new_path = into_base + "." + key;
  if (value* both = into.if_contains(key)) {
    same_in_both_spellings(doc, diags, old_path, from.at(key), new_path, *both);
    drop_key(doc, from, from_base, key);
    return;
  }
  into[key] = std::move(from.at(key));
  from.erase(key);
  relocate(doc, old_path, new_path);
  translation_note(doc, diags, new_path, fmt::format("alpha format: '{}' was read as '{}'", old_path, new_path),
                   std::move(hint));
}

// The alpha's DuckDB plugin took DuckDB options beside path and threads;
// floe's takes them under settings (plugins/compute-duckdb/README.md).
void translate_duckdb_settings(LocatedDocument& doc, Diagnostics& diags) {
  object* plugins = child_object(doc.root, "plugins");
  object* compute = plugins != nullptr ? child_object(*doc.root.get_object().if_contains("plugins"), "compute") : nullptr;
  if (compute == nullptr || !compute->contains("type") || compute->at("type") != "duckdb") return;
  value* config = compute->if_contains("config");
  if (config == nullptr || !config->is_object()) return;
  object& c = config->get_object();
  for (const char* key : {"memory_limit", "access_mode"}) {
    if (!c.contains(key)) continue;
    std::string from = std::string("plugins.compute.config.") + key;
    if (!c.contains("settings")) {
      c["settings"].emplace_object();
      doc.locations.set("plugins.compute.config.settings", doc.key_at(from));
    }
    if (!c.at("settings").is_object()) return;  // the plugin reports the wrong type
    move_alpha_key(doc, diags, c, "plugins.compute.config", c.at("settings").get_object(),
                   "plugins.compute.config.settings", key, fmt::format("move {} under settings", key));
  }
}

// The alpha's S3 storage took its keys in config (access_key_id,
// secret_access_key); floe's takes secrets only under secrets, as references.
// A reference there moves; a literal stays where FLOE-C205 refuses it,
// unshown.
void translate_storage_secrets(LocatedDocument& doc, Diagnostics& diags) {
  object* plugins = child_object(doc.root, "plugins");
  object* storage = plugins != nullptr ? child_object(*doc.root.get_object().if_contains("plugins"), "storage") : nullptr;
  if (storage == nullptr || !storage->contains("type") || storage->at("type") != "s3") return;
  for (const char* key : {"access_key_id", "secret_access_key"}) {
    value* config = storage->if_contains("config");
    if (config == nullptr || !config->is_object()) return;
    if (!config->get_object().contains(key) || !is_secret_reference(config->get_object().at(key))) continue;
    std::string from = std::string("plugins.storage.config.") + key;
    if (!storage->contains("secrets")) {
      (*storage)["secrets"].emplace_object();  // may move the selection's members: config is looked up again
      doc.locations.set("plugins.storage.secrets", doc.key_at(from));
    }
    if (!storage->at("secrets").is_object()) return;  // the schema reports the wrong type
    move_alpha_key(doc, diags, storage->at("config").get_object(), "plugins.storage.config",
                   storage->at("secrets").get_object(), "plugins.storage.secrets", key,
                   "move the reference under plugins.storage.secrets");
  }
}

// The alpha named the registry credentials credentials_ref.
void translate_registry_credentials(LocatedDocument& doc, Diagnostics& diags) {
  object* artifacts = child_object(doc.root, "artifacts");
  if (artifacts == nullptr) return;
  value* registry = artifacts->if_contains("registry");
  if (registry == nullptr) return;
  object* auth = child_object(*registry, "auth");
  if (auth == nullptr || !auth->contains("credentials_ref") || auth->contains("credentials")) return;
  rename_key(doc, *auth, "artifacts.registry.auth", "credentials_ref", "credentials");
  translation_note(doc, diags, "artifacts.registry.auth.credentials",
                   "alpha format: 'artifacts.registry.auth.credentials_ref' was read as 'artifacts.registry.auth.credentials'",
                   "rename 'credentials_ref' to 'credentials'");
}

// Alpha transforms were a list of named models; floe runs one dbt project
// and keeps the declared models for enforcement without a dbt project.
void translate_named_transforms(LocatedDocument& doc, Diagnostics& diags) {
  value* transforms = doc.root.get_object().if_contains("transforms");
  if (transforms == nullptr || !transforms->is_array()) return;
  auto& items = transforms->get_array();
  bool alpha = std::any_of(items.begin(), items.end(), [](const value& t) {
    return t.is_object() && t.get_object().contains("name") && !t.get_object().contains("type");
  });
  if (!alpha) return;
  boost::json::array models;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string from = index_path("transforms", i);
    std::string to = index_path("transforms[0].models", i);
    if (items[i].is_object()) {
      object& m = items[i].get_object();
      if (m.contains("dependsOn") && !m.contains("depends_on")) rename_key(doc, m, from, "dependsOn", "depends_on");
      if (m.contains("qualityChecks")) {
        translation_note(doc, diags, join_path(from, "qualityChecks"),
                         "alpha format: 'qualityChecks' has no equivalent in floe and was ignored",
                         "write the checks as dbt tests in the model's schema .yml; the platform's quality gates "
                         "enforce them");
        drop_key(doc, m, from, "qualityChecks");
      }
    }
    models.push_back(std::move(items[i]));
    relocate(doc, from, to);
  }
  object dbt;
  dbt["type"] = "dbt";
  dbt["path"] = ".";
  dbt["models"] = std::move(models);
  items.clear();
  items.push_back(std::move(dbt));
  doc.locations.set("transforms[0]", doc.at("transforms"));
  doc.locations.set("transforms[0].models", doc.at("transforms"));
  translation_note(doc, diags, "transforms",
       "alpha format: named transforms were read as one dbt transform (type: dbt, path: .) declaring them under 'models'",
       "write transforms: [{type: dbt, path: <dbt project dir>}] and let floe read the models from the dbt project");
}

}  // namespace

void translate_alpha_manifest(LocatedDocument& doc, Diagnostics& diags) {
  if (!doc.root.is_object()) return;
  translate_naming(doc, diags);
  translate_quality_provider(doc, diags);
  translate_connection_secret_refs(doc, diags);
  translate_tracing(doc, diags);
  translate_exporter(doc, diags, "traces", "exporter", "otlp", "none");
  translate_exporter(doc, diags, "lineage", "transport", "http", "noop");
  translate_duckdb_settings(doc, diags);
  translate_storage_secrets(doc, diags);
  translate_registry_credentials(doc, diags);
  drop_alpha_manifest_keys(doc, diags);
}

void translate_alpha_product(LocatedDocument& doc, Diagnostics& diags) {
  if (!doc.root.is_object()) return;
  object& root = doc.root.get_object();
  if (value* kind = root.if_contains("kind"); kind != nullptr && *kind == "FloeSpec") {
    *kind = "DataProduct";
    translation_note(doc, diags, "kind", "alpha format: 'kind: FloeSpec' was read as 'kind: DataProduct'",
         "write kind: DataProduct");
  }
  if (object* platform = child_object(doc.root, "platform");
      platform != nullptr && platform->contains("manifest") && !platform->contains("ref")) {
    rename_key(doc, *platform, "platform", "manifest", "ref");
    translation_note(doc, diags, "platform.ref", "alpha format: 'platform.manifest' was read as 'platform.ref'",
         "rename 'manifest' to 'ref'");
  }
  translate_named_transforms(doc, diags);
  drop_alpha_product_keys(doc, diags);
  if (root.contains("outputPorts") && !root.contains("output_ports")) {
    rename_key(doc, root, "", "outputPorts", "output_ports");
    translation_note(doc, diags, "output_ports", "alpha format: 'outputPorts' was read as 'output_ports'",
         "rename 'outputPorts' to 'output_ports'");
  }
}

}  // namespace floe
