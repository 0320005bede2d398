// Where ingestion (floe.ingestion plugins such as ingestion-dlt) loads raw
// tables on this compute: the DuckDB file dbt opens too, as a dlt
// destination description.
#ifndef FLOE_COMPUTE_DUCKDB_INGESTION_DESTINATION_HPP
#define FLOE_COMPUTE_DUCKDB_INGESTION_DESTINATION_HPP

#include <boost/json.hpp>

#include "duckdb_config.hpp"

namespace floe::compute_duckdb {

// Answers get_ingestion_destination: {"type": "duckdb", "database": absolute
// path}, a relative `path` resolved against the request's project_dir.
// Throws floe::sdk::error: FLOE_ERR_INVALID_ARGUMENT for a bad request,
// FLOE_ERR_INVALID_CONFIG when the configured database cannot take a load
// from another process (:memory:, read_only, a remote database).
boost::json::object ingestion_destination(const duckdb_config& config, const boost::json::value& request);

}  // namespace floe::compute_duckdb

#endif  // FLOE_COMPUTE_DUCKDB_INGESTION_DESTINATION_HPP
