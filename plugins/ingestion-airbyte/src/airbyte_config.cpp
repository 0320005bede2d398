#include "airbyte_config.hpp"

#include "floe/plugin.hpp"
#include "python_locator.hpp"

namespace floe::ingestion_airbyte {

const char kAirbyteConfigSchema[] = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "python": {"type": "string", "minLength": 1,
               "description": "The Python interpreter that has PyAirbyte (airbyte on PyPI): an absolute path, or a command name looked up on PATH. Without it: $VIRTUAL_ENV/bin/python, else .venv/bin/python in the run's project_dir, else python3 on PATH."},
    "source_file": {"type": "string", "minLength": 1,
                    "description": "Airbyte's File source connector (airbyte-source-file on PyPI, in a virtualenv of its own): the source-file executable, an absolute path or a command name on PATH. Without it: source-file beside the Python, else on PATH."},
    "timeout_seconds": {"type": "integer", "minimum": 1, "maximum": 86400, "default": 3600,
                        "description": "Longest time one run may take when the request gives none; then the runner is stopped (SIGTERM, SIGKILL 5 s later)."}
  }
})json";

airbyte_config parse_airbyte_config(const boost::json::object& config) {
  airbyte_config parsed;
  for (const auto& [key, value] : config) {
    if (key == "python") {
      parsed.python = plugin_support::configured_python(value);
    } else if (key == "source_file") {
      if (!value.is_string() || value.get_string().empty() ||
          (value.get_string().find('/') != std::string::npos && value.get_string().front() != '/'))
        throw floe::sdk::error(FLOE_ERR_INVALID_CONFIG,
                               "key 'source_file': expected an absolute path or a command name found on PATH");
      parsed.source_file = std::string(value.get_string());
    } else if (key == "timeout_seconds") {
      if (!value.is_int64() || value.get_int64() < 1 || value.get_int64() > 86400)
        throw floe::sdk::error(FLOE_ERR_INVALID_CONFIG, "key 'timeout_seconds': expected an integer from 1 to 86400");
      parsed.timeout_seconds = value.get_int64();
    } else {
      throw floe::sdk::error(
          FLOE_ERR_INVALID_CONFIG,
          "key '" + std::string(key) + "': unknown key; accepted keys: python, source_file, timeout_seconds");
    }
  }
  return parsed;
}

}  // namespace floe::ingestion_airbyte
