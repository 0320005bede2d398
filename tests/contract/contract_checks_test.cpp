// The compile-time contract rules (FLOE-K101..K109) against dbt models built
// in memory, each finding located in the contract with the model's YAML as a
// related location.
#include <catch2/catch.hpp>

#include <string>

#include "contract/contract_checks.hpp"
#include "diag/codes.hpp"
#include "diag/sarif_writer.hpp"
#include "sarif_check.hpp"
#include "shop_project.hpp"

namespace {

floe::dbt::DbtProject project() { return floe::test::shop_project(); }

floe::PortContract port(const std::string& body, const char* table = "gold_customers") {
  floe::PortContract pc;
  pc.port = "customers";
  pc.table = table;
  pc.file = "contracts/customers.odcs.yaml";
  pc.port_where = {"floe.yaml", 20, 12};
  floe::Diagnostics d;
  std::string text = "apiVersion: v3.1.0\nkind: DataContract\nid: c\nversion: 1.0.0\nstatus: active\n" + body;
  bool loaded = floe::load_contract_text(text, pc.file, pc.contract, d);
  for (const auto& x : d.items()) UNSCOPED_INFO(floe::format_diagnostic(x));
  REQUIRE(loaded);
  return pc;
}

const char* kGood = R"(schema:
  - name: customers
    physicalName: gold_customers
    properties:
      - {name: customer_id, logicalType: integer, required: true, primaryKey: true}
      - {name: lifetime_value, logicalType: number}
      - {name: segment, logicalType: string}
)";

floe::ContractPolicy strict() {
  floe::ContractPolicy p;
  p.level = floe::EnforcementLevel::strict;
  return p;
}

floe::ContractCheckResult check(const floe::PortContract& pc, const floe::ContractPolicy& policy = strict(),
                                const floe::CatalogTypes& catalog = {}) {
  return floe::check_port_contracts({pc}, project(), catalog, policy);
}

}  // namespace

TEST_CASE("a contract the model keeps passes with every column checked", "[contract-checks]") {
  auto r = check(port(kGood));
  CHECK(r.passed);
  CHECK(r.findings.empty());
  CHECK(r.properties == 3);
}

TEST_CASE("a contract naming a missing model is K101 at the contract, the port related", "[contract-checks][bad-input]") {
  auto r = check(port("schema:\n  - name: customers\n    physicalName: gold_customer\n    properties: [{name: customer_id}]\n",
                      "gold_customer"));
  CHECK_FALSE(r.passed);
  REQUIRE(r.findings.items().size() == 1);
  const auto& d = r.findings.items()[0];
  CHECK(d.code == floe::codes::K101);
  CHECK(d.severity == floe::Severity::error);
  CHECK(d.where.file == "contracts/customers.odcs.yaml");
  CHECK(d.where.line == 7);
  CHECK(d.hint == "did you mean 'gold_customers'?");
  REQUIRE(d.related.size() == 1);
  CHECK(d.related[0].where.file == "floe.yaml");
  CHECK(d.related[0].where.line == 20);
}

TEST_CASE("a contract column the model lacks is K102 with the model's YAML as related place", "[contract-checks][bad-input]") {
  auto r = check(port("schema:\n  - name: customers\n    physicalName: gold_customers\n    properties:\n"
                      "      - {name: customer_id}\n      - {name: emai}\n"));
  CHECK_FALSE(r.passed);
  REQUIRE(r.findings.items().size() == 1);
  const auto& d = r.findings.items()[0];
  CHECK(d.code == floe::codes::K102);
  CHECK(d.where.line == 11);
  CHECK(d.hint == "did you mean 'email'?");
  REQUIRE(d.related.size() == 1);
  CHECK(d.related[0].where.file == "models/gold/gold.yml");
  CHECK(d.related[0].where.line == 3);
}

TEST_CASE("types, tests and primary keys are held to the contract", "[contract-checks]") {
  auto r = check(port("schema:\n  - name: customers\n    physicalName: gold_customers\n    properties:\n"
                      "      - {name: customer_id, logicalType: string}\n"
                      "      - {name: lifetime_value, logicalType: integer, required: true}\n"
                      "      - {name: email, logicalType: string, primaryKey: true}\n"));
  CHECK_FALSE(r.passed);
  std::vector<std::string> codes;
  for (const auto& d : r.findings.items()) codes.push_back(d.code);
  CHECK(codes == std::vector<std::string>{floe::codes::K103, floe::codes::K103, floe::codes::K104, floe::codes::K105});
  const auto& narrowed = r.findings.items()[1];
  CHECK(narrowed.message == "contract column 'lifetime_value' promises integer but model 'gold_customers' has double (number)");
  REQUIRE(narrowed.related.size() == 1);
  CHECK(narrowed.related[0].where.line == 12);  // the column's line in gold.yml
  CHECK(r.findings.items()[3].message ==
        "contract column 'email' is a primary key, but model 'gold_customers' lacks unique on it");
}

TEST_CASE("catalog.json types stand in for undeclared data_type", "[contract-checks]") {
  floe::CatalogTypes catalog{{"gold_customers", {{"segment", "INTEGER"}}}};
  auto r = check(port(kGood), strict(), catalog);
  REQUIRE(r.findings.items().size() == 1);
  CHECK(r.findings.items()[0].code == floe::codes::K103);
  CHECK(r.findings.items()[0].message.find("has INTEGER (integer)") != std::string::npos);
}

