#include <boost/json.hpp>
#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "floe/registry.h"
#include "plugin/registry.hpp"
#include "temp_dir.hpp"

using floe::test::TempDir;
using floe::test::write_file;

namespace {

void add_composable_plugin(const std::filesystem::path& root, const std::string& group, const std::string& name,
                           const std::string& category, const std::string& caps, const std::string& reqs) {
  write_file(root / group / (name + ".plugin.json"),
             fmt::format(R"({{"manifest_version": 1, "name": "{}", "category": "{}", "version": "1.0.0",
                            "abi_version": "1.0.0", "library": "{}.so", "capabilities": [{}],
                            "requirements": [{}]}})",
                         name, category, name, caps, reqs));
  write_file(root / group / (name + ".so"), "");
}

floe::RegistryOptions only(const std::filesystem::path& root) {
  floe::RegistryOptions o;
  o.search_flags = FLOE_SEARCH_ENV;
  o.extra_roots = root.string();
  o.env = [](const char*) -> std::optional<std::string> { return std::nullopt; };
  return o;
}

}  // namespace

TEST_CASE("composition checks requirements from manifests, loading nothing", "[composition]") {
  TempDir dir;
  auto r = dir.path();
  add_composable_plugin(r, "floe.catalogs", "polaris", "catalog", R"("iceberg-rest")", R"("storage:s3-compatible")");
  add_composable_plugin(r, "floe.storage", "s3", "storage", R"("s3-compatible")", "");
  add_composable_plugin(r, "floe.storage", "local", "storage", R"("posix")", "");
  add_composable_plugin(r, "floe.computes", "duckdb", "compute", "", R"("catalog:iceberg-rest")");
  floe::Registry registry(only(r));

  CHECK(registry.check_composition(boost::json::parse(R"({"catalog": "polaris", "storage": "s3", "compute": "duckdb"})")
                                       .as_object())
            .ok());

  auto missing = registry.check_composition(boost::json::parse(R"({"catalog": "polaris"})").as_object());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == FLOE_ERR_UNSATISFIED);
  CHECK(missing.error().message ==
        "plugin composition is incomplete:\n  - catalog/polaris requires a storage plugin with capability "
        "'s3-compatible', but none is selected; select one under plugins.storage in the platform manifest");

  auto wrong = registry.check_composition(
      boost::json::parse(R"({"catalog": "polaris", "storage": "local", "compute": "duckdb", "dbt": "fusion"})")
          .as_object());
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().message.find("catalog/polaris requires a storage plugin with capability 's3-compatible', but "
                                   "storage/local declares only: posix") != std::string::npos);
  CHECK(wrong.error().message.find("dbt/fusion is selected but not installed") != std::string::npos);
  CHECK(wrong.error().detail.at("problems").as_array().size() == 2);
}

TEST_CASE("composition names unknown categories", "[composition]") {
  TempDir dir;
  floe::Registry registry(only(dir.path()));
  auto r = registry.check_composition(boost::json::parse(R"({"computer": "duckdb"})").as_object());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("'computer' is not a plugin category; expected one of: compute,") != std::string::npos);
}
