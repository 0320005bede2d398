// compute-duckdb end to end through libfloe-core's registry: discovered in
// the build tree, loaded, configured (schema validation and defaults by the
// host), called, JSON back.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "floe/registry.h"
#include "golden.hpp"
#include "registry_outcome.hpp"

namespace {

using floe::test::Outcome;
using floe::test::outcome_of;

using registry_ptr = floe::test::RegistryPtr;
using floe::test::build_tree_registry;

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

namespace {

// A response with its measured latency (which differs from run to run) taken out.
std::string without_latency(const std::string& body) {
  auto doc = boost::json::parse(body).as_object();
  doc.erase("latency_ms");
  if (auto* details = doc.if_contains("details"); details != nullptr && details->is_object())
    details->as_object().erase("latency_ms");
  return boost::json::serialize(doc);
}

}  // namespace

// The same plugin in a helper process (docs/abi.md#isolation) answers every
// method exactly as in-process: responses, errors, the filled-in config.
// Only the measured latency of validate_connection and health_check may differ.
TEST_CASE("compute-duckdb registry: the same JSON answers in-process and isolated") {
  auto in_process = build_tree_registry(FLOE_ISOLATION_IN_PROCESS);
  auto isolated = build_tree_registry(FLOE_ISOLATION_PROCESS);
  auto info = [](floe_registry* registry) {
    return outcome_of([&](floe_buffer* out, floe_error* error) {
      return floe_registry_info(registry, "compute", "duckdb", out, error);
    });
  };
  auto described_here = boost::json::parse(info(in_process.get()).body).as_object();
  auto described_there = boost::json::parse(info(isolated.get()).body).as_object();
  CHECK(described_here["isolation"] == "in-process");
  CHECK(described_there["isolation"] == "process");
  described_here.erase("isolation");
  described_there.erase("isolation");
  CHECK(described_here == described_there);

  const char* catalog = R"({"type": "rest", "name": "lake", "uri": "http://127.0.0.1:8181/catalog",
                            "warehouse": "wh", "credentials": {"client_secret": "env:LAKE_SECRET"}})";
  const std::string with_catalog = std::string(R"({"profile_name": "floe", "target": "dev", "catalog": )") + catalog + "}";
  const std::string attach = std::string(R"({"catalog": )") + catalog + "}";
  const std::vector<std::pair<const char*, std::string>> calls = {
      {"generate_dbt_profile", R"({"profile_name": "floe", "target": "dev"})"},
      {"generate_dbt_profile", with_catalog},
      {"generate_dbt_profile", R"({"target": 7})"},
      {"get_required_dbt_packages", "{}"},
      {"validate_connection", "{}"},
      {"get_resource_requirements", R"({"workload_size": "large"})"},
      {"get_resource_requirements", R"({"workload_size": "gigantic"})"},
      {"get_catalog_attachment_sql", attach},
      {"get_catalog_attachment_sql", "{}"},
      {"get_dbt_macro_paths", "{}"},
      {"drop_everything", "{}"},
  };
  for (const char* config : {"{}", R"({"preset": "large", "threads": 4})"}) {
    floe_handle* here = nullptr;
    floe_handle* there = nullptr;
    REQUIRE(open(in_process.get(), config, &here).status == FLOE_OK);
    REQUIRE(open(isolated.get(), config, &there).status == FLOE_OK);
    auto config_of = [](floe_handle* h) {
      return outcome_of([&](floe_buffer* out, floe_error* error) { return floe_handle_config(h, out, error); }).body;
    };
    CHECK(config_of(here) == config_of(there));
    for (const auto& [method, request] : calls) {
      INFO(config << " " << method << " " << request);
      auto call = [&](floe_handle* h) {
        return outcome_of([&](floe_buffer* out, floe_error* error) {
          return floe_handle_call(h, method, request.c_str(), out, error);
        });
      };
      Outcome a = call(here), b = call(there);
      CHECK(a.status == b.status);
      if (a.status == FLOE_OK && std::string(method) == "validate_connection")
        CHECK(without_latency(a.body) == without_latency(b.body));
      else
        CHECK(a.body == b.body);
    }
    auto health = [](floe_handle* h) {
      return outcome_of([&](floe_buffer* out, floe_error* error) { return floe_handle_health_check(h, out, error); });
    };
    Outcome a = health(here), b = health(there);
    REQUIRE(a.status == FLOE_OK);
    REQUIRE(b.status == FLOE_OK);
    CHECK(without_latency(a.body) == without_latency(b.body));
    floe_handle_free(here);
    floe_handle_free(there);
  }
  // A configuration only the plugin refuses is refused the same way.
  floe_handle* none = nullptr;
  const char* bad = R"({"path": "data/../../etc/warehouse.duckdb"})";
  CHECK(open(in_process.get(), bad, &none).body == open(isolated.get(), bad, &none).body);
}
