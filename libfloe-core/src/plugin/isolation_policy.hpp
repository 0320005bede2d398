// Where each plugin runs, and how long an isolated plugin may take per call
// (docs/abi.md#isolation). Decided in this order, the first that says
// something wins: the embedder's registry options, the environment
// (FLOE_PLUGIN_ISOLATION, FLOE_PLUGIN_CALL_TIMEOUT_MS), the plugin's
// manifest ("isolation", "call_timeout_ms"), then the defaults: in-process,
// 60 s.
#pragma once

#include <cstdint>
#include <string>

#include "plugin/plugin_manifest.hpp"
#include "plugin/search_roots.hpp"

namespace floe {

inline constexpr uint32_t kDefaultCallTimeoutMs = 60'000;

struct IsolationPolicy {
  uint32_t forced = 0;      // FLOE_ISOLATION_*: 0 = each manifest decides
  uint32_t timeout_ms = 0;  // 0 = the manifest's, else the default
  // An environment variable that could not be read, as a message; plugins
  // are not loaded while it stands.
  std::string problem;
};

// `option_isolation` and `option_timeout_ms` come from floe_registry_options
// (0 = not set).
IsolationPolicy isolation_policy(uint32_t option_isolation, uint32_t option_timeout_ms, const EnvLookup& env);

bool runs_isolated(const IsolationPolicy& policy, const PluginManifest& manifest);
uint32_t call_timeout_ms(const IsolationPolicy& policy, const PluginManifest& manifest);

}  // namespace floe
