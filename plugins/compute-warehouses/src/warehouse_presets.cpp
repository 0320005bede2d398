#include "warehouse_presets.hpp"

#include <array>

#include "floe/plugin.hpp"
#include "warehouse_request.hpp"

namespace floe::compute_warehouses {
namespace {

// dbt's Python process with an adapter's driver loaded stays under ~300 MiB
// for projects of a few hundred models; manifests of thousands of models
// need the larger sizes. CPU is for rendering and parsing, not for queries.
constexpr std::array<warehouse_preset, 3> presets = {{
    {"small", "100m", "500m", "256Mi", "512Mi", "100Mi", "1Gi", 4},
    {"medium", "250m", "1000m", "512Mi", "1Gi", "100Mi", "1Gi", 8},
    {"large", "500m", "2000m", "1Gi", "2Gi", "100Mi", "2Gi", 16},
}};

}  // namespace

std::span<const warehouse_preset> warehouse_presets() { return presets; }

const warehouse_preset* find_warehouse_preset(std::string_view name) {
  for (const auto& preset : presets)
    if (preset.name == name) return &preset;
  return nullptr;
}

std::string warehouse_preset_names() {
  std::string names;
  for (const auto& preset : presets) names += (names.empty() ? "" : ", ") + std::string(preset.name);
  return names;
}

boost::json::object resource_requirements_for(const boost::json::value& request) {
  const auto& object = checked_request(request, "get_resource_requirements request", {"workload_size"});
  std::string size = floe::sdk::required_string(object, "workload_size");
  const warehouse_preset* preset = find_warehouse_preset(size);
  if (preset == nullptr)
    throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "key 'workload_size': unknown size '" + size +
                                                          "'; valid sizes: " + warehouse_preset_names());
  return {
      {"cpu_request", preset->cpu_request},
      {"cpu_limit", preset->cpu_limit},
      {"memory_request", preset->memory_request},
      {"memory_limit", preset->memory_limit},
      {"ephemeral_storage_request", preset->ephemeral_storage_request},
      {"ephemeral_storage_limit", preset->ephemeral_storage_limit},
  };
}

}  // namespace floe::compute_warehouses
