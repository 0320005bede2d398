// The compute-duckdb configuration: parsed, checked and resolved (preset
// values filled in) once, when an instance is created.
#ifndef FLOE_COMPUTE_DUCKDB_DUCKDB_CONFIG_HPP
#define FLOE_COMPUTE_DUCKDB_DUCKDB_CONFIG_HPP

#include <boost/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace floe::compute_duckdb {

inline constexpr std::string_view in_memory_path = ":memory:";
inline constexpr std::int64_t default_threads = 4;
inline constexpr std::int64_t default_timeout_seconds = 3600;

struct duckdb_config {
  std::string path;
  // dbt threads, resolved: explicit value, else the preset's, else 4.
  std::int64_t threads = default_threads;
  std::int64_t timeout_seconds = default_timeout_seconds;
  // Sorted, without duplicates.
  std::vector<std::string> extensions;
  // DuckDB options dbt-duckdb SETs on every connection, sorted by name,
  // including those a preset supplied. Excludes access_mode (below).
  std::map<std::string, boost::json::value> settings;
  // DuckDB refuses to change access_mode on an open database, so it is kept
  // apart and given when the database is opened (dbt-duckdb config_options).
  std::optional<std::string> access_mode;
  std::optional<std::string> preset;
  std::optional<std::string> external_root;
  // Who writes the lake: "floe" (data files floe commits) or "duckdb"
  // (DuckDB's Iceberg writer).
  std::string lake_writer = "floe";

  bool in_memory() const { return path == in_memory_path; }
  bool read_only() const { return access_mode == "read_only"; }
};

// Parses a configuration object (normally already validated against the
// schema and completed with its defaults by the host, but every key is
// checked again here). Throws floe::sdk::error(FLOE_ERR_INVALID_CONFIG) with
// a message that names the offending key.
duckdb_config parse_duckdb_config(const boost::json::object& config);

// True when `path` has a ".." segment, i.e. could climb out of the directory
// it is resolved against.
bool has_parent_segment(std::string_view path);

// True for a memory size DuckDB's memory_limit accepts and that is above
// zero: a number, an optional space, a unit KB/MB/GB/TB (powers of 1000) or
// KiB/MiB/GiB/TiB (powers of 1024), in any letter case.
bool is_valid_memory_limit(std::string_view text);

// True for paths DuckDB resolves through an extension or service rather
// than the local file system ("md:db", "s3://bucket/db.duckdb", ...).
bool is_remote_path(std::string_view path);

// The name DuckDB (and dbt-duckdb's `database`) gives the main database:
// "memory" for :memory:, else the file name without its extension.
std::string main_database_name(std::string_view path);

}  // namespace floe::compute_duckdb

#endif  // FLOE_COMPUTE_DUCKDB_DUCKDB_CONFIG_HPP
