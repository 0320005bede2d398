#include "namespace_mapping.hpp"

#include "backend_settings.hpp"
#include "floe/plugin.hpp"

namespace floe::lineage_openlineage {

boost::json::object namespace_mapping(const boost::json::value& request, const std::string& environment) {
  using floe::sdk::error;
  const auto& object = floe::sdk::as_object(request, "get_namespace_mapping request");
  refuse_unknown_keys(object, {"product", "mode", "domain", "namespace"});
  std::string product = floe::sdk::required_string(object, "product");
  if (product.empty()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'product': must not be empty");
  std::string mode = floe::sdk::required_string(object, "mode");
  if (mode != "2-tier" && mode != "3-tier")
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'mode': expected \"2-tier\" or \"3-tier\", got \"" + mode + "\"");
  std::string domain = floe::sdk::optional_string(object, "domain").value_or("");
  std::string platform_namespace = floe::sdk::optional_string(object, "namespace").value_or("");

  std::string job_namespace = mode == "3-tier" && !domain.empty() ? domain + "." + product
                              : !platform_namespace.empty()       ? platform_namespace
                                                                  : product;
  if (!environment.empty()) job_namespace += "." + environment;
  return {{"namespace", job_namespace},
          {"mapping", {{"run", product},
                       {"model_prefix", product + "."},
                       {"ingestion_prefix", product + ".ingestion."},
                       {"quality", product + ".quality"}}}};
}

}  // namespace floe::lineage_openlineage
