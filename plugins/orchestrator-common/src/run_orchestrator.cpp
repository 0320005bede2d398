#include "run_orchestrator.hpp"

#include <boost/json.hpp>

#include "floe/plugin.hpp"
#include "product_artifacts.hpp"

namespace floe::orchestrator_common {

namespace json = boost::json;

run_orchestrator::run_orchestrator(std::string plugin, std::string writes, std::string service, std::string entry,
                                   const json::object& config)
    : file_orchestrator(std::move(plugin), std::move(writes), service, std::move(entry)),
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

json::value run_orchestrator::schedule_job(const json::value& request) const {
  const auto& o = floe::sdk::as_object(request, "schedule_job request");
  only_keys(o, {"job_name", "cron", "timezone"});
  std::string job = floe::sdk::required_string(o, "job_name");
  run_cron(floe::sdk::required_string(o, "cron"), floe::sdk::required_string(o, "timezone"), "key 'schedule'", service_);
  return {{"schedule_id", run_name(job)}};
}

}  // namespace floe::orchestrator_common
