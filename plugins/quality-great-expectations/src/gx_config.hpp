// The quality-great-expectations plugin's configuration
// (plugins.quality.config): the shared severity mapping and score
// thresholds, the Python that runs Great Expectations, and its time limit.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "quality_config.hpp"

namespace floe::quality_gx {

inline constexpr char config_schema_json[] =
    R"json({"type": "object", "additionalProperties": false, "properties": {
    "python": {
      "type": "string",
      "description": "The Python with great_expectations and duckdb: an absolute path or a command on PATH. Default: $VIRTUAL_ENV/bin/python, then <project>/.venv/bin/python, then python3 on PATH."
    },
    "timeout_seconds": {
      "type": "integer", "minimum": 1, "maximum": 86400, "default": 600,
      "description": "How long one validation may take before it is stopped."
    },)json" FLOE_QUALITY_SCORING_PROPERTIES "}}";

struct gx_config {
  quality_common::QualityConfig scoring;
  std::optional<std::string> python;
  std::int64_t timeout_seconds = 600;
};

// Throws floe::sdk::error (INVALID_CONFIG) naming the key at fault.
gx_config parse_gx_config(const boost::json::object& config);

}  // namespace floe::quality_gx
