// Workload sizes: the container resources a dbt run on DuckDB gets, and the
// DuckDB settings that keep the engine inside them.
#ifndef FLOE_COMPUTE_DUCKDB_RESOURCE_PRESETS_HPP
#define FLOE_COMPUTE_DUCKDB_RESOURCE_PRESETS_HPP

#include <boost/json.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace floe::compute_duckdb {

struct resource_preset {
  std::string_view name;
  // Kubernetes quantities for the pod that runs dbt.
  std::string_view cpu_request;
  std::string_view cpu_limit;
  std::string_view memory_request;
  std::string_view memory_limit;
  std::string_view ephemeral_storage_request;
  std::string_view ephemeral_storage_limit;
  // DuckDB sized to that pod: one worker thread per CPU of the limit, and a
  // buffer-manager limit of three quarters of the memory limit (DuckDB
  // allocates outside its buffer manager too, and the pod is killed, not
  // slowed, when it crosses its limit).
  std::int64_t duckdb_threads;
  std::string_view duckdb_memory_limit;
};

// small, medium, large, in that order.
std::span<const resource_preset> resource_presets();

// The preset called `name`, or nullptr.
const resource_preset* find_resource_preset(std::string_view name);

// "small, medium, large", for error messages.
std::string resource_preset_names();

// The get_resource_requirements response for a preset.
boost::json::object resource_requirements(const resource_preset& preset);

}  // namespace floe::compute_duckdb

#endif  // FLOE_COMPUTE_DUCKDB_RESOURCE_PRESETS_HPP
