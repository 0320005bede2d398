// The airbyte ingestion plugin running Airbyte for real: PyAirbyte 0.71.3
// (.cache/airbyte-venv) runs Airbyte's File source connector 0.5.39
// (.cache/airbyte-source-file-venv), both from PyPI (scripts/bootstrap-airbyte),
// and loads the fixture files (tests/fixtures/airbyte) into a DuckDB file;
// the rows are read back with the project's own DuckDB (.venv, 1.5.5), an
// independent client of another version. Driven as floe run drives an
// ingestion plugin: create_pipeline, then run, on one instance. Without the
// virtualenvs these tests fail, naming the bootstrap step.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <filesystem>

#include "registry_instance.hpp"
#include "run_process.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const std::string kSource = FLOE_TEST_SOURCE_DIR;
const std::string kFixtures = kSource + "/tests/fixtures/airbyte/";
const std::string kPython = kSource + "/.cache/airbyte-venv/bin/python";
const std::string kConnector = kSource + "/.cache/airbyte-source-file-venv/bin/source-file";

std::string config(const std::string& python = kPython, const std::string& connector = kConnector) {
  return json::serialize(json::object{{"python", python}, {"source_file", connector}, {"timeout_seconds", 300}});
}

class Airbyte : public RegistryInstance {
 public:
  explicit Airbyte(const std::string& configuration = config())
      : RegistryInstance("ingestion", "airbyte", configuration) {
    INFO("scripts/bootstrap-airbyte makes the virtualenvs these tests run");
    REQUIRE(fs::exists(kPython));
    REQUIRE(fs::exists(kConnector));
  }
  // create_pipeline, then run into `database`: the run response.
  json::object load(const std::string& format, const std::string& path, const std::string& write_mode,
                    const std::string& database, const std::string& merge_keys = "") const {
    std::string create = R"({"name": "shop", "source_type": "filesystem", "source_config": {"format": ")" + format +
                         R"(", "path": ")" + path + R"("}, "destination_table": "orders", "write_mode": ")" +
                         write_mode + "\"" + (merge_keys.empty() ? "" : ", \"merge_keys\": " + merge_keys) + "}";
    Outcome created = call("create_pipeline", create);
    INFO(created.body);
    REQUIRE(created.status == FLOE_OK);
    json::object run{{"pipeline_id", json::parse(created.body).at("pipeline_id")},
                     {"options", json::object{{"destination", json::object{{"type", "duckdb"}, {"database", database}}},
                                              {"dataset", "raw"}}}};
    Outcome ran = call("run", json::serialize(run));
    INFO(ran.body);
    REQUIRE(ran.status == FLOE_OK);
    return json::parse(ran.body).as_object();
  }
};

// `sql` on the DuckDB file with the project's DuckDB: the rows, one per line, values joined by '|'.
std::string query(const std::string& database, const std::string& sql) {
  auto r = run_process(venv_python(),
                       {"-c",
                        "import duckdb, sys\n"
                        "for row in duckdb.connect(sys.argv[1], read_only=True).sql(sys.argv[2]).fetchall():\n"
                        "    print('|'.join(str(v) for v in row))",
                        database, sql});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

const char* kOrders = "select order_id::int, customer, amount::decimal(6,2), ordered_on from raw.orders order by all";

}  // namespace

TEST_CASE("airbyte loads a CSV file into DuckDB with Airbyte's File source: append, replace, merge by key",
          "[plugins][ingestion][airbyte]") {
  TempDir tmp;
  std::string database = (tmp.path() / "warehouse.duckdb").string();
  Airbyte airbyte;
  json::object first = airbyte.load("csv", kFixtures + "orders.csv", "append", database);
  INFO(json::serialize(first));
  CHECK(first.at("success") == true);
  CHECK(first.at("rows_loaded") == 3);
  CHECK(first.at("tables") == json::parse(R"([{"name": "orders", "rows": 3}])"));
  CHECK(first.at("files") == json::parse(R"([{"path": ")" + kFixtures + R"(orders.csv", "rows": 3}])"));
  CHECK(first.at("errors").as_array().empty());
  CHECK(query(database, kOrders) == "1|alice|10.50|2026-01-03\n2|bob|3.00|2026-01-04\n3|carol|7.25|2026-01-05\n");
  // Airbyte's own columns come along, as a load through Airbyte has them.
  CHECK(
      query(
          database,
          "select count(*) from raw.orders where _airbyte_raw_id is not null and _airbyte_extracted_at is not null") ==
      "3\n");

  // The same landing file again is not appended twice (issue 34: a product runs twice).
  json::object again = airbyte.load("csv", kFixtures + "orders.csv", "append", database);
  CHECK(again.at("success") == true);
  CHECK(again.at("rows_loaded") == 0);
  CHECK(again.at("files").at(0).as_object().contains("already_appended"));
  CHECK(query(database, "select count(*) from raw.orders") == "3\n");
  // Another file is.
  CHECK(airbyte.load("csv", kFixtures + "orders_update.csv", "append", database).at("rows_loaded") == 2);
  CHECK(query(database, "select count(*) from raw.orders") == "5\n");

  CHECK(airbyte.load("csv", kFixtures + "orders.csv", "replace", database).at("rows_loaded") == 3);
  CHECK(query(database, "select count(*) from raw.orders") == "3\n");
  // A replace empties the table, and with it the record of what was appended.
  CHECK(airbyte.load("csv", kFixtures + "orders_update.csv", "append", database).at("rows_loaded") == 2);
  CHECK(query(database, "select count(*) from raw.orders") == "5\n");
  CHECK(airbyte.load("csv", kFixtures + "orders.csv", "replace", database).at("rows_loaded") == 3);

  json::object merged = airbyte.load("csv", kFixtures + "orders_update.csv", "merge", database, R"(["order_id"])");
  CHECK(merged.at("success") == true);
  CHECK(query(database, kOrders) ==
        "1|alice|10.50|2026-01-03\n2|bob|4.75|2026-01-04\n3|carol|7.25|2026-01-05\n4|dave|1.00|2026-01-06\n");
}

