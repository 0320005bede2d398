// The "dbt" semantic layer: dbt Semantic Layer (MetricFlow) definitions
// from the manifest (semantic models, simple metrics, the time spine),
// written as a YAML file and a model that dbt parses with the project.
#include <filesystem>

#include "dbt_semantic_model.hpp"
#include "floe/plugin.hpp"
#include "semantic_models.hpp"
#include "semantic_plugin_support.hpp"

namespace floe::semantic_layers {
namespace {

constexpr char kDbtConfigSchema[] =
    "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {"
    "\"model_prefix\": {\"type\": \"string\", \"default\": \"gold_\", \"description\": \"Models whose name starts "
    "with it become semantic models (and any model with meta floe: {semantic: true}).\"},"
    "\"time_spine_model\": {\"type\": \"string\", \"pattern\": \"^[a-z_][a-z0-9_]*$\", \"default\": "
    "\"floe_time_spine\", \"description\": \"Name of the day-grain time spine model written beside them.\"},"
    "\"host\": {\"type\": \"string\", \"default\": \"semantic-layer.cloud.getdbt.com\", \"description\": \"The dbt "
    "Semantic Layer's host (dbt Cloud), for get_api_endpoints.\"}}}";

class dbt_semantic_layer {
 public:
  static constexpr const char* capabilities[] = {"semantic:dbt", "semantic:metricflow", nullptr};
  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor), FLOE_ABI_VERSION, FLOE_CATEGORY_SEMANTIC_LAYER, 0, "dbt", "0.1.0",
      "dbt Semantic Layer (MetricFlow) models and metrics from the product's gold models", capabilities, nullptr,
      kDbtConfigSchema,
  };

  dbt_semantic_layer(const boost::json::object& config, floe::sdk::host&)
      : prefix_(floe::sdk::optional_string(config, "model_prefix").value_or("gold_")),
        spine_(floe::sdk::optional_string(config, "time_spine_model").value_or("floe_time_spine")),
        host_(floe::sdk::optional_string(config, "host").value_or("semantic-layer.cloud.getdbt.com")) {}

  boost::json::value sync_from_dbt_manifest(const boost::json::value& request) {
    SyncRequest r = parse_sync_request(request);
    DbtSemanticFiles files = dbt_semantic_files(read_semantic_models(r.manifest_path, prefix_), spine_);
    write_file_atomically(r.output_dir, "floe_semantic_models.yml", files.semantic_yaml);
    write_file_atomically(r.output_dir, spine_ + ".sql", files.time_spine_sql);
    boost::json::array notes;
    for (const auto& n : files.notes) notes.emplace_back(n);
    namespace fs = std::filesystem;
    return boost::json::object{
        {"files", boost::json::array{(fs::path(r.output_dir) / "floe_semantic_models.yml").string(),
                                     (fs::path(r.output_dir) / (spine_ + ".sql")).string()}},
        {"notes", std::move(notes)}};
  }

  // The dbt Semantic Layer has no row-level security of its own: the context
  // is what a caller filters by.
  boost::json::value get_security_context(const boost::json::value& request) { return security_context(request, "dbt"); }

  boost::json::value get_datasource_config(const boost::json::value& request) {
    const auto& o = floe::sdk::as_object(request, "get_datasource_config request");
    refuse_unknown_keys(o, {"compute"}, "get_datasource_config request");
    const boost::json::value* compute = o.if_contains("compute");
    if (compute == nullptr || !compute->is_object())
      throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "key 'compute': expected {type, output}");
    // MetricFlow queries through the project's own dbt connection.
    return boost::json::object{
        {"datasource", boost::json::object{{"dbt_adapter", floe::sdk::required_string(compute->as_object(), "type")}}}};
  }

  boost::json::value get_api_endpoints(const boost::json::value& request) {
    refuse_unknown_keys(floe::sdk::as_object(request, "get_api_endpoints request"), {}, "get_api_endpoints request");
    return boost::json::object{{"endpoints", boost::json::object{{"jdbc", "jdbc:arrow-flight-sql://" + host_ + ":443"},
                                                                 {"graphql", "https://" + host_ + "/api/graphql"}}}};
  }

 private:
  std::string prefix_, spine_, host_;
};

}  // namespace
}  // namespace floe::semantic_layers

FLOE_PLUGIN(floe::semantic_layers::dbt_semantic_layer)
