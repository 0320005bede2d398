// The quality-dbt plugin's configuration (plugins.quality.config): how much
// each kind of dbt test weighs, and the score thresholds.
#pragma once

#include <boost/json/object.hpp>

#include <map>
#include <string>

namespace floe::quality_dbt {

inline constexpr char config_schema_json[] = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "severity": {
      "type": "object",
      "description": "Severity of a failing test by its kind (not_null, unique, accepted_values, relationships, a custom generic test's name, or singular): error, warn or info. Kinds not listed take default_severity.",
      "additionalProperties": {"enum": ["error", "warn", "info"]}
    },
    "default_severity": {
      "enum": ["error", "warn", "info"],
      "default": "error",
      "description": "Severity of a failing test whose kind severity does not name."
    },
    "warn_score": {
      "type": "number", "minimum": 0, "maximum": 100, "default": 95,
      "description": "A quality score below this is a warning."
    },
    "block_score": {
      "type": "number", "minimum": 0, "maximum": 100, "default": 0,
      "description": "A quality score below this blocks (the run fails); 0 never blocks."
    }
  }
})json";

struct QualityConfig {
  std::map<std::string, std::string> severity;  // test kind -> error | warn | info
  std::string default_severity = "error";
  double warn_score = 95;
  double block_score = 0;

  const std::string& severity_of(const std::string& kind) const;
};

QualityConfig parse_quality_config(const boost::json::object& config);

}  // namespace floe::quality_dbt
