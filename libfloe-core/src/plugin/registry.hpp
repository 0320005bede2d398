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

#include "core/result.hpp"
#include "plugin/discovery.hpp"
#include "plugin/host_api.hpp"
#include "plugin/loader.hpp"

namespace floe {

struct RegistryOptions {
  uint32_t search_flags = 0;  // FLOE_SEARCH_*; 0 = default
  std::string extra_roots;    // ':'-separated, searched first
  LogSink log = nullptr;
  void* log_payload = nullptr;
  EnvLookup env = process_environment();
  // Only these categories' manifests are read (a compile needs its compute
  // plugin, nothing else); empty: every category.
  std::vector<std::string> categories;
};

class Registry;

// A configured plugin instance.
struct Instance {
  Registry* registry = nullptr;
  const LoadedPlugin* plugin = nullptr;
  floe_instance* handle = nullptr;
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

  // Loads (once) and returns a plugin; a failure is remembered and returned
  // again on later calls without retrying.
  Result<const LoadedPlugin*> load(const std::string& category, const std::string& name);

  // Validates `config_json` (empty = {}) against the plugin's schema, fills
  // defaults and creates an instance owned by the registry.
  Result<Instance*> open(const std::string& category, const std::string& name, std::string_view config_json);
  void close(Instance* instance);

  // Calls a category method by name; the response is checked to be JSON.
  Result<std::string> call(Instance& instance, std::string_view method, std::string_view request_json);
  Result<std::string> health_check(Instance& instance);

  boost::json::object list_json() const;
  boost::json::object doctor_json(bool load_all);
  Result<boost::json::object> info_json(const std::string& category, const std::string& name);

  // Checks declared requirements of a selection {category: name, ...}.
  Result<Ok> check_composition(const boost::json::object& selection) const;

  HostApi& host() { return host_; }

 private:
  Error unusable(const std::string& category, const std::string& name) const;
  Result<std::string> invoke(Instance& instance, floe_method fn, std::string_view what, std::string_view request);

  RegistryOptions options_;
  HostApi& host_;  // process-lifetime (make_host_api), detached in ~Registry
  Discovery discovery_;
  std::map<std::pair<std::string, std::string>, Result<LoadedPlugin>> loaded_;
  std::vector<Problem> load_problems_;
  std::vector<std::unique_ptr<Instance>> instances_;
  std::vector<HostApi*> plugin_hosts_;  // one per loaded plugin, detached in ~Registry
};

}  // namespace floe
