#include "deploy/product_resources.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/json_path.hpp"
#include "kube/values.hpp"
#include "deploy/plugin_calls.hpp"

namespace floe {

namespace json = boost::json;

const WorkloadResources kDefaultRunResources{"100m", "500m", "256Mi", "512Mi"};

Result<WorkloadResources> product_resources(Registry& registry, const json::object& artifacts, const std::string& size,
                                            std::vector<std::string>& notes) {
  std::string product = string_at(artifacts, {"product", "name"});
  std::string type = string_at(artifacts, {"plugins", "compute", "type"});
  json::object config;
  if (const json::value* c = find_path(artifacts, {"plugins", "compute", "config"}); c != nullptr && c->is_object())
    config = c->as_object();
  auto use_default = [&](const std::string& why) {
    notes.push_back(fmt::format("{}: {}; its run gets the default requests and limits (cpu {}/{}, memory {}/{})", product, why,
                                kDefaultRunResources.cpu_request, kDefaultRunResources.cpu_limit,
                                kDefaultRunResources.memory_request, kDefaultRunResources.memory_limit));
    return kDefaultRunResources;
  };
  if (type.empty()) return use_default("no compute plugin is selected");
  SelectedPlugin compute(registry, "compute", type, config);
  if (compute.open_error() != nullptr) return *compute.open_error();
  auto answer = compute.ask("get_resource_requirements", json::object{{"workload_size", size}});
  if (!answer && answer.error().code == FLOE_ERR_NOT_IMPLEMENTED)
    return use_default(fmt::format("{} has no resource presets", compute.label()));
  if (!answer) return answer.error();
  if (!answer.value().is_object())
    return make_error(FLOE_ERR_PLUGIN_FAILED, compute.label() + " answered get_resource_requirements with no object");
  WorkloadResources r;
  std::pair<const char*, std::string*> fields[] = {{"cpu_request", &r.cpu_request}, {"cpu_limit", &r.cpu_limit},
                                                    {"memory_request", &r.memory_request}, {"memory_limit", &r.memory_limit}};
  for (auto& [key, field] : fields) {
    *field = string_at(answer.value(), {key});
    if (!is_k8s_quantity(*field))
      return make_error(FLOE_ERR_PLUGIN_FAILED,
                        fmt::format("{} answered get_resource_requirements ({}) with {} '{}', which is not a Kubernetes "
                                    "quantity (500m, 2, 512Mi)",
                                    compute.label(), size, key, *field));
  }
  return r;
}

}  // namespace floe
