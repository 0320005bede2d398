// The storage-s3 plugin: a lakehouse on AWS S3 or any S3-compatible store
// (MinIO, versitygw, Ceph, R2). This file only binds the storage methods to
// the units that do the work.
#include "bucket_check.hpp"
#include "config_schema.hpp"
#include "floe/plugin.hpp"
#include "minio_workload.hpp"
#include "s3_config.hpp"
#include "s3_outputs.hpp"
#include "storage_request.hpp"

namespace floe::storage_s3 {
namespace {

namespace common = floe::storage_common;

class s3_storage {
 public:
  static constexpr const char* capabilities[] = {"s3-compatible", "iceberg-fileio", nullptr};

  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_STORAGE,
      0,
      "s3",
      "0.1.0",
      "Object storage on AWS S3 or any S3-compatible service (MinIO, versitygw, Ceph, R2)",
      capabilities,
      nullptr,
      config_schema_json,
  };

  s3_storage(const boost::json::object& config, floe::sdk::host& host) : config_(parse_s3_config(config)), host_(host) {}

  boost::json::value get_deployment_binding(const boost::json::value& request) {
    return deployment_binding(config_, secrets_of(request, "get_deployment_binding request"));
  }

  // floe platform deploy: MinIO behind a cluster-local endpoint.
  boost::json::value get_k8s_workloads(const boost::json::value& request) {
    const auto& object = floe::sdk::as_object(request, "get_k8s_workloads request");
    common::refuse_unknown_keys(object, {"namespace", "platform", "endpoint", "secrets", "products"});
    return minio_workloads(config_, object);
  }

  boost::json::value get_fileio_config(const boost::json::value& request) {
    return fileio_config(config_, secrets_of(request, "get_fileio_config request"));
  }

  boost::json::value get_warehouse_uri(const boost::json::value& request) {
    const auto& object = floe::sdk::as_object(request, "get_warehouse_uri request");
    common::refuse_unknown_keys(object, {"namespace"});
    return warehouse_uri(config_, floe::sdk::required_string(object, "namespace"));
  }

  boost::json::value get_dbt_profile_config(const boost::json::value& request) {
    return dbt_profile_config(config_, secrets_of(request, "get_dbt_profile_config request"));
  }

  boost::json::value get_helm_values_override(const boost::json::value& request) {
    return helm_values(config_, secrets_of(request, "get_helm_values_override request"));
  }

  boost::json::value get_catalog_config(const boost::json::value& request) {
    return catalog_config(config_, secrets_of(request, "get_catalog_config request"));
  }

  boost::json::value validate_connection(const boost::json::value& request) {
    const auto& object = floe::sdk::as_object(request, "validate_connection request");
    common::refuse_unknown_keys(object, {"timeout_ms", "secrets"});
    auto timeout = common::request_timeout(object, std::chrono::milliseconds(config_.timeout_ms));
    return check(checked_secrets(config_, object), timeout);
  }

  // Without the selection's secrets only an anonymous bucket can be checked.
  boost::json::value health_check(const boost::json::value& request) {
    const auto& object = floe::sdk::as_object(request, "health_check request");
    common::refuse_unknown_keys(object, {"timeout_ms"});
    auto timeout = common::request_timeout(object, std::chrono::milliseconds(config_.timeout_ms));
    return common::health_from_check(check({}, timeout));
  }

 private:
  secret_refs secrets_of(const boost::json::value& request, std::string_view what) const {
    const auto& object = floe::sdk::as_object(request, what);
    common::refuse_unknown_keys(object, {"secrets"});
    return checked_secrets(config_, object);
  }

  // The one place the plugin holds secret values: for the check's signature.
  boost::json::object check(const secret_refs& secrets, std::chrono::milliseconds timeout) const {
    if (config_.mode != credential_mode::static_keys)
      return common::check_answer(
          "degraded", 0,
          std::string("bucket '") + config_.bucket + "' at " + service_url(config_) + " is reached with " +
              mode_name(config_.mode) + " credentials, which exist only where the workloads run; not checked here",
          boost::json::array{"run the check where the workload identity is available"});
    if (secrets.empty())
      return check_bucket(config_, std::nullopt, timeout);  // a public bucket, or refused as anonymous
    std::string problem;
    sigv4_credentials credentials;
    auto key_id = common::resolve_secret(host_, secrets, kAccessKeyId, problem);
    auto secret = key_id ? common::resolve_secret(host_, secrets, kSecretAccessKey, problem) : std::nullopt;
    if (!key_id || !secret)
      return common::check_answer("unhealthy", 0,
                                  "bucket '" + config_.bucket + "' at " + service_url(config_) + " not checked: " + problem);
    credentials.access_key_id = std::move(*key_id);
    credentials.secret_access_key = std::move(*secret);
    if (secrets.count(kSessionToken) != 0) {
      auto token = common::resolve_secret(host_, secrets, kSessionToken, problem);
      if (!token)
        return common::check_answer("unhealthy", 0,
                                    "bucket '" + config_.bucket + "' at " + service_url(config_) + " not checked: " + problem);
      credentials.session_token = std::move(*token);
    }
    auto answer = check_bucket(config_, credentials, timeout);
    std::fill(credentials.secret_access_key.begin(), credentials.secret_access_key.end(), '\0');
    return answer;
  }

  s3_config config_;
  floe::sdk::host& host_;
};

}  // namespace
}  // namespace floe::storage_s3

FLOE_PLUGIN(floe::storage_s3::s3_storage)
