// Resolution internals: merged values keep their provenance; each
// inheritance rule reports its exact diagnostic at the offending line.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "compile/platform_compile.hpp"
#include "resolve/resolver.hpp"
#include "temp_dir.hpp"

using namespace floe;
using floe::test::TempDir;
using floe::test::write_file;

namespace {

const char* kEnterprise = R"(apiVersion: floe.dev/v1
kind: Manifest
metadata:
  name: acme
  version: 1.0.0
  owner: platform@acme.com
scope: enterprise
approved_plugins:
  compute: [duckdb, snowflake]
plugins:
  compute:
    type: duckdb
observability:
  traces:
    endpoint: http://otel-collector:4317
governance:
  pii_encryption: required
  data_retention_days: 90
  data_retention_bounds:
    min_days: 30
    max_days: 365
  quality_gates:
    minimum_test_coverage: 80
    block_on_failure: true
  custom_rules:
    - type: require_tags_for_prefix
      prefix: gold_
      required_tags: [certified]
)";

std::string domain(const std::string& extra) {
  return R"(apiVersion: floe.dev/v1
kind: Manifest
metadata:
  name: sales
  version: 2.0.0
  owner: sales@acme.com
scope: domain
parent_manifest: ../enterprise.yaml
approved_products: [customer-360]
)" + extra;
}

struct Fixture {
  TempDir dir;
  Diagnostics diags;
  ResolvedPlatform platform;
  bool ok = false;
  explicit Fixture(const std::string& domain_extra) {
    write_file(dir.path() / "enterprise.yaml", kEnterprise);
    write_file(dir.path() / "domains" / "sales.yaml", domain(domain_extra));
    ok = resolve_platform((dir.path() / "domains" / "sales.yaml").string(), ".", {}, {}, platform, diags);
  }
  const Diagnostic* find(const std::string& code) const {
    for (const auto& d : diags.items())
      if (d.code == code) return &d;
    return nullptr;
  }
};

}  // namespace

TEST_CASE("3-tier values keep the tier and line that set them", "[resolve]") {
  Fixture f("plugins:\n  compute:\n    type: snowflake\ngovernance:\n  data_retention_days: 120\n");
  INFO((f.diags.items().empty() ? std::string() : format_diagnostic(f.diags.items().front())));
  REQUIRE(f.ok);
  REQUIRE(f.platform.chain.size() == 2);
  CHECK(f.platform.leaf_kind == TierKind::domain);
  CHECK(f.platform.values.at("plugins").at("compute").at("type") == "snowflake");
  const Provenance* compute = f.platform.origin_of("plugins.compute.type");
  REQUIRE(compute);
  CHECK(compute->tier == "domain");
  CHECK(compute->where.line == 12);
  CHECK(compute->where.column == 11);
  const Provenance* pii = f.platform.origin_of("governance.pii_encryption");
  REQUIRE(pii);
  CHECK(pii->tier == "enterprise");
  CHECK(pii->where.line == 17);
  CHECK(f.platform.origin_of("governance.data_retention_days")->tier == "domain");
  CHECK(f.platform.origin_of("data_architecture.pattern")->tier == "default");
  CHECK(f.platform.policy.gates.minimum_test_coverage == 80);
}

TEST_CASE("retention outside the enterprise bounds: FLOE-I408", "[resolve]") {
  Fixture f("governance:\n  data_retention_days: 400\n");
  CHECK_FALSE(f.ok);
  const Diagnostic* d = f.find("FLOE-I408");
  REQUIRE(d);
  CHECK(d->message == "domain 'sales' sets governance.data_retention_days to 400 days, outside the enterprise bounds");
  CHECK(d->where.line == 11);
  CHECK(d->where.column == 24);
  CHECK(d->expected.find("30 to 365 days") == 0);
}

