// ingestion-dlt: create_pipeline and run requests, and the configuration,
// are read strictly; every refusal names the key.
#include <catch2/catch.hpp>

#include <string>

#include "pipeline_definition.hpp"
#include "plugin_config.hpp"
#include "run_request.hpp"
#include "sdk_error.hpp"

using namespace floe::ingestion_dlt;
using floe::test::Failure;
using floe::test::failure_of;

namespace {

const char* kOrders = R"({
  "name": "shop_orders", "source_type": "filesystem",
  "source_config": {"format": "csv", "path": "/data/orders/*.csv",
                    "columns": [{"name": "order_id", "type": "integer", "nullable": false},
                                {"name": "order_total", "type": "decimal"},
                                {"name": "ordered_at", "type": "timestamptz"}]},
  "destination_table": "raw_orders", "write_mode": "merge", "merge_keys": ["order_id"]})";

boost::json::object orders() { return boost::json::parse(kOrders).as_object(); }

Failure pipeline_failure(const boost::json::object& request) {
  return failure_of([&] { parse_pipeline_request(request); });
}

boost::json::object run(const char* options) {
  return boost::json::parse(std::string(R"({"pipeline_id": "p-1", "options": )") + options + "}").as_object();
}

Failure run_failure(const char* options) {
  return failure_of([&] { parse_run_request(run(options)); });
}

}  // namespace

TEST_CASE("ingestion-dlt pipeline request: a floe.yaml source with a typed contract") {
  pipeline_definition d = parse_pipeline_request(orders());
  CHECK(d.name == "shop_orders");
  CHECK(d.format == "csv");
  CHECK(d.path == "/data/orders/*.csv");
  REQUIRE(d.columns.size() == 3);
  CHECK(d.columns[0].dlt.data_type == "bigint");
  CHECK_FALSE(d.columns[0].nullable);
  CHECK(d.columns[1].nullable);  // nullable unless declared otherwise
  CHECK(d.columns[2].dlt.data_type == "timestamp");
  CHECK(d.columns[2].dlt.timezone);
  CHECK(d.on_violation == "fail");  // floe.yaml's default
  CHECK(d.schema_contract == "freeze");
  CHECK(d.merge_keys == std::vector<std::string>{"order_id"});
}

