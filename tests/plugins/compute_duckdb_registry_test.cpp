// compute-duckdb end to end through libfloe-core's registry: discovered in
// the build tree, loaded, configured (schema validation and defaults by the
// host), called, JSON back.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <memory>
#include <string>

#include "floe/registry.h"
#include "golden.hpp"
#include "registry_outcome.hpp"

namespace {

using floe::test::Outcome;
using floe::test::outcome_of;

using registry_ptr = std::unique_ptr<floe_registry, decltype(&floe_registry_free)>;

// Searches only <libdir of libfloe-core>/floe/plugins: in the build tree,
// where the plugins are built.
registry_ptr build_tree_registry() {
  floe_registry_options options = FLOE_REGISTRY_OPTIONS_INIT;
  options.search_flags = FLOE_SEARCH_PREFIX;
  floe_registry* registry = nullptr;
  floe_error error = FLOE_ERROR_INIT;
  floe_status status = floe_registry_new(&registry, &options, &error);
  INFO((error.message != nullptr ? error.message : ""));
  floe_error_release(&error);
  REQUIRE(status == FLOE_OK);
  return {registry, &floe_registry_free};
}

Outcome open(floe_registry* registry, const char* config, floe_handle** handle) {
  return outcome_of([&](floe_buffer*, floe_error* error) {
    return floe_registry_open(registry, "compute", "duckdb", config, handle, error);
  });
}

}  // namespace

TEST_CASE("compute-duckdb registry: discovered from its manifest and described") {
  auto registry = build_tree_registry();
  auto listed = outcome_of([&](floe_buffer* out, floe_error* error) { return floe_registry_list(registry.get(), out, error); });
  REQUIRE(listed.status == FLOE_OK);
  bool found = false;
  auto plugins = boost::json::parse(listed.body);
  for (const auto& plugin : plugins.at("plugins").as_array())
    found = found || (plugin.at("category") == "compute" && plugin.at("name") == "duckdb");
  CHECK(found);

  auto info = outcome_of([&](floe_buffer* out, floe_error* error) {
    return floe_registry_info(registry.get(), "compute", "duckdb", out, error);
  });
  REQUIRE(info.status == FLOE_OK);
  auto described = boost::json::parse(info.body);
  CHECK(described.at("version") == "0.1.0");
  for (const auto& method : described.at("methods").as_array()) {
    INFO(boost::json::serialize(method));
    CHECK(method.at("implemented") == true);
  }
  CHECK(described.at("config_schema").at("properties").as_object().contains("preset"));

  floe_error error = FLOE_ERROR_INIT;
  CHECK(floe_registry_check_composition(registry.get(), R"({"compute": "duckdb"})", &error) == FLOE_OK);
  floe_error_release(&error);
}

TEST_CASE("compute-duckdb registry: configure, call, JSON back") {
  auto registry = build_tree_registry();
  floe_handle* handle = nullptr;
  REQUIRE(open(registry.get(), "{}", &handle).status == FLOE_OK);

  // The host filled in the schema's defaults.
  auto config = outcome_of([&](floe_buffer* out, floe_error* error) { return floe_handle_config(handle, out, error); });
  REQUIRE(config.status == FLOE_OK);
  CHECK(boost::json::parse(config.body) == boost::json::parse(R"({"path": ":memory:", "timeout_seconds": 3600})"));

  auto profile = outcome_of([&](floe_buffer* out, floe_error* error) {
    return floe_handle_call(handle, "generate_dbt_profile", R"({"profile_name": "floe", "target": "dev"})", out, error);
  });
  REQUIRE(profile.status == FLOE_OK);
  CHECK(floe::test::render_json(boost::json::parse(profile.body)) ==
        floe::test::read_file(std::filesystem::path(FLOE_TEST_SOURCE_DIR) /
                              "tests/fixtures/golden/compute-duckdb/profile-memory-default.json"));

  auto resources = outcome_of([&](floe_buffer* out, floe_error* error) {
    return floe_handle_call(handle, "get_resource_requirements", R"({"workload_size": "gigantic"})", out, error);
  });
  CHECK(resources.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(resources.body.find("small, medium, large") != std::string::npos);

  auto health = outcome_of([&](floe_buffer* out, floe_error* error) { return floe_handle_health_check(handle, out, error); });
  REQUIRE(health.status == FLOE_OK);
  CHECK(boost::json::parse(health.body).at("state") == "healthy");

  auto unknown = outcome_of([&](floe_buffer* out, floe_error* error) {
    return floe_handle_call(handle, "drop_everything", "{}", out, error);
  });
  CHECK(unknown.status == FLOE_ERR_NO_SUCH_METHOD);  // not the plugin's own NOT_FOUND
  floe_handle_free(handle);
}

TEST_CASE("compute-duckdb registry: invalid configurations are refused by the host or the plugin") {
  auto registry = build_tree_registry();
  // The host's schema validation.
  for (const char* config : {R"({"threads": 100})", R"({"preset": "huge"})", R"({"memory": "4GB"})",
                             R"({"settings": {"memory_limit": "lots"}})", R"({"settings": {"access_mode": "rw"}})"}) {
    INFO(config);
    floe_handle* handle = nullptr;
    CHECK(open(registry.get(), config, &handle).status == FLOE_ERR_INVALID_CONFIG);
  }
  // What only the plugin can see.
  floe_handle* handle = nullptr;
  auto parent = open(registry.get(), R"({"path": "data/../../etc/warehouse.duckdb"})", &handle);
  CHECK(parent.status == FLOE_ERR_INVALID_CONFIG);
  CHECK(parent.body.find("'..'") != std::string::npos);
  auto zero = open(registry.get(), R"({"settings": {"memory_limit": "0GB"}})", &handle);
  CHECK(zero.status == FLOE_ERR_INVALID_CONFIG);
  CHECK(zero.body.find("settings.memory_limit") != std::string::npos);
}
