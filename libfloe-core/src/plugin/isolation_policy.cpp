#include "plugin/isolation_policy.hpp"

#include <fmt/format.h>

#include <charconv>
#include <vector>

#include "floe/registry.h"

namespace floe {

IsolationPolicy isolation_policy(uint32_t option_isolation, uint32_t option_timeout_ms, const EnvLookup& env) {
  IsolationPolicy policy;
  policy.forced = option_isolation;
  policy.timeout_ms = option_timeout_ms;
  std::vector<std::string> problems;
  if (policy.forced == FLOE_ISOLATION_MANIFEST) {
    if (auto v = env("FLOE_PLUGIN_ISOLATION")) {
      if (*v == "process")
        policy.forced = FLOE_ISOLATION_PROCESS;
      else if (*v == "in-process")
        policy.forced = FLOE_ISOLATION_IN_PROCESS;
      else
        problems.push_back(fmt::format("FLOE_PLUGIN_ISOLATION='{}' is not understood; use 'process' (every plugin in "
                                       "a helper process) or 'in-process', or unset it (each plugin's manifest decides)",
                                       *v));
    }
  }
  if (policy.timeout_ms == 0) {
    if (auto v = env("FLOE_PLUGIN_CALL_TIMEOUT_MS")) {
      uint32_t ms = 0;
      auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), ms);
      if (ec != std::errc() || end != v->data() + v->size() || ms == 0 || ms > kMaxCallTimeoutMs)
        problems.push_back(fmt::format("FLOE_PLUGIN_CALL_TIMEOUT_MS='{}' is not a number of milliseconds from 1 to {}",
                                       *v, kMaxCallTimeoutMs));
      else
        policy.timeout_ms = ms;
    }
  }
  policy.problem = fmt::format("{}", fmt::join(problems, "; "));
  return policy;
}

bool runs_isolated(const IsolationPolicy& policy, const PluginManifest& manifest) {
  if (policy.forced != FLOE_ISOLATION_MANIFEST) return policy.forced == FLOE_ISOLATION_PROCESS;
  return manifest.isolation == "process";
}

uint32_t call_timeout_ms(const IsolationPolicy& policy, const PluginManifest& manifest) {
  if (policy.timeout_ms != 0) return policy.timeout_ms;
  return manifest.call_timeout_ms != 0 ? manifest.call_timeout_ms : kDefaultCallTimeoutMs;
}

}  // namespace floe
