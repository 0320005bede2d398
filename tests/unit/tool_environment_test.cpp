// run/tool_environment: the variables a compute plugin's profile reads
// secrets from (compiled_artifacts.json's dbt.profile_env) are filled from
// their references before dbt starts, only when the profile reads them and
// they are not set; one that cannot be filled is FLOE-X108 naming the
// variable and the reference, never a value.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <cstdlib>

#include "run/tool_environment.hpp"
#include "temp_dir.hpp"

using floe::test::TempDir;

TEST_CASE("profile_env: variables the profile reads are filled from env and file references") {
  TempDir tmp;
  auto token_file = tmp.path() / "token";
  floe::test::write_file(token_file, "planted-file-secret-7f3a\n");
  ::setenv("FLOE_TEST_SOURCE_SECRET", "planted-env-secret-91c2", 1);
  ::setenv("FLOE_TEST_ALREADY_SET", "from-the-caller", 1);
  ::unsetenv("FLOE_TEST_NOT_THERE");
  boost::json::object artifacts = boost::json::parse(R"({"dbt": {"profile_env": {
      "FROM_ENV": "env:FLOE_TEST_SOURCE_SECRET",
      "FROM_FILE": "file:)" + token_file.string() + R"(",
      "FLOE_TEST_ALREADY_SET": "env:FLOE_TEST_SOURCE_SECRET",
      "NOT_READ": "env:FLOE_TEST_SOURCE_SECRET",
      "BROKEN": "env:FLOE_TEST_NOT_THERE"}}})")
                                      .as_object();
  std::string profiles =
      "token: \"{{ env_var('FROM_ENV') }}\"\npassword: \"{{ env_var('FROM_FILE') }}\"\n"
      "user: \"{{ env_var('FLOE_TEST_ALREADY_SET') }}\"\nkey: \"{{ env_var('BROKEN') }}\"\n";
  floe::Diagnostics diagnostics;
  auto env = floe::run::tool_environment(artifacts, profiles, "target/compiled_artifacts.json", diagnostics);

  CHECK(env.at("FROM_ENV") == "planted-env-secret-91c2");
  CHECK(env.at("FROM_FILE") == "planted-file-secret-7f3a");  // as a mounted Secret's file, without its newline
  CHECK_FALSE(env.contains("FLOE_TEST_ALREADY_SET"));        // the caller's value stands
  CHECK_FALSE(env.contains("NOT_READ"));                     // dbt never reads it
  REQUIRE(diagnostics.items().size() == 1);
  const auto& d = diagnostics.items().front();
  CHECK(d.code == "FLOE-X108");
  CHECK(d.subject == "dbt.profile_env.BROKEN");
  CHECK(d.message.find("the dbt profile reads BROKEN but it is not set") != std::string::npos);
  CHECK(d.message.find("planted") == std::string::npos);
  ::unsetenv("FLOE_TEST_SOURCE_SECRET");
  ::unsetenv("FLOE_TEST_ALREADY_SET");
}