TEST_CASE("ingestion-dlt pipeline request: on_violation decides the schema contract") {
  for (auto [policy, contract] : {std::pair{"fail", "freeze"}, {"quarantine", "discard_row"}, {"warn", "evolve"}}) {
    auto request = orders();
    request["source_config"].as_object()["on_violation"] = policy;
    CHECK(parse_pipeline_request(request).schema_contract == contract);
    request["schema_contract"] = contract;
    CHECK(parse_pipeline_request(request).schema_contract == contract);
  }
  auto contradiction = orders();
  contradiction["schema_contract"] = "evolve";
  auto failure = pipeline_failure(contradiction);
  CHECK(failure.code == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(failure.message == "key 'schema_contract': 'evolve' contradicts on_violation 'fail', which means 'freeze' "
                           "(fail = freeze, quarantine = discard_row, warn = evolve); leave schema_contract out");

  // Without columns there is no contract of floe's: dlt's own mode applies.
  auto plain = orders();
  plain["source_config"].as_object().erase("columns");
  plain["merge_keys"] = boost::json::array{"order_id"};
  CHECK(parse_pipeline_request(plain).schema_contract == "evolve");
  plain["schema_contract"] = "discard_value";
  CHECK(parse_pipeline_request(plain).schema_contract == "discard_value");
  plain["source_config"].as_object()["on_violation"] = "warn";
  CHECK(pipeline_failure(plain).message ==
        "key 'source_config.on_violation': needs source_config.columns: the contract whose violations it handles");
}

TEST_CASE("ingestion-dlt pipeline request: refusals name the key") {
  auto check = [](auto edit, const std::string& message) {
    auto request = orders();
    edit(request);
    auto failure = pipeline_failure(request);
    CHECK(failure.code == FLOE_ERR_INVALID_ARGUMENT);
    CHECK(failure.message == message);
  };
  using obj = boost::json::object;
  auto source = [](obj& r) -> obj& { return r["source_config"].as_object(); };
  check([](obj& r) { r["destination"] = "x"; },
        "key 'destination': unknown key; accepted keys: name, source_type, source_config, destination_table, "
        "write_mode, merge_keys, schema_contract");
  check([&](obj& r) { source(r)["glob"] = "*.csv"; },
        "key 'source_config.glob': unknown key; accepted keys: format, path, columns, on_violation");
  check([](obj& r) { r.erase("name"); }, "missing required key 'name'");
  check([](obj& r) { r["name"] = "Shop-Orders"; },
        "key 'name': 'Shop-Orders' is not a source name ([a-z][a-z0-9_]*, as in floe.yaml)");
  check([](obj& r) { r["source_type"] = "s3"; }, "key 'source_type': 's3' is not one of: filesystem");
  check([&](obj& r) { source(r)["format"] = "xlsx"; },
        "key 'source_config.format': 'xlsx' is not one of: csv, jsonl, parquet");
  check([&](obj& r) { source(r)["path"] = "seeds/orders.csv"; },
        "key 'source_config.path': must be an absolute path, got 'seeds/orders.csv'");
  check([&](obj& r) { source(r)["columns"].as_array()[1].as_object()["type"] = "money"; },
        "key 'source_config.columns[1].type': unknown type 'money'; known types: string, text, integer, bigint, "
        "decimal, numeric, double, float, boolean, date, timestamp, datetime, timestamptz, time, json");
  check([&](obj& r) { source(r)["columns"].as_array()[1].as_object()["name"] = "order_id"; },
        "key 'source_config.columns[1].name': column 'order_id' is declared twice");
  check([&](obj& r) { source(r)["columns"].as_array()[1].as_object()["name"] = "Order Total"; },
        "key 'source_config.columns[1].name': 'Order Total' is not a plain column name ([a-z_][a-z0-9_]*, at most 63 "
        "characters): dlt would rename it, and the contract would then check another name than the table has");
  check([&](obj& r) { source(r)["columns"].as_array()[1].as_object()["classification"] = "pii"; },
        "key 'source_config.columns[1].classification': unknown key; accepted keys: name, type, nullable");
  check([&](obj& r) { source(r)["columns"] = boost::json::array(); },
        "key 'source_config.columns': must not be empty (leave it out for no contract)");
  check([](obj& r) { r["destination_table"] = "raw.orders"; },
        "key 'destination_table': 'raw.orders' is not a plain table name ([a-z_][a-z0-9_]*, at most 63 characters, "
        "not _dlt...)");
  check([](obj& r) { r["write_mode"] = "upsert"; }, "key 'write_mode': 'upsert' is not one of: append, replace, merge");
  check([](obj& r) { r.erase("merge_keys"); },
        "key 'merge_keys': write_mode merge needs merge_keys: the columns that identify a row");
  check([](obj& r) { r["merge_keys"] = boost::json::array{"customer_id"}; },
        "key 'merge_keys': 'customer_id' is not a column of source_config.columns");
  check([](obj& r) { r["merge_keys"] = boost::json::array{"order_total"}; },
        "key 'merge_keys': 'order_total' is declared nullable, but a row without its key cannot be merged; declare "
        "it \"nullable\": false");
  check([](obj& r) { r["write_mode"] = "append"; },
        "key 'merge_keys': only write_mode merge uses keys, and write_mode is append");
  check([](obj& r) { r["schema_contract"] = "discard"; },
        "key 'schema_contract': 'discard' is not one of: evolve, freeze, discard_value, discard_row");
  CHECK(failure_of([] { parse_pipeline_request(boost::json::value(42)); }).message ==
        "create_pipeline request: expected a JSON object");
}

TEST_CASE("ingestion-dlt pipeline request: one definition, one id") {
  auto a = parse_pipeline_request(orders());
  CHECK(pipeline_id_of(a) == pipeline_id_of(parse_pipeline_request(orders())));
  CHECK(pipeline_id_of(a).starts_with("shop_orders-"));
  CHECK(pipeline_id_of(a).size() == std::string("shop_orders-").size() + 8);
  auto changed = orders();
  changed["source_config"].as_object()["path"] = "/data/orders/2024-*.csv";
  CHECK(pipeline_id_of(parse_pipeline_request(changed)) != pipeline_id_of(a));
}

TEST_CASE("ingestion-dlt run request: destination, dataset, environment, time limit") {
  run_request r = parse_run_request(run(R"({"destination": {"type": "duckdb", "database": "/w/warehouse.duckdb"},
      "dataset": "landing", "env": {"TRACEPARENT": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      "A_FIRST": "1"}, "project_dir": "/w", "timeout_seconds": 60})"));
  CHECK(r.pipeline_id == "p-1");
  CHECK(r.destination.type == "duckdb");
  CHECK(r.destination.database == "/w/warehouse.duckdb");
  CHECK(r.dataset == "landing");
  REQUIRE(r.env.size() == 2);
  CHECK(r.env[0].first == "A_FIRST");  // sorted
  CHECK(r.project_dir == "/w");
  CHECK(r.timeout_seconds == 60);
  CHECK(parse_run_request(run(R"({"destination": {"type": "duckdb", "database": "/w.duckdb"}})")).dataset == "raw");
}

TEST_CASE("ingestion-dlt run request: refusals name the key") {
  CHECK(failure_of([] { parse_run_request(boost::json::parse(R"({"pipeline_id": "p"})")); }).message ==
        "missing required key 'options' (at least options.destination, from the compute's get_ingestion_destination)");
  CHECK(run_failure("{}").message == "missing required key 'options.destination'");
  CHECK(run_failure(R"({"destination": {"type": "snowflake"}})").message ==
        "key 'options.destination.type': 'snowflake' is not one of: duckdb");
  CHECK(run_failure(R"({"destination": {"type": "duckdb", "database": "w.duckdb"}})").message ==
        "key 'options.destination.database': must be an absolute path, got 'w.duckdb'");
  CHECK(run_failure(R"({"destination": {"type": "duckdb", "database": "/w", "credentials": {"k": "env:K"}}})").message ==
        "key 'options.destination.credentials': a duckdb destination takes no credentials");
  CHECK(run_failure(R"({"destination": {"type": "duckdb", "database": "/w"}, "dataset": "Raw Data"})").message ==
        "key 'options.dataset': 'Raw Data' is not a plain schema name ([a-z_][a-z0-9_]*, at most 63 characters)");
  CHECK(run_failure(R"({"destination": {"type": "duckdb", "database": "/w"}, "env": {"1X": "v"}})").message ==
        "key 'options.env.1X': not an environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
  CHECK(run_failure(R"({"destination": {"type": "duckdb", "database": "/w"}, "env": {"N": 1}})").message ==
        "key 'options.env.N': expected a string");
  CHECK(run_failure(R"({"destination": {"type": "duckdb", "database": "/w"}, "timeout_seconds": 0})").message ==
        "key 'options.timeout_seconds': expected an integer from 1 to 86400");
  CHECK(run_failure(R"({"destination": {"type": "duckdb", "database": "/w"}, "full_refresh": true})").message ==
        "key 'options.full_refresh': unknown key; accepted keys: destination, dataset, env, project_dir, "
        "timeout_seconds");
}

TEST_CASE("ingestion-dlt configuration") {
  CHECK(parse_plugin_config({}).timeout_seconds == default_timeout_seconds);
  CHECK_FALSE(parse_plugin_config({}).python);
  CHECK(parse_plugin_config({{"python", "python3.11"}}).python == "python3.11");
  CHECK(parse_plugin_config({{"python", "/opt/venv/bin/python"}, {"timeout_seconds", 5}}).timeout_seconds == 5);
  auto relative = failure_of([] { parse_plugin_config({{"python", ".venv/bin/python"}}); });
  CHECK(relative.code == FLOE_ERR_INVALID_CONFIG);
  CHECK(relative.message ==
        "key 'python': '.venv/bin/python' is a relative path; give an absolute path or a command name found on PATH");
  CHECK(failure_of([] { parse_plugin_config({{"workers", 2}}); }).message ==
        "key 'workers': unknown key; accepted keys: python, timeout_seconds, retry_config, catalog_config");
}
