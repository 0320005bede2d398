// catalog-glue and catalog-hive, the configuration-only catalogs, through
// libfloe-core's registry: their engine configurations as golden files
// (tests/fixtures/golden/catalog-config/), built from storage-s3's real
// answers the way a host composes them, and their refusals: DuckDB (no
// attach for these catalogs), the live methods (no server, no client), and
// vend_credentials. No Glue and no Hive Metastore run here: these tests
// check what the plugins generate, not that a catalog accepts it.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <string>

#include "floe/registry.h"
#include "golden.hpp"
#include "registry_outcome.hpp"

namespace {

namespace json = boost::json;
using floe::test::Outcome;
using floe::test::outcome_of;

struct Opened {
  floe_registry* registry = nullptr;
  floe_handle* handle = nullptr;
  Opened(const char* category, const char* name, const char* config) {
    floe_registry_options options = FLOE_REGISTRY_OPTIONS_INIT;
    options.search_flags = FLOE_SEARCH_PREFIX;
    floe_error error = FLOE_ERROR_INIT;
    REQUIRE(floe_registry_new(&registry, &options, &error) == FLOE_OK);
    auto opened = outcome_of([&](floe_buffer*, floe_error* e) {
      return floe_registry_open(registry, category, name, config, &handle, e);
    });
    INFO(opened.body);
    REQUIRE(opened.status == FLOE_OK);
  }
  ~Opened() {
    floe_handle_free(handle);
    floe_registry_free(registry);
  }
  Outcome call(const char* method, const std::string& request) const {
    return outcome_of([&](floe_buffer* out, floe_error* error) {
      return floe_handle_call(handle, method, request.c_str(), out, error);
    });
  }
  json::value answer(const char* method, const std::string& request) const {
    auto got = call(method, request);
    INFO(method << ": " << got.body);
    REQUIRE(got.status == FLOE_OK);
    return json::parse(got.body);
  }
};

void check_golden(const std::string& name, const json::value& actual) {
  auto file = std::filesystem::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/golden/catalog-config" / (name + ".json");
  std::string text = floe::test::render_json(actual);
  CHECK(floe::test::golden_text(file, text) == text);
}

// The example platform's storage, answering as the host would ask it.
const char* kStorageConfig = R"({"endpoint": "http://minio:9000", "bucket": "acme-lake", "region": "us-east-1",
                                 "path_style_access": true})";
const char* kStorageSecrets = R"({"secrets": {"access_key_id": "env:AWS_ACCESS_KEY_ID",
                                              "secret_access_key": "env:FLOE_SECRET_LAKE_SECRET_ACCESS_KEY"}})";

std::string engine_request(const char* engine, const json::value& storage) {
  return json::serialize(json::object{{"engine", engine}, {"storage", storage}});
}

}  // namespace

TEST_CASE("catalog-glue: pyiceberg and Spark properties with storage-s3's FileIO (golden)", "[catalog-glue][golden]") {
  Opened storage("storage", "s3", kStorageConfig);
  Opened glue("catalog", "glue", R"({"region": "eu-west-1", "catalog_id": "123456789012",
                                     "warehouse": "s3://acme-lake/warehouse"})");
  check_golden("glue-dbt-catalog", glue.answer("get_dbt_catalog_config", "{}"));
  check_golden("glue-pyiceberg",
               glue.answer("get_engine_config", engine_request("pyiceberg", storage.answer("get_fileio_config", kStorageSecrets))));
  check_golden("glue-spark",
               glue.answer("get_engine_config", engine_request("spark", storage.answer("get_catalog_config", kStorageSecrets))));
  check_golden("glue-pyiceberg-alone", glue.answer("get_engine_config", R"({"engine": "pyiceberg"})"));
}

TEST_CASE("catalog-hive: pyiceberg and Spark properties with storage-s3's FileIO (golden)", "[catalog-hive][golden]") {
  Opened storage("storage", "s3", kStorageConfig);
  Opened hive("catalog", "hive", R"({"uri": "thrift://metastore:9083", "warehouse": "s3://acme-lake/warehouse",
                                     "hive2_compatible": true})");
  check_golden("hive-dbt-catalog", hive.answer("get_dbt_catalog_config", "{}"));
  check_golden("hive-pyiceberg",
               hive.answer("get_engine_config", engine_request("pyiceberg", storage.answer("get_fileio_config", kStorageSecrets))));
  check_golden("hive-spark",
               hive.answer("get_engine_config", engine_request("spark", storage.answer("get_catalog_config", kStorageSecrets))));
}

TEST_CASE("catalog-glue and catalog-hive: what they cannot do is refused, with the reason", "[catalog-glue][catalog-hive]") {
  Opened glue("catalog", "glue", "{}");
  Opened hive("catalog", "hive", R"({"uri": "thrift://metastore:9083"})");
  for (const Opened* catalog : {&glue, &hive}) {
    auto duckdb = catalog->call("get_engine_config", R"({"engine": "duckdb"})");
    CHECK(duckdb.status == FLOE_ERR_INVALID_STATE);
    CHECK(duckdb.body.find("DuckDB cannot attach") != std::string::npos);
    auto listed = catalog->call("list_namespaces", "{}");
    CHECK(listed.status == FLOE_ERR_UNAVAILABLE);
    CHECK(listed.body.find("generates configuration only") != std::string::npos);
    CHECK(catalog->call("load_table", "{}").status == FLOE_ERR_INVALID_ARGUMENT);  // still checked: identifier
    CHECK(catalog->call("vend_credentials", R"({"table": "a.b", "operations": ["READ"]})").status ==
          FLOE_ERR_NOT_IMPLEMENTED);
    CHECK(catalog->call("get_engine_config", R"({"engine": "trino"})").status == FLOE_ERR_INVALID_ARGUMENT);
    auto literal = catalog->call("get_engine_config", R"({"engine": "spark",
        "storage": {"properties": {}, "secret_properties": {"s3.secret-access-key": "wJalrXUtnFEMI"}}})");
    CHECK(literal.status == FLOE_ERR_INVALID_ARGUMENT);
    CHECK(literal.body.find("wJalrXUtnFEMI") == std::string::npos);
  }
}

TEST_CASE("catalog-glue: composition wants an S3 storage, catalog-hive any storage with FileIO", "[catalog-glue][composition]") {
  floe_registry* registry = nullptr;
  floe_registry_options options = FLOE_REGISTRY_OPTIONS_INIT;
  options.search_flags = FLOE_SEARCH_PREFIX;
  floe_error error = FLOE_ERROR_INIT;
  REQUIRE(floe_registry_new(&registry, &options, &error) == FLOE_OK);
  auto compose = [&](const char* selection) {
    return outcome_of([&](floe_buffer*, floe_error* e) { return floe_registry_check_composition(registry, selection, e); });
  };
  auto missing = compose(R"({"catalog": "glue"})");
  CHECK(missing.status == FLOE_ERR_UNSATISFIED);
  CHECK(missing.body.find("catalog/glue requires a storage plugin with capability 's3-compatible', but none is "
                          "selected; select one under plugins.storage in the platform manifest") != std::string::npos);
  CHECK(compose(R"({"catalog": "glue", "storage": "s3"})").status == FLOE_OK);
  CHECK(compose(R"({"catalog": "hive", "storage": "s3"})").status == FLOE_OK);
  CHECK(compose(R"({"catalog": "hive"})").status == FLOE_ERR_UNSATISFIED);
  floe_registry_free(registry);
}
