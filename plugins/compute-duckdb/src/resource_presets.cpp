#include "resource_presets.hpp"

#include <array>

namespace floe::compute_duckdb {
namespace {

// Same CPU and memory figures as the Python floe-compute-duckdb presets, so a
// platform moving between the two keeps its pod sizes.
constexpr std::array<resource_preset, 3> presets = {{
    {"small", "100m", "500m", "256Mi", "512Mi", "100Mi", "1Gi", 1, "384MiB"},
    {"medium", "500m", "2000m", "1Gi", "4Gi", "100Mi", "1Gi", 2, "3GiB"},
    {"large", "2000m", "8000m", "4Gi", "16Gi", "100Mi", "1Gi", 8, "12GiB"},
}};

}  // namespace

std::span<const resource_preset> resource_presets() { return presets; }

const resource_preset* find_resource_preset(std::string_view name) {
  for (const auto& preset : presets)
    if (preset.name == name) return &preset;
  return nullptr;
}

std::string resource_preset_names() {
  std::string names;
  for (const auto& preset : presets) {
    if (!names.empty()) names += ", ";
    names += preset.name;
  }
  return names;
}

boost::json::object resource_requirements(const resource_preset& preset) {
  return {
      {"cpu_request", preset.cpu_request},
      {"cpu_limit", preset.cpu_limit},
      {"memory_request", preset.memory_request},
      {"memory_limit", preset.memory_limit},
      {"ephemeral_storage_request", preset.ephemeral_storage_request},
      {"ephemeral_storage_limit", preset.ephemeral_storage_limit},
  };
}

}  // namespace floe::compute_duckdb
