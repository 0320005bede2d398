// floe run of a product whose platform selects an Iceberg REST catalog and
// S3 storage: real dbt on DuckDB commits the table models to the real
// catalog (Apache Iceberg's REST fixture, its warehouse on versitygw), and
// pyiceberg - an independent client - reads what floe wrote: rows, schema,
// the governance properties and one more snapshot per run. Also: --local,
// the catalog down, a model outside the product's namespace, wrong storage
// credentials (never printed). One server pair for the whole program.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "background_run.hpp"
#include "compile_test_support.hpp"
#include "iceberg_rest_fixture.hpp"
#include "lake_readers.hpp"
#include "s3_server.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const std::string kVenv = FLOE_TEST_VENV;
constexpr const char* kBucket = "lake";

struct Lake {
  std::unique_ptr<S3Server> store;
  std::unique_ptr<IcebergRestServer> catalog;
};

Lake& lake() {
  static Lake servers = [] {
    Lake l;
    l.store = S3Server::start();
    l.store->create_bucket(kBucket);
    l.catalog = IcebergRestServer::start_on_s3(*l.store, kBucket);
    return l;
  }();
  return servers;
}

// A copy of tests/fixtures/run-product whose platform adds the catalog (at
// `catalog_uri`), the S3 storage (keys by env reference) and governance that
// classifies columns and sets a retention.
struct LakeProduct {
  TempDir tmp;
  fs::path dir = tmp.path() / "shop";
  explicit LakeProduct(const std::string& catalog_uri, const std::string& name = "shop") {
    copy_tree(fs::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/run-product", tmp.path());
    fs::path manifest = tmp.path() / "platform" / "manifest.yaml";
    std::string text = read_file(manifest);
    text.replace(text.find("      threads: 2\n"), 17,
                 fmt::format("      threads: 2\n"
                             "  catalog:\n    type: rest\n    config:\n      uri: {}\n      warehouse: lakehouse\n"
                             "  storage:\n    type: s3\n    config:\n      endpoint: {}\n      bucket: {}\n"
                             "      region: us-east-1\n      path_style_access: true\n"
                             "    secrets:\n      access_key_id: {{env: FLOE_TEST_S3_KEY}}\n"
                             "      secret_access_key: {{env: FLOE_TEST_S3_SECRET}}\n",
                             catalog_uri, lake().store->endpoint(), kBucket));
    text.replace(text.find("governance:\n"), 12,
                 "governance:\n  data_retention_days: 30\n  snapshot_keep_last: 2\n  classification:\n"
                 "    default: internal\n    columns:\n      - {pattern: \"*customer*\", classification: pii}\n");
    write_file(manifest, text);
    if (name != "shop") {
      fs::path product = dir / "floe.yaml";
      std::string p = read_file(product);
      p.replace(p.find("name: shop"), 10, "name: " + name);
      write_file(product, p);
    }
  }
  std::string file() const { return (dir / "floe.yaml").string(); }
  // Replaces the first `from` of the platform manifest with `to`.
  void edit_platform(const std::string& from, const std::string& to) const {
    fs::path manifest = tmp.path() / "platform" / "manifest.yaml";
    std::string text = read_file(manifest);
    REQUIRE(text.find(from) != std::string::npos);
    text.replace(text.find(from), from.size(), to);
    write_file(manifest, text);
  }
  // Adds a plugin selection (YAML under plugins:) to the platform.
  void add_plugin(const std::string& selection) const {
    fs::path manifest = tmp.path() / "platform" / "manifest.yaml";
    std::string text = read_file(manifest);
    text.replace(text.find("  catalog:\n"), 11, selection + "  catalog:\n");
    write_file(manifest, text);
  }
};

std::map<std::string, std::string> tool_env(const std::string& secret = S3Server::secret_key()) {
  REQUIRE(fs::exists(kVenv + "/bin/dbt"));  // scripts/bootstrap makes it
  return {{"PATH", kVenv + "/bin:/usr/local/bin:/usr/bin:/bin"},
          {"VIRTUAL_ENV", ""},
          {"FLOE_TEST_S3_KEY", S3Server::access_key()},
          {"FLOE_TEST_S3_SECRET", secret}};
}

const json::object* step(const json::value& report, const std::string& name) {
  for (const auto& s : report.at("result").at("steps").as_array())
    if (s.at("name") == name.c_str()) return &s.as_object();
  return nullptr;
}

// What pyiceberg (the independent client) sees of a table, as JSON.
json::value pyiceberg_table(const std::string& identifier) {
  return floe::test::pyiceberg_table({kVenv, lake().catalog->uri(), lake().store->endpoint()}, identifier);
}

// Another writer: appends the table's first row again through pyiceberg.
void append_first_row(const std::string& identifier) {
  floe::test::pyiceberg_append_first_row({kVenv, lake().catalog->uri(), lake().store->endpoint()}, identifier);
}

}  // namespace

