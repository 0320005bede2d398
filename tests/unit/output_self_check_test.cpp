// FLOE_CHECK_OUTPUTS (set by every Catch2 test program): an output that does
// not fit its published schema is refused as a bug, naming what is wrong.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "compile/output_self_check.hpp"

TEST_CASE("the test programs hold floe's outputs to their published schemas", "[self-check]") {
  REQUIRE(std::getenv("FLOE_CHECK_OUTPUTS") != nullptr);
  REQUIRE(floe::output_self_check_enabled());
  // Compiled artifacts missing every required member but one, with a wrong type.
  boost::json::value broken = {{"version", 7}};
  try {
    floe::check_own_output("compiled-artifacts", broken, "target/compiled_artifacts.json");
    FAIL("a compiled_artifacts.json its schema refuses was let through");
  } catch (const std::logic_error& e) {
    std::string message = e.what();
    CHECK(message.find("target/compiled_artifacts.json does not match docs/schemas/compiled-artifacts.schema.json") !=
          std::string::npos);
    CHECK(message.find("\n  version: ") != std::string::npos);
    CHECK(message.find("nothing was written") != std::string::npos);
  }
  CHECK_THROWS_AS(floe::check_own_output("no-such-kind", broken, "x.json"), std::logic_error);
}
