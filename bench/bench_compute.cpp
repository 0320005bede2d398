// bench_compute: the small real plugin floe-bench loads, initialises and
// calls (and copies a hundred times to build its listing fixture).
//
// Written with the author kit (floe/plugin.hpp) like any third-party plugin,
// with a config schema so that floe_registry_open does its real work
// (schema parse at load, validation and defaults at open). Its answers are
// small, fixed JSON documents: the benchmark measures the host, not the
// plugin.
#include <boost/json.hpp>

#include <cstdint>
#include <string>

#include "floe/plugin.hpp"

namespace {

constexpr const char* kCapabilities[] = {"bench", nullptr};

}  // namespace

class BenchCompute {
 public:
  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_COMPUTE,
      0,
      "bench_compute",
      "0.1.0",
      "floe-bench fixture: a compute plugin with fixed, small answers",
      kCapabilities,
      nullptr,
      R"({"type": "object",
          "properties": {
            "path": {"type": "string", "default": ":memory:", "description": "database file"},
            "threads": {"type": "integer", "minimum": 1, "maximum": 64, "default": 1}
          },
          "additionalProperties": false})"};

  explicit BenchCompute(const boost::json::object& config)
      : path_(config.at("path").as_string().c_str()), threads_(config.at("threads").to_number<std::int64_t>()) {}

  boost::json::value generate_dbt_profile(const boost::json::value& request) {
    const auto& req = floe::sdk::as_object(request, "request");
    std::string schema = floe::sdk::optional_string(req, "schema").value_or("main");
    return {{"output", {{"type", "duckdb"}, {"path", path_}, {"threads", threads_}, {"schema", schema}}}};
  }

  boost::json::value get_required_dbt_packages(const boost::json::value&) {
    return {{"packages", boost::json::array{"dbt-duckdb>=1.7"}}};
  }

  boost::json::value validate_connection(const boost::json::value&) {
    return {{"status", "healthy"}, {"latency_ms", 0}, {"message", "bench plugin"}, {"warnings", boost::json::array()}};
  }

  boost::json::value get_resource_requirements(const boost::json::value&) {
    return {{"cpu_request", "100m"},          {"cpu_limit", "1"},
            {"memory_request", "256Mi"},      {"memory_limit", "1Gi"},
            {"ephemeral_storage_request", "1Gi"}, {"ephemeral_storage_limit", "2Gi"}};
  }

 private:
  std::string path_;
  std::int64_t threads_;
};

FLOE_PLUGIN(BenchCompute)
