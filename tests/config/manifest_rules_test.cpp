// The manifest rules a schema cannot express (FLOE-C201..C214).
#include "config_test_support.hpp"
#include "fixtures.hpp"

#include <algorithm>
#include <string>
#include <vector>

using namespace floe::test;

namespace {
const std::string kHead = "apiVersion: floe.dev/v1\nkind: Manifest\nmetadata:\n  name: acme\n  version: 1.0.0\n  owner: me\n";
}

TEST_CASE("C201: parent_manifest outside a domain", "[manifest-rules]") {
  auto l = manifest(kHead + "scope: enterprise\nparent_manifest: ../x/manifest.yaml\n");
  auto d = l.one("FLOE-C201");
  CHECK(where(d) == "manifest.yaml:8:1");
  CHECK(d.message == "'parent_manifest' is only allowed in a domain manifest, but scope is 'enterprise'");
  CHECK(d.hint == "remove parent_manifest, or set scope: domain");
  auto two_tier = manifest(kHead + "parent_manifest: ../x/manifest.yaml\n");
  CHECK(two_tier.one("FLOE-C201").message ==
        "'parent_manifest' is only allowed in a domain manifest, but scope is absent (a 2-tier platform)");
}

TEST_CASE("C202: a domain without parent_manifest", "[manifest-rules]") {
  auto l = manifest(kHead + "scope: domain\n");
  auto d = l.one("FLOE-C202");
  CHECK(where(d) == "manifest.yaml:7:8");
  CHECK(d.subject == "parent_manifest");
  CHECK(d.message == "a domain manifest needs 'parent_manifest' (the enterprise manifest it inherits from)");
}

TEST_CASE("C203 and C204: approved lists in the wrong tier", "[manifest-rules]") {
  auto l = manifest(kHead + "scope: domain\nparent_manifest: ../e.yaml\napproved_plugins:\n  compute: [duckdb]\n");
  auto d = l.one("FLOE-C203");
  CHECK(where(d) == "manifest.yaml:9:1");
  CHECK(d.message == "'approved_plugins' is only allowed in an enterprise manifest, but scope is 'domain'");
  auto p = manifest(kHead + "scope: enterprise\napproved_products: [customer-360]\n");
  auto c204 = p.one("FLOE-C204");
  CHECK(where(c204) == "manifest.yaml:8:1");
  CHECK(c204.hint == "remove approved_products, or set scope: domain");
}

TEST_CASE("C205: secret values in plugin config and observability are refused, never printed", "[manifest-rules]") {
  auto l = manifest(kHead +
                    "plugins:\n  catalog:\n    type: polaris\n    config:\n      uri: http://polaris:8181\n"
                    "      oauth2: {client_id: floe, client_secret: s3cr3t-VALUE}\n"
                    "      db-password: hunter2-VALUE\n"
                    "      token_url: http://auth/token\n"
                    "observability:\n  traces:\n    endpoint: http://otel:4317\n    api_key: abc-VALUE\n");
  auto found = l.with("FLOE-C205");
  REQUIRE(found.size() == 3);
  CHECK(found[0].subject == "plugins.catalog.config.oauth2.client_secret");
  CHECK(where(found[0]) == "manifest.yaml:12:48");
  CHECK(found[0].message ==
        "'plugins.catalog.config.oauth2.client_secret' holds a secret value; use a secret reference (the value is not shown)");
  CHECK(found[0].hint.find("plugins.catalog.secrets.<name>: {secret_ref:") != std::string::npos);
  CHECK(found[1].subject == "plugins.catalog.config.db-password");
  CHECK(found[2].subject == "observability.traces.api_key");
  std::string all = l.dump();
  for (const auto& d : l.diags.items()) all += d.actual + d.expected;
  CHECK(all.find("VALUE") == std::string::npos);
}

TEST_CASE("C205: Iceberg's credential, pass and everything but identities inside a credentials map", "[manifest-rules]") {
  auto l = manifest(kHead +
                    "plugins:\n  catalog:\n    type: rest\n    config:\n      uri: http://catalog:8181\n"
                    "      credential: \"client:s3cr3t-VALUE\"\n"
                    "      credentials: {user: analyst, pass: x-VALUE, key: k-VALUE, keyfile: /etc/key.json}\n"
                    "      token_endpoint: http://auth/token\n");
  auto found = l.with("FLOE-C205");
  std::vector<std::string> subjects;
  for (const auto& d : found) subjects.push_back(d.subject);
  std::sort(subjects.begin(), subjects.end());
  CHECK(subjects == std::vector<std::string>{"plugins.catalog.config.credential", "plugins.catalog.config.credentials.key",
                                             "plugins.catalog.config.credentials.pass"});
  std::string all = l.dump();
  for (const auto& d : l.diags.items()) all += d.actual + d.expected + d.message;
  CHECK(all.find("VALUE") == std::string::npos);
}

