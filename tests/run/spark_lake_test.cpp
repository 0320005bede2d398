// Spark on the lake: floe run of the run tests' product (tests/fixtures/
// run-product/shop) on a real Spark standalone cluster (a master and two
// workers from .cache/spark-venv's pyspark 4.1, tests/support/spark_cluster)
// with the platform's Iceberg REST catalog (Apache Iceberg's REST fixture)
// on S3 (versitygw). dbt-spark builds the models in the session's own
// catalog on the cluster's executors; after the checks, the publish stages
// them on the run's branch floe-run-<id> of each Iceberg table and
// fast-forwards every table's main in one multi-table commit, where pyiceberg
// and DuckDB's iceberg extension read them. Another writer's commit between
// the staging and the fast-forward refuses the publish whole (FLOE-W110), the
// branch kept, and so does a worker that crashes during the staging (on a
// one-worker cluster of the test's own). Also: a Spark without an Iceberg
// runtime is refused at compile time, and a master that is down stops the
// run before dbt. A second run (one overwrite snapshot) is part of the
// three-engine test (trino_lake_test.cpp). The servers are lake_engines.hpp's.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <thread>

#include "compile_test_support.hpp"
#include "lake_engines.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

LakeEngineProduct spark_product(const std::string& name, const std::string& master,
                                const std::string& spark_version = "4.1") {
  REQUIRE(fs::exists(std::string(FLOE_TEST_SOURCE_DIR) + "/.cache/spark-jars/iceberg-spark-runtime-4.1_2.13-1.12.0.jar"));
  return LakeEngineProduct(name, spark_compute(master, spark_version));
}

}  // namespace

TEST_CASE("floe run on a Spark standalone cluster stages the product's tables on a branch in the REST catalog on S3 "
          "and fast-forwards main in one multi-table commit, and pyiceberg and DuckDB read them") {
  int apps_before = lake_servers().spark->completed_apps();
  LakeEngineProduct p = spark_product("shop-spark", lake_servers().spark->master_url());
  auto first = run_floe({"run", p.file(), "--json"}, p.env());
  json::value report = run_report(first);
  INFO(json::serialize(report));
  REQUIRE(first.exit_code == 0);
  CHECK(run_step_status(report, "transform") == "success");
  CHECK(run_step_status(report, "publish") == "success");
  CHECK(first.out.find("committed together, in one multi-table commit (staged on branch floe-run-") != std::string::npos);
  const json::object* publish = nullptr;
  for (const auto& step : report.at("result").at("steps").as_array())
    if (step.at("name") == "publish") publish = &step.as_object();
  REQUIRE(publish != nullptr);
  CHECK(publish->at("summary").at("commit") == "multi-table");
  CHECK(publish->at("summary").at("branch").as_string().starts_with("floe-run-"));
  CHECK(json::parse(read_file(p.dir / "target" / "compiled_artifacts.json")).at("dbt").at("lake").at("commits") ==
        "staged_on_branch");
  // dbt's sessions ran on the cluster: the master lists them as finished applications.
  CHECK(lake_servers().spark->completed_apps() > apps_before);

  // The profile's lake target registers the catalog with S3FileIO and the
  // storage's endpoint from the catalog and storage plugins; keys as env_var().
  std::string profiles = read_file(p.dir / "target" / "profiles" / "profiles.yml");
  CHECK(profiles.find("org.apache.iceberg.aws.s3.S3FileIO") != std::string::npos);
  CHECK(profiles.find(lake_servers().store->endpoint()) != std::string::npos);
  CHECK(profiles.find("env_var('FLOE_TEST_S3_SECRET')") != std::string::npos);
  CHECK(profiles.find(S3Server::secret_key()) == std::string::npos);

  const std::string table = "shop-spark.silver_customer_totals";
  json::value published = pyiceberg_table(lake_readers(), table);
  REQUIRE(published.as_object().contains("rows"));
  CHECK(published.at("rows").as_array().size() == 3);
  // The new table was created empty (no rows before the publish), its rows
  // staged as one overwrite on the branch; main moved to it and the branch
  // went in the same commit.
  CHECK(published.at("operations") == json::array{"append", "overwrite"});
  CHECK(published.at("refs") == json::array{"main"});
  CHECK(published.at("properties").at("floe.product") == "shop-spark");
  CHECK(published.at("properties").at("floe.column.customer_id.classification") == "pii");
  CHECK(duckdb_iceberg_rows(lake_readers(), table, "select customer_id, order_count, total_amount from T order by 1") ==
        kShopTotals);
  // (A run whose checks fail skips the publish before any engine is asked:
  // lake_run_test.cpp covers it on DuckDB, trino_lake_test.cpp on Trino; a
  // Spark run costs two Spark applications, about a minute each, so the
  // Spark overwrite of an existing table is part of the three-engine test.)
}

