// yaml-cpp helpers shared by the dbt_project.yml and schema yml readers:
// loading with a located syntax error, marks as SourceLocations, scalars
// typed the way dbt's PyYAML (YAML 1.1) types them.
#pragma once

#include <yaml-cpp/yaml.h>

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "dbt/yaml_event_tree.hpp"
#include "diag/diagnostic.hpp"

namespace floe::dbt {

// Reads a whole project file (base/input_file.hpp: a regular file of at most
// input_limits::kDbtFile, never blocking); false when it cannot be read, with
// the reason ("... is not a regular file (a FIFO ...)") in `why` if given.
bool read_text_file(const std::string& path, std::string& text, std::string* why = nullptr);
// The same for a file the project walk has just listed as a regular file
// (InputRules::listed_regular: one stat fewer per file).
bool read_listed_file(const std::string& path, std::string& text, std::string* why);

// yaml-cpp's own nesting limit (DepthGuard's default): deeper input throws
// YAML::DeepRecursion instead of exhausting the stack.
inline constexpr int kYamlDepthLimit = 2000;

// Parses `text` (the contents of `display_path`); a syntax error becomes
// FLOE-D002 at the line:column yaml-cpp reports, nesting past
// kYamlDepthLimit FLOE-D006, and false is returned.
bool load_yaml(const std::string& display_path, const std::string& text, YAML::Node& root, Diagnostics& diags);
// The same into the fast parser's tree, from yaml-cpp's events (no node
// graph: dbt/yaml_event_tree.hpp); aliases past kMaxYamlValues values are
// FLOE-D006. `text` must outlive `tree`.
bool load_event_tree(const std::string& display_path, std::string_view text, EventTree& tree, Diagnostics& diags);
// The fast parser's tree of `text`, from the fast parser when the file is in
// its subset, else from yaml-cpp's events (load_event_tree).
bool load_yaml_tree(const std::string& display_path, std::string_view text, EventTree& tree, Diagnostics& diags);

SourceLocation mark_location(const std::string& file, const YAML::Mark& mark);

// A YAML value as JSON: plain scalars become null/bool/int/double per YAML
// 1.1 (yes/no/on/off are booleans, as in PyYAML); quoted scalars stay strings.
boost::json::value yaml_to_json(const YAML::Node& node);
boost::json::value yaml_to_json(const fastyaml::NodeRef& node);

// A plain (unquoted) scalar's text typed as yaml_to_json types it.
boost::json::value yaml_plain_scalar_to_json(const std::string& s);

// A scalar's text, or "" for a non-scalar.
std::string scalar_text(const YAML::Node& node);

// `tags: a` or `tags: [a, b]` -> {"a"} / {"a", "b"}.
void append_string_list(const YAML::Node& node, std::vector<std::string>& out);
void append_string_list(const fastyaml::NodeRef& node, std::vector<std::string>& out);

// Sorts and removes duplicates (tags are a set in dbt).
void normalize_tags(std::vector<std::string>& tags);

}  // namespace floe::dbt
