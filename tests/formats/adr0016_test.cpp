// ADR-0016 ("Platform Enforcement Architecture"), section "Configuration
// Model" and "Compile-Time Enforcement": the seed's manifest.yaml and
// floe.yaml as printed (tests/fixtures/seeds/adr-0016), and the compile
// output the ADR shows for a model that breaks the naming convention.
#include <boost/json.hpp>

#include <catch2/catch.hpp>

#include "format_test_support.hpp"

using namespace floe::test;

TEST_CASE("ADR-0016: the platform manifest as printed compiles, metadata.scope read as scope", "[adr-0016]") {
  TempDir tmp;
  auto dir = copy_fixture("seeds/adr-0016", tmp);
  auto r = floe_in(dir, {"platform", "compile", "manifest.yaml"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(lines_with(r.err, "error").empty());
  auto notes = lines_with(r.err, "note FLOE-C090");
  REQUIRE(notes.size() == 1);
  CHECK(contains(notes[0], "manifest.yaml:9:3: note FLOE-C090: 'metadata.scope' (ADR-0016's spelling) was read as the top-level 'scope'"));
}

TEST_CASE("ADR-0016: floe compile prints the seed's enforcement lines and fails on stg_payments", "[adr-0016]") {
  TempDir tmp;
  auto dir = copy_fixture("seeds/adr-0016", tmp);
  // platform.ref names the ADR's registry (registry.acme.com); the same
  // manifest is given locally instead.
  auto r = floe_in(dir, {"compile", "floe.yaml", "--platform", "manifest.yaml"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 4);  // policy violation
  CHECK(contains(r.out, "  ✓ Compute: duckdb\n"));
  CHECK(contains(r.out, "  ✓ Architecture: medallion (strict enforcement)\n"));
  CHECK(contains(r.out, "  ✓ 12 dbt models found in . (read from files)\n"));
  CHECK(contains(r.out, "  ✓ bronze_customers: valid\n"));
  CHECK(contains(r.out, "  ✗ ERROR: 'stg_payments' violates naming convention\n      Expected: bronze_*, silver_*, or gold_* prefix\n"));
  CHECK(lines_with(r.out, ": valid").size() == 11);
  // The seed's floe.yaml: no owner, version "1.0", path: models/ inside the project.
  CHECK(lines_with(r.err, "FLOE-C10").empty());
  CHECK(lines_with(r.err, "FLOE-D001").empty());
  CHECK(!std::filesystem::exists(dir / "target" / "compiled_artifacts.json"));  // nothing half-written
}

TEST_CASE("ADR-0016: with the model renamed the product compiles, version 1.0 becomes 1.0.0 in the artifacts", "[adr-0016]") {
  TempDir tmp;
  auto dir = copy_fixture("seeds/adr-0016", tmp);
  std::filesystem::rename(dir / "models" / "stg_payments.sql", dir / "models" / "bronze_payments.sql");
  std::string schema = read_file(dir / "models" / "schema.yml");
  schema.replace(schema.find("name: stg_payments"), 18, "name: bronze_payments");
  write_file(dir / "models" / "schema.yml", schema);
  auto r = floe_in(dir, {"compile", "floe.yaml", "--platform", "manifest.yaml"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  auto artifacts = boost::json::parse(read_file(dir / "target" / "compiled_artifacts.json"));
  CHECK(artifacts.at("product").at("version") == "1.0.0");
  CHECK(artifacts.at("product").at("owner").is_null());
  const auto& project = artifacts.at("dbt").at("projects").at(0);
  CHECK(project.at("path") == ".");
  CHECK(project.at("select") == boost::json::array{"models"});
  CHECK(project.at("models").as_array().size() == 12);
  // An enterprise manifest used directly (ADR-0016's shape): a warning, not an error.
  CHECK(lines_with(r.err, "warning FLOE-I410").size() == 1);
}

TEST_CASE("ADR-0016: quality_gates with block_on_failure true fail the compile on a model below the gate",
          "[adr-0016]") {
  TempDir tmp;
  auto dir = copy_fixture("seeds/adr-0016", tmp);
  std::filesystem::rename(dir / "models" / "stg_payments.sql", dir / "models" / "bronze_payments.sql");
  std::string schema = read_file(dir / "models" / "schema.yml");
  schema.replace(schema.find("name: stg_payments"), 18, "name: bronze_payments");
  // A gold model whose documented column has no test: 0 % < 80 %.
  write_file(dir / "models" / "gold_refunds.sql", "select 1 as refund_id\n");
  write_file(dir / "models" / "schema.yml", schema + "  - name: gold_refunds\n    description: \"refunds\"\n"
                                                     "    columns:\n      - name: refund_id\n"
                                                     "        description: \"refund id\"\n");
  // The manifest sets no policy_enforcement_level: its own block_on_failure holds.
  auto r = floe_in(dir, {"compile", "floe.yaml", "--platform", "manifest.yaml"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 4);
  CHECK(lines_with(r.err, "error FLOE-E210").size() == 1);
  CHECK(!std::filesystem::exists(dir / "target" / "compiled_artifacts.json"));

  // A warn level the platform sets itself lowers the gate to a warning.
  write_file(dir / "manifest.yaml", read_file(dir / "manifest.yaml") + "  policy_enforcement_level: warn\n");
  auto lowered = floe_in(dir, {"compile", "floe.yaml", "--platform", "manifest.yaml"});
  INFO(lowered.out << lowered.err);
  CHECK(lowered.exit_code == 0);
  CHECK(lines_with(lowered.err, "warning FLOE-E210").size() == 1);
}

TEST_CASE("ADR-0016: metadata.scope and scope given differently is an error naming both", "[adr-0016]") {
  TempDir tmp;
  auto dir = copy_fixture("seeds/adr-0016", tmp);
  std::string text = read_file(dir / "manifest.yaml");
  write_file(dir / "manifest.yaml", text + "scope: domain\n");
  auto r = floe_in(dir, {"platform", "compile", "manifest.yaml"});
  INFO(r.err);
  CHECK(r.exit_code == 3);
  auto errors = lines_with(r.err, "error FLOE-C108");
  REQUIRE(errors.size() == 1);
  CHECK(contains(errors[0], "manifest.yaml:9:10: error FLOE-C108: 'metadata.scope' is \"enterprise\" here but 'scope' is \"domain\" at line 32"));
}

TEST_CASE("transforms[].path: a folder inside the project restricts enforcement, a missing path is an error", "[adr-0016]") {
  TempDir tmp;
  auto dir = copy_fixture("seeds/adr-0016", tmp);
  std::filesystem::create_directories(dir / "models" / "legacy");
  std::filesystem::rename(dir / "models" / "stg_payments.sql", dir / "models" / "legacy" / "stg_payments.sql");
  std::filesystem::create_directories(dir / "models" / "core");
  for (const char* m : {"bronze_customers", "bronze_orders"})
    std::filesystem::rename(dir / "models" / (std::string(m) + ".sql"), dir / "models" / "core" / (std::string(m) + ".sql"));
  std::string product = read_file(dir / "floe.yaml");
  product.replace(product.find("path: models/"), 13, "path: models/core");
  write_file(dir / "floe.yaml", product);
  auto r = floe_in(dir, {"validate", "floe.yaml", "--platform", "manifest.yaml"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);  // stg_payments is outside the selection
  CHECK(contains(r.out, "2 dbt models found in . (read from files, 2 of 12 under models/core)"));

  product.replace(product.find("path: models/core"), 17, "path: models/nope");
  write_file(dir / "floe.yaml", product);
  auto missing = floe_in(dir, {"validate", "floe.yaml", "--platform", "manifest.yaml"});
  CHECK(missing.exit_code == 3);
  CHECK(lines_with(missing.err, "error FLOE-D001: transforms[].path 'models/nope' does not exist").size() == 1);
}
