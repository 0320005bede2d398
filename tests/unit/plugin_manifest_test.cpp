#include <catch2/catch.hpp>

#include "plugin/plugin_manifest.hpp"
#include "temp_dir.hpp"

using floe::test::TempDir;
using floe::test::write_file;

TEST_CASE("a manifest is read and its library resolved beside it", "[manifest]") {
  TempDir dir;
  auto file = dir.path() / "floe.computes" / "duckdb.plugin.json";
  write_file(file, R"({"manifest_version": 1, "name": "duckdb", "category": "compute", "version": "0.1.0",
                       "abi_version": "1.0.0", "library": "floe_compute_duckdb.so", "description": "d",
                       "capabilities": ["iceberg-attach"], "requirements": ["storage:s3"]})");
  auto m = floe::read_plugin_manifest(file.string());
  REQUIRE(m.ok());
  CHECK(m->name == "duckdb");
  CHECK(m->category == "compute");
  CHECK(m->abi_version == FLOE_MAKE_VERSION(1, 0, 0));
  CHECK(m->library == (dir.path() / "floe.computes" / "floe_compute_duckdb.so").string());
  CHECK(m->entrypoint == "floe_plugin_init");
  CHECK(m->capabilities == std::vector<std::string>{"iceberg-attach"});
  CHECK(m->requirements == std::vector<std::string>{"storage:s3"});
}

TEST_CASE("every problem of a manifest is reported in one error", "[manifest]") {
  TempDir dir;
  auto file = dir.path() / "bad.plugin.json";
  write_file(file, R"({"manifest_version": 2, "name": "Bad Name", "category": "computer", "abi_version": "1.0",
                       "library": 5, "capabilities": "all"})");
  auto m = floe::read_plugin_manifest(file.string());
  REQUIRE_FALSE(m.ok());
  const std::string& msg = m.error().message;
  CHECK(msg.find(file.string() + ": invalid plugin manifest:") == 0);
  CHECK(msg.find("manifest_version 2 is not supported; this floe reads version 1") != std::string::npos);
  CHECK(msg.find("name 'Bad Name' is not valid") != std::string::npos);
  CHECK(msg.find("category 'computer' is unknown; expected one of: compute, orchestrator") != std::string::npos);
  CHECK(msg.find("missing required key 'version'") != std::string::npos);
  CHECK(msg.find("abi_version '1.0' is not MAJOR.MINOR.PATCH") != std::string::npos);
  CHECK(msg.find("key 'library': expected a string, got integer") != std::string::npos);
  CHECK(msg.find("key 'capabilities': expected an array of strings") != std::string::npos);
}

TEST_CASE("JSON syntax errors point at line and column", "[manifest]") {
  TempDir dir;
  auto file = dir.path() / "broken.plugin.json";
  write_file(file, "{\n  \"name\": \"x\",\n  \"category\" \"compute\"\n}\n");
  auto m = floe::read_plugin_manifest(file.string());
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().message.find(file.string() + ":3:14: invalid JSON") == 0);
}

TEST_CASE("ABI versions and plugin names", "[manifest]") {
  uint32_t v = 0;
  CHECK(floe::parse_abi_version("1.2.3", v));
  CHECK(v == 1002003);
  CHECK(floe::format_abi_version(v) == "1.2.3");
  CHECK_FALSE(floe::parse_abi_version("1.2", v));
  CHECK_FALSE(floe::parse_abi_version("1.2.3.4", v));
  CHECK_FALSE(floe::parse_abi_version("1.1000.0", v));
  CHECK(floe::valid_plugin_name("duckdb"));
  CHECK(floe::valid_plugin_name("k8s-rbac_2"));
  CHECK_FALSE(floe::valid_plugin_name("-x"));
  CHECK_FALSE(floe::valid_plugin_name("DuckDB"));
  CHECK_FALSE(floe::valid_plugin_name(""));
}
