// compute-duckdb through its C ABI: the built plugin library, loaded with
// dlopen and called the way a host calls it.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <cstring>

#include "golden.hpp"
#include "plugin_harness.hpp"
#include "temp_dir.hpp"

using floe::test::PluginHarness;

namespace {

PluginHarness& duckdb_plugin() {
  static PluginHarness harness(FLOE_COMPUTE_DUCKDB_PLUGIN);
  return harness;
}

boost::json::value json(const std::string& text) { return boost::json::parse(text); }

}  // namespace

TEST_CASE("compute-duckdb ABI: the descriptor") {
  const floe_plugin& plugin = duckdb_plugin().plugin();
  CHECK(plugin.abi_version == FLOE_ABI_VERSION);
  const floe_plugin_descriptor& descriptor = *plugin.descriptor;
  CHECK(descriptor.struct_size == sizeof(floe_plugin_descriptor));
  CHECK(descriptor.category == FLOE_CATEGORY_COMPUTE);
  CHECK(std::string(descriptor.name) == "duckdb");
  CHECK(std::string(descriptor.version) == "0.1.0");
  CHECK(std::string(descriptor.description).find('\n') == std::string::npos);
  std::vector<std::string> capabilities;
  for (const char* const* c = descriptor.capabilities; *c != nullptr; ++c) capabilities.emplace_back(*c);
  CHECK(capabilities == std::vector<std::string>{"dbt-adapter:duckdb", "iceberg-attach", "self-hosted"});
  CHECK(descriptor.requirements == nullptr);
  CHECK(json(descriptor.config_schema_json).at("type") == "object");

  const auto* methods = static_cast<const floe_compute_v1*>(plugin.methods);
  CHECK(methods->struct_size == sizeof(floe_compute_v1));
  CHECK(methods->struct_version == FLOE_COMPUTE_V1_VERSION);
}

TEST_CASE("compute-duckdb ABI: every compute method is implemented") {
  auto& harness = duckdb_plugin();
  REQUIRE(harness.configure("{}").status == FLOE_OK);
  for (const char* method : {"generate_dbt_profile", "get_required_dbt_packages", "validate_connection",
                             "get_resource_requirements", "get_catalog_attachment_sql", "get_dbt_macro_paths",
                             "get_ingestion_destination", "health_check"}) {
    INFO(method);
    CHECK(harness.call(method, "{}").status != FLOE_ERR_NOT_IMPLEMENTED);
  }
  CHECK(json(harness.call("get_dbt_macro_paths", "{}").body) == json(R"({"paths": []})"));
  CHECK(json(harness.call("get_required_dbt_packages", "{}").body) ==
        json(R"({"packages": ["dbt-duckdb>=1.9.4", "duckdb>=1.4.0"]})"));
}

TEST_CASE("compute-duckdb ABI: configuration errors cross the boundary with their code") {
  auto& harness = duckdb_plugin();
  auto parent = harness.configure(R"({"path": "../outside.duckdb"})");
  CHECK(parent.status == FLOE_ERR_INVALID_CONFIG);
  CHECK(parent.body.starts_with("key 'path'"));
  CHECK(harness.configure(R"({"threads": "many"})").status == FLOE_ERR_INVALID_CONFIG);
  CHECK(harness.configure("[1, 2]").status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(harness.configure("{not json").status == FLOE_ERR_INVALID_ARGUMENT);
}

TEST_CASE("compute-duckdb ABI: generate_dbt_profile matches the golden file") {
  auto& harness = duckdb_plugin();
  REQUIRE(harness.configure(R"({"path": ":memory:", "timeout_seconds": 3600})").status == FLOE_OK);
  auto result = harness.call("generate_dbt_profile", R"({"profile_name": "floe", "target": "dev"})");
  REQUIRE(result.status == FLOE_OK);
  auto golden = floe::test::read_file(std::filesystem::path(FLOE_TEST_SOURCE_DIR) /
                                      "tests/fixtures/golden/compute-duckdb/profile-memory-default.json");
  CHECK(floe::test::render_json(json(result.body)) == golden);

  auto bad = harness.call("generate_dbt_profile", R"({"profile_name": "floe", "target": "dev",
      "catalog": {"type": "rest", "name": "lake", "uri": "http://h", "credentials": {"token": "plain-token-value"}}})");
  CHECK(bad.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(bad.body.find("plain-token-value") == std::string::npos);
  CHECK(harness.call("generate_dbt_profile", "not json").status == FLOE_ERR_INVALID_ARGUMENT);
}

TEST_CASE("compute-duckdb ABI: resources, attachment SQL and health") {
  auto& harness = duckdb_plugin();
  floe::test::TempDir project;
  harness.settings()["floe.project_dir"] = boost::json::serialize(boost::json::value(project.str()));
  REQUIRE(harness.configure(R"({"path": "target/warehouse.duckdb"})").status == FLOE_OK);

  auto resources = harness.call("get_resource_requirements", R"({"workload_size": "large"})");
  REQUIRE(resources.status == FLOE_OK);
  CHECK(json(resources.body).at("memory_limit") == "16Gi");
  auto unknown = harness.call("get_resource_requirements", R"({"workload_size": "xl"})");
  CHECK(unknown.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(unknown.body == "key 'workload_size': unknown size 'xl'; valid sizes: small, medium, large");
  CHECK(harness.call("get_resource_requirements", "{}").status == FLOE_ERR_INVALID_ARGUMENT);

  auto sql = harness.call("get_catalog_attachment_sql",
                          R"({"catalog": {"type": "rest", "name": "lake", "uri": "http://localhost:8181"}})");
  REQUIRE(sql.status == FLOE_OK);
  CHECK(json(sql.body).at("statements").as_array().size() == 7);
  CHECK(harness.call("get_catalog_attachment_sql", "{}").status == FLOE_ERR_INVALID_ARGUMENT);

  // The relative path is resolved against the host's project directory,
  // whose target/ subdirectory does not exist yet.
  auto health = json(harness.call("health_check", "{}").body);
  CHECK(health.at("state") == "unhealthy");
  CHECK(health.at("details").at("database") == boost::json::value((project.path() / "target/warehouse.duckdb").string()));
  std::filesystem::create_directory(project.path() / "target");
  auto validated = json(harness.call("validate_connection", R"({"timeout_ms": 5000})").body);
  CHECK(validated.at("status") == "healthy");
  CHECK(validated.at("latency_ms").is_double());
  CHECK(harness.call("validate_connection", R"({"timeout_ms": 0})").status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(harness.call("validate_connection", R"({"timeout_ms": "soon"})").status == FLOE_ERR_INVALID_ARGUMENT);
  harness.settings().erase("floe.project_dir");
}
