// Trino on the lake, and one lake for three engines. floe run of the run
// tests' product on a real Trino 476 server (tests/support/trino_server):
// dbt-trino builds and tests in Trino's memory catalog, and only after the
// checks pass does the publish copy each table into the Trino catalog of the
// platform's Iceberg REST catalog (one CREATE OR REPLACE TABLE commit per
// table); a failed gate leaves the lake as it was. Then the same product with
// only plugins.compute switched between DuckDB, the Spark cluster and Trino,
// on one catalog: every engine's tables read back by pyiceberg, DuckDB and
// the other engines. The servers are lake_engines.hpp's.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <future>
#include <thread>

#include "compile_test_support.hpp"
#include "lake_engines.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

LakeEngineProduct trino_product(const std::string& name) {
  return LakeEngineProduct(name, trino_compute(lake_servers().trino->port()));
}

// `select` over lakehouse."<namespace>"."<name>" (T), read by Trino, as
// Python prints its rows.
std::string trino_rows(const std::string& identifier, const std::string& select) {
  auto dot = identifier.rfind('.');
  std::string table = fmt::format(R"(lakehouse."{}"."{}")", identifier.substr(0, dot), identifier.substr(dot + 1));
  std::string sql = select;
  sql.replace(sql.find(" T"), 2, " " + table);
  json::value rows = lake_servers().trino->query(sql);
  // (10, 2, 42.5): the form the DuckDB reader prints.
  std::string out = "[";
  for (const auto& row : rows.as_array()) {
    out += out.size() > 1 ? ", (" : "(";
    bool first = true;
    for (const auto& cell : row.as_array()) {
      out += first ? "" : ", ";
      first = false;
      out += cell.is_double() ? fmt::format("{:.1f}", cell.as_double()) : json::serialize(cell);
    }
    out += ")";
  }
  return out + "]";
}

constexpr const char* kTotalsQuery = "select customer_id, order_count, total_amount from T order by 1";

// What a run lock says of its holder ("pid N, run ID, since T"): a run
// writes it once it holds the lock. Watching it changes nothing; probing
// with flock(1) would take the lock for a moment, and a run starting in that
// moment is refused as busy (the flake this replaced).
std::string lock_holder(const fs::path& file) {
  std::error_code ec;
  return fs::exists(file, ec) ? read_file(file) : std::string();
}

}  // namespace

TEST_CASE("floe run on Trino builds and checks in Trino's memory catalog, then publishes to the Iceberg lake, "
          "and a failed gate leaves the lake exactly as it was") {
  LakeEngineProduct p = trino_product("shop-trino");
  auto first = run_floe({"run", p.file(), "--json"}, p.env());
  json::value report = run_report(first);
  INFO(json::serialize(report));
  REQUIRE(first.exit_code == 0);
  CHECK(run_step_status(report, "publish") == "success");
  CHECK(json::parse(read_file(p.dir / "target" / "compiled_artifacts.json")).at("dbt").at("lake").at("commits") ==
        "per_table");
  CHECK(first.out.find("committed one by one, one snapshot each") != std::string::npos);
  // dbt worked in Trino's memory catalog, in the product's own schema.
  std::string profiles = read_file(p.dir / "target" / "profiles" / "profiles.yml");
  CHECK(profiles.find("database: \"memory\"") != std::string::npos);
  CHECK(lake_servers().trino->query(R"(select count(*) from memory.shop_trino.silver_customer_totals)") ==
        json::parse("[[3]]"));

  const std::string table = "shop-trino.silver_customer_totals";
  json::value published = pyiceberg_table(lake_readers(), table);
  REQUIRE(published.as_object().contains("rows"));
  CHECK(published.at("snapshots") == 1);
  CHECK(published.at("properties").at("floe.product") == "shop-trino");
  CHECK(published.at("properties").at("floe.column.customer_id.classification") == "pii");
  CHECK(duckdb_iceberg_rows(lake_readers(), table, kTotalsQuery) == kShopTotals);
  CHECK(trino_rows(table, kTotalsQuery) == kShopTotals);

  // Doubled orders: bronze_orders' unique test fails, the gates block, and
  // the publish is skipped. The lake keeps its snapshot; the doubled rows
  // stay in the memory catalog for inspection (bronze_orders; the silver
  // model downstream of the failed test was skipped by the same dbt build).
  p.double_the_orders();
  auto doubled = run_floe({"run", p.file(), "--json"}, p.env());
  json::value failed = run_report(doubled);
  CHECK(doubled.exit_code == 11);
  CHECK(run_step_status(failed, "publish") == "skipped");
  CHECK(doubled.out.find("nothing was published") != std::string::npos);
  json::value after = pyiceberg_table(lake_readers(), table);
  CHECK(after.at("rows") == published.at("rows"));
  CHECK(after.at("current") == published.at("current"));
  CHECK(trino_rows(table, kTotalsQuery) == kShopTotals);
  CHECK(lake_servers().trino->query("select count(*) from memory.shop_trino.bronze_orders") == json::parse("[[10]]"));
  CHECK(lake_servers().trino->query("select sum(total_amount) from memory.shop_trino.silver_customer_totals") ==
        json::parse("[[159.5]]"));
}

