// The ingestion-dlt configuration, checked once when an instance is made.
#ifndef FLOE_INGESTION_DLT_PLUGIN_CONFIG_HPP
#define FLOE_INGESTION_DLT_PLUGIN_CONFIG_HPP

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace floe::ingestion_dlt {

inline constexpr std::int64_t default_timeout_seconds = 3600;

// Failed runs that may pass on a second try are run again (retry_config).
struct retry_policy {
  std::int64_t max_retries = 0;
  double initial_delay_seconds = 1.0;
};

struct plugin_config {
  std::optional<std::string> python;
  std::int64_t timeout_seconds = default_timeout_seconds;
  retry_policy retry;
  // The alpha's Iceberg destination was configured (catalog_config): kept
  // only to say, at each run, that it is not used yet.
  bool has_catalog_config = false;
};

// Throws floe::sdk::error(FLOE_ERR_INVALID_CONFIG) naming the key.
plugin_config parse_plugin_config(const boost::json::object& config);

}  // namespace floe::ingestion_dlt

#endif  // FLOE_INGESTION_DLT_PLUGIN_CONFIG_HPP