TEST_CASE("floe run commits the table models to the REST catalog on S3, and pyiceberg reads rows, schema, governance and snapshots",
          "[run][lake]") {
  LakeProduct p(lake().catalog->uri());
  auto first = run_floe({"run", p.file(), "--json"}, tool_env());
  json::value report = run_report(first);
  REQUIRE(first.exit_code == 0);
  CHECK(run_step_status(report, "lake") == "success");
  CHECK(step(report, "lake")->at("summary").at("namespace") == "shop");
  CHECK(run_step_status(report, "transform") == "success");
  CHECK(run_step_status(report, "publish") == "success");
  CHECK(step(report, "publish")->at("summary").at("tables").as_array().size() == 1);
  CHECK(run_step_status(report, "quality") == "success");
  // The compute declared how its commit macro commits; the compile recorded it.
  json::value artifacts = json::parse(read_file(p.dir / "target" / "compiled_artifacts.json"));
  CHECK(artifacts.at("dbt").at("lake").at("commits") == "data_files");

  json::value table = pyiceberg_table("shop.silver_customer_totals");
  // Only table models go to the catalog: bronze_orders is a view (DuckDB's
  // Iceberg catalogs have none) and stays in the local database.
  CHECK(table.at("tables") == json::array{"shop.silver_customer_totals"});
  CHECK(table.at("columns") == json::array{"customer_id", "order_count", "total_amount"});
  REQUIRE(table.at("rows").as_array().size() == 3);
  CHECK(table.at("rows").at(0).at("customer_id") == 10);
  CHECK(table.at("rows").at(0).at("order_count") == 2);
  const json::object& properties = table.at("properties").as_object();
  CHECK(properties.at("floe.product") == "shop");
  CHECK(properties.at("floe.classification") == "internal");
  CHECK(properties.at("floe.column.customer_id.classification") == "pii");
  CHECK(properties.at("floe.pii-columns") == "customer_id");
  CHECK(properties.at("floe.dbt.unique-id") == "model.shop.silver_customer_totals");
  CHECK(properties.at("history.expire.max-snapshot-age-ms") == "2592000000");
  CHECK(properties.at("history.expire.min-snapshots-to-keep") == "2");
  std::int64_t snapshots = table.at("snapshots").as_int64();
  CHECK(snapshots >= 1);

  CHECK(step(report, "publish")->at("summary").at("writer") == "data_files");
  CHECK(table.at("data_files") == 1);
  CHECK(table.at("delete_files") == 0);

  // A second run replaces the rows (no duplicates) in one new snapshot: the
  // table's history is what floe iceberg expire works on. The snapshot holds
  // the run's data file and nothing else: the first run's file is not in it,
  // and no delete file hides its rows.
  auto second = run_floe({"run", p.file(), "--json"}, tool_env());
  REQUIRE(run_report(second).at("outcome") == "ok");
  json::value again = pyiceberg_table("shop.silver_customer_totals");
  CHECK(again.at("rows") == table.at("rows"));
  CHECK(again.at("snapshots").as_int64() == snapshots + 1);
  CHECK(again.at("operations").as_array().back() == "overwrite");
  CHECK(again.at("data_files") == 1);
  CHECK(again.at("delete_files") == 0);
  CHECK(again.at("properties").at("floe.pii-columns") == "customer_id");

  // floe iceberg sees the same table and the retention that applies to it.
  auto shown = run_floe({"iceberg", "show", "shop.silver_customer_totals", "-f", p.file(), "--json"}, tool_env());
  INFO(shown.out << shown.err);
  CHECK(shown.exit_code == 0);
  CHECK(shown.out.find("\"data_retention_days\"") != std::string::npos);
  auto planned = run_floe({"iceberg", "expire", "-f", p.file(), "--dry-run", "--json"}, tool_env());
  INFO(planned.out << planned.err);
  CHECK(planned.exit_code == 0);
  CHECK(planned.out.find("shop.silver_customer_totals") != std::string::npos);
}

TEST_CASE("lake_writer: duckdb publishes through DuckDB's own Iceberg writer, in one transaction, and keeps the "
          "old files behind positional deletes", "[run][lake]") {
  LakeProduct p(lake().catalog->uri(), "shop-duckdb-writer");
  p.edit_platform("      threads: 2\n", "      threads: 2\n      lake_writer: duckdb\n");
  for (int run = 1; run <= 2; ++run) {
    auto r = run_floe({"run", p.file(), "--json"}, tool_env());
    json::value report = run_report(r);
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    CHECK(run_step_status(report, "publish") == "success");
    CHECK(step(report, "publish")->at("summary").at("commit") == "multi-table");
    CHECK_FALSE(step(report, "publish")->at("summary").as_object().contains("writer"));
  }
  json::value artifacts = json::parse(read_file(p.dir / "target" / "compiled_artifacts.json"));
  CHECK(artifacts.at("dbt").at("lake").at("commits") == "one_transaction");
  json::value table = pyiceberg_table("shop-duckdb-writer.silver_customer_totals");
  REQUIRE(table.at("rows").as_array().size() == 3);
  CHECK(table.at("rows").at(0).at("customer_id") == 10);
  CHECK(table.at("properties").at("floe.pii-columns") == "customer_id");
  // What docs/iceberg.md says of this writer: each replace adds a data file
  // and a delete file to the current snapshot.
  CHECK(table.at("data_files") == 2);
  CHECK(table.at("delete_files") == 1);
}

// The Parquet files of `ns`'s tables in the store (versitygw keeps objects
// as files under the bucket's directory).
std::set<std::string> parquet_files_of(const std::string& ns) {
  std::set<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(lake().store->bucket_dir(kBucket)))
    if (entry.path().extension() == ".parquet" && entry.path().string().find("/" + ns + "/") != std::string::npos)
      out.insert(entry.path().filename().string());
  return out;
}

TEST_CASE("each publish lists the files it replaced as DELETED, so Iceberg's snapshot expiry deletes them from the "
          "store, DuckDB's own writer's data and delete files included", "[run][lake]") {
  LakeProduct p(lake().catalog->uri(), "expiring");
  const std::string table = "expiring.silver_customer_totals";
  fs::path manifest = p.tmp.path() / "platform" / "manifest.yaml";
  const std::string floe_writer = read_file(manifest);
  std::string duckdb_writer = floe_writer;
  duckdb_writer.replace(duckdb_writer.find("      threads: 2\n"), 17, "      threads: 2\n      lake_writer: duckdb\n");
  // Two runs by DuckDB's writer (its replace keeps the old file behind a
  // positional delete), then two by floe's.
  for (int run = 1; run <= 4; ++run) {
    write_file(manifest, run <= 2 ? duckdb_writer : floe_writer);
    auto r = run_floe({"run", p.file(), "--json"}, tool_env());
    INFO(run << r.out);
    REQUIRE(r.exit_code == 0);
  }
  json::value before = pyiceberg_table(table);
  REQUIRE(before.at("rows").as_array().size() == 3);
  CHECK(before.at("data_files") == 1);
  REQUIRE(before.at("removed").as_array().size() == 1);  // the third run's file
  const std::string third(before.at("removed").at(0).as_string());
  CHECK(before.at("summary").at("deleted-data-files") == "1");
  std::set<std::string> stored = parquet_files_of("expiring");
  CHECK(stored.size() == 5);  // DuckDB's 2 data files and 1 delete file, floe's 2

  // Iceberg's core expiry (Java's Table.expireSnapshots(), run in Spark's
  // JVM), keeping the current snapshot only. Its incremental cleanup deletes
  // the files that expired snapshots' manifests list as DELETED: the third
  // run's snapshot expires, and with it DuckDB's three files it listed. The
  // fourth run's DELETED entry (the third run's file) is deleted when the
  // fourth run's snapshot expires in turn. Without the DELETED entries
  // nothing would ever be deleted.
  CHECK(java_expire_snapshots({kVenv, lake().catalog->uri(), lake().store->endpoint()}, table) == "1");
  std::set<std::string> left = parquet_files_of("expiring");
  CHECK(left.size() == 2);
  CHECK(left.count(fs::path(third).filename().string()) == 1);
  json::value after = pyiceberg_table(table);
  CHECK(after.at("rows") == before.at("rows"));
  CHECK(after.at("snapshots") == 1);
}

