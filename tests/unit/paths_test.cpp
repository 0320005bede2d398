// core/paths: the string path normaliser must answer exactly what
// std::filesystem's lexically_normal does, which it replaces on hot paths.
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "base/paths.hpp"

namespace fs = std::filesystem;

namespace {

std::string by_filesystem(const std::string& dir, const std::string& relative) {
  if (dir.empty()) return relative;
  return (fs::path(dir) / relative).lexically_normal().generic_string();
}

}  // namespace

TEST_CASE("paths: lexically_normal_string and joined_normal_path agree with std::filesystem", "[paths]") {
  const std::vector<std::string> cases{"",        ".",       "..",      "/",        "//",      "///a",   "a",
                                       "a/",      "a//",     "a/.",     "a/./b",    "a/../b",  "../a",   "./a",
                                       "/..",     "/../a",   "a/b/..",  "a/b/../",  "a//b",    "a/b/",   "/a/b",
                                       "a/.../b", "a/.b/c",  "..a/b",   "a/b..",    "x/y/z/../../w"};
  for (const auto& p : cases) {
    INFO(p);
    CHECK(floe::lexically_normal_string(p) == fs::path(p).lexically_normal().generic_string());
  }
  for (const auto& dir : cases)
    for (const auto& relative : cases) {
      INFO(dir << " + " << relative);
      CHECK(floe::joined_normal_path(dir, relative) == by_filesystem(dir, relative));
    }
  // Random paths over the characters that matter.
  std::mt19937 rng(17);
  const std::vector<std::string> parts{"a", "bc", ".", "..", "", "/", "...", ".x"};
  for (int i = 0; i < 20000; ++i) {
    std::string dir, relative;
    for (auto n = rng() % 5; n > 0; --n) dir += parts[rng() % parts.size()] + (rng() % 3 ? "/" : "");
    for (auto n = rng() % 5; n > 0; --n) relative += parts[rng() % parts.size()] + (rng() % 3 ? "/" : "");
    INFO(dir << " + " << relative);
    REQUIRE(floe::lexically_normal_string(dir) == fs::path(dir).lexically_normal().generic_string());
    REQUIRE(floe::joined_normal_path(dir, relative) == by_filesystem(dir, relative));
  }
}
