// FLOE-E220 / E221 / E222: descriptions required, and real.
#include <catch2/catch.hpp>

#include "enforce/enforce_detail.hpp"
#include "project_builder.hpp"

using namespace floe;
using namespace floe::test;

namespace {

GovernancePolicy docs_policy(bool models, bool columns) {
  GovernancePolicy p = quiet_policy();
  p.gates.require_descriptions = models;
  p.gates.require_column_descriptions = columns;
  return p;
}

}  // namespace

TEST_CASE("E220: a model without a description points at its yml entry") {
  auto r = enforce_policies(project({Model("gold_orders").yml("models/gold.yml", 7).description("  ")}),
                            docs_policy(true, false), kToday);
  REQUIRE(r.findings.items().size() == 1);
  const Diagnostic& d = r.findings.items()[0];
  CHECK(d.severity == Severity::error);
  CHECK(d.code == "FLOE-E220");
  CHECK(d.category == "documentation");
  CHECK(d.message == "'gold_orders' has no description");
  CHECK(d.expected == "a model description (quality_gates.require_descriptions)");
  CHECK(d.hint == "add a description to its entry in models/gold.yml");
  CHECK(loc_text(d.where) == "models/gold.yml:7:5");
}

TEST_CASE("E220: an undocumented model points at its .sql and says how to document it") {
  auto r = enforce_policies(project({Model("gold_x")}), docs_policy(true, false), kToday);
  REQUIRE(r.findings.items().size() == 1);
  CHECK(r.findings.items()[0].hint == "document it in a schema .yml: models: [{name: gold_x, description: \"...\"}]");
  CHECK(loc_text(r.findings.items()[0].where) == "models/gold_x.sql:1:1");
}

TEST_CASE("E221: each column without a description, at the column's own entry") {
  auto r = enforce_policies(project({Model("gold_orders")
                                         .yml("models/gold.yml", 7)
                                         .description("Orders")
                                         .column("order_id", "", 10, 11)
                                         .column("amount", "")
                                         .column("status", "Order status")}),
                            docs_policy(true, true), kToday);
  REQUIRE(r.findings.items().size() == 2);
  const Diagnostic& amount = r.findings.items()[0];  // sorted by message
  CHECK(amount.code == "FLOE-E221");
  CHECK(amount.message == "column 'amount' of 'gold_orders' has no description");
  CHECK(amount.expected == "a description for every documented column (quality_gates.require_column_descriptions)");
  CHECK(amount.hint == "add a description under columns: - name: amount");
  CHECK(loc_text(amount.where) == "models/gold.yml:7:5");  // no column location: the model's entry
  CHECK(loc_text(r.findings.items()[1].where) == "models/gold.yml:10:11");
}

TEST_CASE("E222: placeholder descriptions are warnings, quoting the placeholder") {
  auto r = enforce_policies(project({Model("gold_orders")
                                         .yml("models/gold.yml", 7)
                                         .description("TBD")
                                         .column("revenue", "Coming soon: net revenue")}),
                            docs_policy(true, true), kToday);
  REQUIRE(r.findings.items().size() == 2);
  const Diagnostic& model = r.findings.items()[0];
  CHECK(model.severity == Severity::warning);
  CHECK(model.code == "FLOE-E222");
  CHECK(model.message == "'gold_orders' has a placeholder description ('TBD')");
  CHECK(model.expected == "a description of what the model holds");
  CHECK(model.actual == "\"TBD\"");
  CHECK(model.hint == "replace 'TBD' with what the model contains and its grain");
  const Diagnostic& column = r.findings.items()[1];
  CHECK(column.severity == Severity::warning);
  CHECK(column.message == "column 'revenue' of 'gold_orders' has a placeholder description ('Coming soon')");
  CHECK(column.actual == "\"Coming soon: net revenue\"");
  CHECK(r.passed);  // warnings only
}

TEST_CASE("documentation checks follow their flags") {
  auto m = Model("gold_orders").column("a", "").column("b", "TODO");
  CHECK(enforce_policies(project({m}), docs_policy(false, false), kToday).findings.empty());
  auto models_only = enforce_policies(project({m}), docs_policy(true, false), kToday);
  REQUIRE(models_only.findings.items().size() == 1);
  CHECK(models_only.findings.items()[0].code == "FLOE-E220");
  auto columns_only = enforce_policies(project({m}), docs_policy(false, true), kToday);
  REQUIRE(columns_only.findings.items().size() == 2);
  CHECK(columns_only.findings.items()[0].code == "FLOE-E221");
  CHECK(columns_only.findings.items()[1].code == "FLOE-E222");
}

TEST_CASE("find_placeholder: whole words and phrases, case-insensitive") {
  CHECK(enforce::find_placeholder("TBD") == "TBD");
  CHECK(enforce::find_placeholder("a TODO: fix") == "TODO");
  CHECK(enforce::find_placeholder("Fill in later") == "Fill in");
  CHECK(enforce::find_placeholder("fixme") == "fixme");
  CHECK(enforce::find_placeholder("This is a placeholder.") == "placeholder");
  CHECK(enforce::find_placeholder("Orders placed, TBDX").empty());
  CHECK(enforce::find_placeholder("todos_table rows").empty());
  CHECK(enforce::find_placeholder("Placeholders for late rows").empty());
  CHECK(enforce::find_placeholder("Revenue in EUR, filled in nightly").empty());
  CHECK(enforce::find_placeholder("").empty());
}