TEST_CASE("a second Trino run replaces the rows in one snapshot, and a second run at the same time is refused "
          "(FLOE-X107)") {
  LakeEngineProduct p = trino_product("shop-trino-again");
  REQUIRE(run_report(run_floe({"run", p.file(), "--json"}, p.env())).at("outcome") == "ok");
  const std::string table = "shop-trino-again.silver_customer_totals";
  json::value first = pyiceberg_table(lake_readers(), table);

  fs::path lock = p.dir / "target" / ".floe_run.lock";
  const std::string first_holder = lock_holder(lock);  // the first run's words, left in the file
  auto background = std::async(std::launch::async, [&] { return run_floe({"run", p.file(), "--json"}, p.env()); });
  // Until the background run holds the lock and has said so (or has ended:
  // then the check below shows its output); generous, for a loaded machine.
  bool seen = false;
  while (!seen && background.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready) {
    std::string holder = lock_holder(lock);
    seen = holder != first_holder && holder.find('\n') != std::string::npos;  // written whole
  }
  if (!seen) FAIL("the second run ended before its lock was seen:\n" << background.get().out);
  auto concurrent = run_floe({"run", p.file(), "--json"}, p.env());
  CHECK(concurrent.exit_code != 0);
  CHECK(has_diagnostic(run_report(concurrent), "FLOE-X107"));
  auto second = background.get();
  REQUIRE(run_report(second).at("outcome") == "ok");

  json::value replaced = pyiceberg_table(lake_readers(), table);
  CHECK(replaced.at("rows") == first.at("rows"));
  CHECK(replaced.at("snapshots").as_int64() == first.at("snapshots").as_int64() + 1);
  CHECK(replaced.at("properties").at("floe.product") == "shop-trino-again");
}

TEST_CASE("Trino faults: a coordinator that is down stops the run before dbt (FLOE-X115), a lake catalog Trino "
          "lacks fails the publish naming it with nothing in the lake, and dbt's catalog may not be the lake's") {
  SECTION("down") {
    LakeEngineProduct p("shop-trino-down", trino_compute(free_port()));
    auto r = run_floe({"run", p.file(), "--json"}, p.env());
    json::value report = run_report(r);
    CHECK(r.exit_code == 6);
    CHECK(has_diagnostic(report, "FLOE-X115"));
    CHECK(r.out.find("dbt was not started") != std::string::npos);
    CHECK_FALSE(fs::exists(p.dir / "target" / "run_results.json"));
  }
  SECTION("no such catalog in Trino") {
    LakeEngineProduct p = trino_product("shop-trino-nocat");
    p.edit_platform("      warehouse: lakehouse\n", "      warehouse: lakehouse\n      name: elsewhere\n");
    auto r = run_floe({"run", p.file(), "--json"}, p.env());
    json::value report = run_report(r);
    CHECK(r.exit_code != 0);
    CHECK(has_diagnostic(report, "FLOE-W109"));
    CHECK(r.out.find("the Trino server has no catalog 'elsewhere'") != std::string::npos);
    CHECK_FALSE(pyiceberg_table(lake_readers(), "shop-trino-nocat.silver_customer_totals")
                    .as_object()
                    .contains("rows"));
  }
  SECTION("dbt's catalog is the lake's") {
    LakeEngineProduct p = trino_product("shop-trino-self");
    p.edit_platform("catalog: memory", "catalog: lakehouse");
    auto r = run_floe({"compile", p.file(), "--format", "json"}, p.env());
    CHECK(r.exit_code != 0);
    CHECK(has_diagnostic(run_report(r), "FLOE-P602"));
    CHECK(r.out.find("is the lake's own catalog") != std::string::npos);
  }
}

