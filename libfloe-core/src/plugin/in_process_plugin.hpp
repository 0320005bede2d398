// A plugin running in the host's own process: calls are direct function
// calls (no copy, no context switch). Every call is marked for crash
// attribution (crash_guard.hpp) and guarded against escaping C++ exceptions;
// plugin statuses are mapped to what they mean to the host's caller.
#pragma once

#include "plugin/loader.hpp"
#include "plugin/plugin_endpoint.hpp"

namespace floe {

class InProcessPlugin final : public PluginEndpoint {
 public:
  explicit InProcessPlugin(LoadedPlugin loaded);

  const PluginSummary& summary() const override { return summary_; }
  const char* isolation() const override { return "in-process"; }
  Result<InstanceId> instance_new(const std::string& config_json) override;
  Result<Ok> instance_free(InstanceId instance) override;
  Result<std::string> call(InstanceId instance, std::string_view method, std::string_view request_json) override;
  Result<boost::json::value> call_value(InstanceId instance, std::string_view method,
                                        std::string_view request_json) override;

 private:
  // The call itself; the answer's text, not yet checked to be JSON.
  Result<std::string> invoke(InstanceId instance, std::string_view method, std::string_view request);
  floe_method method_function(std::string_view method) const;

  LoadedPlugin loaded_;
  PluginSummary summary_;
  std::string label_;
};

// The descriptor's content, copied.
PluginSummary summarize(const LoadedPlugin& loaded);

// What a plugin's status means to the host's caller: the plugin's own
// "internal error", UNKNOWN, or a code this host does not know is the plugin
// failing (FLOE_ERR_PLUGIN_FAILED), never a bug in floe.
floe_status from_plugin(floe_status status);

}  // namespace floe
