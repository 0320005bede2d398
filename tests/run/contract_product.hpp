// What the contract run tests share: the run-product fixture with an output
// port under contract, and running floe on it with the test virtualenv's dbt.
#pragma once

#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "compile_test_support.hpp"
#include "temp_dir.hpp"

namespace floe::test {

namespace fs = std::filesystem;
namespace json = boost::json;

inline const std::string kVenv = FLOE_TEST_VENV;

// The contract of the shop's port: every kind of check floe runs. `extra`
// adds rules to the table's quality list.
inline std::string contract_yaml(const std::string& extra_table_rules = "", const std::string& freshness = "1") {
  return fmt::format(R"(apiVersion: v3.1.0
kind: DataContract
id: urn:test:shop:customer_totals
name: customer_totals
version: 1.0.0
status: active
schema:
  - name: customer_totals
    physicalName: silver_customer_totals
    quality:
      - type: library
        metric: rowCount
        mustBeGreaterThan: 0
      - type: sql
        name: no negative revenue
        query: select count(*) from ${{table}} where total_amount < 0
        mustBe: 0
{}    properties:
      - name: customer_id
        quality:
          - metric: nullValues
            mustBe: 0
          - metric: duplicateValues
            mustBe: 0
      - name: total_amount
  - name: events
    physicalName: gold_events
    properties:
      - name: updated_at
slaProperties:
  - property: latency
    value: {}
    unit: d
    element: silver_customer_totals
  - property: latency
    value: 30
    unit: d
    element: gold_events.updated_at
)",
                     extra_table_rules, freshness);
}

// The run-product fixture with an output port whose contract is above, a
// gold model with a timestamp column (set to `updated_at`), and a lineage
// file.
struct ContractProduct {
  TempDir tmp;
  fs::path dir = tmp.path() / "shop";
  ContractProduct() {
    copy_tree(fs::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/run-product", tmp.path());
    fs::path manifest = tmp.path() / "platform" / "manifest.yaml";
    std::string text = read_file(manifest);
    text.replace(text.find("      threads: 2\n"), 17, "      threads: 2\n  lineage_backend:\n    type: file\n");
    write_file(manifest, text);
    std::ofstream(dir / "floe.yaml", std::ios::app) << "output_ports:\n"
                                                       "  - name: customer_totals\n"
                                                       "    table: silver_customer_totals\n"
                                                       "    contract: contracts/customer_totals.odcs.yaml\n";
    set_events_time("now()");
    set_contract(contract_yaml());
  }
  void set_contract(const std::string& yaml) const {
    fs::create_directories(dir / "contracts");
    write_file(dir / "contracts" / "customer_totals.odcs.yaml", yaml);
  }
  void set_events_time(const std::string& expression) const {
    write_file(dir / "models" / "gold_events.sql",
               fmt::format("{{{{ config(materialized='table') }}}}\nselect 1 as event_id, cast({} as timestamp) as updated_at\n",
                           expression));
  }
  std::string file() const { return (dir / "floe.yaml").string(); }
};

inline ProcessResult floe_args(std::vector<std::string> args) {
  REQUIRE(fs::exists(kVenv + "/bin/dbt"));  // scripts/bootstrap makes it; without it these tests cannot pass
  return run_floe(args, {{"PATH", kVenv + "/bin:/usr/local/bin:/usr/bin:/bin"},
                         {"VIRTUAL_ENV", ""},
                         {"OPENLINEAGE_DISABLED", ""}});
}

inline ProcessResult floe_cmd(const std::string& command, const ContractProduct& p) {
  return floe_args({command, p.file(), "--json"});
}

inline std::vector<std::string> step_names(const json::value& report) {
  std::vector<std::string> out;
  for (const auto& s : report.at("result").at("steps").as_array()) out.emplace_back(s.at("name").as_string());
  return out;
}

inline json::value report_of(const ProcessResult& r) {
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  json::value report;
  REQUIRE_NOTHROW(report = json::parse(r.out));
  return report;
}

inline const json::object& contracts_step(const json::value& report) {
  for (const auto& s : report.at("result").at("steps").as_array())
    if (s.at("name") == "contracts") return s.as_object();
  FAIL("the run has no contracts step");
  throw std::logic_error("unreachable");
}

inline std::vector<const json::object*> findings(const json::value& report, const std::string& code) {
  std::vector<const json::object*> out;
  for (const auto& d : report.at("diagnostics").as_array())
    if (d.at("code") == code.c_str()) out.push_back(&d.as_object());
  return out;
}

inline std::int64_t count(const json::object& step, const char* key) { return step.at("summary").at(key).as_int64(); }


}  // namespace floe::test
