// floe run and floe test of a product on compute: spark, with real Spark:
// pyspark in local mode on Debian's Java, driven by dbt-spark's session
// method (its own virtualenv, .cache/spark-venv, scripts/bootstrap-spark).
// The product is the same one the DuckDB run tests build
// (tests/fixtures/run-product/shop): only the platform manifest changes.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <filesystem>

#include "compile_test_support.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const std::string kVenv = FLOE_TEST_VENV;
const std::string kSparkVenv = FLOE_TEST_SPARK_VENV;

// The run tests' platform with its compute switched to Spark and dbt taken
// from the Spark virtualenv: everything else is the DuckDB platform's.
std::string spark_platform(const std::string& compute_config) {
  return fmt::format(R"(apiVersion: floe.dev/v1
kind: Manifest
metadata:
  name: run-platform
  version: 1.0.0
plugins:
  compute:
    type: spark
    config:
{}
  dbt:
    type: core
    config:
      executable: {}/bin/dbt
data_architecture:
  pattern: medallion
  naming:
    enforcement: strict
governance:
  quality_gates:
    required_tests:
      silver: [not_null, unique]
    block_on_failure: true
)",
                     compute_config, kSparkVenv);
}

struct SparkProduct {
  TempDir tmp;
  fs::path dir = tmp.path() / "shop";
  explicit SparkProduct(const std::string& compute_config) {
    copy_tree(fs::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/run-product", tmp.path());
    write_file(tmp.path() / "platform" / "manifest.yaml", spark_platform(compute_config));
  }
  std::string file() const { return (dir / "floe.yaml").string(); }
};

std::map<std::string, std::string> tool_env() {
  INFO("Spark and dbt-spark are installed by scripts/bootstrap-spark into " << kSparkVenv);
  REQUIRE(fs::exists(kSparkVenv + "/bin/dbt"));
  // java from Debian's default-jdk-headless (scripts/bootstrap) on PATH.
  return {{"PATH", kSparkVenv + "/bin:/usr/local/bin:/usr/bin:/bin"}, {"VIRTUAL_ENV", ""}, {"NO_COLOR", "1"}};
}

const json::object* step(const json::value& record, const std::string& name) {
  for (const auto& s : record.at("steps").as_array())
    if (s.at("name") == name.c_str()) return &s.as_object();
  return nullptr;
}

// The rows of a table dbt-spark wrote (Parquet files of a managed table),
// read by DuckDB: a reader that is not Spark.
std::string parquet_rows(const fs::path& table_dir, const std::string& select) {
  auto r = run_process(kVenv + "/bin/python", {"-c",
                                               "import duckdb, sys; print(duckdb.sql(sys.argv[2].replace('T', "
                                               "\"read_parquet('\" + sys.argv[1] + \"/*.parquet')\")).fetchall())",
                                               table_dir.string(), select});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return r.out.substr(0, r.out.find_last_not_of('\n') + 1);
}

}  // namespace

TEST_CASE("floe run builds the product on Spark and floe test tests the tables it left", "[run][spark]") {
  SparkProduct p("      master: local[2]\n      preset: small\n");
  auto r = run_floe({"run", p.file(), "--json"}, tool_env());
  json::value report = run_report(r);
  INFO(json::serialize(report));
  REQUIRE(r.exit_code == 0);
  json::value record = report.at("result");
  CHECK(record.at("status") == "success");
  CHECK(step(record, "transform")->at("status") == "success");
  // One dbt build (one Spark application) for the seed, the two models and
  // the five tests; the quality step judged its tests.
  CHECK(step(record, "transform")->at("nodes").as_array().size() == 8);
  CHECK(step(record, "transform")->at("summary").at("nodes_ok") == 3);
  CHECK(step(record, "quality")->at("summary").at("tests_passed") == 5);
  CHECK(step(record, "quality")->at("summary").at("in_build") == true);

  // The profile floe generated is dbt-spark's, in session mode.
  std::string profiles = read_file(p.dir / "target" / "profiles" / "profiles.yml");
  CHECK(profiles.find(R"(type: "spark")") != std::string::npos);
  CHECK(profiles.find(R"(method: "session")") != std::string::npos);
  CHECK(profiles.find("local[2]") != std::string::npos);

  // Spark wrote the tables as Parquet into the product's warehouse
  // directory, with its metastore beside them.
  fs::path warehouse = p.dir / "warehouse" / "spark";
  CHECK(fs::exists(warehouse / "metastore_db"));
  CHECK(parquet_rows(warehouse / "analytics.db" / "silver_customer_totals",
                     "select customer_id, order_count, total_amount from T order by 1") ==
        "[(10, 2, 42.5), (11, 2, 112.0), (12, 1, 5.0)]");

  // floe test: a new Spark session finds the tables through the metastore.
  auto recompiled = run_floe({"compile", p.file()}, tool_env());
  INFO(recompiled.out << recompiled.err);
  REQUIRE(recompiled.exit_code == 0);
  auto t = run_floe({"test", p.file(), "--json"}, tool_env());
  json::value test_report = run_report(t);
  INFO(json::serialize(test_report));
  CHECK(t.exit_code == 0);
  CHECK(step(test_report.at("result"), "quality")->at("summary").at("tests_passed") == 5);
}

TEST_CASE("a Spark configuration dbt-spark would refuse is a compile error naming the key", "[run][spark]") {
  SparkProduct p("      method: thrift\n      port: 10000\n");
  auto r = run_floe({"compile", p.file(), "--format", "json"}, tool_env());
  INFO(r.out << r.err);
  CHECK(r.exit_code != 0);
  CHECK(r.out.find("FLOE-P602") != std::string::npos);
  CHECK(r.out.find("key 'host': is required by method thrift") != std::string::npos);
  CHECK(r.out.find("manifest.yaml") != std::string::npos);
}