TEST_CASE("a run killed while its publish commits leaves every table's main as it was, and the next run publishes",
          "[run][lake]") {
  LakeProduct p(lake().catalog->uri(), "killed");
  const std::string table = "killed.silver_customer_totals";
  auto first = run_floe({"run", p.file(), "--json"}, tool_env());
  REQUIRE(first.exit_code == 0);
  json::value before = pyiceberg_table(table);
  REQUIRE(before.at("rows").as_array().size() == 3);

  // The second run goes through a proxy that holds its multi-table commit:
  // DuckDB has written the run's data files and the catalog plugin the
  // manifests. The run's process (floe and the plugins inside it) is killed
  // there, as a pod or a machine dies. The held request is then answered
  // 503, never forwarded: the commit never reaches the catalog.
  TempDir hold;
  IcebergFaultScenario scenario = holding_scenario("/transactions/commit", hold.path().string());
  scenario.fail_method = "POST";
  scenario.fail_first = 1;
  auto proxy = IcebergFaultProxy::start(*lake().catalog, scenario);
  p.edit_platform(lake().catalog->uri(), proxy->uri());
  BackgroundRun run({"run", p.file(), "--json"}, tool_env());
  bool held = wait_for_file(hold.path() / "held", 300);
  run.signal(SIGKILL);
  int status = run.wait();
  write_file(hold.path() / "release", "");
  REQUIRE(held);
  CHECK(status == 128 + SIGKILL);

  // main is the first run's snapshot, with its rows and its one file; the
  // killed run's Parquet file is in the store, in no snapshot.
  json::value after = pyiceberg_table(table);
  CHECK(after.at("current") == before.at("current"));
  CHECK(after.at("snapshots") == before.at("snapshots"));
  CHECK(after.at("rows") == before.at("rows"));
  CHECK(after.at("data_files") == 1);
  CHECK(parquet_files_of("killed").size() == 2);
  CHECK(duckdb_iceberg_rows({kVenv, lake().catalog->uri(), lake().store->endpoint()}, table,
                            "select count(*) from T") == "[(3,)]");

  // The next run (the run lock is free again: it died with the process)
  // publishes on top of the first run's snapshot.
  auto next = run_floe({"run", p.file(), "--json"}, tool_env());
  INFO(next.out << next.err);
  REQUIRE(next.exit_code == 0);
  json::value published = pyiceberg_table(table);
  CHECK(published.at("current") != before.at("current"));
  CHECK(published.at("snapshots").as_int64() == before.at("snapshots").as_int64() + 1);
  CHECK(published.at("rows") == before.at("rows"));
  CHECK(published.at("data_files") == 1);
}

TEST_CASE("a table another engine created partitioned is published through DuckDB's own Iceberg writer, its rows "
          "replaced", "[run][lake]") {
  LakeProduct p(lake().catalog->uri(), "parted");
  const std::string table = "parted.silver_customer_totals";
  const LakeEndpoints endpoints{kVenv, lake().catalog->uri(), lake().store->endpoint()};
  // The model's columns, partitioned by customer: floe keeps a table whose
  // column names match the model's.
  pyiceberg_create_partitioned(endpoints, table, {"customer_id", "order_count", "total_amount"}, "customer_id");

  // floe's data-file commit writes unpartitioned manifests: the publish
  // says so and goes through DuckDB's writer, which partitions its rows.
  json::value first;
  for (int run = 1; run <= 2; ++run) {
    auto r = run_floe({"run", p.file(), "--json"}, tool_env());
    INFO(run << r.out << r.err);
    REQUIRE(r.exit_code == 0);
    json::value report = run_report(r);
    CHECK(run_step_status(report, "publish") == "success");
    CHECK_FALSE(step(report, "publish")->at("summary").as_object().contains("writer"));
    CHECK(r.out.find("is partitioned") != std::string::npos);
    json::value seen = pyiceberg_table(table);
    REQUIRE(seen.at("rows").as_array().size() == 3);
    CHECK(seen.at("rows").at(0).at("customer_id") == 10);
    if (run == 1) first = seen;
    else CHECK(seen.at("rows") == first.at("rows"));
  }
  CHECK(duckdb_iceberg_rows(endpoints, table, "select count(*) from T") == "[(3,)]");
}

// Where the store keeps an s3://lake/... object (versitygw's posix backend).
fs::path stored(const json::value& uri) {
  std::string path(uri.as_string());
  const std::string prefix = "s3://" + std::string(kBucket) + "/";
  REQUIRE(path.rfind(prefix, 0) == 0);
  return fs::path(lake().store->bucket_dir(kBucket)) / path.substr(prefix.size());
}

