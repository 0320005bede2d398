// Loading one plugin library: dlopen (RTLD_NOW | RTLD_LOCAL, through
// Boost.DLL), the init handshake, and every check of what the plugin hands
// back. Libraries are never unloaded: error release callbacks, method tables
// and descriptors live in the plugin and may outlive any object using them.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <vector>

#include "base/result.hpp"
#include "plugin/category_table.hpp"
#include "plugin/plugin_manifest.hpp"

namespace floe {

struct LoadedPlugin {
  PluginManifest manifest;
  const CategoryInfo* category = nullptr;
  floe_plugin plugin{};
  boost::json::value config_schema;      // null when the plugin takes no configuration
  std::vector<bool> implemented;         // per category method: slot present and non-NULL
};

// `kind_out` receives the problem kind on failure (load_failed, missing_symbol,
// incompatible_abi, init_failed, descriptor_mismatch, missing_method).
Result<LoadedPlugin> load_plugin(const PluginManifest& manifest, const floe_host_api* host, std::string& kind_out);

// Loads a library that has no manifest yet (floe plugins manifest): the
// category comes from the descriptor, and a min_host_abi newer than this
// host is kept for the manifest, not refused.
Result<LoadedPlugin> load_library(const std::string& path, const std::string& entrypoint,
                                  const floe_host_api* host, std::string& kind_out);

// Libraries loaded so far (each once, never unloaded), for tests.
size_t pinned_library_count();

}  // namespace floe
