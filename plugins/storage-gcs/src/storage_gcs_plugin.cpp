// The storage-gcs plugin: a lakehouse on Google Cloud Storage. Secret-free
// answers built from the configuration and the selection's secret
// references; no connection check (floe has no Google OAuth2 client, and no
// GCS here to test one against: validate_connection answers NOT_IMPLEMENTED).
//
// Credentials: a service-account key (the JSON file, by reference) or the
// workload's identity (GKE Workload Identity). Both reach readers through
// Google's application-default credentials (GOOGLE_APPLICATION_CREDENTIALS
// names the key file), which PyIceberg's PyArrowFileIO and Java's GCSFileIO
// read: no FileIO property carries a key. DuckDB reaches GCS through its S3
// interoperability with HMAC keys only (hmac_key_id, hmac_secret).
#include <string>

#include "floe/plugin.hpp"
#include "storage_request.hpp"

namespace floe::storage_gcs {
namespace {

namespace common = floe::storage_common;
namespace json = boost::json;
using floe::sdk::error;

inline constexpr char config_schema_json[] = R"json({
  "type": "object",
  "additionalProperties": false,
  "required": ["bucket"],
  "properties": {
    "bucket": {
      "type": "string",
      "pattern": "^[a-z0-9][a-z0-9._-]*[a-z0-9]$",
      "minLength": 3,
      "maxLength": 63,
      "description": "The bucket the lakehouse lives in."
    },
    "project": {
      "type": "string",
      "pattern": "^[a-z][a-z0-9-]{4,28}[a-z0-9]$",
      "description": "The Google Cloud project id (billing and bucket creation)."
    },
    "prefix": {
      "type": "string",
      "pattern": "^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$",
      "description": "Object prefix under which warehouses live (no leading or trailing '/')."
    },
    "endpoint": {
      "type": "string",
      "pattern": "^https?://[^/\\s?#@]+/?$",
      "description": "A GCS endpoint other than Google's (a private endpoint, or an emulator such as fake-gcs-server)."
    },
    "credentials": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "mode": {
          "type": "string",
          "enum": ["service_account", "workload_identity"],
          "default": "service_account",
          "description": "service_account: the JSON key named by plugins.storage.secrets.service_account_json; workload_identity: the pod's Kubernetes service account is bound to service_account_email (no key)."
        },
        "service_account_email": {
          "type": "string",
          "pattern": "^[a-z0-9-]+@[a-z0-9-]+\\.iam\\.gserviceaccount\\.com$",
          "description": "workload_identity: the Google service account the workloads act as."
        }
      }
    }
  }
})json";

constexpr const char* kKeyFile = "/var/run/secrets/floe/gcs/service-account.json";