TEST_CASE("floe iceberg expire deletes from the S3 store the files only the expired snapshots referenced, lists them "
          "on a dry run, and keeps them with --keep-files", "[run][lake]") {
  LakeProduct p(lake().catalog->uri(), "aging");
  p.edit_platform("snapshot_keep_last: 2", "snapshot_keep_last: 1");
  const LakeEndpoints endpoints{kVenv, lake().catalog->uri(), lake().store->endpoint()};
  // Two appends 41 and 40 days old (past the platform's 30 days), then
  // pyiceberg's overwrite now (a delete and an append snapshot), which no
  // longer lists their files.
  json::value made = pyiceberg_aged_table(endpoints, "aging.events", 40);
  INFO(json::serialize(made));
  REQUIRE(made.at("snapshots") == 4);
  const json::array& old_files = made.at("old_files").as_array();
  REQUIRE(old_files.size() == 2);
  for (const auto& f : old_files) CHECK(fs::exists(stored(f)));

  auto planned = run_floe({"iceberg", "expire", "-f", p.file(), "--dry-run", "--json"}, tool_env());
  INFO(planned.out << planned.err);
  REQUIRE(planned.exit_code == 0);
  const json::value plan = json::parse(planned.out).at("result").at("tables").at(0);
  CHECK(plan.at("plan").at("remove").as_array().size() == 2);
  CHECK(plan.at("files").at("planned").at("data_files") == 2);
  CHECK(plan.at("files").at("planned").at("manifest_lists") == 2);
  CHECK(plan.at("files").at("deleted") == 0);
  for (const auto& f : old_files) CHECK(fs::exists(stored(f)));

  auto expired = run_floe({"iceberg", "expire", "-f", p.file()}, tool_env());
  INFO(expired.out << expired.err);
  REQUIRE(expired.exit_code == 0);
  CHECK(expired.out.find("aging.events: removed 2 snapshots, 2 kept") != std::string::npos);
  CHECK(expired.out.find("  deleted ") != std::string::npos);
  CHECK(expired.out.find(": 2 data, 0 delete, ") != std::string::npos);
  CHECK(expired.err.find("FLOE-W111") == std::string::npos);
  for (const auto& f : old_files) CHECK_FALSE(fs::exists(stored(f)));
  for (const auto& l : made.at("old_lists").as_array()) CHECK_FALSE(fs::exists(stored(l)));
  for (const auto& f : made.at("files").as_array()) CHECK(fs::exists(stored(f)));
  json::value after = pyiceberg_table("aging.events");
  CHECK(after.at("rows") == json::parse(R"([{"id": 9}])"));
  CHECK(after.at("snapshots") == 2);

  // --keep-files: the snapshots go, the files stay.
  json::value kept = pyiceberg_aged_table(endpoints, "aging.kept", 40);
  auto keeping = run_floe({"iceberg", "expire", "aging.kept", "-f", p.file(), "--keep-files"}, tool_env());
  INFO(keeping.out << keeping.err);
  REQUIRE(keeping.exit_code == 0);
  CHECK(keeping.out.find("aging.kept: removed 2 snapshots, 2 kept") != std::string::npos);
  CHECK(keeping.out.find("  deleted ") == std::string::npos);
  CHECK(keeping.err.find("FLOE-W111") == std::string::npos);
  for (const auto& f : kept.at("old_files").as_array()) CHECK(fs::exists(stored(f)));
  CHECK(pyiceberg_table("aging.kept").at("snapshots") == 2);
}

TEST_CASE("a table model whose columns changed is created again in the lake with its new columns, rows and "
          "governance, and an unchanged one keeps its table",
          "[run][lake]") {
  LakeProduct p(lake().catalog->uri(), "shop-columns");
  auto first = run_floe({"run", p.file(), "--json"}, tool_env());
  REQUIRE(first.exit_code == 0);
  json::value before = pyiceberg_table("shop-columns.silver_customer_totals");
  REQUIRE(before.at("columns") == json::array{"customer_id", "order_count", "total_amount"});

  // Unchanged: the same table (its uuid-bound history goes on), one more snapshot.
  auto same = run_floe({"run", p.file(), "--json"}, tool_env());
  REQUIRE(same.exit_code == 0);
  CHECK(read_file(p.dir / "logs" / "dbt.log").find("created again") == std::string::npos);
  json::value kept = pyiceberg_table("shop-columns.silver_customer_totals");
  CHECK(kept.at("snapshots").as_int64() > before.at("snapshots").as_int64());

  // A new column: the table is dropped and created again with the model's
  // columns; the run's rows and the governance properties are on it.
  fs::path model = p.dir / "models" / "silver_customer_totals.sql";
  std::string sql = read_file(model);
  sql.replace(sql.find("sum(amount) as total_amount"), 27, "sum(amount) as total_amount, max(amount) as largest_order");
  write_file(model, sql);
  auto changed = run_floe({"run", p.file(), "--json"}, tool_env());
  json::value report = run_report(changed);
  INFO(json::serialize(report));
  REQUIRE(changed.exit_code == 0);
  CHECK(read_file(p.dir / "logs" / "dbt.log").find("shop-columns.silver_customer_totals changed; the table is created "
                                                    "again") != std::string::npos);
  json::value after = pyiceberg_table("shop-columns.silver_customer_totals");
  CHECK(after.at("columns") == json::array{"customer_id", "order_count", "total_amount", "largest_order"});
  REQUIRE(after.at("rows").as_array().size() == 3);
  CHECK(after.at("rows").at(0).at("largest_order").is_number());
  CHECK(after.at("snapshots").as_int64() == 1);  // its history started over
  CHECK(after.at("properties").at("floe.pii-columns") == "customer_id");
  CHECK(after.at("properties").at("floe.product") == "shop-columns");
}

