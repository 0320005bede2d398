// The dbt-core plugin's configuration (plugins.dbt.config in the platform
// manifest): which dbt to run and how long it may take.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <string>

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
    "timeout_seconds": {
      "type": "integer",
      "minimum": 0,
      "maximum": 604800,
      "default": 0,
      "description": "Longest a dbt invocation may run before floe stops it; 0 means no limit."
    },
    "cancel_grace_seconds": {
      "type": "integer",
      "minimum": 1,
      "maximum": 600,
      "default": 10,
      "description": "On cancel (Ctrl-C) or timeout dbt gets SIGINT, then SIGTERM after this long, then SIGKILL."
    }
  }
})json";

struct DbtConfig {
  std::string executable;  // empty: look it up
  std::chrono::seconds timeout{0};
  std::chrono::seconds cancel_grace{10};
};

DbtConfig parse_dbt_config(const boost::json::object& config);

}  // namespace floe::dbt_core
