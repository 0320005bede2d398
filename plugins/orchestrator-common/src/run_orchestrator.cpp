#include "run_orchestrator.hpp"

#include <boost/json.hpp>

#include "floe/plugin.hpp"
#include "product_artifacts.hpp"

namespace floe::orchestrator_common {

namespace json = boost::json;

run_orchestrator::run_orchestrator(std::string service, std::string entry, const json::object& config)
    : file_orchestrator(std::move(entry)),
      service_(std::move(service)),
      settings_(read_run_settings(config)) {
  also_write("floe_layers.py");
}

json::value run_orchestrator::create_definitions(const json::value& request) const {
  definitions_request d = read_definitions_request(request);
  json::object product = run_product(d.artifacts, d.product_file, settings_, service_);
  json::array prefix;  // [domain,] product: the tags but "floe"
  const json::array& tags = product.at("tags").as_array();
  for (std::size_t i = 0; i + 1 < tags.size(); ++i) prefix.push_back(tags[i]);
  return definitions_answer(product, product.at("id"), std::move(prefix));
}

json::value run_orchestrator::create_assets_from_transforms(const json::value& request) const {
  return assets_from_transforms(request, run_name);
}

}  // namespace floe::orchestrator_common