TEST_CASE("a table model with struct, list and map columns is published with every nested field's id: pyiceberg and "
          "DuckDB read the same rows, twice",
          "[run][lake]") {
  LakeProduct p(lake().catalog->uri(), "shop-nested");
  write_file(p.dir / "models" / "silver_customer_shapes.sql",
             "{{ config(materialized='table') }}\n"
             "select customer_id,\n"
             "  {'orders': count(*)::INTEGER, 'first_order': min(order_id)::BIGINT} as stats,\n"
             "  list(order_id::BIGINT order by order_id) as order_ids,\n"
             "  map(['first', 'last'], [min(order_id)::BIGINT, max(order_id)::BIGINT]) as ends\n"
             "from {{ ref('bronze_orders') }}\n"
             "group by customer_id\n");
  std::string properties = read_file(p.dir / "models" / "schema.yml");
  properties += "  - name: silver_customer_shapes\n    description: Each customer's orders as nested values.\n"
                "    columns:\n      - name: customer_id\n        description: The customer.\n"
                "        data_tests: [unique, not_null]\n";
  write_file(p.dir / "models" / "schema.yml", properties);
  const std::string table = "shop-nested.silver_customer_shapes";
  const json::value expected = json::parse(R"([
    {"customer_id": 10, "stats": {"orders": 2, "first_order": 1}, "order_ids": [1, 2], "ends": [["first", 1], ["last", 2]]},
    {"customer_id": 11, "stats": {"orders": 2, "first_order": 3}, "order_ids": [3, 5], "ends": [["first", 3], ["last", 5]]},
    {"customer_id": 12, "stats": {"orders": 1, "first_order": 4}, "order_ids": [4], "ends": [["first", 4], ["last", 4]]}])");
  for (int round = 1; round <= 2; ++round) {
    INFO("run " << round);
    auto run = run_floe({"run", p.file(), "--json"}, tool_env());
    json::value report = run_report(run);
    INFO(json::serialize(report));
    REQUIRE(run.exit_code == 0);
    json::value seen = pyiceberg_table(table);
    INFO(json::serialize(seen));
    CHECK(seen.at("columns") == json::array{"customer_id", "stats", "order_ids", "ends"});
    CHECK(seen.at("rows") == expected);
    CHECK(seen.at("data_files") == 1);
    CHECK(duckdb_iceberg_rows({kVenv, lake().catalog->uri(), lake().store->endpoint()}, table,
                              "select customer_id, stats.orders, stats.first_order, order_ids, ends['last'] "
                              "from T order by 1") ==
          "[(10, 2, 1, [1, 2], 2), (11, 2, 3, [3, 5], 5), (12, 1, 4, [4], 4)]");
  }
}

TEST_CASE("a storage whose credentials the catalog vends: the publish commits with the vended keys, never the "
          "platform's",
          "[run][lake]") {
  // Polaris' usual setup, with the REST fixture behind a proxy that vends
  // the store's keys (and its endpoint) with the tables, as Polaris does.
  auto proxy = IcebergFaultProxy::start(*lake().catalog, vending_scenario(*lake().store, kBucket));
  LakeProduct p(proxy->uri(), "shop-vended");
  p.edit_platform("    secrets:\n      access_key_id: {env: FLOE_TEST_S3_KEY}\n"
                  "      secret_access_key: {env: FLOE_TEST_S3_SECRET}\n",
                  "      credentials: {mode: vended_credentials}\n");
  auto env = tool_env();
  env.erase("FLOE_TEST_S3_KEY");
  env.erase("FLOE_TEST_S3_SECRET");
  for (int round = 1; round <= 2; ++round) {
    INFO("run " << round);
    auto run = run_floe({"run", p.file(), "--json"}, env);
    json::value report = run_report(run);
    INFO(json::serialize(report));
    REQUIRE(run.exit_code == 0);
    json::value seen = pyiceberg_table("shop-vended.silver_customer_totals");
    REQUIRE(seen.at("rows").as_array().size() == 3);
    // The data-file publish, not DuckDB's own writer: one file per snapshot
    // (DuckDB's replace keeps the first run's file beside a delete file).
    CHECK(seen.at("data_files") == 1);
    CHECK(step(report, "publish")->at("summary").at("writer") == "data_files");
    // The vended secret is the store's own here: written nowhere.
    CHECK(run.out.find(S3Server::secret_key()) == std::string::npos);
    CHECK(run.err.find(S3Server::secret_key()) == std::string::npos);
    for (const auto& entry : fs::recursive_directory_iterator(p.tmp.path()))
      if (entry.is_regular_file()) {
        INFO(entry.path().string());
        CHECK(read_file(entry.path().string()).find(S3Server::secret_key()) == std::string::npos);
      }
  }
  bool asked = false;
  for (const auto& r : proxy->requests())
    if (r.delegation.find("vended-credentials") != std::string::npos) asked = true;
  CHECK(asked);
}

TEST_CASE("floe run --local builds without the catalog, and without --local a catalog that is down stops the run before dbt",
          "[run][lake]") {
  LakeProduct p("http://127.0.0.1:9", "shop-offline");  // port 9 (discard): nothing listens
  auto local = run_floe({"run", p.file(), "--local", "--json"}, tool_env());
  json::value report = run_report(local);
  CHECK(local.exit_code == 0);
  CHECK(step(report, "lake") == nullptr);
  CHECK(run_step_status(report, "transform") == "success");

  auto down = run_floe({"run", p.file(), "--json"}, tool_env());
  json::value failed = run_report(down);
  CHECK(down.exit_code != 0);
  CHECK(has_diagnostic(failed, "FLOE-W103"));
  CHECK(run_step_status(failed, "lake") == "failed");
  CHECK(run_step_status(failed, "transform") == "skipped");
  CHECK(down.out.find("--local") != std::string::npos);
}

TEST_CASE("a model dbt placed outside the product's namespace fails the publish with FLOE-W107 and nothing is committed",
          "[run][lake]") {
  LakeProduct p(lake().catalog->uri(), "shop-escape");
  // The project takes custom schemas verbatim (a common override) and puts
  // one model in schema 'finance': not derived from the product's namespace.
  fs::create_directories(p.dir / "macros");
  write_file(p.dir / "macros" / "generate_schema_name.sql",
             "{% macro generate_schema_name(custom_schema_name, node) -%}\n"
             "{{ custom_schema_name if custom_schema_name else target.schema }}\n"
             "{%- endmacro %}\n");
  write_file(p.dir / "models" / "silver_finance_totals.sql",
             "{{ config(materialized='table', schema='finance') }}\nselect customer_id, total_amount from "
             "{{ ref('silver_customer_totals') }}\n");
  // The platform's gate (block_on_failure: true, written) requires these of a silver model.
  write_file(p.dir / "models" / "schema.yml", read_file(p.dir / "models" / "schema.yml") +
                                                   "  - name: silver_finance_totals\n"
                                                   "    description: Totals for finance.\n"
                                                   "    columns:\n"
                                                   "      - name: customer_id\n"
                                                   "        description: The customer.\n"
                                                   "        data_tests: [not_null, unique]\n");
  auto r = run_floe({"run", p.file(), "--json"}, tool_env());
  json::value report = run_report(r);
  CHECK(r.exit_code == 4);  // a policy violation
  CHECK(run_step_status(report, "transform") == "success");  // dbt built it locally
  CHECK(run_step_status(report, "publish") == "failed");
  CHECK(has_diagnostic(report, "FLOE-W107"));
  CHECK(r.out.find("built in schema 'finance'") != std::string::npos);
  // Checked before the commit: not even the tables inside the namespace went.
  CHECK(pyiceberg_table("shop-escape.silver_customer_totals").at("tables") == json::array());
}