TEST_CASE("airbyte loads JSON Lines, and every file a glob matches", "[plugins][ingestion][airbyte]") {
  TempDir tmp;
  std::string database = (tmp.path() / "warehouse.duckdb").string();
  Airbyte airbyte;
  json::object events = airbyte.load("jsonl", kFixtures + "events.jsonl", "replace", database);
  CHECK(events.at("success") == true);
  CHECK(query(database, "select event_id::int, kind, \"user\" from raw.orders order by 1") ==
        "1|signup|alice\n2|login|bob\n");

  json::object both = airbyte.load("csv", kFixtures + "orders*.csv", "replace", database);
  INFO(json::serialize(both));
  CHECK(both.at("rows_loaded") == 5);
  CHECK(both.at("files").as_array().size() == 2);
  CHECK(query(database, "select count(*), count(distinct order_id) from raw.orders") == "5|4\n");
}

TEST_CASE("airbyte refuses what it cannot do and reports what went wrong, naming the key or the file",
          "[plugins][ingestion][airbyte][bad-input]") {
  TempDir tmp;
  std::string database = (tmp.path() / "warehouse.duckdb").string();
  SECTION("a contract: Airbyte checks no rows") {
    Airbyte airbyte;
    Outcome o = airbyte.call("create_pipeline", R"({"name": "shop", "source_type": "filesystem", "source_config": {
        "format": "csv", "path": "/data/orders.csv", "columns": [{"name": "order_id", "type": "integer"}]},
        "destination_table": "orders", "write_mode": "append"})");
    CHECK(o.status == FLOE_ERR_INVALID_ARGUMENT);
    CHECK_THAT(o.body,
               Catch::Contains("key 'source_config.columns': the airbyte plugin loads rows as Airbyte reads them"));
  }
  SECTION("a file that is not there fails before Python starts") {
    Airbyte airbyte;
    json::object r = airbyte.load("csv", kFixtures + "missing.csv", "append", database);
    CHECK(r.at("success") == false);
    CHECK(r.at("errors").at(0).at("code") == "source_not_found");
    CHECK(r.at("duration_seconds").to_number<double>() < 1);
  }
  SECTION("a file the connector cannot read") {
    Airbyte airbyte;
    json::object r = airbyte.load("parquet", kFixtures + "orders.csv", "append", database);
    INFO(json::serialize(r));
    CHECK(r.at("success") == false);
    CHECK(r.at("errors").at(0).at("code") == "source_failed");
    CHECK_THAT(std::string(r.at("errors").at(0).at("message").as_string()),
               Catch::Contains(kFixtures + "orders.csv: Airbyte's source-file (" + kConnector +
                               ") could not read it: [Errno 22] Invalid argument"));
  }
  SECTION("a Python without PyAirbyte, a connector that is not there") {
    Airbyte no_airbyte(config("/usr/bin/python3"));
    json::object r = no_airbyte.load("csv", kFixtures + "orders.csv", "append", database);
    CHECK(r.at("errors").at(0).at("code") == "airbyte_not_installed");
    CHECK_THAT(std::string(r.at("errors").at(0).at("message").as_string()),
               Catch::Contains("pip install 'airbyte==0.71.3'"));
    Airbyte no_connector(config(kPython, "/nonexistent/source-file"));
    json::object c = no_connector.load("csv", kFixtures + "orders.csv", "append", database);
    CHECK(c.at("errors").at(0).at("code") == "connector_not_found");
    CHECK_THAT(std::string(c.at("errors").at(0).at("message").as_string()),
               Catch::Contains("the plugin config's source_file '/nonexistent/source-file' is not an executable file"));
  }
}

// The kit makes an instance per check, so a run cannot find a pipeline an
// earlier check created: run is answered NOT_FOUND (a warning), as
// ingestion-dlt's is; the real loads are the tests above.
TEST_CASE("airbyte passes the conformance kit", "[plugins][ingestion][airbyte][conformance]") {
  auto r = run_process(std::string(FLOE_TEST_BIN_DIR) + "/floe-conformance",
                       {"ingestion", "airbyte", "--plugin-path", std::string(FLOE_TEST_LIB_DIR) + "/floe/plugins",
                        "--config", config(), "--request",
                        R"(run={"pipeline_id": "conformance", "options": {"destination": {"type": "duckdb", )"
                        R"("database": "/tmp/floe-conformance/sample.duckdb"}}})"},
                       {{"FLOE_PLUGIN_PATH", ""}}, std::chrono::minutes(5));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("PASS plugin.create_pipeline(sample): answered with every documented key") != std::string::npos);
  CHECK(r.out.find(" 0 failed") != std::string::npos);
}
