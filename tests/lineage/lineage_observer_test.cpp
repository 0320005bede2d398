// The lineage observer on synthetic run events (the shapes of docs/run.md
// #events), its events captured and validated against the OpenLineage
// schema: which runs open and close with which event, the parent facet, the
// datasets of ingestion, and what a skipped, failed or cancelled run gives.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <fmt/format.h>

#include <fstream>

#include "lineage_receiver.hpp"
#include "observe/lineage/lineage_observer.hpp"
#include "temp_dir.hpp"

using namespace floe::observe;
using namespace floe::test;
namespace json = boost::json;

namespace {

class CaptureSink final : public EventSink {
 public:
  explicit CaptureSink(std::vector<json::object>& out) : out_(out) {}
  void send(std::string event) override { out_.push_back(json::parse(event).as_object()); }
  void close() override {}
  SinkStats stats() const override { return {out_.size(), 0, ""}; }
  std::string destination() const override { return "memory"; }

 private:
  std::vector<json::object>& out_;
};

const char* kRunId = "019a1b2c-3d4e-7f60-8a1b-2c3d4e5f6a7b";

struct Harness {
  TempDir dir;
  json::object artifacts = json::parse(R"({
    "product": {"name": "shop"},
    "plugins": {"ingestion": {"type": "dlt"}},
    "dbt": {"profile_name": "shop", "target": "floe", "projects": [{"name": "shop", "path": "."}]},
    "dbt_profiles": {"shop": {"outputs": {"floe": {"type": "duckdb", "path": "warehouse/shop.duckdb", "schema": "main"}}}},
    "ingestion": {"sources": [{"name": "crm", "path": "landing/customers.csv", "destination": "raw_customers",
                               "contract": {"columns": [{"name": "id", "type": "integer"}, {"name": "email", "type": "string"}]}}]}
  })").as_object();
  floe::CompileReport report;
  std::vector<json::object> events;
  std::unique_ptr<LineageObserver> observer;

  Harness() {
    LineageNames names{"shop", "shop", "shop.", "shop.ingestion.", "shop.quality"};
    observer = std::make_unique<LineageObserver>(names, std::make_unique<CaptureSink>(events), artifacts,
                                                 dir.str(), report);
  }
  void feed(const std::string& text) {
    json::object e = json::parse(text).as_object();
    if (!e.contains("at")) e["at"] = "2026-11-23T09:15:02.123Z";
    observer->on_event(e);
  }
  std::vector<std::string> sequence() const {
    std::vector<std::string> out;
    for (const auto& e : events)
      out.push_back(std::string(e.at("eventType").as_string()) + " " + std::string(e.at("job").at("name").as_string()));
    return out;
  }
  // Every captured event through the schema validation the receiver does.
  std::vector<std::string> invalid() const {
    std::ofstream file(dir.path() / "events.jsonl");
    for (const auto& e : events) file << json::serialize(e) << "\n";
    file.close();
    return schema_errors(check_lineage_file(dir.path() / "events.jsonl"));
  }
};

std::string node(const char* type, const char* resource, const char* name, const char* status = "") {
  return fmt::format(R"({{"type": "{}", "step": "transform", "unique_id": "{}.shop.{}", "name": "{}",
                         "resource_type": "{}", "relation": "\"shop\".\"main\".\"{}\"", "status": "{}",
                         "started_at": "2026-11-23T09:15:03.000000Z", "finished_at": "2026-11-23T09:15:04.500000Z"}})",
                     type, resource, name, name, resource, name, status);
}

}  // namespace

