// The telemetry-otlp plugins: one source, built once per backend of
// variant.hpp (FLOE_OTLP_VARIANT is its index), each a .so with its own
// descriptor. This file only binds the telemetry_backend methods to the
// units that do the work.
#include "backend_config.hpp"
#include "config_schema.hpp"
#include "connection_check.hpp"
#include "floe/plugin.hpp"
#include "helm_values.hpp"
#include "k8s_workloads.hpp"
#include "variant.hpp"

#ifndef FLOE_OTLP_VARIANT
#error "FLOE_OTLP_VARIANT (an index into floe::telemetry_otlp::variants) must be defined"
#endif

namespace floe::telemetry_otlp {
namespace {

constexpr const variant& this_variant = variants[FLOE_OTLP_VARIANT];

class otlp_backend {
 public:
  static constexpr const char* capabilities[] = {"otlp:http-json", "otlp:traces", "otlp:metrics", nullptr};

  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_TELEMETRY_BACKEND,
      0,
      this_variant.name,
      "0.1.0",
      this_variant.description,
      capabilities,
      nullptr,
      config_schema_json,
  };

  otlp_backend(const boost::json::object& config, floe::sdk::host& host)
      : config_(parse_backend_config(config)), host_(host) {}

  boost::json::value get_otlp_exporter_config(const boost::json::value& request) {
    const auto& object = floe::sdk::as_object(request, "request");
    refuse_unknown_keys(object, {"endpoint", "protocol", "secrets"});
    return exporter_config_json(settle(this_variant, config_, object));
  }

  boost::json::value get_helm_values(const boost::json::value& request) {
    const auto& object = floe::sdk::as_object(request, "request");
    refuse_unknown_keys(object, {"endpoint", "protocol", "secrets"});
    return helm_values(this_variant, config_, settle(this_variant, config_, object));
  }

  // floe platform deploy: the collector (or Jaeger) behind a cluster-local traces endpoint.
  boost::json::value get_k8s_workloads(const boost::json::value& request) {
    const auto& object = floe::sdk::as_object(request, "request");
    refuse_unknown_keys(object, {"namespace", "platform", "endpoint", "secrets", "products"});
    return k8s_workloads(this_variant, config_, object);
  }

  boost::json::value validate_connection(const boost::json::value& request) {
    const auto& object = floe::sdk::as_object(request, "request");
    refuse_unknown_keys(object, {"timeout_ms", "endpoint", "protocol", "secrets"});
    auto timeout = floe::sdk::optional_int(object, "timeout_ms");
    if (timeout && (*timeout <= 0 || *timeout > 600000))
      throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "key 'timeout_ms': must be 1 to 600000");
    auto settings = settle(this_variant, config_, object);
    // The one place the plugin holds a secret: for the check's request.
    std::map<std::string, std::string> values;
    for (const auto& [header, spec] : settings.secret_headers) {
      auto value = host_.secret(spec.first);
      if (!value)
        return {{"status", "unhealthy"},
                {"latency_ms", 0},
                {"message", "the secret " + spec.first + " of the header " + header + " cannot be resolved"},
                {"warnings", boost::json::array()}};
      values[header] = spec.second + *value;
    }
    return check_connection(settings, values, timeout ? static_cast<long>(*timeout) : settings.timeout_ms);
  }

 private:
  backend_config config_;
  floe::sdk::host& host_;
};

}  // namespace
}  // namespace floe::telemetry_otlp

FLOE_PLUGIN(floe::telemetry_otlp::otlp_backend)
