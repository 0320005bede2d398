// What can be known about opening the configured DuckDB database without
// libduckdb: the file system checks DuckDB itself would fail on.
#ifndef FLOE_COMPUTE_DUCKDB_CONNECTION_CHECK_HPP
#define FLOE_COMPUTE_DUCKDB_CONNECTION_CHECK_HPP

#include <boost/json.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "duckdb_config.hpp"

namespace floe::compute_duckdb {

enum class connection_status { healthy, degraded, unhealthy };

std::string_view to_string(connection_status status);

struct connection_report {
  connection_status status = connection_status::healthy;
  double latency_ms = 0;
  std::string message;
  std::vector<std::string> warnings;
  std::string database;  // the resolved path, or ":memory:"
};

// Checks that dbt could open config.path: for a file, that its directory
// exists and (unless read-only) is writable, that an existing file is a
// DuckDB database (the "DUCK" magic at byte 8) and that no other process
// holds the lock DuckDB takes. Creates and changes nothing. A relative path
// is resolved against `base_directory` (the dbt project directory). Checks
// that take longer than `budget` make the report degraded.
connection_report check_connection(const duckdb_config& config, const std::filesystem::path& base_directory,
                                   std::chrono::milliseconds budget);

// The validate_connection response.
boost::json::object to_validate_response(const connection_report& report);

// The health_check response.
boost::json::object to_health_response(const connection_report& report);

}  // namespace floe::compute_duckdb

#endif  // FLOE_COMPUTE_DUCKDB_CONNECTION_CHECK_HPP
