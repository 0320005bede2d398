// The JSON Schema of the compute-duckdb configuration, as published in the
// plugin descriptor. The host validates every configuration against it and
// fills in its defaults before the plugin sees it; duckdb_config.cpp checks
// what a schema cannot express and keeps its own defaults equal to these
// (a unit test compares them).
#ifndef FLOE_COMPUTE_DUCKDB_CONFIG_SCHEMA_HPP
#define FLOE_COMPUTE_DUCKDB_CONFIG_SCHEMA_HPP

namespace floe::compute_duckdb {

// `threads` has no schema default on purpose: a default filled in by the host
// would be indistinguishable from an explicit value, and `preset` must be
// able to supply it.
inline constexpr char config_schema_json[] = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "path": {
      "type": "string",
      "minLength": 1,
      "default": ":memory:",
      "description": "DuckDB database file, or :memory: for an in-memory database. A relative path is relative to the dbt project directory. Must not contain '..' segments."
    },
    "threads": {
      "type": "integer",
      "minimum": 1,
      "maximum": 64,
      "description": "dbt threads: how many models run at once. Defaults to the preset's value, else 4."
    },
    "timeout_seconds": {
      "type": "integer",
      "minimum": 1,
      "maximum": 86400,
      "default": 3600,
      "description": "Longest time, in seconds, a connection check may take when the caller gives no timeout. dbt-duckdb has no query timeout, so this is not written to the profile."
    },
    "extensions": {
      "type": "array",
      "items": {"type": "string", "pattern": "^[a-z0-9_]+$"},
      "description": "DuckDB extensions dbt installs and loads on every connection."
    },
    "settings": {
      "type": "object",
      "description": "DuckDB configuration options (SET name = value) applied to every dbt connection; values are strings, numbers or booleans. access_mode is applied when the database is opened.",
      "properties": {
        "memory_limit": {
          "type": "string",
          "pattern": "^[0-9]+(\\.[0-9]+)? ?[KMGTkmgt][Ii]?[Bb]$",
          "description": "Buffer-manager memory limit such as 4GB or 512MiB. Defaults to the preset's value, else DuckDB's (80% of RAM)."
        },
        "access_mode": {
          "type": "string",
          "enum": ["automatic", "read_only", "read_write"],
          "description": "How DuckDB opens the database file."
        }
      }
    },
    "preset": {
      "type": "string",
      "enum": ["small", "medium", "large"],
      "description": "Sizes DuckDB for a workload of this size (the resources of get_resource_requirements): supplies threads, settings.threads and settings.memory_limit where they are not given."
    },
    "external_root": {
      "type": "string",
      "minLength": 1,
      "description": "Directory or URI under which dbt-duckdb writes external materializations. Must not contain '..' segments."
    },
    "lake_writer": {
      "type": "string",
      "enum": ["floe", "duckdb"],
      "description": "How a product's tables reach the platform's Iceberg catalog. floe (when not given): DuckDB writes each table as one Parquet file and floe's catalog plugin commits them, one overwrite snapshot per table, all tables at once. duckdb: DuckDB's own Iceberg writer (DELETE and INSERT in one transaction), which leaves the old data files and a positional delete file in every table at each run."
    }
  }
})json";

}  // namespace floe::compute_duckdb

#endif  // FLOE_COMPUTE_DUCKDB_CONFIG_SCHEMA_HPP