TEST_CASE("wrong storage credentials stop the run before dbt, naming the bucket and endpoint, never the secret",
          "[run][lake]") {
  LakeProduct p(lake().catalog->uri(), "shop-badkeys");
  const std::string wrong = "not-the-secret-5d1c0a9e";
  auto r = run_floe({"run", p.file(), "--json"}, tool_env(wrong));
  json::value report = run_report(r);
  CHECK(r.exit_code != 0);
  CHECK(has_diagnostic(report, "FLOE-W108"));
  CHECK(r.out.find("'lake'") != std::string::npos);
  CHECK(r.out.find(lake().store->endpoint()) != std::string::npos);
  CHECK(run_step_status(report, "lake") == "failed");
  CHECK(run_step_status(report, "transform") == "skipped");
  CHECK(r.out.find(wrong) == std::string::npos);
  CHECK(r.err.find(wrong) == std::string::npos);
  for (const auto& entry : fs::recursive_directory_iterator(p.dir / "target"))
    if (entry.is_regular_file()) CHECK(read_file(entry.path()).find(wrong) == std::string::npos);
}

TEST_CASE("write-audit-publish: a run whose tests fail publishes nothing, the lake keeps the previous snapshot",
          "[run][lake]") {
  LakeProduct p(lake().catalog->uri(), "shop-wap");
  auto first = run_floe({"run", p.file(), "--json"}, tool_env());
  REQUIRE(run_report(first).at("outcome") == "ok");
  json::value published = pyiceberg_table("shop-wap.silver_customer_totals");
  REQUIRE(published.at("rows").as_array().size() == 3);

  // The second run's source has every order twice: the amounts double and
  // bronze_orders' unique test fails. dbt builds the doubled bronze_orders
  // locally (and, the tests being in the same dbt build, skips the silver
  // model downstream of the failed test).
  fs::path seed = p.dir / "seeds" / "raw_orders.csv";
  std::string orders = read_file(seed);
  write_file(seed, orders + orders.substr(orders.find('\n') + 1));
  auto doubled = run_floe({"run", p.file(), "--json"}, tool_env());
  json::value report = run_report(doubled);
  CHECK(doubled.exit_code == 11);  // the data tests failed and the gates block
  CHECK(run_step_status(report, "transform") == "success");
  CHECK(run_step_status(report, "quality") == "failed");
  CHECK(run_step_status(report, "publish") == "skipped");
  CHECK(doubled.out.find("nothing was published") != std::string::npos);
  // Every reader of the lake still sees the first run's rows, at the same snapshot.
  json::value after = pyiceberg_table("shop-wap.silver_customer_totals");
  CHECK(after.at("rows") == published.at("rows"));
  CHECK(after.at("snapshots") == published.at("snapshots"));

  // Fixed data publishes again.
  write_file(seed, orders);
  auto fixed = run_floe({"run", p.file(), "--json"}, tool_env());
  CHECK(run_report(fixed).at("outcome") == "ok");
  CHECK(run_step_status(run_report(fixed), "publish") == "success");
  json::value republished = pyiceberg_table("shop-wap.silver_customer_totals");
  CHECK(republished.at("rows") == published.at("rows"));
  // The replace is one catalog commit: one new metadata version, so no reader ever sees the table empty.
  CHECK(republished.at("metadata_versions").as_int64() == after.at("metadata_versions").as_int64() + 1);
}

TEST_CASE("dbt Fusion cannot write the lake: the compile says so (FLOE-P608) and writes no lake target", "[run][lake]") {
  LakeProduct p(lake().catalog->uri(), "shop-fusion");
  p.add_plugin("  dbt:\n    type: fusion\n");
  auto compiled = run_floe({"compile", p.file(), "--format", "json"}, tool_env());
  json::value report = run_report(compiled);
  CHECK(compiled.exit_code == 0);
  bool warned = false;
  for (const auto& d : report.at("diagnostics").as_array())
    warned = warned || (d.at("code") == "FLOE-P608" && d.at("severity") == "warning" &&
                        std::string(d.at("message").as_string()).find("dbt Fusion") != std::string::npos);
  CHECK(warned);
  json::value artifacts = json::parse(read_file(p.dir / "target" / "compiled_artifacts.json"));
  CHECK(artifacts.at("dbt").as_object().if_contains("lake") == nullptr);
}

TEST_CASE("lineage names the Iceberg tables the publish committed, in a job of its own", "[run][lake]") {
  LakeProduct p(lake().catalog->uri(), "shop-lineage");
  p.add_plugin("  lineage_backend:\n    type: file\n");
  auto r = run_floe({"run", p.file(), "--json"}, tool_env());
  REQUIRE(run_report(r).at("outcome") == "ok");
  bool seen = false;
  std::istringstream lines(read_file(p.dir / "target" / "openlineage.jsonl"));
  for (std::string line; std::getline(lines, line);) {
    json::value e = json::parse(line);
    if (e.at("eventType") != "COMPLETE" || e.at("job").at("name") != "shop-lineage.publish") continue;
    REQUIRE(e.at("outputs").as_array().size() == 1);
    CHECK(e.at("outputs").at(0).at("namespace") == json::value("s3://" + std::string(kBucket)));
    CHECK(std::string(e.at("outputs").at(0).at("name").as_string()).find("shop-lineage/silver_customer_totals") !=
          std::string::npos);
    seen = true;
  }
  CHECK(seen);
}

