// The dbt-core plugin's configuration (plugins.dbt.config in the platform
// manifest): which dbt to run, how long it may take, and whether one dbt
// process serves the whole run (dbt_session.hpp).
#pragma once

#include "dbt_cli_config.hpp"

namespace floe::dbt_core {

// Published in the descriptor; the host validates every configuration
// against it and fills in the defaults before the plugin sees it.
inline constexpr char config_schema_json[] = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "executable": {
      "type": "string",
      "minLength": 1,
      "description": "The dbt executable: an absolute path, or a name looked up in PATH. Without it floe looks in $VIRTUAL_ENV/bin, then <project>/.venv/bin, then PATH."
    },
    "session": {
      "type": "boolean",
      "default": true,
      "description": "Run all of a run's dbt invocations in one dbt-core process (dbt's Python entry point, dbtRunner) instead of starting dbt for each: saves dbt's start-up, 1.5-3 s, on every invocation after the first. false starts the dbt command each time."
    },
    )json" FLOE_DBT_CLI_LIMITS_SCHEMA R"json(
  }
})json";

struct DbtConfig : dbt_common::CliConfig {
  bool session = true;
};

inline DbtConfig parse_dbt_config(const boost::json::object& config) {
  DbtConfig c;
  static_cast<dbt_common::CliConfig&>(c) = dbt_common::parse_cli_config(config);
  if (const auto* session = config.if_contains("session"); session != nullptr && session->is_bool())
    c.session = session->as_bool();
  return c;
}

}  // namespace floe::dbt_core
