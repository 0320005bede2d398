// compute-duckdb: parsing and checking the plugin configuration.
#include <catch2/catch.hpp>

#include "config_schema.hpp"
#include "duckdb_config.hpp"
#include "resource_presets.hpp"
#include "sdk_error.hpp"

using namespace floe::compute_duckdb;
using floe::test::failure_of;

namespace {

duckdb_config parse_config(const char* json) { return parse_duckdb_config(boost::json::parse(json).as_object()); }

// The key an INVALID_CONFIG error names, e.g. "key 'threads': ..." -> threads.
std::string rejected_key(const char* json) {
  auto failure = failure_of([&] { parse_config(json); });
  REQUIRE(failure.code == FLOE_ERR_INVALID_CONFIG);
  auto start = failure.message.find("key '");
  REQUIRE(start != std::string::npos);
  start += 5;
  return failure.message.substr(start, failure.message.find('\'', start) - start);
}

}  // namespace

TEST_CASE("compute-duckdb config: an empty configuration gets the documented defaults") {
  auto config = parse_config("{}");
  CHECK(config.path == ":memory:");
  CHECK(config.in_memory());
  CHECK(config.threads == 4);
  CHECK(config.timeout_seconds == 3600);
  CHECK(config.extensions.empty());
  CHECK(config.settings.empty());
  CHECK_FALSE(config.access_mode);
  CHECK_FALSE(config.preset);
  CHECK_FALSE(config.external_root);
}

TEST_CASE("compute-duckdb config: the schema's defaults and enums match the parser") {
  auto schema = boost::json::parse(config_schema_json).as_object();
  CHECK(schema.at("additionalProperties") == false);
  const auto& properties = schema.at("properties").as_object();
  CHECK(properties.at("path").at("default") == boost::json::value(in_memory_path));
  CHECK(properties.at("timeout_seconds").at("default") == default_timeout_seconds);
  // A host-filled threads default would hide the preset's value.
  CHECK_FALSE(properties.at("threads").as_object().contains("default"));

  boost::json::array preset_names;
  for (const auto& preset : resource_presets()) preset_names.emplace_back(preset.name);
  CHECK(properties.at("preset").at("enum") == preset_names);

  // Every property of the schema is accepted by the parser, and nothing else.
  for (const auto& [key, property] : properties) {
    INFO(key);
    auto failure = failure_of([&, k = std::string(key)] {
      parse_duckdb_config({{k, nullptr}});
    });
    CHECK(failure.code == FLOE_OK);
  }
}

TEST_CASE("compute-duckdb config: explicit values are kept") {
  auto config = parse_config(R"({"path": "/data/warehouse.duckdb", "threads": 16, "timeout_seconds": 60,
                          "extensions": ["parquet", "json", "parquet"], "external_root": "s3://bucket/external",
                          "settings": {"memory_limit": "4GB", "access_mode": "read_write", "temp_directory": "/tmp",
                                       "preserve_insertion_order": false, "checkpoint_threshold": "16MB"}})");
  CHECK(config.path == "/data/warehouse.duckdb");
  CHECK_FALSE(config.in_memory());
  CHECK(config.threads == 16);
  CHECK(config.timeout_seconds == 60);
  CHECK(config.extensions == std::vector<std::string>{"json", "parquet"});
  CHECK(config.external_root == "s3://bucket/external");
  CHECK(config.access_mode == "read_write");
  CHECK_FALSE(config.read_only());
  // access_mode is applied when the database is opened, not with SET.
  CHECK_FALSE(config.settings.contains("access_mode"));
  REQUIRE(config.settings.size() == 4);
  CHECK(config.settings.at("memory_limit") == "4GB");
  CHECK(config.settings.at("preserve_insertion_order") == false);
}

TEST_CASE("compute-duckdb config: a preset fills only what is not given") {
  auto small = parse_config(R"({"preset": "small"})");
  CHECK(small.threads == 1);
  CHECK(small.settings.at("threads") == 1);
  CHECK(small.settings.at("memory_limit") == "384MiB");
  CHECK(small.preset == "small");

  auto tuned = parse_config(R"({"preset": "large", "threads": 2, "settings": {"memory_limit": "1GB"}})");
  CHECK(tuned.threads == 2);
  CHECK(tuned.settings.at("threads") == 8);
  CHECK(tuned.settings.at("memory_limit") == "1GB");

  auto own_engine_threads = parse_config(R"({"preset": "medium", "settings": {"threads": 3}})");
  CHECK(own_engine_threads.threads == 2);
  CHECK(own_engine_threads.settings.at("threads") == 3);
}

