// bench/gen_dbt_project.py output is readable both ways with identical
// results: 1k models from files and from the generated v12 manifest.
#include <catch2/catch.hpp>

#include <filesystem>

#include "dbt/dbt_project.hpp"
#include "project_compare.hpp"
#include "run_process.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using floe::Diagnostics;
using floe::dbt::DbtProject;

TEST_CASE("generator: 1k models read from files and from manifest.json agree", "[dbt][generator]") {
  floe::test::TempDir dir;
  const std::string out = dir.str() + "/p1k";
  const auto gen = floe::test::run_process(
      "/usr/bin/env", {"python3", std::string(FLOE_TEST_SOURCE_DIR) + "/bench/gen_dbt_project.py", "--models", "1000", "--out", out,
                  "--manifest", "--violations", "5", "--seed", "7"});
  INFO(gen.out << gen.err);
  REQUIRE(gen.exit_code == 0);

  DbtProject from_files;
  Diagnostics file_diags;
  REQUIRE(floe::dbt::read_dbt_project(out, from_files, file_diags, false));
  CHECK(file_diags.empty());
  DbtProject from_manifest;
  Diagnostics manifest_diags;
  REQUIRE(floe::dbt::read_dbt_project(out, from_manifest, manifest_diags, true));
  CHECK(manifest_diags.empty());
  REQUIRE(from_manifest.origin == "manifest");
  CHECK(from_files.origin == "files");

  CHECK(from_files.models.size() == 1000);
  CHECK(from_manifest.models.size() == 1000);
  const auto differences = floe::test::project_differences(from_files, from_manifest);
  for (std::size_t i = 0; i < differences.size() && i < 20; ++i) UNSCOPED_INFO(differences[i]);
  CHECK(differences.empty());

  std::size_t tests = 0;
  std::size_t refs = 0;
  std::size_t unprefixed = 0;
  for (const auto& m : from_files.models) {
    tests += m.tests.size();
    refs += m.refs.size();
    if (m.name.rfind("bronze_", 0) != 0 && m.name.rfind("silver_", 0) != 0 && m.name.rfind("gold_", 0) != 0) {
      ++unprefixed;
    }
  }
  CHECK(tests > 3000);
  CHECK(refs > 1000);
  CHECK(unprefixed > 0);   // --violations 5 renames some models
  CHECK(unprefixed < 50);
  CHECK(from_files.sources.size() > 10);
}
