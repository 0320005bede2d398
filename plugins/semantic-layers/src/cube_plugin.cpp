// The "cube" semantic layer: Cube data model files (YAML, one per gold
// model) from the dbt manifest, Cube's datasource settings for the
// platform's compute, and its API endpoints. Cube itself is not run here.
#include <filesystem>

#include "cube_model.hpp"
#include "floe/plugin.hpp"
#include "semantic_models.hpp"
#include "semantic_plugin_support.hpp"

namespace floe::semantic_layers {
namespace {

constexpr char kCubeConfigSchema[] =
    "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {"
    "\"model_prefix\": {\"type\": \"string\", \"default\": \"gold_\", \"description\": \"Models whose name starts "
    "with it become cubes (and any model with meta floe: {semantic: true}).\"},"
    "\"api_url\": {\"type\": \"string\", \"pattern\": \"^https?://[^/?#]+\", \"default\": \"http://localhost:4000\", "
    "\"description\": \"Where Cube's REST API is served.\"},"
    "\"sql_port\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 65535, \"default\": 15432, \"description\": "
    "\"Cube's SQL API (Postgres wire protocol) port.\"}}}";

class cube_layer {
 public:
  static constexpr const char* capabilities[] = {"semantic:cube", nullptr};
  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor), FLOE_ABI_VERSION, FLOE_CATEGORY_SEMANTIC_LAYER, 0, "cube", "0.1.0",
      "Cube data model files from the product's gold models", capabilities, nullptr, kCubeConfigSchema,
  };

  cube_layer(const boost::json::object& config, floe::sdk::host&)
      : prefix_(floe::sdk::optional_string(config, "model_prefix").value_or("gold_")),
        api_url_(floe::sdk::optional_string(config, "api_url").value_or("http://localhost:4000")),
        sql_port_(floe::sdk::optional_int(config, "sql_port").value_or(15432)) {}

  boost::json::value sync_from_dbt_manifest(const boost::json::value& request) {
    SyncRequest r = parse_sync_request(request);
    boost::json::array files;
    for (const auto& m : read_semantic_models(r.manifest_path, prefix_)) {
      write_file_atomically(r.output_dir, m.name + ".yml", cube_yaml(m));
      files.emplace_back((std::filesystem::path(r.output_dir) / (m.name + ".yml")).string());
    }
    return boost::json::object{{"files", std::move(files)}};
  }

  boost::json::value get_security_context(const boost::json::value& request) { return security_context(request, "cube"); }

  // Cube's CUBEJS_DB_* settings for the compute's dbt output (no secret values:
  // credentials stay the env var references the profile has).
  boost::json::value get_datasource_config(const boost::json::value& request) {
    const auto& o = floe::sdk::as_object(request, "get_datasource_config request");
    refuse_unknown_keys(o, {"compute"}, "get_datasource_config request");
    const boost::json::value* compute = o.if_contains("compute");
    if (compute == nullptr || !compute->is_object())
      throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "key 'compute': expected {type, output}");
    std::string type = floe::sdk::required_string(compute->as_object(), "type");
    const boost::json::value* output = compute->as_object().if_contains("output");
    auto field = [&](const char* key) {
      return output != nullptr && output->is_object() ? floe::sdk::optional_string(output->as_object(), key).value_or("")
                                                     : std::string();
    };
    boost::json::object ds;
    if (type == "duckdb") {
      ds = {{"CUBEJS_DB_TYPE", "duckdb"}, {"CUBEJS_DB_DUCKDB_DATABASE_PATH", field("path")}};
    } else if (type == "snowflake" || type == "bigquery" || type == "databricks" || type == "trino" ||
               type == "postgres") {
      ds = {{"CUBEJS_DB_TYPE", type == "databricks" ? "databricks-jdbc" : type}};
      if (std::string host = field("host"); !host.empty()) ds["CUBEJS_DB_HOST"] = host;
      if (std::string db = field("database"); !db.empty()) ds["CUBEJS_DB_NAME"] = db;
    } else if (type == "spark") {
      ds = {{"CUBEJS_DB_TYPE", "hive"}, {"CUBEJS_DB_HOST", field("host")}};
    } else {
      throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "Cube has no driver floe knows for compute '" + type + "'");
    }
    return boost::json::object{{"datasource", std::move(ds)}};
  }

  boost::json::value get_api_endpoints(const boost::json::value& request) {
    refuse_unknown_keys(floe::sdk::as_object(request, "get_api_endpoints request"), {}, "get_api_endpoints request");
    std::string host = api_url_.substr(api_url_.find("://") + 3);
    host = host.substr(0, host.find(':'));
    return boost::json::object{
        {"endpoints", boost::json::object{{"rest", api_url_ + "/cubejs-api/v1"},
                                          {"sql", "postgres://" + host + ":" + std::to_string(sql_port_)}}}};
  }

 private:
  std::string prefix_, api_url_;
  std::int64_t sql_port_;
};

}  // namespace
}  // namespace floe::semantic_layers

FLOE_PLUGIN(floe::semantic_layers::cube_layer)
