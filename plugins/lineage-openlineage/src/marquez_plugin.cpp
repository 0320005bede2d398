// The "marquez" lineage backend (the seeds' choice): the OpenLineage HTTP
// transport with Marquez's defaults, its API on port 5000 under
// /api/v1/lineage.
#include "config_schemas.hpp"
#include "http_backend.hpp"

namespace floe::lineage_openlineage {

struct marquez_traits {
  static constexpr const char* name = "marquez";
  static constexpr const char* description = "Sends OpenLineage run events to Marquez (its lineage API)";
  static constexpr const char* config_schema = marquez_config_schema_json;
  static constexpr const char* fallback_base = "http://localhost:5000";
};

}  // namespace floe::lineage_openlineage

FLOE_PLUGIN(floe::lineage_openlineage::http_backend<floe::lineage_openlineage::marquez_traits>)