TEST_CASE("a publish commits all the product's tables in one multi-table commit, and another writer's commit in "
          "between refuses it whole (FLOE-W110)",
          "[run][lake]") {
  // The proxy in front of the catalog holds the run's transactions/commit
  // until the test releases it, so another writer can commit first.
  TempDir hold;
  auto proxy = IcebergFaultProxy::start(*lake().catalog, holding_scenario("/transactions/commit", hold.path().string()));
  LakeProduct p(proxy->uri(), "shop-atomic");
  write_file(p.dir / "models" / "gold_revenue.sql",
             "{{ config(materialized='table') }}\n"
             "select count(*) as customers, sum(total_amount) as revenue from {{ ref('silver_customer_totals') }}\n");
  const std::string totals = "shop-atomic.silver_customer_totals", revenue = "shop-atomic.gold_revenue";

  write_file(hold.path() / "release", "");  // the first run passes straight through
  auto first = run_floe({"run", p.file(), "--json"}, tool_env());
  json::value report = run_report(first);
  REQUIRE(report.at("outcome") == "ok");
  CHECK(step(report, "publish")->at("summary").at("commit") == "multi-table");
  CHECK(first.out.find("2 table(s) committed together, in one multi-table commit") != std::string::npos);
  int transactions = 0;
  for (const auto& r : proxy->requests())
    if (r.method == "POST" && r.path.find("/transactions/commit") != std::string::npos) {
      ++transactions;
      CHECK(r.status == 200);
    }
  CHECK(transactions == 1);  // both tables' rows in one request
  json::value totals_before = pyiceberg_table(totals), revenue_before = pyiceberg_table(revenue);
  REQUIRE(revenue_before.at("rows").as_array().size() == 1);

  // The second run's commit is held; another writer appends to one table.
  fs::remove(hold.path() / "release");
  fs::remove(hold.path() / "held");
  ProcessResult second;
  std::thread run([&] { second = run_floe({"run", p.file(), "--json"}, tool_env()); });
  bool held = wait_for_file(hold.path() / "held", 600);
  if (held) append_first_row(totals);
  write_file(hold.path() / "release", "");
  run.join();
  REQUIRE(held);
  report = run_report(second);
  CHECK(second.exit_code == 10);
  CHECK(has_diagnostic(report, "FLOE-W110"));
  CHECK(run_step_status(report, "publish") == "failed");
  CHECK(second.out.find("no table changed") != std::string::npos);
  // Neither table has the run's commit: gold_revenue is as it was, and
  // silver_customer_totals has only the other writer's snapshot on top.
  json::value revenue_after = pyiceberg_table(revenue), totals_after = pyiceberg_table(totals);
  CHECK(revenue_after.at("current") == revenue_before.at("current"));
  CHECK(revenue_after.at("snapshots") == revenue_before.at("snapshots"));
  CHECK(totals_after.at("snapshots").as_int64() == totals_before.at("snapshots").as_int64() + 1);
  CHECK(totals_after.at("rows").as_array().size() == totals_before.at("rows").as_array().size() + 1);

  // Run again: the tables are replaced on top of the other writer's snapshot.
  auto third = run_floe({"run", p.file(), "--json"}, tool_env());
  CHECK(run_report(third).at("outcome") == "ok");
  CHECK(pyiceberg_table(totals).at("rows") == totals_before.at("rows"));
}

namespace {

// The lake product (`shop-inputs`: a namespace no other test writes), the producer, with an output port on
// silver_customer_totals, and beside it `reports`, a product of the same
// platform that reads the port (input port `totals`) into one gold model.
struct ProducerAndConsumer {
  LakeProduct producer;
  fs::path consumer_dir = producer.tmp.path() / "reports";
  std::string registry = "oci-layout:" + (producer.tmp.path() / "registry").string();
  explicit ProducerAndConsumer(const std::string& catalog_uri) : producer(catalog_uri, "shop-inputs") {
    std::ofstream(producer.dir / "floe.yaml", std::ios::app)
        << "output_ports:\n  - {name: customer_totals, table: silver_customer_totals, contract: contracts/totals.odcs.yaml}\n";
    fs::create_directories(producer.dir / "contracts");
    write_file(producer.dir / "contracts" / "totals.odcs.yaml",
               "apiVersion: v3.1.0\nkind: DataContract\nid: urn:test:shop:customer_totals\nversion: 1.0.0\nstatus: active\n"
               "schema:\n  - name: customer_totals\n    physicalName: silver_customer_totals\n    properties:\n"
               "      - {name: customer_id, logicalType: integer, required: true, primaryKey: true}\n"
               "      - {name: total_amount, logicalType: number, required: true}\n");
    fs::create_directories(consumer_dir / "models");
    write_file(consumer_dir / "floe.yaml",
               fmt::format("apiVersion: floe.dev/v1\nkind: DataProduct\nmetadata:\n  name: reports\n  version: 1.0.0\n"
                           "platform:\n  ref: ../platform/manifest.yaml\ninput_registry: {}\n"
                           "transforms:\n  - type: dbt\n    path: .\n"
                           "input_ports:\n  - {{name: totals, product: shop-inputs, port: customer_totals, version: ^1.0, "
                           "source: shop.customer_totals}}\n",
                           registry));
    write_file(consumer_dir / "dbt_project.yml",
               "name: reports\nversion: \"1.0.0\"\nconfig-version: 2\nprofile: reports\nmodel-paths: [models]\n");
    write_file(consumer_dir / "models" / "sources.yml",
               "version: 2\nsources:\n  - name: shop\n    schema: inputs\n    tables:\n      - name: customer_totals\n"
               "        identifier: silver_customer_totals\n        columns:\n          - {name: customer_id, data_type: integer}\n"
               "          - {name: total_amount, data_type: decimal(18,2)}\n");
    write_file(consumer_dir / "models" / "gold_top_customers.sql",
               "{{ config(materialized='table') }}\nselect customer_id, total_amount\nfrom {{ source('shop', 'customer_totals') }}\n"
               "where total_amount > 0\n");
    write_file(consumer_dir / "models" / "gold.yml",
               "version: 2\nmodels:\n  - name: gold_top_customers\n    description: Customers with revenue.\n    columns:\n"
               "      - name: customer_id\n        description: The customer.\n        data_tests: [unique, not_null]\n");
  }
  std::string consumer() const { return (consumer_dir / "floe.yaml").string(); }
};

}  // namespace

