#include "spark_presets.hpp"

#include <array>

#include "floe/plugin.hpp"
#include "warehouse_request.hpp"

namespace floe::compute_spark {
namespace {

constexpr std::array<spark_preset, 3> presets = {{
    {"small", "1", "2", "2Gi", "4Gi", "2Gi", "8Gi", 1, "2g", 2, 8},
    {"medium", "2", "4", "8Gi", "8Gi", "8Gi", "32Gi", 2, "4g", 4, 16},
    {"large", "4", "8", "32Gi", "32Gi", "32Gi", "128Gi", 4, "16g", 8, 64},
}};

}  // namespace

std::span<const spark_preset> spark_presets() { return presets; }

const spark_preset* find_spark_preset(std::string_view name) {
  for (const auto& preset : presets)
    if (preset.name == name) return &preset;
  return nullptr;
}

std::string spark_preset_names() { return "small, medium, large"; }

boost::json::object spark_resource_requirements(const boost::json::value& request) {
  const auto& object =
      compute_warehouses::checked_request(request, "get_resource_requirements request", {"workload_size"});
  std::string size = floe::sdk::required_string(object, "workload_size");
  const spark_preset* preset = find_spark_preset(size);
  if (preset == nullptr)
    throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT,
                           "key 'workload_size': unknown size '" + size + "'; valid sizes: " + spark_preset_names());
  return {{"cpu_request", preset->cpu_request},
          {"cpu_limit", preset->cpu_limit},
          {"memory_request", preset->memory_request},
          {"memory_limit", preset->memory_limit},
          {"ephemeral_storage_request", preset->ephemeral_storage_request},
          {"ephemeral_storage_limit", preset->ephemeral_storage_limit}};
}

}  // namespace floe::compute_spark
