// FLOE-E400..E403: custom rules and their applies_to globs.
#include <catch2/catch.hpp>

#include "project_builder.hpp"

using namespace floe;
using namespace floe::test;

namespace {

GovernancePolicy with_rule(CustomRule rule) {
  GovernancePolicy p = quiet_policy();
  p.custom_rules.push_back(std::move(rule));
  return p;
}

}  // namespace

TEST_CASE("E400: models with the prefix must carry the required tags") {
  CustomRule rule;
  rule.type = "require_tags_for_prefix";
  rule.name = "gold-certified";
  rule.prefix = "gold_";
  rule.required_tags = {"certified", "pii_reviewed"};
  rule.where = at("manifest.yaml", 40, 7);
  auto r = enforce_policies(project({Model("gold_orders").yml("models/gold.yml", 3).tag("finance"),
                                     Model("gold_ok").tag("certified").tag("pii_reviewed"), Model("silver_x")}),
                            with_rule(rule), kToday);
  REQUIRE(r.findings.items().size() == 1);
  const Diagnostic& d = r.findings.items()[0];
  CHECK(d.severity == Severity::error);
  CHECK(d.code == "FLOE-E400");
  CHECK(d.category == "custom");
  CHECK(d.message == "'gold_orders' is missing required tags certified and pii_reviewed");
  CHECK(d.expected == "tags certified and pii_reviewed on every 'gold_*' model (custom rule 'gold-certified' at manifest.yaml:40)");
  CHECK(d.actual == "tags: finance");
  CHECK(d.hint == "add tags: [certified, pii_reviewed] to its config (config() in the .sql or its schema .yml)");
  CHECK(loc_text(d.where) == "models/gold.yml:3:5");
}

TEST_CASE("E401: a required meta field that is absent or null") {
  CustomRule rule;
  rule.type = "require_meta_field";
  rule.field = "owner";
  rule.applies_to = "gold_*";
  auto r = enforce_policies(project({Model("gold_a"), Model("gold_b").meta("owner", "null"),
                                     Model("gold_c").meta("owner", "\"sales\""), Model("silver_d")}),
                            with_rule(rule), kToday);
  REQUIRE(r.findings.items().size() == 2);
  const Diagnostic& a = r.findings.items()[0];
  CHECK(a.code == "FLOE-E401");
  CHECK(a.message == "'gold_a' has no meta field 'owner'");
  CHECK(a.expected == "meta.owner set (custom rule 'require_meta_field')");
  CHECK(a.actual == "no meta.owner");
  CHECK(a.hint == "add meta: {owner: ...} to its config in its schema .yml");
  CHECK(r.findings.items()[1].subject == "gold_b");
  CHECK(r.findings.items()[1].actual == "meta.owner: null");
}

TEST_CASE("E402: too few columns carry one of the test types") {
  CustomRule rule;
  rule.type = "require_tests_of_type";
  rule.test_types = {"unique"};
  rule.min_columns = 2;
  rule.applies_to = "gold_*";
  auto r = enforce_policies(project({Model("gold_x").test("unique", "id").test("unique", "ID").test("not_null", "b"),
                                     Model("gold_y").test("unique"),  // model-level: not a column
                                     Model("gold_z").test("unique", "a").test("dbt_utils.unique", "b")}),
                            with_rule(rule), kToday);
  REQUIRE(r.findings.items().size() == 2);
  const Diagnostic& x = r.findings.items()[0];
  CHECK(x.code == "FLOE-E402");
  CHECK(x.message == "'gold_x' has 1 column with a unique test, fewer than the required 2");
  CHECK(x.expected == "at least 2 columns with a unique test (custom rule 'require_tests_of_type')");
  CHECK(x.actual == "tested: id");
  CHECK(x.hint == "add a unique test to 1 more column in its schema .yml");
  const Diagnostic& y = r.findings.items()[1];
  CHECK(y.message == "'gold_y' has 0 columns with a unique test, fewer than the required 2");
  CHECK(y.actual == "none");
  CHECK(y.hint == "add a unique test to 2 columns in its schema .yml");
}

TEST_CASE("E403: a forbidden materialization, including dbt's default view") {
  CustomRule rule;
  rule.type = "forbid_materialization";
  rule.name = "no-gold-views";
  rule.materializations = {"view"};
  rule.applies_to = "gold_*";
  auto r = enforce_policies(project({Model("gold_v").materialized("view"), Model("gold_d"),
                                     Model("gold_t").materialized("table"), Model("silver_v").materialized("view")}),
                            with_rule(rule), kToday);
  REQUIRE(r.findings.items().size() == 2);
  const Diagnostic& d = r.findings.items()[0];
  CHECK(d.code == "FLOE-E403");
  CHECK(d.subject == "gold_d");
  CHECK(d.message == "'gold_d' is materialized as 'view' (dbt's default), which custom rule 'no-gold-views' forbids");
  const Diagnostic& v = r.findings.items()[1];
  CHECK(v.message == "'gold_v' is materialized as 'view', which custom rule 'no-gold-views' forbids");
  CHECK(v.expected == "a materialization other than view");
  CHECK(v.actual == "materialized='view'");
  CHECK(v.hint == "set {{ config(materialized='table') }} in its .sql");
  CHECK(loc_text(v.where) == "models/gold_v.sql:1:1");
}

TEST_CASE("applies_to is a glob, an unknown rule type is reported with a suggestion") {
  CustomRule rule;
  rule.type = "forbid_materialization";
  rule.materializations = {"table"};
  rule.applies_to = "[ab]_*";
  auto r = enforce_policies(project({Model("a_1").materialized("table"), Model("b_2").materialized("table"),
                                     Model("c_3").materialized("table")}),
                            with_rule(rule), kToday);
  CHECK(r.findings.items().size() == 2);

  CustomRule typo;
  typo.type = "forbid_materialisation";
  typo.where = at("manifest.yaml", 50, 7);
  auto t = enforce_policies(project({Model("a_1")}), with_rule(typo), kToday);
  REQUIRE(t.findings.items().size() == 1);
  CHECK(t.findings.items()[0].code == "FLOE-C104");
  CHECK(t.findings.items()[0].message == "unknown custom rule type 'forbid_materialisation', so the rule is not applied");
  CHECK(t.findings.items()[0].hint == "did you mean 'forbid_materialization'?");
  CHECK(loc_text(t.findings.items()[0].where) == "manifest.yaml:50:7");
}
