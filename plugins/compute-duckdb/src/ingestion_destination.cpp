#include "ingestion_destination.hpp"

#include <filesystem>

#include "floe/plugin.hpp"

namespace floe::compute_duckdb {
namespace {

using floe::sdk::error;

[[noreturn]] void unusable(const std::string& why) {
  throw error(FLOE_ERR_INVALID_CONFIG, "key 'path': " + why);
}

}  // namespace

boost::json::object ingestion_destination(const duckdb_config& config, const boost::json::value& request) {
  const auto& object = floe::sdk::as_object(request, "get_ingestion_destination request");
  for (const auto& [key, value] : object)
    if (key != "project_dir")
      throw error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(key) + "'; accepted keys: project_dir");
  std::filesystem::path project_dir = floe::sdk::required_string(object, "project_dir");
  if (!project_dir.is_absolute())
    throw error(FLOE_ERR_INVALID_ARGUMENT,
                "key 'project_dir': must be an absolute path, got '" + project_dir.string() + "'");

  // The loader runs in a process of its own and hands the tables to dbt,
  // which runs in another: both must open one database file.
  if (config.in_memory())
    unusable("':memory:' lives only inside one process, so loaded tables would be gone before dbt runs; "
             "set path to a database file");
  if (is_remote_path(config.path))
    unusable("'" + config.path + "' is a remote DuckDB database; ingestion loads local database files only");
  if (config.read_only())
    unusable("settings.access_mode is read_only, so nothing can be loaded into '" + config.path + "'");

  std::filesystem::path database = config.path;
  if (database.is_relative()) database = project_dir / database;
  return {{"type", "duckdb"}, {"database", database.lexically_normal().string()}};
}

}  // namespace floe::compute_duckdb
