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
    },
    "retry_config": {
      "type": "object",
      "additionalProperties": false,
      "description": "Runs that fail for a reason that may pass (dlt's extract, normalize or load step, the destination, the runner itself) are run again, after initial_delay_seconds, then twice that, and so on. Contract violations, missing files, a missing dlt, timeouts and cancellation are never retried. The Python alpha's key.",
      "properties": {
        "max_retries": {"type": "integer", "minimum": 0, "maximum": 10, "default": 0,
                        "description": "How many times a failed run is run again."},
        "initial_delay_seconds": {"type": "number", "minimum": 0, "maximum": 300, "default": 1.0,
                                  "description": "The wait before the first retry; each later wait doubles."}
      }
    },
    "catalog_config": {
      "type": "object",
      "additionalProperties": false,
      "description": "The Python alpha's Iceberg destination (a REST catalog with S3 storage). Accepted and checked so the alpha's manifests load, but not used yet: loads go to the compute's destination (the run logs a warning saying so).",
      "properties": {
        "uri": {"type": "string", "minLength": 1, "description": "The Iceberg REST catalog's URI."},
        "warehouse": {"type": "string", "minLength": 1, "description": "The catalog's warehouse."},
        "bucket": {"type": "string", "minLength": 1, "description": "The S3 bucket tables are written to."},
        "s3_endpoint": {"type": "string", "minLength": 1, "description": "The S3 endpoint URL."},
        "s3_region": {"type": "string", "minLength": 1, "description": "The S3 region."},
        "s3_path_style_access": {"type": "boolean", "description": "Path-style S3 addressing (MinIO and most local stores)."}
      }
    }
  }
})json";

}  // namespace floe::ingestion_dlt

#endif  // FLOE_INGESTION_DLT_CONFIG_SCHEMA_HPP
