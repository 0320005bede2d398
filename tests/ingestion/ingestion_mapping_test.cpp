// ingestion-dlt: how a floe contract becomes dlt's schema contract and
// column hints (the table in plugins/ingestion-dlt/README.md), the spec the
// runner reads, and the run response built from the runner's events.
#include <catch2/catch.hpp>

#include "column_types.hpp"
#include "pipeline_definition.hpp"
#include "run_report.hpp"
#include "runner_spec.hpp"

using namespace floe::ingestion_dlt;
using boost::json::parse;

namespace {

pipeline_definition payments(const char* on_violation) {
  return parse_pipeline_request(parse(std::string(R"({
    "name": "psp_payments", "source_type": "filesystem",
    "source_config": {"format": "jsonl", "path": "/in/payments.jsonl", "on_violation": ")") + on_violation + R"(",
                      "columns": [{"name": "payment_id", "type": "integer", "nullable": false},
                                  {"name": "amount", "type": "decimal", "nullable": false},
                                  {"name": "paid_at", "type": "timestamp"}]},
    "destination_table": "raw_payments", "write_mode": "append"})"));
}

}  // namespace

TEST_CASE("ingestion-dlt mapping: floe types load as dlt types") {
  CHECK(dlt_type_of("string")->data_type == "text");
  CHECK(dlt_type_of("integer")->data_type == "bigint");
  CHECK(dlt_type_of("decimal")->data_type == "decimal");
  CHECK(dlt_type_of("double")->data_type == "double");
  CHECK(dlt_type_of("boolean")->data_type == "bool");
  CHECK(dlt_type_of("date")->data_type == "date");
  CHECK_FALSE(dlt_type_of("timestamp")->timezone);
  CHECK(dlt_type_of("timestamptz")->timezone);
  CHECK_FALSE(dlt_type_of("varchar(10)"));
}

TEST_CASE("ingestion-dlt mapping: schema contract and column hints per on_violation") {
  CHECK(dlt_schema_contract(payments("fail")) ==
        parse(R"({"tables": "evolve", "columns": "freeze", "data_type": "freeze"})"));
  // Quarantined rows never reach dlt; dlt freezes against the table as it is.
  CHECK(dlt_schema_contract(payments("quarantine")) ==
        parse(R"({"tables": "evolve", "columns": "freeze", "data_type": "freeze"})"));
  CHECK(dlt_schema_contract(payments("warn")) ==
        parse(R"({"tables": "evolve", "columns": "evolve", "data_type": "evolve"})"));

  CHECK(dlt_column_hints(payments("fail")) == parse(R"({
      "payment_id": {"data_type": "bigint", "nullable": false},
      "amount": {"data_type": "decimal", "nullable": false},
      "paid_at": {"data_type": "timestamp", "nullable": true, "timezone": false}})"));
  // warn loads nulls that break the contract, so no column may refuse them.
  CHECK(dlt_column_hints(payments("warn")).at("payment_id") == parse(R"({"data_type": "bigint", "nullable": true})"));
}

TEST_CASE("ingestion-dlt mapping: the runner's spec") {
  run_request request;
  request.destination = {"duckdb", "/w/warehouse.duckdb"};
  auto spec = runner_spec(payments("quarantine"), request, {"/in/payments.jsonl"}, "/tmp/floe-dlt-x");
  CHECK(spec.at("pipeline_name") == "floe_psp_payments");
  CHECK(spec.at("table") == "raw_payments");
  CHECK(spec.at("write_disposition") == "append");
  CHECK(spec.at("primary_key") == boost::json::array());
  CHECK(spec.at("on_violation") == "quarantine");
  CHECK(spec.at("dataset") == "raw");
  CHECK(spec.at("files") == parse(R"(["/in/payments.jsonl"])"));
  CHECK(spec.at("pipelines_dir") == "/tmp/floe-dlt-x/pipelines");
  CHECK(spec.at("destination") == parse(R"({"type": "duckdb", "database": "/w/warehouse.duckdb"})"));
  CHECK(spec.at("contract_columns").as_array()[1] ==
        parse(R"({"name": "amount", "floe_type": "decimal", "data_type": "decimal", "nullable": false})"));
}

TEST_CASE("ingestion-dlt run report: the response from the runner's events") {
  run_report report;
  report.add_event(parse(R"({"type": "started", "dlt_version": "1.31.0"})").as_object());
  report.add_event(parse(R"({"type": "file_read", "path": "/in/a.csv", "rows": 3})").as_object());
  report.add_event(parse(R"({"type": "warning", "code": "contract_violation", "message": "m", "file": "/in/a.csv",
                             "line": 3, "column": "amount"})").as_object());
  report.add_event(parse(R"({"type": "some_future_event"})").as_object());
  report.add_event(parse(R"({"type": "result", "tables": [{"name": "raw_a", "rows": 2},
                             {"name": "raw_a__quarantine", "rows": 1}], "bytes_written": 640})").as_object());
  auto response = report.response(2.34567);
  CHECK(response == parse(R"({"success": true, "rows_loaded": 3, "bytes_written": 640, "duration_seconds": 2.346,
      "tables": [{"name": "raw_a", "rows": 2}, {"name": "raw_a__quarantine", "rows": 1}],
      "files": [{"path": "/in/a.csv", "rows": 3}], "errors": [],
      "warnings": [{"code": "contract_violation", "message": "m", "file": "/in/a.csv", "line": 3, "column": "amount"}]})"));

  run_report failed;
  failed.add_event(parse(R"({"type": "error", "code": "malformed_row", "message": "/in/a.csv:7: has 2 fields",
                             "file": "/in/a.csv", "line": 7})").as_object());
  failed.add_event(parse(R"({"type": "error", "message": "no code: ignored"})").as_object());
  auto answer = failed.response(1.0);
  CHECK(answer.at("success") == false);
  CHECK(answer.at("rows_loaded") == 0);
  CHECK(answer.at("errors").as_array().size() == 1);
  CHECK(answer.at("errors").as_array()[0].at("line") == 7);
}
