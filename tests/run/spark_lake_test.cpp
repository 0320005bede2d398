// Spark on the lake: floe run of the run tests' product (tests/fixtures/
// run-product/shop) on a real Spark standalone cluster (a master and two
// workers from .cache/spark-venv's pyspark 4.1, tests/support/spark_cluster)
// with the platform's Iceberg REST catalog (Apache Iceberg's REST fixture)
// on S3 (versitygw). dbt-spark builds the models in the session's own
// catalog on the cluster's executors; after the checks, the publish commits
// them to the Iceberg catalog (one snapshot per table), where pyiceberg and
// DuckDB's iceberg extension read them. Also: a Spark without an Iceberg
// runtime is refused at compile time, and a master that is down stops the
// run before dbt. One cluster and one catalog for the whole program (one
// CTest entry).
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <filesystem>

#include "compile_test_support.hpp"
#include "iceberg_rest_fixture.hpp"
#include "lake_readers.hpp"
#include "s3_server.hpp"
#include "spark_cluster.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const std::string kVenv = FLOE_TEST_VENV;
const std::string kSparkVenv = FLOE_TEST_SPARK_VENV;
const std::string kJars = std::string(FLOE_TEST_SOURCE_DIR) + "/.cache/spark-jars";
constexpr const char* kBucket = "lake";

struct Servers {
  std::unique_ptr<S3Server> store;
  std::unique_ptr<IcebergRestServer> catalog;
  std::unique_ptr<SparkCluster> spark;
};

Servers& servers() {
  static Servers s = [] {
    Servers out;
    out.store = S3Server::start();
    out.store->create_bucket(kBucket);
    out.catalog = IcebergRestServer::start_on_s3(*out.store, kBucket);
    out.spark = SparkCluster::start(2);
    return out;
  }();
  return s;
}

LakeEndpoints readers() { return {kVenv, servers().catalog->uri(), servers().store->endpoint()}; }

// The run tests' platform with Spark on the cluster as its compute, the
// REST catalog and S3 storage: only the manifest differs from the DuckDB
// lake tests'.
std::string spark_lake_platform(const std::string& master, const std::string& spark_version) {
  return fmt::format(R"(apiVersion: floe.dev/v1
kind: Manifest
metadata:
  name: run-platform
  version: 1.0.0
plugins:
  compute:
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
  dbt:
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
                     fmt::arg("master", master), fmt::arg("version", spark_version), fmt::arg("jars", kJars),
                     fmt::arg("venv", kSparkVenv), fmt::arg("catalog", servers().catalog->uri()),
                     fmt::arg("endpoint", servers().store->endpoint()), fmt::arg("bucket", kBucket));
}

struct SparkLakeProduct {
  TempDir tmp;
  fs::path dir = tmp.path() / "shop";
  SparkLakeProduct(const std::string& name, const std::string& master, const std::string& spark_version = "4.1") {
    copy_tree(fs::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/run-product", tmp.path());
    write_file(tmp.path() / "platform" / "manifest.yaml", spark_lake_platform(master, spark_version));
    fs::path product = dir / "floe.yaml";
    std::string text = read_file(product);
    text.replace(text.find("name: shop"), 10, "name: " + name);
    write_file(product, text);
  }
  std::string file() const { return (dir / "floe.yaml").string(); }
};

std::map<std::string, std::string> tool_env() {
  REQUIRE(fs::exists(kSparkVenv + "/bin/dbt"));  // scripts/bootstrap-spark
  REQUIRE(fs::exists(kJars + "/iceberg-spark-runtime-4.1_2.13-1.12.0.jar"));
  return {{"PATH", kSparkVenv + "/bin:/usr/local/bin:/usr/bin:/bin"},
          {"VIRTUAL_ENV", ""},
          {"NO_COLOR", "1"},
          {"FLOE_TEST_S3_KEY", S3Server::access_key()},
          {"FLOE_TEST_S3_SECRET", S3Server::secret_key()}};
}

const char* kTotals = "[(10, 2, 42.5), (11, 2, 112.0), (12, 1, 5.0)]";

}  // namespace

