// ingestion-dlt end to end through libfloe-core's registry, for everything
// that needs no dlt: discovery, the method table, host-side config
// validation, the request checks across the ABI, and the run failures found
// before Python starts (missing files, no interpreter). The runs with real
// dlt are in dlt_ingestion_test.py.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <memory>
#include <string>

#include "floe/registry.h"
#include "registry_outcome.hpp"
#include "temp_dir.hpp"

namespace {

using floe::test::Outcome;
using floe::test::outcome_of;
using json = boost::json::value;

class Plugin {
 public:
  explicit Plugin(const std::string& config = "{}") {
    floe_registry_options options = FLOE_REGISTRY_OPTIONS_INIT;
    options.search_flags = FLOE_SEARCH_PREFIX;
    floe_error error = FLOE_ERROR_INIT;
    REQUIRE(floe_registry_new(&registry_, &options, &error) == FLOE_OK);
    open = outcome_of([&](floe_buffer*, floe_error* e) {
      return floe_registry_open(registry_, "ingestion", "dlt", config.c_str(), &handle_, e);
    });
  }
  ~Plugin() { floe_registry_free(registry_); }
  Plugin(const Plugin&) = delete;
  Plugin& operator=(const Plugin&) = delete;

  Outcome call(const char* method, const std::string& request) {
    REQUIRE(handle_ != nullptr);
    return outcome_of([&](floe_buffer* out, floe_error* e) {
      return floe_handle_call(handle_, method, request.c_str(), out, e);
    });
  }
  Outcome info() {
    return outcome_of([&](floe_buffer* out, floe_error* e) { return floe_registry_info(registry_, "ingestion", "dlt", out, e); });
  }
  // create_pipeline for a CSV source at `path`; the pipeline id.
  std::string pipeline(const std::string& path) {
    auto created = call("create_pipeline", R"({"name": "orders", "source_type": "filesystem",
        "source_config": {"format": "csv", "path": ")" + path + R"("},
        "destination_table": "raw_orders", "write_mode": "append"})");
    REQUIRE(created.status == FLOE_OK);
    return std::string(boost::json::parse(created.body).at("pipeline_id").as_string());
  }

  Outcome open;

 private:
  floe_registry* registry_ = nullptr;
  floe_handle* handle_ = nullptr;
};

std::string run_request(const std::string& id, const std::string& database) {
  return R"({"pipeline_id": ")" + id + R"(", "options": {"destination": {"type": "duckdb", "database": ")" + database +
         R"("}}})";
}

}  // namespace

TEST_CASE("ingestion-dlt registry: discovered, described, its runner installed beside it") {
  Plugin plugin;
  REQUIRE(plugin.open.status == FLOE_OK);
  auto info = plugin.info();
  REQUIRE(info.status == FLOE_OK);
  json described = boost::json::parse(info.body);
  CHECK(described.at("category") == "ingestion");
  CHECK(described.at("name") == "dlt");
  boost::json::array methods;
  for (const auto& m : described.at("methods").as_array())
    methods.push_back({{"name", m.at("name")}, {"required", m.at("required")}});
  CHECK(methods == boost::json::parse(R"([{"name": "create_pipeline", "required": true},
      {"name": "run", "required": true}, {"name": "get_destination_config", "required": false}])"));
  std::filesystem::path library(std::string(described.at("library").as_string()));
  CHECK(std::filesystem::is_regular_file(library.parent_path() / "floe_ingestion_dlt-runner/run_dlt.py"));
}

TEST_CASE("ingestion-dlt registry: the host checks the configuration against the plugin's schema") {
  Plugin zero(R"({"timeout_seconds": 0})");
  CHECK(zero.open.status == FLOE_ERR_INVALID_CONFIG);
  CHECK(zero.open.body.find("timeout_seconds") != std::string::npos);
  Plugin relative(R"({"python": "venv/bin/python"})");
  CHECK(relative.open.status == FLOE_ERR_INVALID_CONFIG);
  CHECK(relative.open.body.find("is a relative path") != std::string::npos);
}

TEST_CASE("ingestion-dlt registry: bad requests and unknown pipelines are refused across the ABI") {
  Plugin plugin;
  auto bad = plugin.call("create_pipeline", R"({"name": "orders"})");
  CHECK(bad.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(bad.body == "ingestion/dlt.create_pipeline: missing required key 'source_type'");
  auto unknown = plugin.call("run", run_request("orders-00000000", "/tmp/w.duckdb"));
  CHECK(unknown.status == FLOE_ERR_NOT_FOUND);
  CHECK(unknown.body.starts_with("ingestion/dlt.run: no pipeline 'orders-00000000' in this instance"));
  CHECK(plugin.call("get_destination_config", "{}").status == FLOE_ERR_NOT_IMPLEMENTED);
}

TEST_CASE("ingestion-dlt registry: a missing source file fails the run before Python starts") {
  floe::test::TempDir dir;
  // No interpreter anywhere: a run that got as far as Python would say so.
  Plugin plugin(R"({"python": "/nonexistent/python"})");
  std::string id = plugin.pipeline(dir.str() + "/in/*.csv");
  auto ran = plugin.call("run", run_request(id, dir.str() + "/w.duckdb"));
  REQUIRE(ran.status == FLOE_OK);
  json response = boost::json::parse(ran.body);
  CHECK(response.at("success") == false);
  CHECK(response.at("rows_loaded") == 0);
  CHECK(response.at("errors") == boost::json::parse(R"([{"code": "source_not_found", "message": "source pattern )" +
                                                     dir.str() + R"(/in/*.csv matches no file", "file": ")" + dir.str() +
                                                     R"(/in/*.csv"}])"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "w.duckdb"));
}

TEST_CASE("ingestion-dlt registry: no interpreter is a clear error naming the install step") {
  floe::test::TempDir dir;
  floe::test::write_file(dir.path() / "orders.csv", "order_id\n1\n");
  Plugin plugin(R"({"python": "/nonexistent/python"})");
  auto ran = plugin.call("run", run_request(plugin.pipeline(dir.str() + "/orders.csv"), dir.str() + "/w.duckdb"));
  REQUIRE(ran.status == FLOE_OK);
  json error = boost::json::parse(ran.body).at("errors").at(0);
  CHECK(error.at("code") == "python_not_found");
  CHECK(error.at("message") == "the plugin config's python '/nonexistent/python' is not an executable file; set the "
                               "plugin's `python` to an interpreter with dlt (pip install 'dlt[duckdb]==1.31.0')");
}
