// Schema diagnostics (FLOE-C1xx) of manifest.yaml, and the kind/version gate (C003).
#include "config_test_support.hpp"
#include "fixtures.hpp"

using namespace floe::test;

namespace {
const std::string kMinimal = "apiVersion: floe.dev/v1\nkind: Manifest\nmetadata:\n  name: acme\n  version: 1.0.0\n  owner: me\n";
}

TEST_CASE("complete manifests load without any diagnostic", "[manifest]") {
  for (const char* text : {kEnterpriseManifest, kDomainManifest}) {
    auto l = manifest(text);
    INFO(l.dump());
    CHECK(l.ok);
    CHECK(l.diags.empty());
  }
  auto minimal = manifest(kMinimal);
  CHECK(minimal.ok);
  CHECK(minimal.diags.empty());
  // Defaults are not applied: resolution must know what a tier set explicitly.
  CHECK_FALSE(minimal.doc.root.as_object().contains("data_architecture"));
}

TEST_CASE("C101: a misspelt key is reported at the key with a did-you-mean", "[manifest]") {
  auto l = manifest(edit(kMinimal, "  version: 1.0.0", "  verison: 1.0.0"));
  CHECK_FALSE(l.ok);
  auto d = l.one("FLOE-C101");
  CHECK(where(d) == "manifest.yaml:5:3");
  CHECK(d.message == "unknown key 'verison' in 'metadata'");
  CHECK(d.hint == "did you mean 'version'?");
  CHECK(d.subject == "metadata.verison");
  CHECK(d.expected == "one of name, version, owner, description, labels, scope");
  // ... and the key it should have been is missing.
  auto missing = l.one("FLOE-C102");
  CHECK(missing.subject == "metadata.version");
}

TEST_CASE("C101 at 4:3 for the first key of metadata", "[manifest]") {
  auto l = manifest("apiVersion: floe.dev/v1\nkind: Manifest\nmetadata:\n  verison: 1.2.3\n  name: acme\n  owner: me\n");
  auto d = l.one("FLOE-C101");
  CHECK(where(d) == "manifest.yaml:4:3");
  CHECK(d.hint == "did you mean 'version'?");
}

TEST_CASE("C101 without a plausible match suggests checking indentation", "[manifest]") {
  auto l = manifest(kMinimal + "zzzzzz: 1\n");
  auto d = l.one("FLOE-C101");
  CHECK(where(d) == "manifest.yaml:7:1");
  CHECK(d.message == "unknown key 'zzzzzz' at the top level");
  CHECK(d.hint == "remove it, or check its indentation");
}

TEST_CASE("C102: a missing required key points at the mapping that lacks it", "[manifest]") {
  auto l = manifest(edit(kMinimal, "  version: 1.0.0\n", ""));
  auto d = l.one("FLOE-C102");
  CHECK(where(d) == "manifest.yaml:3:1");
  CHECK(d.message == "missing required key 'version' in 'metadata'");
  CHECK(d.hint == "add 'version:' under 'metadata'");
  // The seeds never set an owner: it is optional (kept when given).
  CHECK(manifest(edit(kMinimal, "  owner: me\n", "")).diags.empty());
  auto top = manifest("apiVersion: floe.dev/v1\nkind: Manifest\n");
  auto m = top.one("FLOE-C102");
  CHECK(where(m) == "manifest.yaml:1:1");
  CHECK(m.message == "missing required key 'metadata' at the top level");
}

TEST_CASE("C103: wrong types name what was expected and found", "[manifest]") {
  auto l = manifest(edit(kMinimal, "version: 1.0.0", "version: 1.0"));
  auto d = l.one("FLOE-C103");
  CHECK(where(d) == "manifest.yaml:5:12");
  CHECK(d.message == "'metadata.version' has the wrong type: expected string, got number");
  CHECK(d.hint == "YAML read this as a number; put the value in quotes to make it a string");
  auto registry = manifest(kMinimal + "artifacts:\n  registry: 5\n");
  auto r = registry.one("FLOE-C103");
  CHECK(r.message == "'artifacts.registry' has the wrong type: expected string or object, got integer");
  CHECK(where(r) == "manifest.yaml:8:13");
}

