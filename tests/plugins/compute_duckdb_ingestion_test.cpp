// compute-duckdb: get_ingestion_destination, the DuckDB file an ingestion
// plugin loads raw tables into.
#include <catch2/catch.hpp>

#include "duckdb_config.hpp"
#include "ingestion_destination.hpp"
#include "sdk_error.hpp"

using namespace floe::compute_duckdb;
using floe::test::failure_of;

namespace {

boost::json::object destination(const char* config_json, const char* request_json) {
  auto config = parse_duckdb_config(boost::json::parse(config_json).as_object());
  return ingestion_destination(config, boost::json::parse(request_json));
}

floe::test::Failure destination_failure(const char* config_json, const char* request_json) {
  return failure_of([&] { destination(config_json, request_json); });
}

}  // namespace

TEST_CASE("compute-duckdb ingestion destination: the database file dbt opens, made absolute") {
  CHECK(destination(R"({"path": "target/warehouse.duckdb"})", R"({"project_dir": "/srv/products/c360"})") ==
        boost::json::parse(R"({"type": "duckdb", "database": "/srv/products/c360/target/warehouse.duckdb"})"));
  CHECK(destination(R"({"path": "./w.duckdb"})", R"({"project_dir": "/p/"})").at("database") == "/p/w.duckdb");
  CHECK(destination(R"({"path": "/var/lib/floe/w.duckdb"})", R"({"project_dir": "/p"})").at("database") ==
        "/var/lib/floe/w.duckdb");
}

TEST_CASE("compute-duckdb ingestion destination: databases another process cannot load into are refused") {
  auto memory = destination_failure(R"({"path": ":memory:"})", R"({"project_dir": "/p"})");
  CHECK(memory.code == FLOE_ERR_INVALID_CONFIG);
  CHECK(memory.message.starts_with("key 'path': ':memory:' lives only inside one process"));
  auto remote = destination_failure(R"({"path": "md:warehouse"})", R"({"project_dir": "/p"})");
  CHECK(remote.code == FLOE_ERR_INVALID_CONFIG);
  CHECK(remote.message == "key 'path': 'md:warehouse' is a remote DuckDB database; ingestion loads local database "
                          "files only");
  auto read_only =
      destination_failure(R"({"path": "w.duckdb", "settings": {"access_mode": "read_only"}})", R"({"project_dir": "/p"})");
  CHECK(read_only.code == FLOE_ERR_INVALID_CONFIG);
  CHECK(read_only.message == "key 'path': settings.access_mode is read_only, so nothing can be loaded into 'w.duckdb'");
}

TEST_CASE("compute-duckdb ingestion destination: the request is checked") {
  const char* config = R"({"path": "w.duckdb"})";
  auto missing = destination_failure(config, "{}");
  CHECK(missing.code == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(missing.message == "missing required key 'project_dir'");
  auto relative = destination_failure(config, R"({"project_dir": "products/c360"})");
  CHECK(relative.code == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(relative.message == "key 'project_dir': must be an absolute path, got 'products/c360'");
  auto unknown = destination_failure(config, R"({"project_dir": "/p", "dataset": "raw"})");
  CHECK(unknown.code == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(unknown.message == "unknown key 'dataset'; accepted keys: project_dir");
  CHECK(destination_failure(config, R"({"project_dir": 7})").code == FLOE_ERR_INVALID_ARGUMENT);
}
