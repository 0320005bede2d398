#include "file_orchestrator.hpp"

#include <boost/json.hpp>

#include "floe/plugin.hpp"
#include "product_artifacts.hpp"

namespace floe::orchestrator_common {

namespace json = boost::json;

json::value file_orchestrator::get_resource_requirements(const json::value& request) const {
  const auto& o = floe::sdk::as_object(request, "get_resource_requirements request");
  only_keys(o, {"workload_size"});
  return resource_preset(floe::sdk::required_string(o, "workload_size"));
}

json::value file_orchestrator::generate_entry_point_code(const json::value& request) const {
  const auto& o = floe::sdk::as_object(request, "generate_entry_point_code request");
  only_keys(o, {"product_name", "lineage_enabled", "iceberg_enabled"});
  floe::sdk::required_string(o, "product_name");
  return {{"files", json::array{json::object{{"path", entry_}, {"content", template_text(entry_)}}}}};
}

file_orchestrator::definitions_request file_orchestrator::read_definitions_request(const json::value& request) {
  const auto& o = floe::sdk::as_object(request, "create_definitions request");
  only_keys(o, {"artifacts", "product_file"});
  const json::value* artifacts = o.if_contains("artifacts");
  if (artifacts == nullptr || !artifacts->is_object())
    throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "key 'artifacts': expected the compiled artifacts object");
  return {artifacts->as_object(),
          floe::sdk::optional_string(o, "product_file").value_or(product_file_of(artifacts->as_object()))};
}

json::value file_orchestrator::definitions_answer(const json::object& product, json::value location,
                                                  json::value asset_prefix) const {
  json::array files{json::object{{"path", entry_}, {"content", template_text(entry_)}}};
  for (const auto& file : extra_) files.push_back(json::object{{"path", file}, {"content", template_text(file)}});
  files.push_back(json::object{{"path", "floe_product.json"}, {"content", json::serialize(product) + "\n"}});
  return {{"files", std::move(files)},
          {"location", std::move(location)},
          {"asset_prefix", std::move(asset_prefix)}};
}

json::value file_orchestrator::assets_from_transforms(const json::value& request, std::string (*name)(const std::string&)) {
  const auto& o = floe::sdk::as_object(request, "create_assets_from_transforms request");
  only_keys(o, {"transforms"});
  const json::value* transforms = o.if_contains("transforms");
  if (transforms == nullptr || !transforms->is_array())
    throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "key 'transforms': expected an array");
  json::array assets;
  for (const auto& t : transforms->as_array()) {
    const auto& transform = floe::sdk::as_object(t, "a transform");
    json::array depends;
    if (const json::value* d = transform.if_contains("depends_on"); d != nullptr && d->is_array())
      for (const auto& dep : d->as_array())
        if (dep.is_string()) depends.push_back(json::string(name(std::string(dep.as_string()))));
    std::string dbt_name = floe::sdk::required_string(transform, "name");
    json::object metadata{{"dbt_name", dbt_name}};
    if (auto m = floe::sdk::optional_string(transform, "materialization")) metadata["materialization"] = *m;
    assets.push_back(json::object{{"key", name(dbt_name)}, {"depends_on", std::move(depends)},
                                  {"metadata", std::move(metadata)}});
  }
  return {{"assets", std::move(assets)}};
}

}  // namespace floe::orchestrator_common
