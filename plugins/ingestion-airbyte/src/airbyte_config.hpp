// The ingestion-airbyte configuration, checked once when an instance is made:
// which Python has PyAirbyte, where Airbyte's File source connector is, and
// how long a run may take.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace floe::ingestion_airbyte {

struct airbyte_config {
  std::optional<std::string> python;       // PyAirbyte's interpreter (python_locator's search when absent)
  std::optional<std::string> source_file;  // the source-file connector's executable
  std::int64_t timeout_seconds = 3600;
};

// Throws floe::sdk::error(FLOE_ERR_INVALID_CONFIG) naming the key.
airbyte_config parse_airbyte_config(const boost::json::object& config);

extern const char kAirbyteConfigSchema[];

}  // namespace floe::ingestion_airbyte
