// The quality-great-expectations plugin: Great Expectations is the quality
// engine. The product's dbt data tests and its output ports' contracts
// become expectations, validated against the tables the run built (the
// compute's DuckDB database), and judged with the platform's severity
// mapping and score thresholds like quality-dbt's.
#include "floe/plugin.hpp"
#include "gx_config.hpp"
#include "gx_validation.hpp"

namespace floe::quality_gx {
namespace {

class gx_quality {
 public:
  static constexpr const char* capabilities[] = {"engine:great-expectations", "quality-score", "data:duckdb",
                                                 nullptr};

  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_QUALITY,
      0,
      "great_expectations",
      "0.1.0",
      "Great Expectations (1.x) as the quality engine: dbt tests and port contracts validated on the DuckDB tables",
      capabilities,
      nullptr,
      config_schema_json,
  };

  gx_quality(const boost::json::object& config, floe::sdk::host& host) : config_(parse_gx_config(config)), host_(host) {}

  boost::json::value run_checks(const boost::json::value& request) { return validate_with_gx(request, config_, host_); }

  boost::json::value calculate_quality_score(const boost::json::value& request) {
    return quality_common::score_response(request, config_.scoring);
  }

  // One suite per run, named by the caller (the dbt project).
  boost::json::value list_suites(const boost::json::value& request) {
    quality_common::only_keys(floe::sdk::as_object(request, "list_suites request"), {});
    return {{"suites", boost::json::array{"dbt-tests-and-port-contracts"}}};
  }

  // The tables are read through DuckDB.
  boost::json::value supports_dialect(const boost::json::value& request) {
    const auto& o = floe::sdk::as_object(request, "supports_dialect request");
    quality_common::only_keys(o, {"dialect"});
    return {{"supported", floe::sdk::required_string(o, "dialect") == "duckdb"}};
  }

 private:
  gx_config config_;
  floe::sdk::host& host_;
};

}  // namespace
}  // namespace floe::quality_gx

FLOE_PLUGIN(floe::quality_gx::gx_quality)
