// The dbt-fusion plugin's configuration (plugins.dbt.config in the platform
// manifest): which Fusion binary, where its ADBC drivers are, and how long
// an invocation may take.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "dbt_cli_config.hpp"

namespace floe::dbt_fusion {

// Published in the descriptor; the host validates every configuration
// against it and fills in the defaults before the plugin sees it.
inline constexpr char config_schema_json[] = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "executable": {
      "type": "string",
      "minLength": 1,
      "description": "The dbt Fusion binary: an absolute path, or a name looked up in PATH. Without it floe takes the first Fusion binary among dbtf in PATH, $VIRTUAL_ENV/bin/dbt, <project>/.venv/bin/dbt and dbt in PATH."
    },
    "adbc_driver_path": {
      "type": "array",
      "items": {"type": "string", "minLength": 1},
      "description": "Directories of ADBC driver manifests (<driver>.toml) Fusion searches first (ADBC_DRIVER_PATH), for machines where Fusion cannot download its drivers."
    },
    )json" FLOE_DBT_CLI_LIMITS_SCHEMA R"json(
  }
})json";

struct FusionConfig {
  dbt_common::CliConfig cli;
  std::vector<std::string> adbc_driver_path;
};

FusionConfig parse_fusion_config(const boost::json::object& config);

}  // namespace floe::dbt_fusion