TEST_CASE("a successful run: the product's run, a run per node and one for the data tests, all valid",
          "[lineage][observer]") {
  Harness h;
  h.feed(fmt::format(R"({{"type": "run_started", "run_id": "{}", "operation": "run"}})", kRunId));
  h.feed(R"({"type": "step_started", "step": "compile", "kind": "compile"})");
  h.feed(R"({"type": "step_finished", "step": "compile", "kind": "compile", "status": "success"})");
  h.feed(R"({"type": "step_started", "step": "transform", "kind": "transform"})");
  h.feed(node("node_started", "seed", "raw_orders"));
  h.feed(node("node_finished", "seed", "raw_orders", "success"));
  h.feed(node("node_started", "model", "bronze_orders"));
  h.feed(node("node_finished", "model", "bronze_orders", "success"));
  h.feed(R"({"type": "step_finished", "step": "transform", "kind": "transform", "status": "success"})");
  h.feed(R"({"type": "step_started", "step": "quality", "kind": "quality"})");
  h.feed(R"({"type": "node_started", "step": "quality", "unique_id": "test.shop.not_null_bronze_orders_id.1",
             "name": "not_null_bronze_orders_id", "resource_type": "test"})");
  h.feed(R"({"type": "node_finished", "step": "quality", "unique_id": "test.shop.not_null_bronze_orders_id.1",
             "name": "not_null_bronze_orders_id", "resource_type": "test", "status": "pass"})");
  h.feed(R"({"type": "step_finished", "step": "quality", "kind": "quality", "status": "success"})");
  h.feed(fmt::format(R"({{"type": "run_finished", "run_id": "{}", "status": "success"}})", kRunId));
  h.observer->close();

  CHECK(h.sequence() == std::vector<std::string>{"START shop", "START shop.raw_orders", "COMPLETE shop.raw_orders",
                                                 "START shop.bronze_orders", "COMPLETE shop.bronze_orders",
                                                 "START shop.quality", "COMPLETE shop.quality", "COMPLETE shop"});
  CHECK(h.invalid().empty());
  CHECK(h.events.front().at("run").at("runId") == kRunId);
  for (std::size_t i = 1; i + 1 < h.events.size(); ++i) {
    const auto& parent = h.events[i].at("run").at("facets").at("parent");
    CHECK(parent.at("run").at("runId") == kRunId);
    CHECK(parent.at("job").at("name") == "shop");
    CHECK(h.events[i].at("run").at("runId") != kRunId);
  }
  // A node's START and COMPLETE are one run, with dbt's own times.
  CHECK(h.events[3].at("run").at("runId") == h.events[4].at("run").at("runId"));
  CHECK(h.events[3].at("eventTime") == "2026-11-23T09:15:03.000000Z");
  const auto& output = h.events[4].at("outputs").at(0);
  CHECK(output.at("name") == "main.bronze_orders");
  CHECK(output.at("namespace") == json::value("duckdb://" + (h.dir.path() / "warehouse" / "shop.duckdb").string()));
  CHECK(output.at("facets").at("schema").at("fields").as_array().empty());  // no manifest, no catalog here
  CHECK(h.report.diagnostics.empty());
}

TEST_CASE("ingestion: the source file in, the raw table out with the contract's columns", "[lineage][observer]") {
  Harness h;
  h.feed(fmt::format(R"({{"type": "run_started", "run_id": "{}"}})", kRunId));
  h.feed(R"({"type": "step_started", "step": "ingestion:crm", "kind": "ingestion"})");
  h.feed(R"({"type": "ingestion.started", "step": "ingestion:crm", "source": "ingestion/dlt"})");
  h.feed(R"({"type": "step_finished", "step": "ingestion:crm", "kind": "ingestion", "status": "success",
             "summary": {"rows_loaded": 3, "files": [{"path": "/data/landing/customers.csv", "rows": 3}]}})");
  h.feed(fmt::format(R"({{"type": "run_finished", "run_id": "{}", "status": "success"}})", kRunId));
  CHECK(h.sequence() ==
        std::vector<std::string>{"START shop", "START shop.ingestion.crm", "COMPLETE shop.ingestion.crm", "COMPLETE shop"});
  CHECK(h.invalid().empty());
  const auto& start = h.events[1];
  CHECK(start.at("inputs").at(0).at("namespace") == "file");
  CHECK(start.at("inputs").at(0).at("name") == json::value((h.dir.path() / "landing" / "customers.csv").string()));
  CHECK(start.at("job").at("facets").at("jobType").at("integration") == "DLT");
  const auto& complete = h.events[2];
  CHECK(complete.at("inputs").at(0).at("name") == "/data/landing/customers.csv");
  CHECK(complete.at("outputs").at(0).at("name") == "raw.raw_customers");
  CHECK(json::serialize(complete.at("outputs").at(0).at("facets").at("schema").at("fields")) ==
        R"([{"name":"id","type":"integer"},{"name":"email","type":"string"}])");
}

