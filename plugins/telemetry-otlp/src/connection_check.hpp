// validate_connection: an empty OTLP/JSON export (which a receiver must
// accept: "an empty request ... SHOULD respond with success") POSTed to the
// traces URL with the backend's headers, within the timeout.
#ifndef FLOE_TELEMETRY_OTLP_CONNECTION_CHECK_HPP
#define FLOE_TELEMETRY_OTLP_CONNECTION_CHECK_HPP

#include <boost/json.hpp>

#include <map>
#include <string>

#include "backend_config.hpp"

namespace floe::telemetry_otlp {

// `header_values` are the secret headers already resolved (header -> value);
// they are sent and forgotten, never part of the answer.
boost::json::object check_connection(const exporter_settings& settings,
                                     const std::map<std::string, std::string>& header_values, long timeout_ms);

}  // namespace floe::telemetry_otlp

#endif  // FLOE_TELEMETRY_OTLP_CONNECTION_CHECK_HPP
