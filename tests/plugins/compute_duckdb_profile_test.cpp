// compute-duckdb: generated dbt profiles, compared with reviewed golden files
// in tests/fixtures/golden/compute-duckdb/.
#include <catch2/catch.hpp>

#include "golden.hpp"
#include "profile_builder.hpp"
#include "sdk_error.hpp"

using namespace floe::compute_duckdb;
using floe::test::failure_of;

namespace {

const std::filesystem::path golden_dir = std::filesystem::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/golden/compute-duckdb";

boost::json::object profile(const char* config_json, const char* request_json) {
  auto config = parse_duckdb_config(boost::json::parse(config_json).as_object());
  return build_dbt_profile(config, parse_profile_request(boost::json::parse(request_json)));
}

void check_golden(const char* name, boost::json::value actual) {
  // The lake package's files are the plugin's dbt/floe_lake/ sources: the
  // golden names them, the lake run test exercises them.
  if (auto* package = actual.as_object().if_contains("dbt_package"))
    for (auto& [file, text] : package->at("files").as_object()) text = "(dbt/floe_lake/" + std::string(file) + ")";
  std::string rendered = floe::test::render_json(actual);
  CHECK(rendered == floe::test::golden_text(golden_dir / name, rendered));
}

}  // namespace

TEST_CASE("compute-duckdb profile golden: in-memory defaults") {
  // What the host passes for an empty configuration: the schema defaults.
  check_golden("profile-memory-default.json",
               profile(R"({"path": ":memory:", "timeout_seconds": 3600})", R"({"profile_name": "floe", "target": "dev"})"));
}

TEST_CASE("compute-duckdb profile golden: database file sized by a preset") {
  check_golden("profile-file-preset-medium.json",
               profile(R"({"path": "/var/lib/floe/warehouse.duckdb", "timeout_seconds": 3600, "preset": "medium",
                           "extensions": ["parquet", "json", "parquet"], "external_root": "/var/lib/floe/external",
                           "settings": {"temp_directory": "/var/tmp/duckdb", "access_mode": "read_write"}})",
                       R"({"profile_name": "floe", "target": "prod", "schema": "analytics"})"));
}

TEST_CASE("compute-duckdb profile golden: Iceberg REST catalog with environment credentials") {
  check_golden("profile-iceberg-rest-env-credentials.json",
               profile(R"({"path": "warehouse.duckdb", "timeout_seconds": 3600, "threads": 8, "extensions": ["json"],
                           "settings": {"memory_limit": "4GB"}})",
                       R"({"profile_name": "floe", "target": "dev",
                           "catalog": {"type": "rest", "name": "lake", "uri": "http://127.0.0.1:8181/catalog",
                                       "warehouse": "demo",
                                       "credentials": {"client_id": "env:FLOE_CATALOG_CLIENT_ID",
                                                       "client_secret": "env:FLOE_CATALOG_CLIENT_SECRET",
                                                       "oauth2_server_uri": "http://127.0.0.1:8181/catalog/v1/oauth/tokens"}}})"));
}

TEST_CASE("compute-duckdb profile golden: Iceberg REST catalog with a token file") {
  check_golden("profile-iceberg-rest-token-file.json",
               profile(R"({"path": ":memory:", "timeout_seconds": 3600, "preset": "small"})",
                       R"({"profile_name": "floe", "target": "ci",
                           "catalog": {"type": "rest", "name": "lake", "uri": "https://catalog.example.com/api/catalog",
                                       "credentials": {"token": "file:/run/secrets/lake-token"}}})"));
}

TEST_CASE("compute-duckdb profile golden: Iceberg REST catalog without authentication") {
  check_golden("profile-iceberg-rest-no-auth.json",
               profile(R"({"path": ":memory:", "timeout_seconds": 3600})",
                       R"({"profile_name": "floe", "target": "dev",
                           "catalog": {"type": "rest", "name": "lake", "uri": "http://localhost:8181", "warehouse": "s3://warehouse/"}})"));
}

TEST_CASE("compute-duckdb profile: equal inputs give byte-identical output") {
  auto first = profile(R"({"settings": {"b_option": 1, "a_option": "x", "memory_limit": "1GB"}, "extensions": ["z", "a"]})",
                       R"({"profile_name": "p", "target": "t"})");
  auto reordered = profile(R"({"extensions": ["a", "z"], "settings": {"memory_limit": "1GB", "a_option": "x", "b_option": 1}})",
                           R"({"target": "t", "profile_name": "p"})");
  CHECK(boost::json::serialize(first) == boost::json::serialize(reordered));
}

TEST_CASE("compute-duckdb profile: secret values never reach the output") {
  auto result = profile(R"({})", R"({"profile_name": "p", "target": "t",
                                     "catalog": {"type": "rest", "name": "lake", "uri": "http://h",
                                                 "credentials": {"token": "env:LAKE_TOKEN"}}})");
  const auto& secret = result.at("output").at("secrets").at(0);
  CHECK(secret.at("token") == "{{ env_var('LAKE_TOKEN') }}");
  CHECK(result.at("env") == boost::json::object{{"LAKE_TOKEN", "env:LAKE_TOKEN"}});
}

TEST_CASE("compute-duckdb profile: bad requests") {
  auto rejected = [](const char* config, const char* request) {
    return failure_of([&] { profile(config, request); });
  };
  CHECK(rejected("{}", R"({"target": "dev"})").message == "missing required key 'profile_name'");
  CHECK(rejected("{}", R"({"profile_name": "p"})").message == "missing required key 'target'");
  CHECK(rejected("{}", R"({"profile_name": "p", "target": 1})").message == "key 'target': expected a string");
  CHECK(rejected("{}", R"({"profile_name": "", "target": "t"})").message == "key 'profile_name': must not be empty");
  CHECK(rejected("{}", R"({"profile_name": "p", "target": "t", "schema": ""})").message == "key 'schema': must not be empty");
  CHECK(rejected("{}", R"({"profile_name": "p", "target": "t", "database": "x"})").message.starts_with("unknown key 'database'"));
  CHECK(rejected("{}", R"([])").code == FLOE_ERR_INVALID_ARGUMENT);

  // The attach alias may not take the main database's name.
  auto clash = rejected(R"({"path": "/data/lake.duckdb"})",
                        R"({"profile_name": "p", "target": "t", "catalog": {"type": "rest", "name": "lake", "uri": "http://h"}})");
  CHECK(clash.code == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(clash.message.starts_with("key 'catalog.name'"));

  // Two credentials that would need one variable set from two references.
  auto conflict = rejected("{}", R"({"profile_name": "p", "target": "t",
                                     "catalog": {"type": "rest", "name": "lake", "uri": "http://h",
                                                 "credentials": {"client_id": "env:DBT_ENV_SECRET_LAKE_CLIENT_SECRET",
                                                                 "client_secret": "file:/run/secrets/s"}}})");
  CHECK(conflict.code == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(conflict.message.find("two different references") != std::string::npos);
}

TEST_CASE("compute-duckdb profile: required packages") {
  CHECK(boost::json::serialize(required_dbt_packages()) == R"(["dbt-duckdb>=1.9.4","duckdb>=1.4.0"])");
}