TEST_CASE("the lake publish: a job of its own whose outputs are the Iceberg tables it committed, none when skipped",
          "[lineage][observer]") {
  Harness h;
  h.feed(fmt::format(R"({{"type": "run_started", "run_id": "{}"}})", kRunId));
  h.feed(R"({"type": "step_started", "step": "publish", "kind": "catalog"})");
  h.feed(R"({"type": "step_finished", "step": "publish", "kind": "catalog", "status": "success",
             "summary": {"namespace": "shop", "tables": [
               {"table": "shop.silver_orders", "metadata_location": "s3://lake/warehouse/shop/silver_orders/metadata/00002-a.metadata.json"},
               {"table": "shop.gold_totals", "metadata_location": null}]}})");
  h.feed(fmt::format(R"({{"type": "run_finished", "run_id": "{}", "status": "success"}})", kRunId));
  CHECK(h.sequence() == std::vector<std::string>{"START shop", "START shop.publish", "COMPLETE shop.publish", "COMPLETE shop"});
  CHECK(h.invalid().empty());
  CHECK(h.events[1].at("job").at("facets").at("jobType").at("jobType") == "PUBLISH");
  const auto& complete = h.events[2];
  // A table whose location the catalog did not give is left out rather than misnamed.
  REQUIRE(complete.at("outputs").as_array().size() == 1);
  CHECK(complete.at("outputs").at(0).at("namespace") == "s3://lake");
  CHECK(complete.at("outputs").at(0).at("name") == "warehouse/shop/silver_orders");

  // A run whose checks failed skips the publish: no job run is told of.
  Harness skipped;
  skipped.feed(fmt::format(R"({{"type": "run_started", "run_id": "{}"}})", kRunId));
  skipped.feed(R"({"type": "step_started", "step": "publish", "kind": "catalog"})");
  skipped.feed(R"({"type": "step_finished", "step": "publish", "kind": "catalog", "status": "skipped"})");
  skipped.feed(fmt::format(R"({{"type": "run_finished", "run_id": "{}", "status": "failed"}})", kRunId));
  CHECK(skipped.sequence() == std::vector<std::string>{"START shop", "FAIL shop"});
}

TEST_CASE("a failed node is FAIL, skipped steps give nothing, the run is FAIL", "[lineage][observer]") {
  Harness h;
  h.feed(fmt::format(R"({{"type": "run_started", "run_id": "{}"}})", kRunId));
  h.feed(R"({"type": "step_started", "step": "transform", "kind": "transform"})");
  h.feed(node("node_started", "model", "bronze_orders"));
  h.feed(node("node_finished", "model", "bronze_orders", "error"));
  h.feed(node("node_finished", "model", "silver_orders", "skipped"));  // dbt never started it
  h.feed(R"({"type": "step_finished", "step": "transform", "kind": "transform", "status": "failed"})");
  h.feed(R"({"type": "step_started", "step": "quality", "kind": "quality", "title": "Skipping quality"})");
  h.feed(R"({"type": "step_finished", "step": "quality", "kind": "quality", "status": "skipped"})");
  h.feed(fmt::format(R"({{"type": "run_finished", "run_id": "{}", "status": "failed"}})", kRunId));
  CHECK(h.sequence() == std::vector<std::string>{"START shop", "START shop.bronze_orders", "FAIL shop.bronze_orders",
                                                 "FAIL shop"});
  CHECK(h.invalid().empty());
}

TEST_CASE("a cancelled run: the node dbt was running and the run itself are ABORT", "[lineage][observer]") {
  Harness h;
  h.feed(fmt::format(R"({{"type": "run_started", "run_id": "{}"}})", kRunId));
  h.feed(R"({"type": "step_started", "step": "transform", "kind": "transform"})");
  h.feed(node("node_started", "model", "bronze_orders"));
  h.feed(R"({"type": "step_finished", "step": "transform", "kind": "transform", "status": "cancelled"})");
  h.feed(fmt::format(R"({{"type": "run_finished", "run_id": "{}", "status": "cancelled"}})", kRunId));
  CHECK(h.sequence() == std::vector<std::string>{"START shop", "START shop.bronze_orders", "ABORT shop.bronze_orders",
                                                 "ABORT shop"});
  CHECK(h.invalid().empty());
}
