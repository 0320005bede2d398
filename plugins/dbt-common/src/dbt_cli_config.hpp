// What the local dbt CLI runtimes (dbt-core, Fusion) share of their
// configuration (plugins.dbt.config): which executable, and how long an
// invocation may take.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <string>

namespace floe::dbt_common {

// The JSON Schema properties of the limits, for a runtime's config schema
// (adjacent string literals, each on one line as a macro needs them: the
// runtime writes the rest of its schema around it).
#define FLOE_DBT_CLI_LIMITS_SCHEMA                                                                       \
  R"json("timeout_seconds": {"type": "integer", "minimum": 0, "maximum": 604800, "default": 0, )json"     \
  R"json("description": "Longest a dbt invocation may run before floe stops it; 0 means no limit."},)json" \
  R"json("cancel_grace_seconds": {"type": "integer", "minimum": 1, "maximum": 600, "default": 10, )json"  \
  R"json("description": "On cancel (Ctrl-C) or timeout dbt gets SIGINT, then SIGTERM after this long, )json" \
  R"json(then SIGKILL."})json"

struct CliConfig {
  std::string executable;  // empty: the runtime looks it up
  std::chrono::seconds timeout{0};
  std::chrono::seconds cancel_grace{10};
};

// Reads executable, timeout_seconds and cancel_grace_seconds (the host has
// validated the config against the runtime's schema and filled in defaults).
CliConfig parse_cli_config(const boost::json::object& config);

}  // namespace floe::dbt_common