TEST_CASE("lowering a quality gate: FLOE-I407 with the parent's location", "[resolve]") {
  Fixture f("governance:\n  quality_gates:\n    minimum_test_coverage: 60\n    block_on_failure: false\n");
  CHECK_FALSE(f.ok);
  const Diagnostic* d = f.find("FLOE-I407");
  REQUIRE(d);
  CHECK(d->message == "domain 'sales' cannot lower governance.quality_gates.minimum_test_coverage from 80 to 60");
  CHECK(d->where.line == 12);
  CHECK(d->expected.find(">= 80 (set by enterprise (") == 0);
  CHECK(d->expected.find("enterprise.yaml:23:28") != std::string::npos);
  std::size_t i407 = 0;
  for (const auto& x : f.diags.items()) i407 += x.code == "FLOE-I407";
  CHECK(i407 == 2);  // block_on_failure true -> false as well
}

TEST_CASE("a domain may add custom rules but the enterprise's stay first", "[resolve]") {
  Fixture f("governance:\n  custom_rules:\n    - type: require_meta_field\n      field: owner\n");
  REQUIRE(f.ok);
  const auto& rules = f.platform.values.at("governance").at("custom_rules").as_array();
  REQUIRE(rules.size() == 2);
  CHECK(rules[0].at("type") == "require_tags_for_prefix");
  CHECK(rules[1].at("type") == "require_meta_field");
  CHECK(f.platform.origin_of("governance.custom_rules[1].field")->tier == "domain");
  CHECK(f.platform.origin_of("governance.custom_rules[0].prefix")->tier == "enterprise");
  REQUIRE(f.platform.policy.custom_rules.size() == 2);
}

TEST_CASE("observability set by the enterprise cannot be changed: FLOE-I405", "[resolve]") {
  Fixture f("observability:\n  traces:\n    endpoint: http://other-collector:4317\n");
  const Diagnostic* d = f.find("FLOE-I405");
  REQUIRE(d);
  CHECK(d->message.find("domain 'sales' cannot change observability.traces.endpoint") == 0);
}

TEST_CASE("FLOE-I405: a domain cannot declare landing roots, also when the enterprise declares none", "[resolve]") {
  Fixture f("ingestion:\n  landing_roots: [/data/landing]\n");
  CHECK_FALSE(f.ok);
  const Diagnostic* d = f.find("FLOE-I405");
  REQUIRE(d);
  CHECK(d->message == "domain 'sales' cannot set ingestion");
  CHECK(d->subject == "ingestion");
}

TEST_CASE("an enterprise manifest is never a product's platform: FLOE-I410", "[resolve]") {
  TempDir dir;
  write_file(dir.path() / "enterprise.yaml", kEnterprise);
  Diagnostics diags;
  ResolvedPlatform p;
  REQUIRE(resolve_platform((dir.path() / "enterprise.yaml").string(), ".", {}, {}, p, diags));
  CHECK_FALSE(check_product_admission(p, "customer-360", {"floe.yaml", 4, 9}, diags));
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].code == "FLOE-I410");
  CHECK(diags.items()[0].where.line == 4);
}

TEST_CASE("a compiled platform keeps values and provenance through manifest.json", "[resolve]") {
  Fixture f("");
  REQUIRE(f.ok);
  TempDir out;
  auto files = platform_artifact_files(f.platform, "2026-01-01T00:00:00Z");
  REQUIRE(write_directory_atomically((out.path() / "sales").string(), files));
  Diagnostics diags;
  ResolvedPlatform again;
  REQUIRE(resolve_platform((out.path() / "sales").string(), ".", {}, {}, again, diags));
  CHECK(again.values == f.platform.values);
  CHECK(again.chain.size() == 2);
  CHECK(again.leaf_kind == TierKind::domain);
  const Provenance* pii = again.origin_of("governance.pii_encryption");
  REQUIRE(pii);
  CHECK(pii->tier == "enterprise");
  CHECK(pii->where.line == 17);
}
