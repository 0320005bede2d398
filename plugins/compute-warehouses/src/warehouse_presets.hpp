// Workload sizes of the pod that runs dbt against a remote engine. The
// engine does the work; the pod only renders SQL, sends it and waits, so it
// is small, and the size mostly buys dbt threads (queries in flight at once).
#ifndef FLOE_COMPUTE_WAREHOUSES_WAREHOUSE_PRESETS_HPP
#define FLOE_COMPUTE_WAREHOUSES_WAREHOUSE_PRESETS_HPP

#include <boost/json.hpp>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace floe::compute_warehouses {

struct warehouse_preset {
  std::string_view name;
  // Kubernetes quantities for the pod that runs dbt.
  std::string_view cpu_request;
  std::string_view cpu_limit;
  std::string_view memory_request;
  std::string_view memory_limit;
  std::string_view ephemeral_storage_request;
  std::string_view ephemeral_storage_limit;
  // dbt threads when the configuration gives none.
  std::int64_t dbt_threads;
};

// small, medium, large, in that order.
std::span<const warehouse_preset> warehouse_presets();

// The preset called `name`, or nullptr.
const warehouse_preset* find_warehouse_preset(std::string_view name);

// "small, medium, large", for messages.
std::string warehouse_preset_names();

// The get_resource_requirements answer for a request
// {"workload_size": ...}; throws FLOE_ERR_INVALID_ARGUMENT naming the key.
boost::json::object resource_requirements_for(const boost::json::value& request);

}  // namespace floe::compute_warehouses

#endif  // FLOE_COMPUTE_WAREHOUSES_WAREHOUSE_PRESETS_HPP
