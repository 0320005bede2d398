// The dbt-core plugin's configuration (plugins.dbt.config in the platform
// manifest): which dbt to run and how long it may take.
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
    )json" FLOE_DBT_CLI_LIMITS_SCHEMA R"json(
  }
})json";

using DbtConfig = dbt_common::CliConfig;

}  // namespace floe::dbt_core
