// The quality-dbt plugin: dbt's data tests are the quality engine. dbt runs
// them (the dbt plugin's test_models); this plugin judges their results
// with the platform's severity mapping and turns them into a quality score
// with warn and block thresholds.
#include "floe/plugin.hpp"
#include "quality_config.hpp"
#include "test_results.hpp"

namespace floe::quality_dbt {
namespace {

void only_keys(const boost::json::object& o, std::initializer_list<const char*> keys) {
  for (const auto& [k, v] : o) {
    bool known = false;
    for (const char* key : keys) known = known || k == key;
    if (!known) throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(k) + "' in the request");
  }
}

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
      only_keys(opts, {"manifest_path"});
      manifest = floe::sdk::optional_string(opts, "manifest_path").value_or("");
    }
    Judged judged = judge_test_results(source, manifest, config_);
    return {{"suite_name", suite}, {"passed", judged.passed}, {"checks", std::move(judged.checks)}};
  }

  boost::json::value calculate_quality_score(const boost::json::value& request) {
    const auto& o = floe::sdk::as_object(request, "calculate_quality_score request");
    only_keys(o, {"results", "config"});
    auto* results = o.if_contains("results");
    if (results == nullptr || !results->is_array())
      throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "key 'results': expected an array of checks");
    QualityConfig thresholds = config_;
    if (auto* c = o.if_contains("config")) {
      const auto& given = floe::sdk::as_object(*c, "key 'config'");
      only_keys(given, {"warn_score", "block_score"});
      boost::json::object merged{{"warn_score", thresholds.warn_score}, {"block_score", thresholds.block_score}};
      for (const auto& [k, v] : given) merged[k] = v;
      QualityConfig parsed = parse_quality_config(merged);
      thresholds.warn_score = parsed.warn_score;
      thresholds.block_score = parsed.block_score;
    }
    double score = quality_score(results->as_array());
    return {{"score", score},
            {"warning", score < thresholds.warn_score},
            {"blocked", thresholds.block_score > 0 && score < thresholds.block_score}};
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
