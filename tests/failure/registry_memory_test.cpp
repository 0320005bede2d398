// Memory must not grow with each registry an embedder creates and frees.
// Host tables cannot be freed (a plugin may keep one until exit), so a freed
// registry's tables go back to a pool and the next registry loading the same
// library reuses them; a library loaded again is pinned once. Counted, not
// timed: 10,000 registries that each load, call and free the same plugin
// leave the number of tables and pinned libraries where the first left it.
#include <catch2/catch.hpp>

#include <string>

#include "floe/registry.h"
#include "plugin/host_api.hpp"
#include "plugin/loader.hpp"
#include "plugin/registry.hpp"

namespace {

void use_one_registry() {
  floe::RegistryOptions options;
  options.search_flags = FLOE_SEARCH_CALLER_ONLY;
  options.extra_roots = std::string(FLOE_FAILURE_ROOTS) + "/config";
  options.isolation = FLOE_ISOLATION_IN_PROCESS;  // the tables of plugins loaded here
  floe::Registry registry(std::move(options));
  auto instance = registry.open("compute", "good", "{}");
  REQUIRE(instance);
  REQUIRE(registry.call(*instance.value(), "get_dbt_macro_paths", "{}"));
  registry.close(instance.value());
}

}  // namespace

TEST_CASE("creating and freeing 10,000 registries keeps the host tables and pinned libraries flat",
          "[failure][memory]") {
  use_one_registry();
  const size_t tables = floe::host_api_table_count();
  const size_t libraries = floe::pinned_library_count();
  CHECK(tables >= 1);
  CHECK(libraries == 1);
  for (int i = 0; i < 10'000; ++i) use_one_registry();
  CHECK(floe::host_api_table_count() == tables);
  CHECK(floe::pinned_library_count() == libraries);
}

TEST_CASE("registries alive at the same time each get a table of their own", "[failure][memory]") {
  use_one_registry();  // leaves one table of the plugin in the pool
  const size_t before = floe::host_api_table_count();
  {
    floe::RegistryOptions a_options, b_options;
    a_options.search_flags = b_options.search_flags = FLOE_SEARCH_CALLER_ONLY;
    a_options.extra_roots = b_options.extra_roots = std::string(FLOE_FAILURE_ROOTS) + "/config";
    a_options.isolation = b_options.isolation = FLOE_ISOLATION_IN_PROCESS;
    floe::Registry a(std::move(a_options)), b(std::move(b_options));
    REQUIRE(a.load("compute", "good"));
    REQUIRE(b.load("compute", "good"));
    CHECK(floe::host_api_table_count() == before + 1);  // the pooled one, and one more
  }
  use_one_registry();  // reuses one of the two
  CHECK(floe::host_api_table_count() == before + 1);
}
