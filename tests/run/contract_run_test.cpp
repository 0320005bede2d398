// A data contract's promises checked on the tables a run built (the run's
// contracts step, docs/contracts.md#checks-at-run-time), through the floe
// executable with real dbt-core and dbt-duckdb on the run-product fixture:
// row counts, null and duplicate values, the contract's own SQL, freshness
// from a column and from the model's last recorded build, rules of severity
// warning, a rule whose SQL breaks, and the results as OpenLineage
// data-quality assertions.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "contract_product.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

TEST_CASE("a run checks its output port's contract on the built tables, and floe test does again", "[run][contract]") {
  ContractProduct p;
  auto run = floe_cmd("run", p);
  auto report = report_of(run);
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  const auto& step = contracts_step(report);
  CHECK(step.at("status") == "success");
  CHECK(count(step, "passed") == 6);  // rowCount, sql, nullValues, duplicateValues, 2 freshness
  CHECK(count(step, "failed") == 0);
  CHECK(count(step, "not_run") == 0);
  // The model's build is kept for the freshness of a whole table.
  CHECK(read_file(p.dir / "target" / "floe_model_builds.json").find("\"silver_customer_totals\":") != std::string::npos);

  // Lineage: the checks are data-quality assertions on their tables, in a job of their own.
  std::ifstream lines(p.dir / "target" / "openlineage.jsonl");
  int asserted = 0;
  bool completed = false;
  for (std::string line; std::getline(lines, line);) {
    json::value e = json::parse(line);
    if (!std::string(e.at("job").at("name").as_string()).ends_with(".contracts")) continue;
    if (e.at("eventType") == "COMPLETE") completed = true;
    if (auto* inputs = e.as_object().if_contains("inputs"))
      for (const auto& input : inputs->as_array())
        for (const auto& a : input.at("inputFacets").at("dataQualityAssertions").at("assertions").as_array()) {
          CHECK(a.at("success") == true);
          ++asserted;
        }
  }
  CHECK(completed);
  CHECK(asserted == 6);

  // floe test judges the same promises without building; the whole table's
  // freshness comes from the run's recorded build.
  auto test = floe_cmd("test", p);
  INFO(test.out << test.err);
  REQUIRE(test.exit_code == 0);
  CHECK(count(contracts_step(report_of(test)), "passed") == 6);

  // Only the contracts: floe contract test, and floe test --checks.
  auto contracts_only = floe_args({"contract", "test", p.file(), "--json"});
  INFO(contracts_only.out << contracts_only.err);
  REQUIRE(contracts_only.exit_code == 0);
  CHECK(step_names(report_of(contracts_only)) == std::vector<std::string>{"compile", "contracts"});
  auto tests_only = floe_args({"test", p.file(), "--checks", "tests", "--json"});
  REQUIRE(tests_only.exit_code == 0);
  CHECK(step_names(report_of(tests_only)) == std::vector<std::string>{"compile", "quality"});
}

TEST_CASE("a broken promise fails the run with FLOE-X111 at the rule's line, and a warning rule only warns",
          "[run][contract][bad-input]") {
  ContractProduct p;
  REQUIRE(floe_cmd("run", p).exit_code == 0);
  p.set_contract(contract_yaml("      - type: library\n"
                               "        metric: rowCount\n"
                               "        mustBeGreaterThan: 1000\n"
                               "      - type: sql\n"
                               "        name: every customer spends over 100\n"
                               "        severity: warning\n"
                               "        query: select count(*) from ${table} where total_amount <= 100\n"
                               "        mustBe: 0\n"));
  p.set_events_time("timestamp '2020-01-01 00:00:00'");
  // the gold model must be rebuilt for its old timestamp: a run, which fails on the contract
  auto run = floe_cmd("run", p);
  auto report = report_of(run);
  INFO(run.out << run.err);
  CHECK(run.exit_code == 11);  // test_failure (docs/cli.md#exit-codes)
  const auto& step = contracts_step(report);
  CHECK(step.at("status") == "failed");
  CHECK(count(step, "failed") == 2);  // rowCount > 1000, gold_events freshness
  CHECK(count(step, "warned") == 1);
  auto failed = findings(report, "FLOE-X111");
  REQUIRE(failed.size() == 3);
  std::string contract = (p.dir / "contracts" / "customer_totals.odcs.yaml").string();
  bool row_count = false, freshness = false, warning = false;
  for (const auto* d : failed) {
    std::string message(d->at("message").as_string());
    CHECK(std::string(d->at("file").as_string()) == contract);
    if (message.find("rowCount > 1000 (measured 3 rows)") != std::string::npos) {
      row_count = true;
      CHECK(d->at("severity") == "error");
      CHECK(d->at("line") == 18);
    }
    if (message.find("gold_events.updated_at freshness <= 30 d") != std::string::npos) {
      freshness = true;
      CHECK(d->at("severity") == "error");
      CHECK(message.find(" d old)") != std::string::npos);
    }
    if (message.find("every customer spends over 100") != std::string::npos) {
      warning = true;
      CHECK(d->at("severity") == "warning");
    }
  }
  CHECK(row_count);
  CHECK(freshness);
  CHECK(warning);
}

TEST_CASE("a rule floe cannot run, or whose SQL breaks, is FLOE-X112 and the other checks still run",
          "[run][contract][bad-input]") {
  ContractProduct p;
  p.set_contract(contract_yaml("      - type: sql\n"
                               "        name: refers to a missing column\n"
                               "        query: select count(*) from ${table} where no_such_column > 0\n"
                               "        mustBe: 0\n"
                               "      - type: library\n"
                               "        metric: invalidValues\n"
                               "        arguments:\n"
                               "          pattern: '^[0-9]+$'\n"
                               "        mustBe: 0\n"));
  auto run = floe_cmd("run", p);
  auto report = report_of(run);
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);  // a check that cannot run is a warning
  const auto& step = contracts_step(report);
  CHECK(count(step, "passed") == 6);
  CHECK(count(step, "not_run") == 2);
  auto not_run = findings(report, "FLOE-X112");
  REQUIRE(not_run.size() == 2);
  std::string all = std::string(not_run[0]->at("message").as_string()) + "\n" +
                    std::string(not_run[1]->at("message").as_string());
  CHECK(all.find("metric 'invalidValues' needs a column") != std::string::npos);
  CHECK(all.find("'refers to a missing column' was not run: the query failed") != std::string::npos);
  CHECK(all.find("no_such_column") != std::string::npos);  // dbt's own words say what broke
}
