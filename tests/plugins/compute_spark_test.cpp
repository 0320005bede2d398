// compute-spark: the units of floe_compute_spark_logic. Generated profiles
// are compared with reviewed golden files in tests/fixtures/golden/compute-spark/
// (rewrite with FLOE_UPDATE_GOLDEN=1 and review the diff); real dbt-spark
// loads the session profile and runs it on real Spark in
// tests/run/spark_run_test.cpp.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "golden.hpp"
#include "sdk_error.hpp"
#include "spark_catalog.hpp"
#include "spark_check.hpp"
#include "spark_config.hpp"
#include "spark_presets.hpp"
#include "spark_profile.hpp"

using namespace floe::compute_spark;
using floe::test::failure_of;

namespace {

const std::filesystem::path golden_dir =
    std::filesystem::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/golden/compute-spark";

void check_golden(const std::string& name, const boost::json::value& actual) {
  std::string rendered = floe::test::render_json(actual);
  CHECK(rendered == floe::test::golden_text(golden_dir / name, rendered));
}

spark_config config_of(const char* text) { return parse_spark_config(boost::json::parse(text).as_object()); }

floe::test::Failure config_failure(const char* text) {
  return failure_of([&] { config_of(text); });
}

spark_profile_request request_of(const char* text) { return parse_spark_profile_request(boost::json::parse(text)); }

constexpr const char* kLakeRequest = R"({"profile_name": "shop", "target": "lake", "schema": "main",
  "catalog": {"type": "rest", "name": "lake", "uri": "http://127.0.0.1:8181/catalog", "warehouse": "s3://lake/wh",
              "credentials": {"client_id": "env:LAKE_CLIENT_ID", "client_secret": "file:/run/secrets/lake"}}})";

}  // namespace

TEST_CASE("compute-spark session profile golden: local mode sized by the preset") {
  auto config = config_of(
      R"({"preset": "small", "spark_conf": {"spark.sql.session.timeZone": "UTC", "spark.sql.adaptive.enabled": true}})");
  check_golden("session-small.json", spark_profile(config, request_of(R"({"profile_name": "shop", "target": "dev"})")));
}

TEST_CASE("compute-spark session profile golden: an Iceberg REST catalog beside the session's own, with the floe_lake package") {
  auto config = config_of(R"({"master": "spark://10.0.0.5:7077", "threads": 4})");
  check_golden("session-lake.json", spark_profile(config, request_of(kLakeRequest)));
  // Local jars instead of Maven coordinates, for clusters without Maven Central.
  auto offline = config_of(R"({"iceberg_jars": ["/opt/iceberg/iceberg-spark-runtime.jar"]})");
  auto output = spark_profile(offline, request_of(kLakeRequest)).at("output").at("server_side_parameters").as_object();
  CHECK(output.at("spark.jars") == "/opt/iceberg/iceberg-spark-runtime.jar");
  CHECK_FALSE(output.contains("spark.jars.packages"));
}

TEST_CASE("compute-spark thrift and http profile goldens: secrets as env_var, never values") {
  auto thrift = config_of(R"({"method": "thrift", "host": "spark-thrift.data.svc", "user": "floe", "auth": "LDAP",
                              "password": {"env": "SPARK_PASSWORD"}, "use_ssl": true, "connect_retries": 3})");
  check_golden("thrift-ldap.json", spark_profile(thrift, request_of(R"({"profile_name": "shop", "target": "dev"})")));
  auto http = config_of(R"({"method": "http", "host": "adb-123.azuredatabricks.net", "cluster": "0123-456789-abc",
                            "organization": "1234567890", "token": "file:/var/run/secrets/databricks/token"})");
  auto answer = spark_profile(http, request_of(R"({"profile_name": "shop", "target": "dev", "schema": "sales"})"));
  check_golden("http-token.json", answer);
  CHECK(answer.at("env").at("DBT_ENV_SECRET_SPARK_TOKEN") == "file:/var/run/secrets/databricks/token");
}

