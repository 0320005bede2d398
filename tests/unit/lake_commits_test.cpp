// compile/lake_profile: the commit mode a compute's dbt_package declares is
// recorded as one of the three floe knows; anything else claims nothing.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>

#include "compile/lake_profile.hpp"
#include "temp_dir.hpp"

namespace json = boost::json;

TEST_CASE("lake commits: a declared mode is kept, an unknown or missing one is per_table", "[lake]") {
  CHECK(floe::declared_commits(json::object{{"commits", "one_transaction"}}) == "one_transaction");
  CHECK(floe::declared_commits(json::object{{"commits", "staged_on_branch"}}) == "staged_on_branch");
  CHECK(floe::declared_commits(json::object{{"commits", "data_files"}}) == "data_files");
  CHECK(floe::declared_commits(json::object{{"commits", "per_table"}}) == "per_table");
  CHECK(floe::declared_commits(json::object{}) == "per_table");
  CHECK(floe::declared_commits(json::object{{"commits", "all_at_once"}}) == "per_table");
  CHECK(floe::declared_commits(json::object{{"commits", 1}}) == "per_table");
  floe::LakeRequest lake;
  lake.package = json::object{{"name", "floe_lake"}, {"commits", "Staged_On_Branch"}};
  CHECK(floe::lake_description(lake, "target/dbt_packages/floe_lake").at("commits") == "per_table");
}

TEST_CASE("lake package: writing another compute's package removes the files the first one had, and follows no "
          "symbolic link", "[lake]") {
  floe::test::TempDir dir;
  const std::filesystem::path outside = dir.path() / "outside";
  std::filesystem::create_directories(outside);
  floe::test::write_file(outside / "keep.sql", "-- not the package's");
  auto package = [](json::object files) {
    floe::LakeRequest lake;
    lake.package = json::object{{"name", "floe_lake"}, {"files", std::move(files)}};
    return lake;
  };
  std::vector<std::string> written;
  REQUIRE_FALSE(floe::write_lake_package(
      package({{"dbt_project.yml", "name: floe_lake\n"}, {"macros/commit_tables.sql", "a"},
               {"macros/write_data_files.sql", "{% macro sql_name(x) %}{% endmacro %}"}}),
      (dir.path() / "pkgs").string(), written));
  const std::filesystem::path root = dir.path() / "pkgs" / "floe_lake";
  std::filesystem::create_directory_symlink(outside, root / "macros" / "linked");
  REQUIRE_FALSE(floe::write_lake_package(
      package({{"dbt_project.yml", "name: floe_lake\n"}, {"macros/commit_tables.sql", "b"}}),
      (dir.path() / "pkgs").string(), written));
  CHECK(floe::test::read_file(root / "macros" / "commit_tables.sql") == "b");
  CHECK_FALSE(std::filesystem::exists(root / "macros" / "write_data_files.sql"));
  CHECK_FALSE(std::filesystem::exists(std::filesystem::symlink_status(root / "macros" / "linked")));
  CHECK(floe::test::read_file(outside / "keep.sql") == "-- not the package's");
}
