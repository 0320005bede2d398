// Pieces of JSON Schema every warehouse configuration schema shares, as
// string literals to splice into each engine's schema (the descriptor needs
// one constant string per plugin).
#ifndef FLOE_COMPUTE_WAREHOUSES_WAREHOUSE_SCHEMA_HPP
#define FLOE_COMPUTE_WAREHOUSES_WAREHOUSE_SCHEMA_HPP

// A secret reference: "env:NAME" / "file:/path", or the manifest's
// {env: NAME} / {file: /path}. Spliced into each secret property
// ("password": {<here>, "description": ...}). It has no type on purpose: a
// schema error of the host quotes the offending value, which here may be a
// secret pasted by mistake, so the plugin checks it and refuses it without
// quoting it (and floe's schema subset for plugin configurations has neither
// oneOf nor $ref to say "string or object").
#define FLOE_WAREHOUSE_SECRET_REF R"json("title": "a secret reference")json"

// threads, preset and timeout_ms (warehouse_config.hpp).
#define FLOE_WAREHOUSE_COMMON_PROPERTIES                                                                                                                                                                                        \
  R"json("threads": {"type": "integer", "minimum": 1, "maximum": 64, "description": "dbt threads: how many models run at once (queries in flight). Defaults to the preset's value, else 4."},)json"                             \
  R"json("preset": {"type": "string", "enum": ["small", "medium", "large"], "description": "Workload size of the pod that runs dbt (get_resource_requirements); supplies threads (4, 8, 16) when threads is not given."},)json" \
  R"json("timeout_ms": {"type": "integer", "minimum": 1, "maximum": 600000, "default": 10000, "description": "Longest time a connection check may take when the request gives no timeout_ms. Not written to the profile."})json"

#endif  // FLOE_COMPUTE_WAREHOUSES_WAREHOUSE_SCHEMA_HPP
