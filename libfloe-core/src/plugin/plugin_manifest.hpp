// The small JSON file beside each plugin library (<name>.plugin.json). It lets
// floe list and check plugins without loading any code, and names the
// library and entry point to load. See docs/abi.md#manifest.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "floe/plugin.h"

namespace floe {

inline constexpr int kPluginManifestVersion = 1;
// The longest per-call limit an isolated plugin may ask for: a day.
inline constexpr uint32_t kMaxCallTimeoutMs = 86'400'000;

struct PluginManifest {
  std::string file;          // absolute path of the manifest
  std::string name;
  std::string category;
  std::string version;
  uint32_t abi_version = 0;  // FLOE_MAKE_VERSION form
  std::string library;       // absolute path, resolved against the manifest's directory
  std::string entrypoint;    // FLOE_PLUGIN_INIT_SYMBOL unless given
  std::string description;
  std::vector<std::string> capabilities;
  std::vector<std::string> requirements;
  std::string isolation = "in-process";  // or "process": run in a helper process
  uint32_t call_timeout_ms = 0;          // isolated calls; 0 = not given
  uint32_t min_host_abi = 0;             // the oldest host ABI it runs on; 0 = not given
};

// Reads and validates a manifest file. Every problem found is in the one
// error message (one per line), so a plugin author fixes them in one pass.
// `listed_regular`: as read_json_file's (discovery has just listed the file).
Result<PluginManifest> read_plugin_manifest(const std::string& path, bool listed_regular = false);

// The manifest document for a plugin's descriptor (what `floe plugins
// manifest` writes). `library` is stored as given (normally a bare file name);
// `min_host_abi` (floe_plugin.min_host_abi) is written when not 0.
boost::json::object manifest_document(const floe_plugin_descriptor& descriptor, uint32_t min_host_abi,
                                      const std::string& category, const std::string& library,
                                      const std::string& entrypoint);

// "1.2.3" <-> FLOE_MAKE_VERSION(1, 2, 3).
bool parse_abi_version(const std::string& text, uint32_t& out);
std::string format_abi_version(uint32_t version);

// The one ABI rule: same major, plugin minor <= host minor. Returns empty
// when `plugin_abi` is loadable by this host, else "built for floe ABI x.y.z;
// this host loads ABI 1.x up to 1.0.0".
std::string abi_incompatibility(uint32_t plugin_abi);

// The other direction: empty when this host is at least `min_host_abi` (a
// plugin's declared oldest host), else "needs a floe host with ABI 1.3.0 or
// newer (min_host_abi); this host has ABI 1.3.0".
std::string host_too_old(uint32_t min_host_abi);

// Plugin names: [a-z0-9][a-z0-9_-]*, at most 64 characters.
bool valid_plugin_name(const std::string& name);

}  // namespace floe
