#include "minio_workload.hpp"

#include "cluster_address.hpp"
#include "floe/plugin.hpp"

namespace floe::storage_s3 {

namespace json = boost::json;
using floe::sdk::error;

json::value minio_workloads(const s3_config& config, const json::object& request) {
  auto here = plugin_support::in_cluster(config.endpoint);
  if (!here) return json::object{{"workloads", json::array{}}};
  const json::value* secrets = request.if_contains("secrets");
  auto reference = [&](const char* key) -> const json::value& {
    const json::value* ref = secrets != nullptr && secrets->is_object() ? secrets->as_object().if_contains(key) : nullptr;
    if (ref == nullptr || !ref->is_object())
      throw error(FLOE_ERR_INVALID_ARGUMENT, std::string("key 'secrets.") + key + "': MinIO's root credentials are the "
                  "selection's access keys; give plugins.storage.secrets." + key);
    return *ref;
  };
  json::array ports{json::object{{"name", "api"}, {"port", here->port}}, json::object{{"name", "console"}, {"port", 9001}}};
  json::object minio{
      {"name", here->service},
      {"component", "object-store"},
      {"image", "quay.io/minio/minio:RELEASE.2025-04-22T22-12-26Z"},
      {"args", json::array{"server", "/data", "--address", ":" + std::to_string(here->port), "--console-address", ":9001"}},
      {"ports", std::move(ports)},
      {"env", json::object{{"HOME", "/tmp"}, {"MINIO_REGION", config.region}}},
      {"secret_env", json::object{{"MINIO_ROOT_USER", reference(kAccessKeyId)}, {"MINIO_ROOT_PASSWORD", reference(kSecretAccessKey)}}},
      {"persistent", json::object{{"path", "/data"}, {"size", "20Gi"}}},
      {"health", json::object{{"path", "/minio/health/live"}, {"port", here->port}}},
      {"resources", json::object{{"cpu_request", "250m"}, {"cpu_limit", "2"}, {"memory_request", "512Mi"}, {"memory_limit", "2Gi"}}}};
  return json::object{{"workloads", json::array{std::move(minio)}},
                      {"notes", json::array{json::string("MinIO starts without the bucket '" + config.bucket +
                                                         "': create it once it runs (mc mb <alias>/" + config.bucket + ")")}}};
}

}  // namespace floe::storage_s3