TEST_CASE("FLOE-W110: another writer's commit on main between the Spark run's staging and its fast-forward refuses "
          "the publish whole and keeps the branch") {
  // A proxy in front of the catalog holds floe's transactions/commit (Spark
  // itself commits table by table) until the test releases it.
  TempDir hold;
  auto proxy = IcebergFaultProxy::start(*lake_servers().catalog, holding_scenario("/transactions/commit", hold.path().string()));
  LakeEngineProduct p = spark_product("shop-spark-conflict", lake_servers().spark->master_url());
  p.edit_platform(lake_servers().catalog->uri(), proxy->uri());
  const std::string table = "shop-spark-conflict.silver_customer_totals";

  ProcessResult held_run;
  std::thread run([&] { held_run = run_floe({"run", p.file(), "--json"}, p.env()); });
  bool held = wait_for_file(hold.path() / "held", 900);
  json::value staged;
  if (held) {
    staged = pyiceberg_table(lake_readers(), table);  // created empty, rows only on the branch
    pyiceberg_append_first_row(lake_readers(), table);  // no row yet, but a commit on main all the same
  }
  write_file(hold.path() / "release", "");
  run.join();
  REQUIRE(held);
  json::value report = run_report(held_run);
  INFO(json::serialize(report));
  CHECK(staged.at("rows").as_array().empty());
  CHECK(staged.at("refs").as_array().size() == 2);  // main and floe-run-<id>
  CHECK(held_run.exit_code == 10);
  CHECK(has_diagnostic(report, "FLOE-W110"));
  CHECK(run_step_status(report, "publish") == "failed");
  CHECK(held_run.out.find("no table changed") != std::string::npos);
  CHECK(held_run.out.find("is kept for inspection") != std::string::npos);
  // main has only the other writer's snapshot on top; the branch is kept.
  json::value after = pyiceberg_table(lake_readers(), table);
  CHECK(after.at("snapshots").as_int64() == staged.at("snapshots").as_int64() + 1);
  CHECK(after.at("refs").as_array().size() == 2);
  // (The next run publishing on top of it is tested on DuckDB: lake_run_test.cpp.)
}

TEST_CASE("a Spark worker that crashes during the publish fails the run: the table's main stays as it was and "
          "the run's branch is kept for inspection") {
  // A cluster of its own with one worker (20-60 s to start), so the shared
  // cluster stays whole for the other tests.
  auto cluster = SparkCluster::start(1);
  // DuckDB publishes the product first: the rows main must still have after.
  LakeEngineProduct p("shop-spark-crash", duckdb_compute());
  auto first = run_floe({"run", p.file()}, p.env());
  INFO(first.out);
  REQUIRE(first.exit_code == 0);
  // The product's one table model (bronze_orders is a view).
  const std::string table = "shop-spark-crash.silver_customer_totals";
  json::value before = pyiceberg_table(lake_readers(), table);
  REQUIRE(before.at("rows").as_array().size() == 3);

  // The same product on Spark. The proxy holds the publish's first commit to
  // a table (a branch being cut): the build and checks ran on the worker,
  // and the staging is under way. The worker is killed there; the staged
  // rows can then never be written (no executor is left), and the run's
  // deadline stops it.
  p.use_compute(spark_compute(cluster->master_url()));
  TempDir hold;
  IcebergFaultScenario scenario = holding_scenario("/namespaces/shop-spark-crash/tables/", hold.path().string());
  scenario.fail_method = "POST";
  auto proxy = IcebergFaultProxy::start(*lake_servers().catalog, scenario);
  p.edit_platform(lake_servers().catalog->uri(), proxy->uri());
  ProcessResult r;
  std::thread run([&] { r = run_floe({"run", p.file(), "--json", "--timeout", "150"}, p.env()); });
  bool held = wait_for_file(hold.path() / "held", 900);
  if (held) cluster->kill_worker(0);
  write_file(hold.path() / "release", "");
  run.join();
  REQUIRE(held);
  json::value report = run_report(r);
  INFO(json::serialize(report));
  CHECK(r.exit_code == 124);
  CHECK(run_step_status(report, "transform") == "success");
  CHECK(run_step_status(report, "quality") == "success");
  CHECK(run_step_status(report, "publish") != "success");
  CHECK(r.out.find("is kept for inspection") != std::string::npos);
  // main is where DuckDB's run left it; no reader saw the Spark run's rows.
  json::value after = pyiceberg_table(lake_readers(), table);
  INFO(json::serialize(after));
  CHECK(after.at("current") == before.at("current"));
  CHECK(after.at("rows") == before.at("rows"));
  bool branch_kept = false;
  for (const auto& ref : after.at("refs").as_array())
    branch_kept = branch_kept || ref.as_string().starts_with("floe-run-");
  CHECK(branch_kept);
  CHECK(duckdb_iceberg_rows(lake_readers(), table, "select customer_id, order_count, total_amount from T order by 1") ==
        kShopTotals);
}

