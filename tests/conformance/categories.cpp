#include "categories.hpp"

#include <cstring>

namespace floe::conformance {

#define FLOE_KIT_CATEGORY(lower, UPPER)                                                                    \
  Category {                                                                                               \
    #lower, FLOE_##UPPER##_GROUP, FLOE_CATEGORY_##UPPER, sizeof(floe_##lower##_v1), FLOE_##UPPER##_V1_VERSION, \
        FLOE_##UPPER##_V1_METHOD_COUNT                                                                     \
  }

namespace {

const Category kCategories[] = {
    FLOE_KIT_CATEGORY(compute, COMPUTE),
    FLOE_KIT_CATEGORY(orchestrator, ORCHESTRATOR),
    FLOE_KIT_CATEGORY(catalog, CATALOG),
    FLOE_KIT_CATEGORY(storage, STORAGE),
    FLOE_KIT_CATEGORY(telemetry_backend, TELEMETRY_BACKEND),
    FLOE_KIT_CATEGORY(lineage_backend, LINEAGE_BACKEND),
    FLOE_KIT_CATEGORY(dbt, DBT),
    FLOE_KIT_CATEGORY(semantic_layer, SEMANTIC_LAYER),
    FLOE_KIT_CATEGORY(ingestion, INGESTION),
    FLOE_KIT_CATEGORY(quality, QUALITY),
    FLOE_KIT_CATEGORY(rbac, RBAC),
    FLOE_KIT_CATEGORY(alert_channel, ALERT_CHANNEL),
    FLOE_KIT_CATEGORY(secrets, SECRETS),
    FLOE_KIT_CATEGORY(identity, IDENTITY),
    FLOE_KIT_CATEGORY(network_security, NETWORK_SECURITY),
};

}  // namespace

const Category* category_by_name(std::string_view name) {
  for (const auto& c : kCategories)
    if (name == c.name) return &c;
  return nullptr;
}

const Category* category_by_id(floe_category id) {
  for (const auto& c : kCategories)
    if (id == c.id) return &c;
  return nullptr;
}

floe_method slot(const void* table, size_t index) {
  floe_method fn = nullptr;
  std::memcpy(&fn, static_cast<const char*>(table) + kFirstSlot + index * sizeof(floe_method), sizeof fn);
  return fn;
}

std::string category_names() {
  std::string out;
  for (const auto& c : kCategories) out += (out.empty() ? "" : ", ") + std::string(c.name);
  return out;
}

std::string version_text(uint32_t v) {
  return std::to_string(FLOE_VERSION_MAJOR_OF(v)) + "." + std::to_string(FLOE_VERSION_MINOR_OF(v)) + "." +
         std::to_string(FLOE_VERSION_PATCH_OF(v));
}

}  // namespace floe::conformance
