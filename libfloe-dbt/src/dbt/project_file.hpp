// dbt_project.yml: the project name, where models live, and the `models:`
// config tree (+materialized, +tags, +enabled, +meta per folder or model),
// resolved for a model the way dbt does: the most specific level wins for
// materialized/enabled, tags accumulate, meta dicts merge.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"

namespace floe::dbt {

struct ConfigLevel {
  std::optional<std::string> materialized;
  std::optional<bool> enabled;
  std::vector<std::string> tags;
  std::map<std::string, std::string> meta;  // flat key -> JSON text
  std::map<std::string, ConfigLevel> children;  // sub-folder or model name -> its level
};

struct ResolvedConfig {
  std::optional<std::string> materialized;
  std::optional<bool> enabled;
  std::vector<std::string> tags;
  std::map<std::string, std::string> meta;
};

struct ProjectFile {
  std::string name;
  std::string profile;  // `profile:`: the profiles.yml entry dbt uses ("" when absent)
  std::vector<std::string> model_paths{"models"};
  std::vector<std::string> seed_paths{"seeds"};
  std::vector<std::string> snapshot_paths{"snapshots"};
  std::string target_path = "target";
  ConfigLevel models;  // the root project's level (global `models: +x` merged in)

  // `fqn_tail`: folders below the model path, then the model name.
  ResolvedConfig resolve(const std::vector<std::string>& fqn_tail) const;
};

// `display_path` is the dbt_project.yml path as shown in diagnostics.
bool read_project_file(const std::string& display_path, const std::string& text, ProjectFile& out, Diagnostics& diags);

}  // namespace floe::dbt
