// The run request: which pipeline, into which destination, with what
// environment and time limit.
#ifndef FLOE_INGESTION_DLT_RUN_REQUEST_HPP
#define FLOE_INGESTION_DLT_RUN_REQUEST_HPP

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace floe::ingestion_dlt {

struct destination_spec {
  std::string type;      // duckdb (the only one today)
  std::string database;  // absolute path of the DuckDB file
};

struct run_request {
  std::string pipeline_id;
  destination_spec destination;
  std::string dataset = "raw";
  std::vector<std::pair<std::string, std::string>> env;  // sorted by name
  std::optional<std::string> project_dir;
  std::optional<std::int64_t> timeout_seconds;
};

// Reads and checks a run request. Throws floe::sdk::error
// (FLOE_ERR_INVALID_ARGUMENT) naming the offending key.
run_request parse_run_request(const boost::json::value& request);

}  // namespace floe::ingestion_dlt

#endif  // FLOE_INGESTION_DLT_RUN_REQUEST_HPP