TEST_CASE("compute-duckdb config: paths with '..' segments are refused") {
  for (const char* path : {"..", "../warehouse.duckdb", "data/../../etc/x.duckdb", "data/..", "/srv/../x.duckdb"}) {
    INFO(path);
    auto failure = failure_of([&] { parse_duckdb_config({{"path", path}}); });
    CHECK(failure.code == FLOE_ERR_INVALID_CONFIG);
    CHECK(failure.message.starts_with("key 'path': must not contain '..' segments"));
  }
  for (const char* path : {"a..b/warehouse.duckdb", ".../x.duckdb", "./x.duckdb", "x..duckdb"}) {
    INFO(path);
    CHECK(parse_duckdb_config({{"path", path}}).path == path);
  }
  CHECK(rejected_key(R"({"external_root": "out/../../elsewhere"})") == "external_root");
  CHECK(rejected_key(R"({"path": ""})") == "path");
}

TEST_CASE("compute-duckdb config: memory_limit must be a size DuckDB accepts") {
  for (const char* limit : {"4GB", "512MiB", "1.5 gb", "2TiB", "100KB", "0.5GB"}) {
    INFO(limit);
    CHECK(is_valid_memory_limit(limit));
  }
  for (const char* limit : {"4096", "0GB", "0.0 MiB", "4 XB", "GB", "4.GB", "-1GB", "80%", "4  GB", " 4GB", "4GBs", ""}) {
    INFO(limit);
    CHECK_FALSE(is_valid_memory_limit(limit));
  }
  CHECK(rejected_key(R"({"settings": {"memory_limit": "lots"}})") == "settings.memory_limit");
  CHECK(rejected_key(R"({"settings": {"memory_limit": 4096}})") == "settings.memory_limit");
}

TEST_CASE("compute-duckdb config: wrong types and values name the key") {
  CHECK(rejected_key(R"({"path": 7})") == "path");
  CHECK(rejected_key(R"({"threads": "4"})") == "threads");
  CHECK(rejected_key(R"({"threads": 4.5})") == "threads");
  CHECK(rejected_key(R"({"threads": 0})") == "threads");
  CHECK(rejected_key(R"({"threads": 65})") == "threads");
  CHECK(rejected_key(R"({"threads": 18446744073709551615})") == "threads");
  CHECK(rejected_key(R"({"timeout_seconds": 0})") == "timeout_seconds");
  CHECK(rejected_key(R"({"timeout_seconds": 86401})") == "timeout_seconds");
  CHECK(rejected_key(R"({"extensions": "json"})") == "extensions");
  CHECK(rejected_key(R"({"extensions": [1]})") == "extensions");
  CHECK(rejected_key(R"({"extensions": ["json; DROP TABLE x"]})") == "extensions");
  CHECK(rejected_key(R"({"settings": ["memory_limit"]})") == "settings");
  CHECK(rejected_key(R"({"settings": {"temp_directory": {"path": "/tmp"}}})") == "settings.temp_directory");
  CHECK(rejected_key(R"({"settings": {"bad-name": 1}})") == "settings.bad-name");
  CHECK(rejected_key(R"({"settings": {"temp_directory": "/tmp/it's"}})") == "settings.temp_directory");
  CHECK(rejected_key(R"({"settings": {"access_mode": "rw"}})") == "settings.access_mode");
  CHECK(rejected_key(R"({"settings": {"access_mode": "read_only"}})") == "settings.access_mode");
  CHECK(rejected_key(R"({"preset": "huge"})") == "preset");
  CHECK(rejected_key(R"({"preset": 1})") == "preset");

  // 4.0 is an integer to JSON Schema.
  CHECK(parse_config(R"({"threads": 4.0})").threads == 4);

  auto unknown = failure_of([] { parse_config(R"({"memory": "4GB"})"); });
  CHECK(unknown.code == FLOE_ERR_INVALID_CONFIG);
  CHECK(unknown.message.starts_with("unknown key 'memory'"));

  auto preset = failure_of([] { parse_config(R"({"preset": "huge"})"); });
  CHECK(preset.message.find("small, medium, large") != std::string::npos);
}

TEST_CASE("compute-duckdb config: read_only is allowed for database files") {
  auto config = parse_config(R"({"path": "warehouse.duckdb", "settings": {"access_mode": "read_only"}})");
  CHECK(config.read_only());
}

TEST_CASE("compute-duckdb config: path helpers") {
  CHECK(has_parent_segment("a/../b"));
  CHECK_FALSE(has_parent_segment("a/..b"));
  CHECK_FALSE(has_parent_segment(""));

  CHECK(is_remote_path("md:analytics"));
  CHECK(is_remote_path("motherduck:analytics"));
  CHECK(is_remote_path("s3://bucket/db.duckdb"));
  CHECK_FALSE(is_remote_path(":memory:"));
  CHECK_FALSE(is_remote_path("/data/warehouse.duckdb"));
  CHECK_FALSE(is_remote_path("data/odd:name.duckdb"));
  CHECK_FALSE(is_remote_path("://nothing"));

  CHECK(main_database_name(":memory:") == "memory");
  CHECK(main_database_name("/data/warehouse.duckdb") == "warehouse");
  CHECK(main_database_name("warehouse.v1.duckdb") == "warehouse");
  CHECK(main_database_name("data/.hidden.duckdb") == "hidden");
  CHECK(main_database_name("noext") == "noext");
}
