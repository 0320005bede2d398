#include "dbt_config.hpp"

#include "floe/plugin.hpp"

namespace floe::dbt_core {

DbtConfig parse_dbt_config(const boost::json::object& config) {
  DbtConfig c;
  if (auto exe = floe::sdk::optional_string(config, "executable")) c.executable = *exe;
  if (auto t = floe::sdk::optional_int(config, "timeout_seconds")) c.timeout = std::chrono::seconds(*t);
  if (auto g = floe::sdk::optional_int(config, "cancel_grace_seconds")) c.cancel_grace = std::chrono::seconds(*g);
  return c;
}

}  // namespace floe::dbt_core
