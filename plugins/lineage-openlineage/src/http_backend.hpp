// The OpenLineage HTTP transport as a lineage backend plugin: where events
// go (the host posts them), how products are named, the Helm values and a
// reachability check. `Traits` gives the plugin its name, description,
// config schema and the base URL used when neither the config nor the
// platform names one ("" = none: the plugin then refuses to answer a
// transport). lineage_http_plugin.cpp and marquez_plugin.cpp instantiate it.
#ifndef FLOE_LINEAGE_OPENLINEAGE_HTTP_BACKEND_HPP
#define FLOE_LINEAGE_OPENLINEAGE_HTTP_BACKEND_HPP

#include <chrono>

#include "backend_settings.hpp"
#include "floe/plugin.hpp"
#include "http_endpoint.hpp"
#include "namespace_mapping.hpp"
#include "reachability.hpp"

namespace floe::lineage_openlineage {

template <class Traits>
class http_backend {
 public:
  static constexpr const char* capabilities[] = {"openlineage:http", nullptr};

  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_LINEAGE_BACKEND,
      0,
      Traits::name,
      "0.1.0",
      Traits::description,
      capabilities,
      nullptr,
      Traits::config_schema,
  };

  http_backend(const boost::json::object& config, floe::sdk::host&) : settings_(parse_http_settings(config)) {}

  boost::json::value get_transport_config(const boost::json::value& request) {
    transport_request r = parse_transport_request(request);
    boost::json::object out{{"type", "http"},
                            {"url", lineage_url(settings_, r.endpoint, Traits::fallback_base)},
                            {"timeout_s", settings_.timeout_s},
                            {"drain_timeout_s", settings_.drain_timeout_s}};
    if (auto key = r.secrets.find("api_key"); key != r.secrets.end()) out["api_key"] = key->second;
    return out;
  }

  boost::json::value get_namespace_mapping(const boost::json::value& request) {
    return namespace_mapping(request, settings_.environment);
  }

  // What workloads deployed with the platform (an orchestrator's jobs) need
  // to send their own events to the same server: OpenLineage's client
  // variables. The platform endpoint is not known here; a configured url is.
  boost::json::value get_helm_values(const boost::json::value& request) {
    refuse_unknown_keys(floe::sdk::as_object(request, "get_helm_values request"), {});
    boost::json::object env;
    if (settings_.url || *Traits::fallback_base != '\0') {
      env["OPENLINEAGE_URL"] = settings_.url.value_or(Traits::fallback_base);
      env["OPENLINEAGE_ENDPOINT"] = settings_.endpoint.value_or(default_endpoint_path);
    }
    return {{"values", {{"openlineage", {{"transport", "http"}, {"timeout_s", settings_.timeout_s}, {"env", env}}}}}};
  }

  boost::json::value validate_connection(const boost::json::value& request) {
    auto timeout_ms = parse_timeout_ms(request);
    std::string url;
    try {
      url = lineage_url(settings_, std::nullopt, Traits::fallback_base);
    } catch (const floe::sdk::error& e) {
      return boost::json::object{
          {"status", "unhealthy"}, {"latency_ms", 0}, {"message", e.what()}, {"warnings", boost::json::array()}};
    }
    auto budget = timeout_ms ? std::chrono::milliseconds(*timeout_ms)
                             : std::chrono::milliseconds(static_cast<std::int64_t>(settings_.timeout_s * 1000));
    return probe_http(url, budget);
  }

 private:
  http_settings settings_;
};

}  // namespace floe::lineage_openlineage

#endif  // FLOE_LINEAGE_OPENLINEAGE_HTTP_BACKEND_HPP
