// compile/lake_profile: the commit mode a compute's dbt_package declares is
// recorded as one of the three floe knows; anything else claims nothing.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "compile/lake_profile.hpp"

namespace json = boost::json;

TEST_CASE("lake commits: a declared mode is kept, an unknown or missing one is per_table", "[lake]") {
  CHECK(floe::declared_commits(json::object{{"commits", "one_transaction"}}) == "one_transaction");
  CHECK(floe::declared_commits(json::object{{"commits", "staged_on_branch"}}) == "staged_on_branch");
  CHECK(floe::declared_commits(json::object{{"commits", "per_table"}}) == "per_table");
  CHECK(floe::declared_commits(json::object{}) == "per_table");
  CHECK(floe::declared_commits(json::object{{"commits", "all_at_once"}}) == "per_table");
  CHECK(floe::declared_commits(json::object{{"commits", 1}}) == "per_table");
  floe::LakeRequest lake;
  lake.package = json::object{{"name", "floe_lake"}, {"commits", "Staged_On_Branch"}};
  CHECK(floe::lake_description(lake, "target/dbt_packages/floe_lake").at("commits") == "per_table");
}
