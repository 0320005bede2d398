#include "dbt_cli_config.hpp"

#include "floe/plugin.hpp"

namespace floe::dbt_common {

CliConfig parse_cli_config(const boost::json::object& config) {
  CliConfig c;
  if (auto exe = floe::sdk::optional_string(config, "executable")) c.executable = *exe;
  if (auto t = floe::sdk::optional_int(config, "timeout_seconds")) c.timeout = std::chrono::seconds(*t);
  if (auto g = floe::sdk::optional_int(config, "cancel_grace_seconds")) c.cancel_grace = std::chrono::seconds(*g);
  return c;
}

}  // namespace floe::dbt_common
