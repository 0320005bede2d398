// Where a loaded plugin's code runs, behind one interface: in the host's own
// process (InProcessPlugin, the fast path) or in a helper process
// (IsolatedPlugin, docs/abi.md#isolation). The registry reaches plugin code
// only through this, so both run the same checks and give the same answers.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "base/json_text.hpp"
#include "base/result.hpp"
#include "plugin/category_table.hpp"
#include "plugin/plugin_manifest.hpp"

namespace floe {

// What the host knows of a loaded plugin, copied out of its descriptor (an
// isolated plugin's descriptor lives in another process).
struct PluginSummary {
  PluginManifest manifest;
  const CategoryInfo* category = nullptr;
  uint32_t abi_version = 0;  // floe_plugin.abi_version: the ABI the plugin was built with
  std::string name, version, description;
  std::vector<std::string> capabilities, requirements;
  boost::json::value config_schema;  // null when the plugin takes no configuration
  std::vector<bool> implemented;     // per category method
  std::string label() const { return manifest.category + "/" + manifest.name; }
};

// An instance, as the endpoint that made it names it.
using InstanceId = uint64_t;

class PluginEndpoint {
 public:
  virtual ~PluginEndpoint() = default;
  virtual const PluginSummary& summary() const = 0;
  // "in-process" or "process" (the manifest's `isolation` values).
  virtual const char* isolation() const = 0;
  // Creates an instance from a validated, defaults-completed configuration.
  virtual Result<InstanceId> instance_new(const std::string& config_json) = 0;
  virtual Result<Ok> instance_free(InstanceId instance) = 0;
  // Calls `method` (a method of the category, or "health_check"); the
  // response is JSON (checked). Errors name "<category>/<name>.<method>".
  virtual Result<std::string> call(InstanceId instance, std::string_view method, std::string_view request_json) = 0;
  // The same answer, parsed: for callers that read it as a value, so the
  // text is parsed once (an endpoint that checks it by parsing hands that
  // parse over).
  virtual Result<boost::json::value> call_value(InstanceId instance, std::string_view method,
                                                std::string_view request_json) {
    auto text = call(instance, method, request_json);
    if (!text) return std::move(text).error();
    return parse_json(text.value(), fmt::format("{}.{} response", summary().label(), method), FLOE_ERR_PLUGIN_FAILED);
  }
};

}  // namespace floe