class gcs_storage {
 public:
  static constexpr const char* capabilities[] = {"gcs", "iceberg-fileio", nullptr};

  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_STORAGE,
      0,
      "gcs",
      "0.1.0",
      "Object storage on Google Cloud Storage (service-account key or Workload Identity)",
      capabilities,
      nullptr,
      config_schema_json,
  };

  explicit gcs_storage(const json::object& config) {
    bucket_ = floe::sdk::required_string(config, "bucket");
    project_ = floe::sdk::optional_string(config, "project").value_or("");
    prefix_ = floe::sdk::optional_string(config, "prefix").value_or("");
    if (prefix_.find("..") != std::string::npos)
      throw error(FLOE_ERR_INVALID_CONFIG, "plugins.storage.config.prefix: must not contain '..'");
    endpoint_ = floe::sdk::optional_string(config, "endpoint").value_or("");
    while (!endpoint_.empty() && endpoint_.back() == '/') endpoint_.pop_back();
    if (auto it = config.find("credentials"); it != config.end() && it->value().is_object()) {
      const auto& credentials = it->value().get_object();
      workload_identity_ = floe::sdk::optional_string(credentials, "mode").value_or("service_account") == "workload_identity";
      email_ = floe::sdk::optional_string(credentials, "service_account_email").value_or("");
    }
    if (workload_identity_ && email_.empty())
      throw error(FLOE_ERR_INVALID_CONFIG,
                  "plugins.storage.config.credentials.service_account_email: workload_identity needs the Google "
                  "service account the workloads act as");
    if (!workload_identity_ && !email_.empty())
      throw error(FLOE_ERR_INVALID_CONFIG,
                  "plugins.storage.config.credentials.service_account_email: only used with mode: workload_identity");
  }

  json::value get_deployment_binding(const json::value& request) {
    auto secrets = secrets_of(request, "get_deployment_binding request");
    json::object out{{"kind", "gcs"}, {"bucket", bucket_}, {"root", root()}};
    if (!endpoint_.empty()) out["endpoint"] = endpoint_;
    if (!secrets.empty()) out["credentials"] = common::to_object(secrets);
    if (workload_identity_) out["identity"] = "workload_identity:" + email_;
    return out;
  }

  json::value get_fileio_config(const json::value& request) {
    secrets_of(request, "get_fileio_config request");
    json::object properties;
    if (!project_.empty()) properties["gcs.project-id"] = project_;
    if (!endpoint_.empty()) properties["gcs.service.host"] = endpoint_;
    return json::object{{"properties", std::move(properties)}};
  }

  json::value get_warehouse_uri(const json::value& request) { return common::warehouse_uri_answer(request, root()); }

  // DuckDB's httpfs reads GCS with HMAC keys (its S3 interoperability).
  json::value get_dbt_profile_config(const json::value& request) {
    auto secrets = secrets_of(request, "get_dbt_profile_config request");
    json::object out{{"settings", json::object()}, {"extensions", json::array{"httpfs"}}};
    if (secrets.count("hmac_key_id") != 0)
      out["secrets"] = json::array{json::object{
          {"type", "gcs"},
          {"key_id", common::dbt_env_placeholder("hmac_key_id", secrets.at("hmac_key_id"))},
          {"secret", common::dbt_env_placeholder("hmac_secret", secrets.at("hmac_secret"))}}};
    return out;
  }

  json::value get_helm_values_override(const json::value& request) {
    auto secrets = secrets_of(request, "get_helm_values_override request");
    json::object values{{"storage", json::object{{"kind", "gcs"}, {"bucket", bucket_}, {"root", root()}}}};
    json::array env;
    if (!project_.empty()) env.push_back(json::object{{"name", "GOOGLE_CLOUD_PROJECT"}, {"value", project_}});
    if (workload_identity_)
      values["serviceAccount"] = json::object{{"annotations", json::object{{"iam.gke.io/gcp-service-account", email_}}}};
    if (auto it = secrets.find("service_account_json"); it != secrets.end()) {
      env.push_back(json::object{{"name", "GOOGLE_APPLICATION_CREDENTIALS"}, {"value", kKeyFile}});
      values["secretFiles"] = json::object{{kKeyFile, it->second}};
    }
    values["env"] = std::move(env);
    return json::object{{"values", std::move(values)}};
  }

  json::value get_catalog_config(const json::value& request) {
    secrets_of(request, "get_catalog_config request");
    json::object properties{{"io-impl", "org.apache.iceberg.gcp.gcs.GCSFileIO"}, {"warehouse", root()}};
    if (!project_.empty()) properties["gcs.project-id"] = project_;
    if (!endpoint_.empty()) properties["gcs.service.host"] = endpoint_;
    return json::object{{"properties", std::move(properties)}};
  }

 private:
  std::map<std::string, std::string> secrets_of(const json::value& request, std::string_view what) const {
    const auto& object = floe::sdk::as_object(request, what);
    common::refuse_unknown_keys(object, {"secrets"});
    auto secrets = common::request_secrets(object, {"service_account_json", "hmac_key_id", "hmac_secret"});
    if (workload_identity_ && secrets.count("service_account_json") != 0)
      throw error(FLOE_ERR_INVALID_ARGUMENT,
                  "key 'secrets': credentials.mode workload_identity takes no service_account_json key");
    if (secrets.count("hmac_key_id") != secrets.count("hmac_secret"))
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'secrets': hmac_key_id and hmac_secret are given together or not at all");
    return secrets;
  }

  std::string root() const { return "gs://" + bucket_ + (prefix_.empty() ? "" : "/" + prefix_); }

  std::string bucket_, project_, prefix_, endpoint_, email_;
  bool workload_identity_ = false;
};

}  // namespace
}  // namespace floe::storage_gcs

FLOE_PLUGIN(floe::storage_gcs::gcs_storage)
