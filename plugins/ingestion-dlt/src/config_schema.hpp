// The JSON Schema of the ingestion-dlt configuration, as published in the
// plugin descriptor. The host validates every configuration against it and
// fills in its defaults; plugin_config.cpp checks what a schema cannot say.
#ifndef FLOE_INGESTION_DLT_CONFIG_SCHEMA_HPP
#define FLOE_INGESTION_DLT_CONFIG_SCHEMA_HPP

namespace floe::ingestion_dlt {

inline constexpr char config_schema_json[] = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "python": {
      "type": "string",
      "minLength": 1,
      "description": "The Python interpreter that has dlt: an absolute path, or a command name looked up on PATH. Without it: $VIRTUAL_ENV/bin/python, else .venv/bin/python in the run's project_dir, else python3 on PATH."
    },
    "timeout_seconds": {
      "type": "integer",
      "minimum": 1,
      "maximum": 86400,
      "default": 3600,
      "description": "Longest time one run may take when the request gives no timeout; then dlt is stopped (SIGTERM, SIGKILL 5 s later)."
    }
  }
})json";

}  // namespace floe::ingestion_dlt

#endif  // FLOE_INGESTION_DLT_CONFIG_SCHEMA_HPP
