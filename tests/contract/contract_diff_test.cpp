// floe contract diff: every change classified from the consumers' side.
#include <catch2/catch.hpp>

#include <string>

#include "contract/contract_diff.hpp"

namespace {

floe::DataContract contract(const std::string& properties, const std::string& slas = "") {
  floe::DataContract c;
  floe::Diagnostics d;
  std::string text = "apiVersion: v3.1.0\nkind: DataContract\nid: c\nversion: 1.0.0\nstatus: active\nschema:\n"
                     "  - name: customers\n    physicalName: gold_customers\n    properties:\n" +
                     properties + slas;
  REQUIRE(floe::load_contract_text(text, "c.yaml", c, d));
  return c;
}

std::vector<std::string> kinds(const std::vector<floe::ContractChange>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back((c.breaking ? "B " : "N ") + c.kind);
  return out;
}

const char* kBase =
    "      - {name: id, logicalType: integer, required: true, primaryKey: true}\n"
    "      - {name: value, logicalType: number, required: true, description: EUR}\n"
    "      - {name: tier, logicalType: string}\n";

}  // namespace

TEST_CASE("the same contract has no change", "[diff]") {
  CHECK(floe::diff_contracts(contract(kBase), contract(kBase)).empty());
}

TEST_CASE("removing a column, narrowing a type and loosening required are breaking", "[diff][bad-input]") {
  auto changes = floe::diff_contracts(contract(kBase), contract("      - {name: id, logicalType: integer, required: true, primaryKey: true}\n"
                                                                "      - {name: value, logicalType: integer}\n"));
  CHECK(kinds(changes) == std::vector<std::string>{"B type_changed", "B column_made_optional", "B column_removed",
                                                   "N description_changed"});
  CHECK(changes[0].message == "column 'value' type number -> integer");
  CHECK(changes[0].old_where.line == 11);
  CHECK(changes[0].new_where.line == 11);
  CHECK(changes[2].message == "column 'tier' removed from 'customers'");
  CHECK(floe::has_breaking_change(changes));
}

TEST_CASE("adding columns, widening integer to number and stronger SLAs are not breaking", "[diff]") {
  auto changes = floe::diff_contracts(
      contract(kBase, "slaProperties:\n  - {property: latency, value: 26, unit: h}\n  - {property: availability, value: '99%'}\n"),
      contract("      - {name: id, logicalType: number, required: true, primaryKey: true}\n"
               "      - {name: value, logicalType: number, required: true, description: EUR}\n"
               "      - {name: tier, logicalType: string}\n      - {name: added, logicalType: date}\n",
               "slaProperties:\n  - {property: latency, value: PT12H}\n  - {property: availability, value: '99.5%'}\n"));
  CHECK(kinds(changes) == std::vector<std::string>{"N type_widened", "N column_added", "N sla_strengthened", "N sla_strengthened"});
  CHECK_FALSE(floe::has_breaking_change(changes));
}

TEST_CASE("optional to required, a dropped key, a weaker or removed SLA are breaking", "[diff]") {
  auto changes = floe::diff_contracts(
      contract(kBase, "slaProperties:\n  - {property: latency, value: 26, unit: h}\n  - {property: availability, value: '99%'}\n"),
      contract("      - {name: id, logicalType: integer, required: true}\n"
               "      - {name: value, logicalType: number, required: true, description: EUR}\n"
               "      - {name: tier, logicalType: string, required: true}\n",
               "slaProperties:\n  - {property: latency, value: 2, unit: d}\n"));
  CHECK(kinds(changes) == std::vector<std::string>{"B primary_key_dropped", "B column_made_required", "B sla_weakened",
                                                   "B sla_removed"});
  auto json = floe::contract_changes_to_json(changes);
  CHECK(json.at("breaking") == 4);
  CHECK(json.at("changes").at(0).at("old").at("file") == "c.yaml");
}

