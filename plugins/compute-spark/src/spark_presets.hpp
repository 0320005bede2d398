// Workload sizes for Spark. The pod that runs dbt is, with method session,
// also the Spark driver (and in local mode the executors too), so a preset
// sizes both: the pod's resources, and the JVM inside them (heap at about
// half the memory limit: Spark's off-heap, Python and the JVM's own memory
// need the rest, and the pod is killed, not slowed, past its limit). Local
// mode runs one task per core of the limit; shuffle partitions follow the
// cores instead of Spark's 200, which are sized for clusters.
#ifndef FLOE_COMPUTE_SPARK_SPARK_PRESETS_HPP
#define FLOE_COMPUTE_SPARK_SPARK_PRESETS_HPP

#include <boost/json.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace floe::compute_spark {

struct spark_preset {
  std::string_view name;
  // Kubernetes quantities for the pod that runs dbt (and the driver).
  std::string_view cpu_request, cpu_limit, memory_request, memory_limit, ephemeral_storage_request,
      ephemeral_storage_limit;
  std::int64_t dbt_threads;
  // Spark properties for method session.
  std::string_view driver_memory;   // spark.driver.memory
  std::int64_t local_cores;         // local[N] when master is local[*]
  std::int64_t shuffle_partitions;  // spark.sql.shuffle.partitions
};

// small, medium, large, in that order.
std::span<const spark_preset> spark_presets();
const spark_preset* find_spark_preset(std::string_view name);
std::string spark_preset_names();  // "small, medium, large"

// The get_resource_requirements answer for {"workload_size": ...}; throws
// FLOE_ERR_INVALID_ARGUMENT naming the key.
boost::json::object spark_resource_requirements(const boost::json::value& request);

}  // namespace floe::compute_spark

#endif  // FLOE_COMPUTE_SPARK_SPARK_PRESETS_HPP
