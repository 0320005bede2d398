// A plugin running in a helper process of its own (docs/abi.md#isolation):
// the same calls as in-process, sent over pipes to floe-plugin-host, which
// loads the library with the same checks. A crash or a missed deadline ends
// that process only: calls on instances it held fail cleanly from then on,
// and the next instance_new (floe_registry_open) starts a new process.
#pragma once

#include <map>
#include <memory>

#include "plugin/host_api.hpp"
#include "plugin/plugin_endpoint.hpp"
#include "plugin/plugin_process.hpp"

namespace floe {

class IsolatedPlugin final : public PluginEndpoint {
 public:
  // Starts the helper and runs init there. On failure `kind` gets the
  // problem kind (as load_plugin's, or "crashed" / "timeout"). `host` is the
  // plugin's own table: its log lines and queries are served through it.
  static Result<std::unique_ptr<IsolatedPlugin>> start(const PluginManifest& manifest, const HostApi& host,
                                                       uint32_t timeout_ms, std::string& kind);

  const PluginSummary& summary() const override { return summary_; }
  const char* isolation() const override { return "process"; }
  Result<InstanceId> instance_new(const std::string& config_json) override;
  Result<Ok> instance_free(InstanceId instance) override;
  Result<std::string> call(InstanceId instance, std::string_view method, std::string_view request_json) override;

 private:
  IsolatedPlugin(std::unique_ptr<PluginProcess> process, PluginSummary summary, const HostApi& host,
                 uint32_t timeout_ms);

  // An instance lives in one process (`generation`) under the helper's id.
  struct Remote {
    uint64_t generation;
    uint64_t id;
  };
  Result<const Remote*> find(InstanceId instance, std::string_view method) const;

  std::unique_ptr<PluginProcess> process_;
  PluginSummary summary_;
  const HostApi& host_;
  uint32_t timeout_ms_;
  uint64_t generation_ = 1;
  InstanceId next_id_ = 1;
  std::map<InstanceId, Remote> instances_;
};

}  // namespace floe
