// The contract of libfloe-dbt: reading a project's files and reading the
// manifest.json that real dbt writes for it give the same models, columns,
// tests, refs and sources. Runs the pinned virtualenv's `dbt parse` on a copy
// of tests/fixtures/dbt-enforce; fails when that dbt is not installed.
#include <catch2/catch.hpp>

#include <filesystem>

#include "dbt/dbt_project.hpp"
#include "project_compare.hpp"
#include "run_process.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using floe::Diagnostics;
using floe::dbt::DbtProject;

namespace {

// The configured project virtualenv (FLOE_VENV at configure time, else <repo>/.venv).
const std::string kDbt = std::string(FLOE_TEST_VENV) + "/bin/dbt";

// dbt fills materialized with its default; files leave "" for "dbt default".
void default_materialization(DbtProject& p) {
  for (auto& m : p.models) {
    if (m.materialized.empty()) m.materialized = "view";
  }
}

}  // namespace

TEST_CASE("real dbt: files and dbt's manifest.json agree on dbt-enforce", "[dbt][real-dbt]") {
  // A missing dbt fails the test: it would otherwise pass without comparing anything.
  INFO("dbt is expected at " << kDbt << " (scripts/bootstrap creates the project virtualenv)");
  REQUIRE(fs::exists(kDbt));
  floe::test::TempDir dir;
  const fs::path project = dir.path() / "dbt-enforce";
  fs::copy(std::string(FLOE_TEST_SOURCE_DIR) + "/tests/fixtures/dbt-enforce", project, fs::copy_options::recursive);
  fs::remove_all(project / "target");
  floe::test::write_file(dir.path() / "profiles.yml",
                         "floe_enforce:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: " +
                             (dir.path() / "enforce.duckdb").string() + "\n");
  const auto result = floe::test::run_process(
      kDbt, {"parse", "--project-dir", project.string(), "--profiles-dir", dir.str(), "--no-partial-parse"},
      {{"DBT_SEND_ANONYMOUS_USAGE_STATS", "false"}, {"DO_NOT_TRACK", "1"}, {"HOME", dir.str()}});
  INFO("dbt parse output:\n" << result.out << result.err);
  REQUIRE(result.exit_code == 0);
  REQUIRE(fs::exists(project / "target/manifest.json"));

  DbtProject from_files;
  Diagnostics file_diags;
  REQUIRE(floe::dbt::read_dbt_project(project.string(), from_files, file_diags, false));
  CHECK(file_diags.empty());
  CHECK(from_files.origin == "files");

  DbtProject from_manifest;
  Diagnostics manifest_diags;
  REQUIRE(floe::dbt::read_dbt_project(project.string(), from_manifest, manifest_diags, true));
  CHECK(manifest_diags.empty());
  REQUIRE(from_manifest.origin == "manifest");  // dbt just wrote it: newer than every file
  CHECK(from_manifest.dbt_version.rfind("1.", 0) == 0);
  CHECK(from_manifest.root == project.string());

  REQUIRE(from_files.models.size() == 7);
  default_materialization(from_files);
  const auto differences = floe::test::project_differences(from_files, from_manifest);
  for (const auto& d : differences) UNSCOPED_INFO(d);
  CHECK(differences.empty());

  // Spot checks, so an empty comparison cannot hide two equally wrong readers.
  const auto& silver = from_manifest.models[6];
  CHECK(silver.name == "silver_orders");
  CHECK(silver.refs == std::vector<std::string>{"bronze_orders", "bronze_customers"});
  CHECK(silver.materialized == "table");
  CHECK(silver.tests.size() == 4);
  CHECK(from_manifest.sources.size() == 3);
}
