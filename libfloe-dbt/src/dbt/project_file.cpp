#include "dbt/project_file.hpp"

#include <boost/json/serialize.hpp>

#include "dbt/dbt_diag.hpp"
#include "dbt/yaml_support.hpp"
#include "diag/codes.hpp"

namespace floe::dbt {
namespace {

// Config keys floe reads. dbt treats a key as a config when it starts with
// '+' or is a known config name; anything else that maps is a sub-folder.
bool is_config_key(const std::string& key) {
  return key == "materialized" || key == "enabled" || key == "tags" || key == "meta" || key == "schema" ||
         key == "alias" || key == "database" || key == "docs" || key == "persist_docs" || key == "post-hook" ||
         key == "pre-hook" || key == "full_refresh" || key == "grants" || key == "contract" || key == "access" ||
         key == "group" || key == "quoting" || key == "column_types" || key == "incremental_strategy" ||
         key == "unique_key" || key == "on_schema_change";
}

using fastyaml::NodeRef;

void apply_config(const std::string& key, const NodeRef& value, ConfigLevel& level) {
  if (key == "materialized" && value.IsScalar()) {
    level.materialized = std::string(value.Scalar());
  } else if (key == "enabled" && value.IsScalar()) {
    const boost::json::value v = yaml_to_json(value);
    if (v.is_bool()) level.enabled = v.get_bool();
  } else if (key == "tags") {
    append_string_list(value, level.tags);
  } else if (key == "meta" && value.IsMap()) {
    value.each_pair([&](std::string_view key_text, const NodeRef& v) {
      level.meta[std::string(key_text)] = boost::json::serialize(yaml_to_json(v));
    });
  }
}

// `configs_only`: the top of `models:`, where map-valued keys are package
// names (handled by the caller), not folders.
void read_level(const NodeRef& node, ConfigLevel& level, bool configs_only) {
  if (!node || !node.IsMap()) return;
  node.each_pair([&](std::string_view key_text, const NodeRef& value) {
    const std::string key(key_text);
    if (!key.empty() && key[0] == '+') {
      apply_config(key.substr(1), value, level);
    } else if (is_config_key(key)) {
      apply_config(key, value, level);
    } else if (!configs_only && value.IsMap()) {
      read_level(value, level.children[key], false);
    }
  });
}

void merge_into(const ConfigLevel& level, ResolvedConfig& out) {
  if (level.materialized) out.materialized = level.materialized;
  if (level.enabled) out.enabled = level.enabled;
  out.tags.insert(out.tags.end(), level.tags.begin(), level.tags.end());
  for (const auto& [k, v] : level.meta) out.meta[k] = v;
}

}  // namespace

ResolvedConfig ProjectFile::resolve(const std::vector<std::string>& fqn_tail) const {
  ResolvedConfig out;
  const ConfigLevel* level = &models;
  merge_into(*level, out);
  for (const auto& part : fqn_tail) {
    auto it = level->children.find(part);
    if (it == level->children.end()) break;
    level = &it->second;
    merge_into(*level, out);
  }
  return out;
}

bool read_project_file(const std::string& display_path, const std::string& text, ProjectFile& out, Diagnostics& diags) {
  EventTree tree;
  if (!load_yaml_tree(display_path, text, tree, diags)) return false;
  const NodeRef root(&tree.doc, tree.doc.root);
  if (!root || !root.IsMap() || !root["name"] || !root["name"].IsScalar() || root["name"].Scalar().empty()) {
    diags.add(dbt_diag(Severity::error, codes::D004, display_path + " has no project name",
                       mark_location(display_path, root ? tree.root_mark : YAML::Mark::null_mark()), "name",
                       "add `name: my_project` at the top level"));
    return false;
  }
  out.name = std::string(root["name"].Scalar());
  if (const NodeRef profile = root["profile"]; profile && profile.IsScalar()) out.profile = std::string(profile.Scalar());
  // `source-paths` is the pre-1.0 spelling of `model-paths`.
  for (const char* key : {"model-paths", "source-paths"}) {
    if (const NodeRef paths = root[key]; paths && paths.IsSequence()) {
      out.model_paths.clear();
      append_string_list(paths, out.model_paths);
      break;
    }
  }
  // `data-paths` is the pre-1.0 spelling of `seed-paths`.
  for (const char* key : {"seed-paths", "data-paths"}) {
    if (const NodeRef paths = root[key]; paths && paths.IsSequence()) {
      out.seed_paths.clear();
      append_string_list(paths, out.seed_paths);
      break;
    }
  }
  if (const NodeRef paths = root["snapshot-paths"]; paths && paths.IsSequence()) {
    out.snapshot_paths.clear();
    append_string_list(paths, out.snapshot_paths);
  }
  if (const NodeRef target = root["target-path"]; target && target.IsScalar()) out.target_path = std::string(target.Scalar());
  if (const NodeRef models = root["models"]; models && models.IsMap()) {
    // Global configs first, then the project's own block, which is more specific.
    read_level(models, out.models, true);
    if (const NodeRef own = models[out.name]; own && own.IsMap()) read_level(own, out.models, false);
  }
  return true;
}

}  // namespace floe::dbt