namespace {

// customers with a row count rule on the table and rules on its columns.
floe::DataContract with_quality(const std::string& table_rule, const std::string& id_rule, const std::string& tier_rule) {
  floe::DataContract c;
  floe::Diagnostics d;
  std::string text = "apiVersion: v3.1.0\nkind: DataContract\nid: c\nversion: 1.0.0\nstatus: active\nschema:\n"
                     "  - name: customers\n    physicalName: gold_customers\n" +
                     (table_rule.empty() ? "" : "    quality:\n      - " + table_rule + "\n") +
                     "    properties:\n      - name: id\n        logicalType: integer\n" +
                     (id_rule.empty() ? "" : "        quality:\n          - " + id_rule + "\n") +
                     "      - name: tier\n        logicalType: string\n" +
                     (tier_rule.empty() ? "" : "        quality:\n          - " + tier_rule + "\n");
  INFO(text);
  REQUIRE(floe::load_contract_text(text, "c.yaml", c, d));
  return c;
}

const char* kRows = "{type: library, metric: rowCount, mustBeGreaterThan: 1000}";
const char* kNoNulls = "{type: library, metric: nullValues, mustBe: 0}";
const char* kTiers = "{type: library, metric: invalidValues, arguments: {validValues: [gold, silver]}, mustBe: 0}";

}  // namespace

TEST_CASE("quality rules: removed, loosened, made a warning or widened is breaking", "[diff][quality]") {
  // 1.1.0 of customer-360 dropped the row-count rule and shipped as a minor:
  // the diff said nothing. Now each lost guarantee is breaking.
  auto base = with_quality(kRows, kNoNulls, kTiers);
  CHECK(floe::diff_contracts(base, base).empty());

  auto removed = floe::diff_contracts(base, with_quality("", kNoNulls, kTiers));
  CHECK(kinds(removed) == std::vector<std::string>{"B quality_rule_removed"});
  CHECK(removed[0].subject == "gold_customers.rowCount");
  CHECK(removed[0].old_where.line > 0);

  auto loosened = floe::diff_contracts(
      base, with_quality("{type: library, metric: rowCount, mustBeGreaterThan: 100}", kNoNulls, kTiers));
  CHECK(kinds(loosened) == std::vector<std::string>{"B quality_rule_loosened"});
  CHECK_THAT(loosened[0].message, Catch::Contains("> 1000 -> > 100"));

  auto warning = floe::diff_contracts(
      base, with_quality(kRows, "{type: library, metric: nullValues, mustBe: 0, severity: warning}", kTiers));
  CHECK(kinds(warning) == std::vector<std::string>{"B quality_rule_severity_lowered"});

  auto widened = floe::diff_contracts(
      base, with_quality(kRows, kNoNulls,
                         "{type: library, metric: invalidValues, arguments: {validValues: [gold, silver, bronze]}, mustBe: 0}"));
  CHECK(kinds(widened) == std::vector<std::string>{"B valid_values_widened"});

  auto changed = floe::diff_contracts(
      base, with_quality("{type: library, metric: rowCount, mustBeBetween: [1, 5]}", kNoNulls, kTiers));
  CHECK(kinds(changed) == std::vector<std::string>{"B quality_rule_changed"});
  CHECK(floe::has_breaking_change(changed));
}

TEST_CASE("quality rules: added, tightened or narrowed is not breaking", "[diff][quality]") {
  auto base = with_quality(kRows, "", kTiers);
  auto changes = floe::diff_contracts(
      base, with_quality("{type: library, metric: rowCount, mustBeGreaterOrEqualTo: 5000}", kNoNulls,
                         "{type: library, metric: invalidValues, arguments: {validValues: [gold]}, mustBe: 0}"));
  CHECK(kinds(changes) == std::vector<std::string>{"N quality_rule_tightened", "N valid_values_narrowed",
                                                   "N quality_rule_added"});
  CHECK_FALSE(floe::has_breaking_change(changes));
}