TEST_CASE("a Spark with no Iceberg runtime is refused at compile time when the platform has a lake") {
  LakeEngineProduct p = spark_product("shop-spark-43", lake_servers().spark->master_url(), "4.3");
  auto r = run_floe({"compile", p.file(), "--format", "json"}, p.env());
  json::value report = run_report(r);
  CHECK(r.exit_code != 0);
  CHECK(has_diagnostic(report, "FLOE-P602"));
  CHECK(r.out.find("no Iceberg Spark runtime supports Spark 4.3") != std::string::npos);
  CHECK(r.out.find("pyspark==4.1.4") != std::string::npos);
  CHECK_FALSE(fs::exists(p.dir / "target" / "profiles" / "profiles.yml"));
}

TEST_CASE("a Spark master that is down stops the run before dbt starts (FLOE-X115)") {
  LakeEngineProduct p = spark_product("shop-spark-down", "spark://127.0.0.1:" + std::to_string(free_port()));
  auto r = run_floe({"run", p.file(), "--json"}, p.env());
  json::value report = run_report(r);
  CHECK(r.exit_code == 6);
  CHECK(has_diagnostic(report, "FLOE-X115"));
  CHECK(run_step_status(report, "transform") == "failed");
  CHECK(run_step_status(report, "publish") == "skipped");
  CHECK(r.out.find("dbt was not started") != std::string::npos);
  CHECK_FALSE(fs::exists(p.dir / "target" / "run_results.json"));  // dbt never ran
}

TEST_CASE("Spark on a catalog that vends the storage's keys (Polaris' usual setup): neither the platform nor the "
          "environment holds keys, the cluster writes with the keys vended per table, and pyiceberg reads the rows") {
  LakeEngineProduct p = spark_product("shop-spark-vended", lake_servers().spark->master_url());
  auto env = use_vending_catalog(p);
  std::size_t requests_before = lake_servers().vending->requests().size();
  auto run = run_floe({"run", p.file(), "--json"}, env);
  json::value report = run_report(run);
  INFO(json::serialize(report));
  REQUIRE(run.exit_code == 0);
  CHECK(run_step_status(report, "publish") == "success");
  // Spark's catalog asks for credentials; its FileIO names no keys.
  std::string profiles = read_file(p.dir / "target" / "profiles" / "profiles.yml");
  CHECK(profiles.find("X-Iceberg-Access-Delegation") != std::string::npos);
  CHECK(profiles.find("FLOE_TEST_S3_SECRET") == std::string::npos);
  CHECK(profiles.find("s3.secret-access-key") == std::string::npos);
  auto requests = lake_servers().vending->requests();
  bool asked = false;
  for (std::size_t i = requests_before; i < requests.size(); ++i)
    if (requests[i].delegation.find("vended-credentials") != std::string::npos) asked = true;
  CHECK(asked);
  json::value published = pyiceberg_table(lake_readers(), "shop-spark-vended.silver_customer_totals");
  REQUIRE(published.as_object().contains("rows"));
  CHECK(published.at("rows").as_array().size() == 3);
  CHECK(duckdb_iceberg_rows(lake_readers(), "shop-spark-vended.silver_customer_totals",
                            "select customer_id, order_count, total_amount from T order by 1") == kShopTotals);
}