TEST_CASE("C206: custom naming patterns must compile on RE2, backreferences and lookaround are named",
          "[manifest-rules]") {
  // ^([a-z]+_?)+$ was refused as catastrophic under std::regex; RE2 runs it in linear time.
  auto l = manifest(kHead + "data_architecture:\n  pattern: custom\n  naming:\n    custom_patterns:\n"
                            "      - \"^gold_[a-z]+$\"\n      - \"^(raw|stg\"\n      - \"^([a-z]+_?)+$\"\n"
                            "      - \"^(a)_\\\\1$\"\n      - \"^(?!tmp_)[a-z_]+$\"\n");
  auto found = l.with("FLOE-C206");
  REQUIRE(found.size() == 3);
  CHECK(where(found[0]) == "manifest.yaml:12:9");
  CHECK(found[0].message.rfind("custom naming pattern 2: not a valid regular expression (RE2 syntax): ", 0) == 0);
  CHECK(where(found[1]) == "manifest.yaml:14:9");
  CHECK(found[1].message.rfind("custom naming pattern 4: not supported: it uses a backreference (\\1)", 0) == 0);
  CHECK(found[2].message.rfind("custom naming pattern 5: not supported: it uses a negative lookahead ((?!...))", 0) ==
        0);
  CHECK(found[2].expected.find("RE2") != std::string::npos);
}

TEST_CASE("C207: pattern custom without custom_patterns", "[manifest-rules]") {
  auto l = manifest(kHead + "data_architecture:\n  pattern: custom\n");
  auto d = l.one("FLOE-C207");
  CHECK(where(d) == "manifest.yaml:8:12");
  CHECK(d.subject == "data_architecture.naming.custom_patterns");
  auto empty = manifest(kHead + "data_architecture:\n  pattern: custom\n  naming: {custom_patterns: []}\n");
  CHECK(empty.with("FLOE-C207").size() == 1);
  CHECK(empty.with("FLOE-C107").empty());  // said once
}

TEST_CASE("C208: observability endpoints must be http(s)", "[manifest-rules]") {
  auto l = manifest(kHead + "observability:\n  traces: {endpoint: \"otel-collector:4317\"}\n  lineage: {endpoint: \"https://m:5000\"}\n");
  auto d = l.one("FLOE-C208");
  CHECK(where(d) == "manifest.yaml:8:22");
  CHECK(d.message == "'observability.traces.endpoint' is not an http:// or https:// URL");
}

TEST_CASE("C209 and C214: policy overrides need a real date and a reason", "[manifest-rules]") {
  auto l = manifest(kHead + "governance:\n  policy_overrides:\n"
                            "    - {pattern: \"legacy_*\", action: exclude, expires: 2027-02-30}\n"
                            "    - {pattern: \"old_*\", action: downgrade, reason: \"  \", expires: 2027-13-01}\n");
  auto c209 = l.with("FLOE-C209");
  REQUIRE(c209.size() == 2);
  CHECK(where(c209[0]) == "manifest.yaml:9:55");
  CHECK(c209[0].message == "'governance.policy_overrides[0].expires' is \"2027-02-30\", which is not a valid date");
  auto c214 = l.with("FLOE-C214");
  REQUIRE(c214.size() == 2);
  CHECK(c214[0].message == "policy override 1 ('legacy_*') has no reason");
  CHECK(where(c214[0]) == "manifest.yaml:9:7");
  CHECK(c214[1].subject == "governance.policy_overrides[1].reason");
  CHECK(l.with("FLOE-C102").empty());  // the missing reason is said once
  CHECK(l.with("FLOE-C105").empty());  // 2027-13-01 has the date shape; C209 says why it is wrong
}

TEST_CASE("C210: retention bounds upside down", "[manifest-rules]") {
  auto l = manifest(kHead + "governance:\n  data_retention_bounds: {min_days: 400, max_days: 30}\n");
  auto d = l.one("FLOE-C210");
  CHECK(d.message == "data_retention_bounds.min_days (400) is greater than max_days (30)");
  CHECK(where(d) == "manifest.yaml:8:37");
}

TEST_CASE("C212: environment-specific keys", "[manifest-rules]") {
  auto l = manifest(kHead + "env_overrides:\n  prod: {}\nstaging: {}\n");
  auto found = l.with("FLOE-C212");
  REQUIRE(found.size() == 2);
  CHECK(where(found[0]) == "manifest.yaml:7:1");
  CHECK(found[0].message == "environment-specific key 'env_overrides' is not allowed: manifests are environment-agnostic");
  CHECK(l.with("FLOE-C101").empty());
}

TEST_CASE("C213: unknown approved_plugins category and plugins listed twice", "[manifest-rules]") {
  auto l = manifest(kHead + "scope: enterprise\napproved_plugins:\n  computee: [duckdb]\n  catalog: [polaris, glue, polaris]\n");
  auto found = l.with("FLOE-C213");
  REQUIRE(found.size() == 2);
  CHECK(where(found[0]) == "manifest.yaml:9:3");
  CHECK(found[0].message == "unknown plugin category 'computee' in approved_plugins");
  CHECK(found[0].hint == "did you mean 'compute'?");
  CHECK(found[1].message == "plugin 'polaris' is listed twice in approved_plugins.catalog");
  CHECK(where(found[1]) == "manifest.yaml:10:28");
  CHECK(l.diags.items().size() == 2);
}

TEST_CASE("reserved manifest names", "[manifest-rules]") {
  auto l = manifest(edit(kHead, "name: acme", "name: admin"));
  auto d = l.one("FLOE-C104");
  CHECK(d.message == "'admin' is a reserved manifest name");
}
