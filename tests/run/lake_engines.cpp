#include "lake_engines.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "compile_test_support.hpp"

namespace floe::test {
namespace fs = std::filesystem;

namespace {

constexpr const char* kBucket = "lake";
const std::string kJars = std::string(FLOE_TEST_SOURCE_DIR) + "/.cache/spark-jars";

std::string platform(const std::string& compute) {
  return fmt::format(R"(apiVersion: floe.dev/v1
kind: Manifest
metadata:
  name: run-platform
  version: 1.0.0
plugins:
{compute}  dbt:
    type: core
    config:
      executable: {venv}/bin/dbt
  catalog:
    type: rest
    config:
      uri: {catalog}
      warehouse: lakehouse
  storage:
    type: s3
    config:
      endpoint: {endpoint}
      bucket: {bucket}
      region: us-east-1
      path_style_access: true
    secrets:
      access_key_id: {{env: FLOE_TEST_S3_KEY}}
      secret_access_key: {{env: FLOE_TEST_S3_SECRET}}
data_architecture:
  pattern: medallion
  naming:
    enforcement: strict
governance:
  data_retention_days: 30
  classification:
    default: internal
    columns:
      - {{pattern: "*customer*", classification: pii}}
  quality_gates:
    required_tests:
      silver: [not_null, unique]
    block_on_failure: true
)",
                     fmt::arg("compute", compute), fmt::arg("venv", dbt_venv_for(compute)),
                     fmt::arg("catalog", lake_servers().catalog->uri()),
                     fmt::arg("endpoint", lake_servers().store->endpoint()), fmt::arg("bucket", kBucket));
}

}  // namespace

LakeEngineServers& lake_servers() {
  static LakeEngineServers s = [] {
    LakeEngineServers out;
    out.store = S3Server::start();
    out.store->create_bucket(kBucket);
    out.catalog = IcebergRestServer::start_on_s3(*out.store, kBucket);
    out.vending = IcebergFaultProxy::start(*out.catalog, vending_scenario(*out.store, kBucket));
    // The two JVM servers start side by side (20-60 s each).
    out.trino = TrinoServer::launch({{"memory", {{"connector.name", "memory"}}},
                                     {"lakehouse", TrinoServer::iceberg_rest(*out.catalog, *out.store)}});
    out.spark = SparkCluster::start(2);
    out.trino->wait_until_started();
    return out;
  }();
  return s;
}

std::map<std::string, std::string> use_vending_catalog(const LakeEngineProduct& p) {
  p.edit_platform("      uri: " + lake_servers().catalog->uri() + "\n",
                  "      uri: " + lake_servers().vending->uri() + "\n      access_delegation: vended-credentials\n");
  p.edit_platform("    secrets:\n      access_key_id: {env: FLOE_TEST_S3_KEY}\n"
                  "      secret_access_key: {env: FLOE_TEST_S3_SECRET}\n",
                  "      credentials: {mode: vended_credentials}\n");
  auto env = p.env();
  env.erase("FLOE_TEST_S3_KEY");
  env.erase("FLOE_TEST_S3_SECRET");
  return env;
}

LakeEndpoints lake_readers() {
  return {FLOE_TEST_VENV, lake_servers().catalog->uri(), lake_servers().store->endpoint()};
}

std::string duckdb_compute() {
  return "  compute:\n    type: duckdb\n    config:\n      path: warehouse/{product_slug}.duckdb\n      threads: 2\n";
}

std::string spark_compute(const std::string& master, const std::string& spark_version) {
  return fmt::format(R"(  compute:
    type: spark
    config:
      master: {master}
      spark_version: "{version}"
      iceberg_jars:
        - {jars}/iceberg-spark-runtime-4.1_2.13-1.12.0.jar
        - {jars}/iceberg-aws-bundle-1.12.0.jar
      spark_conf:
        spark.executor.memory: 512m
        spark.cores.max: 2
        spark.sql.shuffle.partitions: 2
)",
                     fmt::arg("master", master), fmt::arg("version", spark_version), fmt::arg("jars", kJars));
}

// dbt builds and tests in Trino's memory catalog, one schema per product;
// the publish copies the checked tables into `lakehouse`.
std::string trino_compute(int port) {
  return fmt::format(R"(  compute:
    type: trino
    config:
      host: 127.0.0.1
      port: {port}
      user: floe
      catalog: memory
      schema: "{{product_slug}}"
      http_scheme: http
      auth:
        method: none
)",
                     fmt::arg("port", port));
}

std::string dbt_venv_for(const std::string& compute) {
  if (compute.find("type: spark") != std::string::npos) return spark_venv();
  if (compute.find("type: trino") != std::string::npos) return adapters_venv();
  return FLOE_TEST_VENV;
}

LakeEngineProduct::LakeEngineProduct(const std::string& name, const std::string& compute_yaml) {
  copy_tree(fs::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/run-product", tmp.path());
  use_compute(compute_yaml);
  fs::path product = dir / "floe.yaml";
  std::string text = read_file(product);
  text.replace(text.find("name: shop"), 10, "name: " + name);
  write_file(product, text);
}

void LakeEngineProduct::use_compute(const std::string& other) {
  compute = other;
  write_file(tmp.path() / "platform" / "manifest.yaml", platform(compute));
}

void LakeEngineProduct::edit_platform(const std::string& from, const std::string& to) const {
  fs::path manifest = tmp.path() / "platform" / "manifest.yaml";
  std::string text = read_file(manifest);
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(), to);
  write_file(manifest, text);
}

void LakeEngineProduct::double_the_orders() const {
  fs::path seed = dir / "seeds" / "raw_orders.csv";
  std::string text = read_file(seed);
  std::string rows = text.substr(text.find('\n') + 1);
  write_file(seed, text + rows);
}

std::map<std::string, std::string> LakeEngineProduct::env() const {
  std::string venv = dbt_venv_for(compute);
  REQUIRE(fs::exists(venv + "/bin/dbt"));  // scripts/bootstrap(-test-tools) makes it
  return {{"PATH", venv + "/bin:/usr/local/bin:/usr/bin:/bin"},
          {"VIRTUAL_ENV", ""},
          {"NO_COLOR", "1"},
          {"FLOE_TEST_S3_KEY", S3Server::access_key()},
          {"FLOE_TEST_S3_SECRET", S3Server::secret_key()}};
}

}  // namespace floe::test