TEST_CASE("Trino and Spark skip a data file floe published by the column bounds floe wrote into its manifest: with "
          "the file gone from the store, filters the bounds exclude still answer, while one they admit, or a table "
          "without statistics, needs the file") {
  LakeEngineProduct p("prune-lake", duckdb_compute());
  auto r = run_floe({"run", p.file(), "--json"}, p.env());
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  json::value files =
      pyiceberg_copy_without_bounds(lake_readers(), "prune-lake.silver_customer_totals", "prune-lake.without_bounds");
  REQUIRE(files.at("from").as_array().size() == 1);  // floe's data-file commit: one file per table
  REQUIRE(files.at("to").as_array().size() == 1);
  // Both tables lose their one data file: a reader that opens it fails.
  for (const char* side : {"from", "to"}) {
    std::string uri(files.at(side).at(0).as_string());
    const std::string prefix = "s3://lake/";
    REQUIRE(uri.rfind(prefix, 0) == 0);
    REQUIRE(fs::remove(fs::path(lake_servers().store->bucket_dir("lake")) / uri.substr(prefix.size())));
  }
  auto count = [&](const std::string& name, const std::string& where) {
    return lake_servers().trino->query(
        fmt::format(R"(select count(*) from lakehouse."prune-lake".{} where {})", name, where));
  };
  // customer_id 10..12, total_amount 5.0..112.0 in floe's bounds.
  for (const char* excluded : {"customer_id > 12", "customer_id < 10", "total_amount > 112.5", "total_amount < 5"}) {
    INFO(excluded);
    CHECK(count("silver_customer_totals", excluded) == json::parse("[[0]]"));
  }
  // The control: a filter the bounds admit, and the same filter on the
  // copy without statistics, both open the missing file.
  CHECK_THROWS(count("silver_customer_totals", "customer_id = 11"));
  CHECK_THROWS(count("without_bounds", "customer_id > 12"));
  // Spark (Iceberg's Spark runtime, local mode) plans by the same bounds.
  const char* spark_excluded = "select count(*) from T where customer_id > 12";
  CHECK(spark_iceberg_rows(lake_readers(), "prune-lake.silver_customer_totals", spark_excluded) == "[(0,)]");
  CHECK_THROWS(spark_iceberg_rows(lake_readers(), "prune-lake.without_bounds", spark_excluded));
}

TEST_CASE("one lake, three engines: the same product on DuckDB, Spark and Trino (only plugins.compute switched) "
          "publishes the same rows and governance to one catalog, and each engine reads what the others wrote") {
  LakeEngineProduct p("shop-lake", duckdb_compute());
  const std::string table = "shop-lake.silver_customer_totals";
  std::int64_t snapshots = 0;
  auto run_and_read = [&](const char* engine) {
    INFO(engine);
    auto r = run_floe({"run", p.file(), "--json"}, p.env());
    json::value report = run_report(r);
    INFO(json::serialize(report));
    REQUIRE(r.exit_code == 0);
    CHECK(run_step_status(report, "publish") == "success");
    json::value read = pyiceberg_table(lake_readers(), table);
    REQUIRE(read.as_object().contains("rows"));
    CHECK(read.at("snapshots").as_int64() > snapshots);  // this run committed
    snapshots = read.at("snapshots").as_int64();
    CHECK(read.at("columns") == json::parse(R"(["customer_id", "order_count", "total_amount"])"));
    CHECK(read.at("properties").at("floe.product") == "shop-lake");
    CHECK(read.at("properties").at("floe.classification") == "internal");
    CHECK(read.at("properties").at("floe.column.customer_id.classification") == "pii");
    CHECK(read.at("properties").at("history.expire.max-snapshot-age-ms") == "2592000000");
    CHECK(duckdb_iceberg_rows(lake_readers(), table, kTotalsQuery) == kShopTotals);
    CHECK(trino_rows(table, kTotalsQuery) == kShopTotals);
    return read;
  };

  json::value by_duckdb = run_and_read("duckdb");
  // Spark overwrites the table DuckDB created (reading its schema first).
  p.use_compute(spark_compute(lake_servers().spark->master_url()));
  json::value by_spark = run_and_read("spark");
  CHECK(by_spark.at("rows") == by_duckdb.at("rows"));
  CHECK(by_spark.at("operations").as_array().back() == "overwrite");
  // Trino replaces the table Spark last wrote.
  p.use_compute(trino_compute(lake_servers().trino->port()));
  json::value by_trino = run_and_read("trino");
  CHECK(by_trino.at("rows") == by_duckdb.at("rows"));
  // Spark reads the table as Trino left it.
  CHECK(spark_iceberg_rows(lake_readers(), table, kTotalsQuery) == kShopTotals);
}
