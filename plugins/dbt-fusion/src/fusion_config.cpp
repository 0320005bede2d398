#include "fusion_config.hpp"

namespace floe::dbt_fusion {

FusionConfig parse_fusion_config(const boost::json::object& config) {
  FusionConfig c;
  c.cli = dbt_common::parse_cli_config(config);
  if (auto* dirs = config.if_contains("adbc_driver_path"); dirs != nullptr && dirs->is_array())
    for (const auto& dir : dirs->get_array())
      if (dir.is_string()) c.adbc_driver_path.emplace_back(dir.get_string());
  return c;
}

}  // namespace floe::dbt_fusion
