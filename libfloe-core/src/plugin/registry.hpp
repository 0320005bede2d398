// The plugin registry: discovery results, lazily loaded plugins, configured
// instances and calls into them. All of floe's plugin use goes through here;
// the C API in floe/registry.h is a thin shell around this class.
#pragma once

#include <boost/json/object.hpp>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "plugin/discovery.hpp"
#include "plugin/host_api.hpp"
#include "plugin/isolation_policy.hpp"
#include "plugin/plugin_endpoint.hpp"

namespace floe {

struct RegistryOptions {
  uint32_t search_flags = 0;  // FLOE_SEARCH_*; 0 = default
  std::string extra_roots;    // ':'-separated, searched first
  LogSink log = nullptr;
  void* log_payload = nullptr;
  RunHooks hooks;  // plugins' events and the cancel probe, for every plugin this registry loads
  EnvLookup env = process_environment();
  uint32_t isolation = 0;        // FLOE_ISOLATION_*; 0 = manifest (or FLOE_PLUGIN_ISOLATION)
  uint32_t call_timeout_ms = 0;  // isolated calls; 0 = FLOE_PLUGIN_CALL_TIMEOUT_MS, manifest, default
  // Only these categories' manifests are read (a compile needs its compute
  // plugin, nothing else); empty: every category.
  std::vector<std::string> categories;
};

class Registry;

// One unmet requirement of a selection (Registry::composition_problems).
struct CompositionProblem {
  std::string category;  // the plugin whose requirement is unmet: its category and name
  std::string name;      // ("" for a selection entry that is itself wrong)
  std::string needed;    // the category it needs ("storage")
  std::string capability;  // the capability it needs of it ("" for any)
  bool none_selected = false;  // true: nothing of `needed` is selected; false: the selected one lacks the capability
  std::string message;   // what is wrong, naming both plugins
  std::string fix;       // what to change in the platform manifest
};

// A configured plugin instance.
struct Instance {
  Registry* registry = nullptr;
  PluginEndpoint* plugin = nullptr;
  InstanceId id = 0;           // as the endpoint names it
  boost::json::object config;  // validated, defaults filled in
  std::string label;           // "compute/duckdb"
};

class Registry {
 public:
  explicit Registry(RegistryOptions options);
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  const Discovery& discovery() const { return discovery_; }

  // Loads (once) and returns a plugin, in-process or in a helper process as
  // the isolation policy says; a failure is remembered and returned again
  // on later calls without retrying.
  Result<PluginEndpoint*> load(const std::string& category, const std::string& name);

  // Validates `config_json` (empty = {}) against the plugin's schema, fills
  // defaults and creates an instance owned by the registry.
  Result<Instance*> open(const std::string& category, const std::string& name, std::string_view config_json);
  void close(Instance* instance);

  // Calls a category method by name; the response is checked to be JSON.
  Result<std::string> call(Instance& instance, std::string_view method, std::string_view request_json);
  // The same, in typed values: the request serialized once, the answer
  // parsed once.
  Result<boost::json::value> call_value(Instance& instance, std::string_view method, const boost::json::object& request);
  Result<std::string> health_check(Instance& instance);

  // {"plugins": [...]}, as JSON text.
  std::string list_json() const;
  // With `load_all`, every plugin this registry has not loaded is loaded and
  // initialised in a helper process of its own, so one that crashes or hangs
  // is reported as its own problem.
  std::string doctor_json(bool load_all);
  Result<boost::json::object> info_json(const std::string& category, const std::string& name);

  // Checks declared requirements of a selection {category: name, ...}.
  Result<Ok> check_composition(const boost::json::object& selection) const;
  // The same check, one problem per unmet requirement (or bad selection
  // entry), for callers that report each on its own (floe compile). Plugins
  // selected but not installed are skipped here when `skip_uninstalled`:
  // their requirements cannot be known, and the caller reports them.
  std::vector<CompositionProblem> composition_problems(const boost::json::object& selection,
                                                       bool skip_uninstalled = false) const;

  // Where plugins loaded by this registry (now and later) send their events
  // and whom they ask about cancelling.
  void set_run_hooks(const RunHooks& hooks);

 private:
  void append_plugins_json(std::string& out) const;  // "plugins":[...]
  Error unusable(const std::string& category, const std::string& name) const;
  HostApi& plugin_host(const PluginManifest& manifest);  // a table of the pool (host_api.hpp)
  Result<std::unique_ptr<PluginEndpoint>> start(const PluginManifest& manifest, bool isolated, HostApi& plugin_host,
                                                 std::string& kind);

  RegistryOptions options_;
  HostApi host_;  // the registry's own log lines; never handed to a plugin
  IsolationPolicy isolation_;
  Discovery discovery_;
  std::map<std::pair<std::string, std::string>, Result<std::unique_ptr<PluginEndpoint>>> loaded_;
  std::vector<Problem> load_problems_;
  std::vector<std::unique_ptr<Instance>> instances_;
  std::vector<HostApi*> plugin_hosts_;  // one per plugin started, released in ~Registry
};

}  // namespace floe
