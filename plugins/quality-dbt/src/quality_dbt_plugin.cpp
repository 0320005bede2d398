// The quality-dbt plugin: dbt's data tests are the quality engine. dbt runs
// them (the dbt plugin's test_models); this plugin judges their results
// with the platform's severity mapping and turns them into a quality score
// with warn and block thresholds.
#include "floe/plugin.hpp"
#include "test_results.hpp"

namespace {
constexpr char config_schema_json[] =
    R"json({"type": "object", "additionalProperties": false, "properties": {)json" FLOE_QUALITY_SCORING_PROPERTIES "}}";
}  // namespace

namespace floe::quality_dbt {
namespace {

using quality_common::only_keys;
using quality_common::parse_quality_config;

class dbt_quality {
 public:
  static constexpr const char* capabilities[] = {"engine:dbt-tests", "quality-score", nullptr};

  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_QUALITY,
      0,
      "dbt",
      "0.1.0",
      "dbt's data tests as the quality engine: results judged by severity, scored against thresholds",
      capabilities,
      nullptr,
      config_schema_json,
  };

  explicit dbt_quality(const boost::json::object& config) : config_(parse_quality_config(config)) {}

  // data_source: a run_results.json of dbt test (or build).
  boost::json::value run_checks(const boost::json::value& request) {
    const auto& o = floe::sdk::as_object(request, "run_checks request");
    only_keys(o, {"suite_name", "data_source", "options"});
    std::string suite = floe::sdk::required_string(o, "suite_name");
    std::string source = floe::sdk::required_string(o, "data_source");
    std::string manifest;
    if (auto* options = o.if_contains("options")) {
      const auto& opts = floe::sdk::as_object(*options, "key 'options'");
      // The keys engines that read the data themselves need (project_dir,
      // connection, output_ports) are accepted and not needed here.
      only_keys(opts, {"manifest_path", "project_dir", "connection", "output_ports"});
      manifest = floe::sdk::optional_string(opts, "manifest_path").value_or("");
    }
    Judged judged = judge_test_results(source, manifest, config_);
    return {{"suite_name", suite}, {"passed", judged.passed}, {"checks", std::move(judged.checks)}};
  }

  boost::json::value calculate_quality_score(const boost::json::value& request) {
    return quality_common::score_response(request, config_);
  }

  // The suites are the dbt projects' tests; names come from the caller.
  boost::json::value list_suites(const boost::json::value& request) {
    only_keys(floe::sdk::as_object(request, "list_suites request"), {});
    return {{"suites", boost::json::array{"dbt-tests"}}};
  }

  // dbt tests run in whatever dialect the dbt adapter speaks.
  boost::json::value supports_dialect(const boost::json::value& request) {
    const auto& o = floe::sdk::as_object(request, "supports_dialect request");
    only_keys(o, {"dialect"});
    floe::sdk::required_string(o, "dialect");
    return {{"supported", true}};
  }

 private:
  QualityConfig config_;
};

}  // namespace
}  // namespace floe::quality_dbt

FLOE_PLUGIN(floe::quality_dbt::dbt_quality)
