// Scanning the search roots for plugin manifests. Nothing is loaded here:
// discovery reads manifests only, so listing plugins runs no plugin code.
// Every problem is recorded with its path and reason; discovery never fails.
#pragma once

#include <string>
#include <vector>

#include "plugin/plugin_manifest.hpp"
#include "plugin/search_roots.hpp"

namespace floe {

struct Problem {
  std::string path;       // the file the problem is about
  std::string category;   // may be empty
  std::string name;       // may be empty
  std::string kind;       // manifest_invalid, category_mismatch, incompatible_abi, library_missing,
                          // no_manifest, duplicate, shadowed, load_failed, missing_symbol,
                          // init_failed, descriptor_mismatch, missing_method
  std::string severity;   // "error": the plugin is unusable; "warning": it is ignored on purpose
  std::string message;
};

struct DiscoveredPlugin {
  PluginManifest manifest;
  const SearchRoot* root = nullptr;  // points into Discovery::roots
};

struct Discovery {
  std::vector<SearchRoot> roots;
  std::vector<DiscoveredPlugin> plugins;   // usable candidates, in precedence order
  std::vector<Problem> problems;
  // (category, name) provided more than once in one root: unusable until resolved.
  struct Conflict {
    std::string category, name;
    std::vector<std::string> files;  // every manifest providing it
  };
  std::vector<Conflict> conflicts;
};

// Reads the manifests of `categories` only (every category when empty).
Discovery discover(std::vector<SearchRoot> roots, const std::vector<std::string>& categories = {});

const DiscoveredPlugin* find_discovered(const Discovery& d, const std::string& category, const std::string& name);

// A not-found message that lists every root tried and why candidates were skipped.
std::string not_found_message(const Discovery& d, const std::string& category, const std::string& name);

}  // namespace floe