TEST_CASE("a product reads another product's output port from the lake, at the snapshot it records, and runs twice",
          "[run][lake][inputs]") {
  ProducerAndConsumer lakes(lake().catalog->uri());
  lakes.producer.add_plugin("  lineage_backend:\n    type: file\n");  // the platform of both
  {
    auto published = run_floe({"product", "publish", "1.0.0", "-f", lakes.producer.file(), "--registry", lakes.registry,
                               "--format", "json"}, tool_env());
    INFO(published.out << published.err);
    REQUIRE(published.exit_code == 0);
  }

  // The producer has not run: its table is not in the lake, and the
  // consumer's run says so before dbt starts.
  auto early = run_floe({"run", lakes.consumer(), "--json"}, tool_env());
  {
    json::value early_report = run_report(early);
    INFO(early.out << early.err);
    CHECK(early.exit_code == 10);
    CHECK(run_step_status(early_report, "inputs") == "failed");
    CHECK(run_step_status(early_report, "transform") == "skipped");
    CHECK(early.out.find("FLOE-X116") != std::string::npos);
    CHECK(early.out.find("shop-inputs has not published it yet") != std::string::npos);
  }

  REQUIRE(run_floe({"run", lakes.producer.file(), "--json"}, tool_env()).exit_code == 0);
  json::value source = pyiceberg_table("shop-inputs.silver_customer_totals");
  for (int round = 1; round <= 2; ++round) {
    INFO("round " << round);
    auto r = run_floe({"run", lakes.consumer(), "--json"}, tool_env());
    json::value report = run_report(r);
    REQUIRE(r.exit_code == 0);
    const json::object* inputs = step(report, "inputs");
    REQUIRE(inputs != nullptr);
    const json::value& read = inputs->at("summary").at("inputs").at(0);
    CHECK(read.at("table") == "shop-inputs.silver_customer_totals");
    CHECK(read.at("snapshot_id") == source.at("current"));
    CHECK(read.at("source") == "shop.customer_totals");
    // The consumer's own table, built from the copy, is in the lake.
    json::value built = pyiceberg_table("reports.gold_top_customers");
    CHECK(built.at("rows").as_array().size() == source.at("rows").as_array().size());
  }
  // Lineage: a job from the producer's Iceberg table to the dbt source.
  bool seen = false;
  std::istringstream lines(read_file(lakes.consumer_dir / "target" / "openlineage.jsonl"));
  for (std::string line; std::getline(lines, line);) {
    json::value e = json::parse(line);
    if (e.at("eventType") != "COMPLETE" || e.at("job").at("name") != "reports.inputs") continue;
    REQUIRE(e.at("inputs").as_array().size() == 1);
    CHECK(e.at("inputs").at(0).at("namespace") == json::value("s3://" + std::string(kBucket)));
    CHECK(std::string(e.at("inputs").at(0).at("name").as_string()).find("shop-inputs/silver_customer_totals") != std::string::npos);
    CHECK(e.at("outputs").at(0).at("name") == "shop.customer_totals");
    seen = true;
  }
  CHECK(seen);
  // --local does not read the lake: a warning, and the models read the copy.
  auto local = run_floe({"run", lakes.consumer(), "--local", "--json"}, tool_env());
  INFO("--local: " << local.out << local.err);
  CHECK(local.exit_code == 0);
  CHECK(local.out.find("FLOE-X117") != std::string::npos);
  CHECK(step(run_report(local), "inputs") == nullptr);
}

TEST_CASE("the examples' data mesh on one lake: customer-360 publishes, campaign-analytics reads its port, twice",
          "[run][lake][inputs][examples]") {
  // The enterprise platform as shipped, with its Polaris and MinIO pointed
  // at the test's catalog and object store (the S3 keys from the
  // environment instead of a secrets backend); nothing else changes.
  TempDir tmp;
  fs::path examples = tmp.path() / "examples";
  for (const char* part : {"customer-360", "campaign-analytics", "enterprise"}) copy_tree(examples_dir() / part, examples / part);
  fs::path manifest = examples / "enterprise" / "manifest.yaml";
  std::string text = read_file(manifest);
  auto replace = [&](const std::string& from, const std::string& to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  };
  replace("uri: http://polaris:8181/api/catalog", "uri: " + lake().catalog->uri());
  replace("endpoint: http://minio:9000", "endpoint: " + lake().store->endpoint());
  replace("bucket: acme-lake", std::string("bucket: ") + kBucket);
  replace("access_key_id: {env: AWS_ACCESS_KEY_ID}", "access_key_id: {env: FLOE_TEST_S3_KEY}");
  replace("secret_access_key: {secret_ref: lake-secret-access-key}", "secret_access_key: {env: FLOE_TEST_S3_SECRET}");
  write_file(manifest, text);
  auto env = tool_env();
  env["POLARIS_CLIENT_SECRET"] = "test-client-secret";  // the fixture's token endpoint takes any client
  env["OPENLINEAGE_DISABLED"] = "true";                 // the example's Marquez is not here
  std::string producer = (examples / "customer-360" / "floe.yaml").string();
  std::string consumer = (examples / "campaign-analytics" / "floe.yaml").string();
  {
    auto published = run_floe({"product", "publish", "1.0.0", "-f", producer, "--registry",
                               "oci-layout:" + (examples / "registry" / "products").string()}, env);
    INFO(published.out << published.err);
    REQUIRE(published.exit_code == 0);
  }
  {
    auto produced = run_floe({"run", producer, "--json"}, env);
    INFO(produced.out << produced.err);
    REQUIRE(produced.exit_code == 0);
  }
  json::value profiles = pyiceberg_table("sales-domain.customer-360_gold.gold_customer_360");
  REQUIRE(profiles.at("rows").as_array().size() == 30);
  for (int round = 1; round <= 2; ++round) {
    INFO("round " << round);
    auto r = run_floe({"run", consumer, "--json"}, env);
    json::value report = run_report(r);
    REQUIRE(r.exit_code == 0);
    const json::value& read = step(report, "inputs")->at("summary").at("inputs").at(0);
    CHECK(read.at("table") == "sales-domain.customer-360_gold.gold_customer_360");
    CHECK(read.at("snapshot_id") == profiles.at("current"));
    // Every customer profile is in exactly one audience.
    json::value audiences = pyiceberg_table("marketing-domain.campaign-analytics_gold.gold_campaign_audiences");
    std::int64_t customers = 0;
    for (const auto& row : audiences.at("rows").as_array()) customers += row.at("customer_count").to_number<std::int64_t>();
    CHECK(customers == 30);
  }
}
