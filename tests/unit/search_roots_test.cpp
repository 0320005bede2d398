#include <catch2/catch.hpp>

#include <map>

#include "floe/registry.h"
#include "plugin/search_roots.hpp"
#include "temp_dir.hpp"

namespace {
floe::EnvLookup fake_env(std::map<std::string, std::string> vars) {
  return [vars](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}
}  // namespace

TEST_CASE("roots come in precedence order from every source", "[roots]") {
  floe::test::TempDir dir;
  auto d = dir.str();
  auto roots = floe::search_roots(
      FLOE_SEARCH_DEFAULT, d + "/extra",
      fake_env({{"FLOE_PLUGIN_PATH", d + "/a::" + d + "/b"}, {"VIRTUAL_ENV", d + "/venv"}, {"HOME", d + "/home"}}));
  REQUIRE(roots.size() >= 6);
  CHECK(roots[0].path == d + "/extra");
  CHECK(roots[0].source == floe::RootSource::extra);
  CHECK(roots[1].path == d + "/a");
  CHECK(roots[1].source == floe::RootSource::env);
  CHECK(roots[2].path == d + "/b");
  CHECK(roots[3].path == d + "/venv/lib/floe/plugins");
  CHECK(roots[3].source == floe::RootSource::virtualenv);
  CHECK(roots[4].path == d + "/home/.local/share/floe/plugins");
  CHECK(roots[4].source == floe::RootSource::user);
  CHECK(roots[5].source == floe::RootSource::prefix);
  CHECK(roots.back().path == "/usr/lib/floe/plugins");
  CHECK(roots.back().source == floe::RootSource::system);
}

TEST_CASE("XDG_DATA_HOME wins over HOME, flags switch sources off, duplicates are kept once", "[roots]") {
  floe::test::TempDir dir;
  auto d = dir.str();
  std::filesystem::create_directories(d + "/a");
  auto roots = floe::search_roots(FLOE_SEARCH_ENV | FLOE_SEARCH_USER, "",
                                  fake_env({{"FLOE_PLUGIN_PATH", d + "/a:" + d + "/a/../a"},
                                            {"XDG_DATA_HOME", d + "/xdg"},
                                            {"HOME", d + "/home"},
                                            {"VIRTUAL_ENV", d + "/venv"}}));
  REQUIRE(roots.size() == 2);
  CHECK(roots[0].path == d + "/a");
  CHECK(roots[0].exists);
  CHECK(roots[1].path == d + "/xdg/floe/plugins");
  CHECK_FALSE(roots[1].exists);
}

TEST_CASE("FLOE_SEARCH_CALLER_ONLY searches the caller's roots and nothing else", "[roots]") {
  floe::test::TempDir dir;
  auto d = dir.str();
  auto env = fake_env({{"FLOE_PLUGIN_PATH", d + "/a"}, {"VIRTUAL_ENV", d + "/venv"}, {"HOME", d + "/home"}});
  auto roots = floe::search_roots(FLOE_SEARCH_CALLER_ONLY | FLOE_SEARCH_DEFAULT, d + "/mine:" + d + "/also", env);
  REQUIRE(roots.size() == 2);
  CHECK(roots[0].path == d + "/mine");
  CHECK(roots[1].path == d + "/also");
  CHECK(floe::search_roots(FLOE_SEARCH_CALLER_ONLY, "", env).empty());
}
