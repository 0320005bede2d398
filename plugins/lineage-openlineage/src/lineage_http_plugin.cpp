// The "http" lineage backend: any server that takes OpenLineage events over
// HTTP, at the configured url or the platform's observability.lineage.endpoint.
#include "config_schemas.hpp"
#include "http_backend.hpp"

namespace floe::lineage_openlineage {

struct http_traits {
  static constexpr const char* name = "http";
  static constexpr const char* description =
      "Sends OpenLineage run events to an HTTP endpoint (the OpenLineage HTTP transport)";
  static constexpr const char* config_schema = http_config_schema_json;
  static constexpr const char* fallback_base = "";
};

}  // namespace floe::lineage_openlineage

FLOE_PLUGIN(floe::lineage_openlineage::http_backend<floe::lineage_openlineage::http_traits>)
