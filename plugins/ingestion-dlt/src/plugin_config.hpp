// The ingestion-dlt configuration, checked once when an instance is made.
#ifndef FLOE_INGESTION_DLT_PLUGIN_CONFIG_HPP
#define FLOE_INGESTION_DLT_PLUGIN_CONFIG_HPP

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace floe::ingestion_dlt {

inline constexpr std::int64_t default_timeout_seconds = 3600;

struct plugin_config {
  std::optional<std::string> python;
  std::int64_t timeout_seconds = default_timeout_seconds;
};

// Throws floe::sdk::error(FLOE_ERR_INVALID_CONFIG) naming the key.
plugin_config parse_plugin_config(const boost::json::object& config);

}  // namespace floe::ingestion_dlt

#endif  // FLOE_INGESTION_DLT_PLUGIN_CONFIG_HPP