TEST_CASE("C104: a value outside the allowed set lists it and suggests the closest", "[manifest]") {
  auto l = manifest(kMinimal + "governance:\n  pii_encryption: requried\n");
  auto d = l.one("FLOE-C104");
  CHECK(where(d) == "manifest.yaml:8:19");
  CHECK(d.message == "'governance.pii_encryption' does not allow \"requried\"");
  CHECK(d.expected == "one of \"required\", \"optional\"");
  CHECK(d.hint == "did you mean 'required'?");
}

TEST_CASE("C104: custom rules are told apart by type", "[manifest]") {
  auto l = manifest(kMinimal + "governance:\n  custom_rules:\n    - {type: require_meta_feld, field: owner}\n");
  auto d = l.one("FLOE-C104");
  CHECK(d.subject == "governance.custom_rules[0].type");
  CHECK(d.hint == "did you mean 'require_meta_field'?");
  CHECK(d.expected ==
        "one of \"require_tags_for_prefix\", \"require_meta_field\", \"require_tests_of_type\", \"forbid_materialization\"");
  CHECK(l.diags.items().size() == 1);
  // With the right type, only that rule's keys are checked.
  auto missing = manifest(kMinimal + "governance:\n  custom_rules:\n    - {type: require_tests_of_type}\n");
  auto m = missing.one("FLOE-C102");
  CHECK(m.subject == "governance.custom_rules[0].test_types");
  CHECK(missing.diags.items().size() == 1);
}

TEST_CASE("C105: pattern mismatches say what the value should look like", "[manifest]") {
  auto l = manifest(edit(kMinimal, "version: 1.0.0", "version: \"1.0\""));
  auto d = l.one("FLOE-C105");
  CHECK(d.message == "'metadata.version' is \"1.0\", which is not a semantic version such as 1.2.3");
  CHECK(where(d) == "manifest.yaml:5:12");
  auto name = manifest(edit(kMinimal, "name: acme", "name: Acme_Platform"));
  CHECK(name.one("FLOE-C105").expected == "a lower-case DNS label (a-z, 0-9, '-', at most 63 characters)");
}

// Names are at most 63 characters: a maxLength beside an unbounded pattern
// (a counted repetition such as {0,61} costs RE2 ~60 us to compile, per run).
TEST_CASE("C106: names longer than 63 characters, a DNS label and a product name", "[manifest]") {
  const std::string name63(63, 'a');
  CHECK(manifest(edit(kMinimal, "name: acme", "name: " + name63)).diags.empty());
  auto l = manifest(edit(kMinimal, "name: acme", "name: " + name63 + "a"));
  auto d = l.one("FLOE-C106");
  CHECK(d.message == "'metadata.name': must be at most 63 characters long");
  CHECK(where(d) == "manifest.yaml:4:9");
  CHECK(l.diags.items().size() == 1);
  // A DNS label still ends in a letter or digit, whatever its length.
  CHECK(manifest(edit(kMinimal, "name: acme", "name: acme-")).one("FLOE-C105").subject == "metadata.name");
  const std::string domain = "apiVersion: floe.dev/v1\nkind: Manifest\nmetadata: {name: sales, version: 1.0.0, owner: me, "
                             "scope: domain, parent_manifest: oci://r/e:1.0.0}\napproved_products: [";
  CHECK(manifest(domain + name63 + "]\n").with("FLOE-C106").empty());
  CHECK(manifest(domain + name63 + "a]\n").one("FLOE-C106").subject == "approved_products[0]");
}

TEST_CASE("C106: numbers out of range", "[manifest]") {
  auto l = manifest(kMinimal + "governance:\n  quality_gates:\n    minimum_test_coverage: 120\n  data_retention_days: 0\n");
  auto found = l.with("FLOE-C106");
  REQUIRE(found.size() == 2);
  CHECK(found[0].message == "'governance.quality_gates.minimum_test_coverage': 120 is above the maximum 100");
  CHECK(where(found[0]) == "manifest.yaml:9:28");
  CHECK(found[0].expected == "<= 100");
  CHECK(found[1].message == "'governance.data_retention_days': 0 is below the minimum 1");
}