TEST_CASE("policy findings follow the enforcement level", "[contract-checks]") {
  auto pc = port("schema:\n  - name: customers\n    physicalName: gold_customers\n    properties:\n"
                 "      - {name: lifetime_value, required: true}\n");
  floe::ContractPolicy warn;
  warn.level = floe::EnforcementLevel::warn;
  auto w = check(pc, warn);
  CHECK(w.passed);
  REQUIRE(w.findings.items().size() == 1);
  CHECK(w.findings.items()[0].severity == floe::Severity::warning);
  floe::ContractPolicy off;
  off.level = floe::EnforcementLevel::off;
  CHECK(check(pc, off).findings.empty());
}

TEST_CASE("PII columns follow the platform's classification and pii_encryption", "[contract-checks]") {
  floe::ContractPolicy policy = strict();
  policy.classification.push_back({"*email*", "pii", {"manifest.yaml", 30, 9}});
  policy.pii_encryption_required = true;
  policy.pii_where = {"manifest.yaml", 12, 3};
  auto r = check(port("schema:\n  - name: customers\n    physicalName: gold_customers\n    properties:\n"
                      "      - {name: email, classification: internal}\n"),
                 policy);
  REQUIRE(r.findings.items().size() == 2);
  CHECK(r.findings.items()[0].code == floe::codes::K106);
  CHECK(r.findings.items()[0].message ==
        "contract column 'email' is classified 'internal', but the platform classifies it pii (pattern '*email*')");
  CHECK(r.findings.items()[0].related.back().where.line == 30);
  CHECK(r.findings.items()[1].message ==
        "contract column 'email' publishes PII unencrypted, but the platform requires pii_encryption");
  auto encrypted = check(port("schema:\n  - name: customers\n    physicalName: gold_customers\n    properties:\n"
                              "      - {name: email, classification: pii, encryptedName: email_sha256}\n"),
                         policy);
  CHECK(encrypted.findings.empty());
}

TEST_CASE("SLAs beyond the platform's limits are K107 naming the limit", "[contract-checks]") {
  floe::ContractPolicy policy = strict();
  policy.min_freshness = "PT1H";
  policy.min_freshness_seconds = 3600;
  policy.min_freshness_where = {"manifest.yaml", 40, 20};
  policy.max_availability = 99.5;
  auto r = check(port(std::string(kGood) + "slaProperties:\n  - {property: latency, value: 30, unit: m}\n"
                                            "  - {property: availability, value: '99.99%'}\n  - {property: freshness, value: PT2H}\n"),
                 policy);
  REQUIRE(r.findings.items().size() == 2);
  CHECK(r.findings.items()[0].code == floe::codes::K107);
  CHECK(r.findings.items()[0].message ==
        "the contract promises latency 30 m but the platform allows no fresher promise than PT1H");
  CHECK(r.findings.items()[0].related[0].where.line == 40);
  CHECK(r.findings.items()[1].message == "the contract promises availability 99.99% but the platform offers at most 99.5%");
}

TEST_CASE("a model with no known columns is a note, not a guess", "[contract-checks]") {
  auto p = project();
  p.models[0].columns.clear();
  auto r = floe::check_port_contracts({port(kGood)}, p, {}, strict());
  CHECK(r.passed);
  REQUIRE(r.findings.items().size() == 1);
  CHECK(r.findings.items()[0].code == floe::codes::K109);
  CHECK(r.findings.items()[0].severity == floe::Severity::note);
}

TEST_CASE("findings carry the model's YAML as related location in JSON and SARIF", "[contract-checks]") {
  auto r = check(port("schema:\n  - name: customers\n    physicalName: gold_customers\n    properties:\n"
                      "      - {name: lifetime_value, logicalType: integer}\n"));
  REQUIRE(r.findings.items().size() == 1);
  auto json = floe::diagnostic_to_json(r.findings.items()[0]);
  CHECK(json.at("related").at(0).at("file") == "models/gold/gold.yml");
  CHECK(json.at("related").at(0).at("line") == 12);
  CHECK(floe::diagnostic_from_json(json.as_object()).related.size() == 1);
  const std::string sarif_text = floe::diagnostics_to_sarif_text(r.findings, ".", "0.1.0");
  auto sarif = boost::json::parse(sarif_text);
  CHECK(boost::json::serialize(sarif) == sarif_text);  // compact, related locations included
  CHECK(floe::test::sarif_schema_problems(sarif_text) == "");  // the official SARIF 2.1.0 schema
  const auto& result = sarif.at("runs").at(0).at("results").at(0);
  CHECK(result.at("ruleId") == "FLOE-K103");
  CHECK(result.at("locations").at(0).at("physicalLocation").at("artifactLocation").at("uri") ==
        "contracts/customers.odcs.yaml");
  const auto& related = result.at("relatedLocations").at(0);
  CHECK(related.at("physicalLocation").at("artifactLocation").at("uri") == "models/gold/gold.yml");
  CHECK(related.at("physicalLocation").at("region").at("startLine") == 12);
  CHECK(related.at("message").at("text") == "column 'lifetime_value' of model 'gold_customers'");
  CHECK(floe::format_diagnostic(r.findings.items()[0]).find(
            "\n    see:      models/gold/gold.yml:12:11: column 'lifetime_value' of model 'gold_customers'") != std::string::npos);
}