TEST_CASE("compute-spark refuses what dbt-spark would, naming the key") {
  auto missing_host = config_failure(R"({"method": "thrift"})");
  CHECK(missing_host.code == FLOE_ERR_INVALID_CONFIG);
  CHECK(missing_host.message == "key 'host': is required by method thrift");
  CHECK(config_failure(R"({"method": "thrift", "host": "h", "master": "local[*]"})").message ==
        "key 'master': does not apply to method thrift");
  CHECK(config_failure(R"({"method": "http", "host": "h", "token": "env:T"})").message ==
        "key 'cluster': is required by method http");
  CHECK(config_failure(R"({"method": "odbc", "host": "h", "token": "env:T", "driver": "/d.so"})").message ==
        "key 'cluster': method odbc needs exactly one of cluster and endpoint");
  CHECK(config_failure(R"({"preset": "huge"})").message ==
        "key 'preset': unknown preset 'huge'; valid presets: small, medium, large");
  CHECK(config_failure(R"({"warehouse_dir": "../elsewhere"})").message ==
        "key 'warehouse_dir': must not contain '..' segments");
  CHECK(config_failure(R"({"method": "thrift", "host": "h", "auth": "LDAP"})").message ==
        "key 'password': is required by auth LDAP");
  CHECK(config_failure(R"({"flavour": "x"})").code == FLOE_ERR_INVALID_CONFIG);
  // A token written as a value is refused without being repeated.
  auto leaked =
      config_failure(R"({"method": "http", "host": "h", "cluster": "c", "token": "dapi-planted-0123456789"})");
  CHECK(leaked.code == FLOE_ERR_INVALID_CONFIG);
  CHECK(leaked.message.find("key 'token'") == 0);
  CHECK(leaked.message.find("dapi-planted") == std::string::npos);
}

TEST_CASE("compute-spark refuses a Spark and Iceberg runtime that cannot work together") {
  // A runtime jar built for another Spark than the sessions run.
  auto mismatch = config_failure(
      R"({"spark_version": "4.1", "iceberg_jars": ["/jars/iceberg-spark-runtime-4.0_2.13-1.11.0.jar"]})");
  CHECK(mismatch.code == FLOE_ERR_INVALID_CONFIG);
  CHECK(mismatch.message.find("key 'iceberg_jars': 'iceberg-spark-runtime-4.0_2.13-1.11.0.jar' is the Iceberg runtime "
                              "for Spark 4.0, but spark_version is 4.1") == 0);
  CHECK(config_failure(R"({"method": "thrift", "host": "h", "spark_version": "4.1"})").message ==
        "key 'spark_version': does not apply to method thrift");
  // Spark 4.3 runs without a catalog, and is refused with one (no runtime).
  auto newer = config_of(R"({"spark_version": "4.3"})");
  CHECK_NOTHROW(spark_profile(newer, request_of(R"({"profile_name": "shop", "target": "floe"})")));
  auto refused = failure_of([&] { spark_profile(newer, request_of(kLakeRequest)); });
  CHECK(refused.code == FLOE_ERR_INVALID_CONFIG);
  CHECK(refused.message.find("key 'spark_version': no Iceberg Spark runtime supports Spark 4.3 (supported: 3.5, 4.0, "
                             "4.1)") == 0);
  // 4.0 gets the newest runtime built for it.
  auto older = spark_profile(config_of(R"({"spark_version": "4.0"})"), request_of(kLakeRequest));
  CHECK(older.at("output").at("server_side_parameters").at("spark.jars.packages") ==
        "org.apache.iceberg:iceberg-spark-runtime-4.0_2.13:1.11.0,org.apache.iceberg:iceberg-aws-bundle:1.11.0");
}