TEST_CASE("C107: too few items and duplicates", "[manifest]") {
  auto l = manifest(kMinimal + "data_architecture:\n  layers: [bronze, silver, bronze]\n  naming:\n    custom_patterns: []\n");
  auto found = l.with("FLOE-C107");
  REQUIRE(found.size() == 2);
  CHECK(found[0].message == "'data_architecture.layers[2]': \"bronze\" is a duplicate of item [0]");
  CHECK(where(found[0]) == "manifest.yaml:8:28");
  CHECK(found[0].hint == "remove the duplicate");
  CHECK(found[1].message == "'data_architecture.naming.custom_patterns': must have at least 1 items");
}

TEST_CASE("secret references: a misspelt reference kind gets a did-you-mean", "[manifest]") {
  auto l = manifest(kMinimal + "plugins:\n  compute:\n    type: duckdb\n    secrets:\n      password: {secret_rf: pw}\n");
  auto d = l.one("FLOE-C101");
  CHECK(d.subject == "plugins.compute.secrets.password.secret_rf");
  CHECK(d.hint == "did you mean 'secret_ref'?");
  CHECK(where(d) == "manifest.yaml:11:18");
  CHECK(l.diags.items().size() == 1);
  auto literal = manifest(kMinimal + "plugins:\n  compute:\n    type: duckdb\n    secrets:\n      password: hunter2\n");
  auto t = literal.one("FLOE-C103");
  CHECK(t.message == "'plugins.compute.secrets.password' has the wrong type: expected object, got string");
  CHECK(literal.dump().find("hunter2") == std::string::npos);
}

TEST_CASE("C003: the wrong kind stops loading, the wrong apiVersion does not", "[manifest]") {
  auto l = manifest(kFullProduct);
  REQUIRE(l.diags.items().size() == 1);
  auto d = l.one("FLOE-C003");
  CHECK(where(d) == "manifest.yaml:2:7");
  CHECK(d.message == "kind 'DataProduct' is not accepted here: expected a platform manifest (manifest.yaml)");
  CHECK(d.expected == "kind: Manifest");
  CHECK(d.hint == "this file is a data product (floe.yaml); give it where that is expected");
  auto v = manifest(edit(kMinimal + "scope: globl\n", "floe.dev/v1", "floe.dev/v2"));
  auto c003 = v.one("FLOE-C003");
  CHECK(c003.message == "apiVersion \"floe.dev/v2\" is not supported");
  CHECK(c003.expected == "apiVersion: floe.dev/v1");
  CHECK(v.with("FLOE-C104").size() == 1);  // scope still checked, apiVersion not reported twice
}

TEST_CASE("a document that is not a mapping is C103", "[manifest]") {
  auto l = manifest("- a\n- b\n");
  auto d = l.one("FLOE-C103");
  CHECK(d.message == "the document must be a mapping of keys, got a list");
}

TEST_CASE("all problems are reported in one run, in file order", "[manifest]") {
  auto l = manifest(
      "apiVersion: floe.dev/v1\nkind: Manifest\nmetadata:\n  name: acme\n  verison: 1.0.0\n  owner: me\n"
      "scope: globl\ngovernance:\n  audit_logging: on\n  data_retention_days: -1\nplugins:\n  compte: {type: duckdb}\n");
  CHECK_FALSE(l.ok);
  std::vector<std::string> codes;
  for (const auto& d : l.diags.items()) codes.push_back(d.code + "@" + std::to_string(d.where.line));
  CHECK(codes == std::vector<std::string>{"FLOE-C102@3", "FLOE-C101@5", "FLOE-C104@7", "FLOE-C104@9", "FLOE-C106@10",
                                          "FLOE-C101@12"});
  CHECK(l.with("FLOE-C101")[1].hint == "did you mean 'compute'?");
}
