// A plugin can declare the oldest host ABI it runs on (floe_plugin.min_host_abi,
// "min_host_abi" in its manifest): a host older than that refuses it with
// FLOE_ERR_INCOMPATIBLE_ABI naming both versions, from the manifest before
// anything is loaded, or after init when only the binary says so.
#include <string>

#include "registry_client.hpp"
#include "run_process.hpp"

using namespace floe::failure_test;

TEST_CASE("a manifest's min_host_abi newer than this host is refused before loading", "[failure][abi][min-host]") {
  Registry reg(root("min_host"));
  std::string why = reg.open_fails("compute", "min_host_manifest", FLOE_ERR_INCOMPATIBLE_ABI);
  CHECK_THAT(why, Contains("min_host_manifest.plugin.json: compute/min_host_manifest needs a floe host with ABI "
                           "1.999.0 or newer (its min_host_abi); this host has ABI " +
                           host_abi()));
  CHECK_FALSE(fixture_loaded("min_host_manifest"));
  CHECK(problem(reg.doctor(false), "min_host_manifest.plugin.json", "incompatible_abi") == why);
  reg.good_still_works("min_host_good");
}

TEST_CASE("a binary's min_host_abi newer than this host is refused after init", "[failure][abi][min-host]") {
  for (uint32_t isolation : {FLOE_ISOLATION_IN_PROCESS, FLOE_ISOLATION_PROCESS}) {
    Registry reg(root("min_host"), isolation);
    std::string why = reg.open_fails("compute", "min_host_binary", FLOE_ERR_INCOMPATIBLE_ABI);
    CHECK_THAT(why, Contains("min_host_binary.so: needs a floe host with ABI 1.999.0 or newer (its min_host_abi); "
                             "this host has ABI " +
                             host_abi()));
    CHECK(problem(reg.doctor(true), "min_host_binary.plugin.json", "incompatible_abi") == why);
  }
}

TEST_CASE("a plugin asking for exactly this host loads", "[failure][abi][min-host]") {
  Registry reg(root("min_host"));
  Handle h = reg.open_ok("compute", "min_host_current");
  CHECK(h.health().status == FLOE_OK);
}

TEST_CASE("floe plugins manifest writes the binary's min_host_abi", "[failure][abi][min-host][cli]") {
  const std::string floe = std::string(FLOE_TEST_BIN_DIR) + "/floe";
  auto declared = floe::test::run_process(floe, {"plugins", "manifest", computes("min_host") + "min_host_binary.so"});
  REQUIRE(declared.exit_code == 0);
  CHECK(json::parse(declared.out).at("min_host_abi") == "1.999.0");
  auto none = floe::test::run_process(floe, {"plugins", "manifest", computes("min_host") + "min_host_good.so"});
  REQUIRE(none.exit_code == 0);
  CHECK_FALSE(json::parse(none.out).as_object().contains("min_host_abi"));
}
