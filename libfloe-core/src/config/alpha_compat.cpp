#include "config/alpha_compat.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "config/config_diagnostic.hpp"

namespace floe {
namespace {

using boost::json::object;
using boost::json::value;

// Re-keys every location at or under `from` to the same place under `to`
// ("from", "from.x", "from[2]", "from#key").
void relocate(LocatedDocument& doc, const std::string& from, const std::string& to) {
  std::vector<std::pair<std::string, SourceLocation>> moved;
  for (auto it = doc.locations.begin(); it != doc.locations.end();) {
    const std::string& path = it->first;
    bool under = path.compare(0, from.size(), from) == 0 &&
                 (path.size() == from.size() || path[from.size()] == '.' || path[from.size()] == '[' ||
                  path[from.size()] == '#');
    if (under) {
      moved.emplace_back(to + path.substr(from.size()), it->second);
      it = doc.locations.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& [path, where] : moved) doc.locations[path] = where;
}

void note(LocatedDocument& doc, Diagnostics& diags, const std::string& path, std::string message, std::string hint) {
  diags.add(config_diagnostic(doc, Severity::note, "FLOE-C090", path, Anchor::key, std::move(message), {},
                              std::move(hint)));
}

object* child_object(value& v, const char* key) {
  if (!v.is_object()) return nullptr;
  value* c = v.get_object().if_contains(key);
  return c != nullptr && c->is_object() ? &c->get_object() : nullptr;
}

// Moves obj[from] to obj[to] (both under `base`), with its locations.
void rename_key(LocatedDocument& doc, object& obj, const std::string& base, const char* from, const char* to) {
  value moved = std::move(obj.at(from));
  obj.erase(from);
  obj[to] = std::move(moved);
  relocate(doc, join_path(base, from), join_path(base, to));
}

void translate_naming(LocatedDocument& doc, Diagnostics& diags) {
  object* governance = child_object(doc.root, "governance");
  if (governance == nullptr || !governance->contains("naming") || !governance->at("naming").is_object()) return;
  value alpha = std::move(governance->at("naming"));
  governance->erase("naming");
  object& architecture = doc.root.get_object()["data_architecture"].is_object()
                             ? doc.root.get_object()["data_architecture"].get_object()
                             : doc.root.get_object()["data_architecture"].emplace_object();
  if (!doc.locations.count("data_architecture")) doc.locations["data_architecture"] = doc.at("governance.naming");
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
  if (!doc.locations.count("data_architecture.naming")) doc.locations["data_architecture.naming"] = doc.at("governance.naming");
  std::string message = "alpha format: 'governance.naming' was read as 'data_architecture.naming' (pattern as 'data_architecture.pattern')";
  if (!ignored.empty())
    message += fmt::format("; alpha values ignored because also set in the new place: {}", fmt::join(ignored, ", "));
  note(doc, diags, "governance.naming", std::move(message),
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
      doc.locations["plugins.quality.config"] = doc.at("plugins.quality");
    }
    object& config = selection["config"].get_object();
    for (const auto& key : moved) {
      if (config.contains(key)) continue;  // an explicit config value wins; the alpha key is reported by the schema
      config[key] = std::move(selection.at(key));
      selection.erase(key);
      relocate(doc, "plugins.quality." + key, "plugins.quality.config." + key);
    }
  }
  note(doc, diags, "plugins.quality.type",
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
      doc.locations[base + ".secrets"] = doc.key_at(base + ".connection_secret_ref");
    }
    doc.locations[base + ".secrets.connection"] = doc.at(base + ".connection_secret_ref");
    doc.locations[base + ".secrets.connection#key"] = doc.key_at(base + ".connection_secret_ref");
    object reference;
    reference["secret_ref"] = std::move(*ref);
    sel["secrets"].get_object()["connection"] = std::move(reference);
    sel.erase("connection_secret_ref");
    relocate(doc, base + ".connection_secret_ref", base + ".secrets.connection.secret_ref");
    note(doc, diags, base + ".secrets.connection",
         fmt::format("alpha format: '{}.connection_secret_ref' was read as '{}.secrets.connection.secret_ref'", base, base),
         fmt::format("write {}.secrets: {{connection: {{secret_ref: <name>}}}}", base));
  }
}

void translate_tracing(LocatedDocument& doc, Diagnostics& diags) {
  object* observability = child_object(doc.root, "observability");
  if (observability == nullptr || !observability->contains("tracing") || observability->contains("traces")) return;
  rename_key(doc, *observability, "observability", "tracing", "traces");
  note(doc, diags, "observability.traces", "alpha format: 'observability.tracing' was read as 'observability.traces'",
       "rename 'tracing' to 'traces'");
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
  doc.locations["transforms[0]"] = doc.at("transforms");
  doc.locations["transforms[0].models"] = doc.at("transforms");
  note(doc, diags, "transforms",
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
}

void translate_alpha_product(LocatedDocument& doc, Diagnostics& diags) {
  if (!doc.root.is_object()) return;
  object& root = doc.root.get_object();
  if (value* kind = root.if_contains("kind"); kind != nullptr && *kind == "FloeSpec") {
    *kind = "DataProduct";
    note(doc, diags, "kind", "alpha format: 'kind: FloeSpec' was read as 'kind: DataProduct'",
         "write kind: DataProduct");
  }
  if (object* platform = child_object(doc.root, "platform");
      platform != nullptr && platform->contains("manifest") && !platform->contains("ref")) {
    rename_key(doc, *platform, "platform", "manifest", "ref");
    note(doc, diags, "platform.ref", "alpha format: 'platform.manifest' was read as 'platform.ref'",
         "rename 'manifest' to 'ref'");
  }
  translate_named_transforms(doc, diags);
  if (root.contains("outputPorts") && !root.contains("output_ports")) {
    rename_key(doc, root, "", "outputPorts", "output_ports");
    note(doc, diags, "output_ports", "alpha format: 'outputPorts' was read as 'output_ports'",
         "rename 'outputPorts' to 'output_ports'");
  }
}

}  // namespace floe