TEST_CASE("compute-spark attaches a catalog only to its own session") {
  auto thrift = config_of(R"({"method": "thrift", "host": "h"})");
  auto refused = failure_of([&] { spark_profile(thrift, request_of(kLakeRequest)); });
  CHECK(refused.code == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(refused.message.find("key 'catalog': with method thrift") == 0);
  auto unknown = failure_of([] { request_of(R"({"profile_name": "p", "target": "t", "threads": 2})"); });
  CHECK(unknown.code == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(unknown.message.find("threads") != std::string::npos);
}

TEST_CASE("compute-spark catalog SQL: SET statements for an open catalog, refused with credentials") {
  auto open =
      parse_spark_catalog(boost::json::parse(R"({"type": "rest", "name": "lake", "uri": "http://127.0.0.1:8181"})"));
  CHECK(spark_catalog_sql(open) ==
        std::vector<std::string>{"SET spark.sql.catalog.lake=org.apache.iceberg.spark.SparkCatalog",
                                 "SET spark.sql.catalog.lake.type=rest",
                                 "SET spark.sql.catalog.lake.uri=http://127.0.0.1:8181"});
  auto secured = parse_spark_catalog(boost::json::parse(kLakeRequest).at("catalog"));
  auto refused = failure_of([&] { spark_catalog_sql(secured); });
  CHECK(refused.code == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(refused.message.find("key 'catalog.credentials'") == 0);
}

TEST_CASE("compute-spark presets size the pod and the driver") {
  auto medium = spark_resource_requirements(boost::json::parse(R"({"workload_size": "medium"})"));
  CHECK(medium.at("cpu_limit") == "4");
  CHECK(medium.at("memory_limit") == "8Gi");
  CHECK(find_spark_preset("large")->driver_memory == "16g");
  CHECK(failure_of([] { spark_resource_requirements(boost::json::parse(R"({"workload_size": "huge"})")); }).message ==
        "key 'workload_size': unknown size 'huge'; valid sizes: small, medium, large");
}

TEST_CASE("compute-spark checks the Java a session needs and the servers it reaches, within the budget") {
  CHECK(java_major_version("openjdk version \"17.0.15\" 2025-04-15") == 17);
  CHECK(java_major_version("java version \"1.8.0_392\"") == 8);
  CHECK(java_major_version("no version here") == 0);

  auto session = config_of("{}");
  auto none = check_spark(session, {std::nullopt, std::string("/nonexistent")}, std::chrono::seconds(5));
  CHECK(none.status == "unhealthy");
  CHECK(none.message.find("needs Java 17 or newer: no java on PATH") != std::string::npos);
  auto broken_home =
      check_spark(session, {std::string("/nonexistent-jdk"), std::string("/nonexistent")}, std::chrono::seconds(5));
  CHECK(broken_home.message.find("/nonexistent-jdk/bin/java (from JAVA_HOME) is not an executable") !=
        std::string::npos);

  // The machine's Java (Debian's default-jdk-headless, which Spark needs).
  auto real = check_spark(session, {std::nullopt, std::string("/usr/bin:/bin")}, std::chrono::seconds(20));
  INFO(real.message);
  CHECK(real.status == "healthy");
  CHECK(real.message.find("Java ") == 0);

  // A standalone master and a Thrift server on a closed port: unhealthy, quickly.
  auto master = config_of(R"({"master": "spark://127.0.0.1:9"})");
  auto unreachable = check_spark(master, {std::nullopt, std::string("/usr/bin:/bin")}, std::chrono::seconds(20));
  CHECK(unreachable.status == "unhealthy");
  CHECK(unreachable.message.find("the Spark master spark://127.0.0.1:9: cannot connect to 127.0.0.1:9") == 0);
  auto thrift = config_of(R"({"method": "thrift", "host": "127.0.0.1", "port": 9})");
  auto started = std::chrono::steady_clock::now();
  auto closed = check_spark(thrift, {}, std::chrono::milliseconds(500));
  CHECK(closed.status == "unhealthy");
  CHECK(closed.message.find("the Spark thrift server: cannot connect to 127.0.0.1:9") == 0);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
}