TEST_CASE("floe run on a Spark standalone cluster publishes the product's tables to the REST catalog on S3, "
          "one snapshot per table per run, and pyiceberg and DuckDB read them") {
  int apps_before = servers().spark->completed_apps();
  SparkLakeProduct p("shop-spark", servers().spark->master_url());
  auto first = run_floe({"run", p.file(), "--json"}, tool_env());
  json::value report = run_report(first);
  INFO(json::serialize(report));
  REQUIRE(first.exit_code == 0);
  CHECK(run_step_status(report, "transform") == "success");
  CHECK(run_step_status(report, "publish") == "success");
  CHECK(first.out.find("committed one by one, one snapshot each") != std::string::npos);
  // dbt's sessions ran on the cluster: the master lists them as finished applications.
  CHECK(servers().spark->completed_apps() > apps_before);

  // The profile's lake target registers the catalog with S3FileIO and the
  // storage's endpoint from the catalog and storage plugins; keys as env_var().
  std::string profiles = read_file(p.dir / "target" / "profiles" / "profiles.yml");
  CHECK(profiles.find("org.apache.iceberg.aws.s3.S3FileIO") != std::string::npos);
  CHECK(profiles.find(servers().store->endpoint()) != std::string::npos);
  CHECK(profiles.find("env_var('FLOE_TEST_S3_SECRET')") != std::string::npos);
  CHECK(profiles.find(S3Server::secret_key()) == std::string::npos);

  const std::string table = "shop-spark.silver_customer_totals";
  json::value published = pyiceberg_table(readers(), table);
  REQUIRE(published.as_object().contains("rows"));
  CHECK(published.at("rows").as_array().size() == 3);
  CHECK(published.at("operations") == json::array{"append"});
  CHECK(published.at("properties").at("floe.product") == "shop-spark");
  CHECK(published.at("properties").at("floe.column.customer_id.classification") == "pii");
  CHECK(duckdb_iceberg_rows(readers(), table, "select customer_id, order_count, total_amount from T order by 1") ==
        kTotals);

  // The next run replaces the rows with one overwrite snapshot. (A run
  // whose checks fail skips the publish before any engine is asked:
  // lake_run_test.cpp covers it on DuckDB; each Spark run here costs three
  // Spark applications, about a minute each.)
  auto second = run_floe({"run", p.file(), "--json"}, tool_env());
  REQUIRE(run_report(second).at("outcome") == "ok");
  json::value republished = pyiceberg_table(readers(), table);
  CHECK(republished.at("rows") == published.at("rows"));
  CHECK(republished.at("operations") == json::array{"append", "overwrite"});
}

TEST_CASE("a Spark with no Iceberg runtime is refused at compile time when the platform has a lake") {
  SparkLakeProduct p("shop-spark-43", servers().spark->master_url(), "4.3");
  auto r = run_floe({"compile", p.file(), "--format", "json"}, tool_env());
  json::value report = run_report(r);
  CHECK(r.exit_code != 0);
  CHECK(has_diagnostic(report, "FLOE-P602"));
  CHECK(r.out.find("no Iceberg Spark runtime supports Spark 4.3") != std::string::npos);
  CHECK(r.out.find("pyspark==4.1.4") != std::string::npos);
  CHECK_FALSE(fs::exists(p.dir / "target" / "profiles" / "profiles.yml"));
}

TEST_CASE("a Spark master that is down stops the run before dbt starts (FLOE-X115)") {
  SparkLakeProduct p("shop-spark-down", "spark://127.0.0.1:" + std::to_string(free_port()));
  auto r = run_floe({"run", p.file(), "--json"}, tool_env());
  json::value report = run_report(r);
  CHECK(r.exit_code == 6);
  CHECK(has_diagnostic(report, "FLOE-X115"));
  CHECK(run_step_status(report, "transform") == "failed");
  CHECK(run_step_status(report, "publish") == "skipped");
  CHECK(r.out.find("dbt was not started") != std::string::npos);
  CHECK_FALSE(fs::exists(p.dir / "target" / "run_results.json"));  // dbt never ran
}
