// The storage-azure plugin: a lakehouse on Azure Data Lake Storage Gen2
// (abfss://container@account.dfs.<suffix>/). Secret-free answers built from
// the configuration and the selection's secret references; no connection
// check (floe has no Azure AD client, and no Azure here to test one against:
// validate_connection answers NOT_IMPLEMENTED).
//
// Credentials: the account key, a SAS token, a service principal (client
// credentials: tenant_id and client_id in config, client_secret by
// reference), or a managed identity (AKS Workload Identity; no secret).
#include <string>

#include "floe/plugin.hpp"
#include "storage_request.hpp"

namespace floe::storage_azure {
namespace {

namespace common = floe::storage_common;
namespace json = boost::json;
using floe::sdk::error;

inline constexpr char config_schema_json[] = R"json({
  "type": "object",
  "additionalProperties": false,
  "required": ["account", "container"],
  "properties": {
    "account": {
      "type": "string",
      "pattern": "^[a-z0-9]{3,24}$",
      "description": "The storage account (hierarchical namespace enabled: ADLS Gen2)."
    },
    "container": {
      "type": "string",
      "pattern": "^[a-z0-9][a-z0-9-]*[a-z0-9]$",
      "minLength": 3,
      "maxLength": 63,
      "description": "The container (file system) the lakehouse lives in."
    },
    "endpoint_suffix": {
      "type": "string",
      "pattern": "^[a-z0-9.-]+$",
      "default": "core.windows.net",
      "description": "The cloud's storage suffix: core.windows.net (public), core.chinacloudapi.cn, core.usgovcloudapi.net."
    },
    "prefix": {
      "type": "string",
      "pattern": "^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$",
      "description": "Path under which warehouses live (no leading or trailing '/')."
    },
    "credentials": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "mode": {
          "type": "string",
          "enum": ["account_key", "sas", "client_secret", "managed_identity"],
          "default": "account_key",
          "description": "account_key: secrets.account_key; sas: secrets.sas_token; client_secret: a service principal (tenant_id, client_id, secrets.client_secret); managed_identity: the workload's identity (client_id of a user-assigned one), no secret."
        },
        "tenant_id": {"type": "string", "pattern": "^[0-9a-fA-F-]{36}$", "description": "client_secret: the Azure AD tenant."},
        "client_id": {"type": "string", "pattern": "^[0-9a-fA-F-]{36}$", "description": "client_secret: the application; managed_identity: a user-assigned identity."}
      }
    }
  }
})json";

enum class mode { account_key, sas, client_secret, managed_identity };

class azure_storage {
 public:
  static constexpr const char* capabilities[] = {"adls", "iceberg-fileio", nullptr};

  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_STORAGE,
      0,
      "azure",
      "0.1.0",
      "Object storage on Azure Data Lake Storage Gen2 (account key, SAS, service principal or managed identity)",
      capabilities,
      nullptr,
      config_schema_json,
  };

  explicit azure_storage(const json::object& config) {
    account_ = floe::sdk::required_string(config, "account");
    container_ = floe::sdk::required_string(config, "container");
    suffix_ = floe::sdk::optional_string(config, "endpoint_suffix").value_or("core.windows.net");
    prefix_ = floe::sdk::optional_string(config, "prefix").value_or("");
    if (prefix_.find("..") != std::string::npos)
      throw error(FLOE_ERR_INVALID_CONFIG, "plugins.storage.config.prefix: must not contain '..'");
    if (auto it = config.find("credentials"); it != config.end() && it->value().is_object()) {
      const auto& c = it->value().get_object();
      std::string m = floe::sdk::optional_string(c, "mode").value_or("account_key");
      mode_ = m == "sas" ? mode::sas
              : m == "client_secret" ? mode::client_secret
              : m == "managed_identity" ? mode::managed_identity
                                        : mode::account_key;
      tenant_id_ = floe::sdk::optional_string(c, "tenant_id").value_or("");
      client_id_ = floe::sdk::optional_string(c, "client_id").value_or("");
    }
    if (mode_ == mode::client_secret && (tenant_id_.empty() || client_id_.empty()))
      throw error(FLOE_ERR_INVALID_CONFIG,
                  "plugins.storage.config.credentials: client_secret needs tenant_id and client_id");
  }

  json::value get_deployment_binding(const json::value& request) {
    auto secrets = secrets_of(request, "get_deployment_binding request");
    json::object out{{"kind", "azure"}, {"endpoint", "https://" + dfs_host()}, {"bucket", container_}, {"root", root()}};
    if (!secrets.empty()) out["credentials"] = common::to_object(secrets);
    if (mode_ == mode::managed_identity) out["identity"] = "managed_identity" + (client_id_.empty() ? "" : ":" + client_id_);
    return out;
  }

  // PyIceberg's keys (pyiceberg.io: adls.*), which its PyArrowFileIO and
  // fsspec FileIO read.
  json::value get_fileio_config(const json::value& request) {
    auto secrets = secrets_of(request, "get_fileio_config request");
    json::object properties{{"adls.account-name", account_}};
    if (suffix_ != "core.windows.net") {
      properties["adls.dfs-storage-authority"] = ".dfs." + suffix_;
      properties["adls.blob-storage-authority"] = ".blob." + suffix_;
      properties["adls.account-host"] = dfs_host();
    }
    if (mode_ == mode::client_secret) {
      properties["adls.tenant-id"] = tenant_id_;
      properties["adls.client-id"] = client_id_;
    }
    json::object hidden;
    const std::pair<const char*, const char*> keys[] = {
        {"account_key", "adls.account-key"}, {"sas_token", "adls.sas-token"}, {"client_secret", "adls.client-secret"}};
    for (const auto& [key, property] : keys)
      if (auto it = secrets.find(key); it != secrets.end()) hidden[property] = it->second;
    json::object out{{"properties", std::move(properties)}};
    if (!hidden.empty()) out["secret_properties"] = std::move(hidden);
    return out;
  }

  json::value get_warehouse_uri(const json::value& request) { return common::warehouse_uri_answer(request, root()); }

  // DuckDB's azure extension: a secret per credential mode.
  json::value get_dbt_profile_config(const json::value& request) {
    auto secrets = secrets_of(request, "get_dbt_profile_config request");
    json::object secret{{"type", "azure"}};
    switch (mode_) {
      case mode::account_key:
        if (secrets.count("account_key") == 0) break;
        secret["connection_string"] = "DefaultEndpointsProtocol=https;AccountName=" + account_ + ";AccountKey=" +
                                      common::dbt_env_placeholder("account_key", secrets.at("account_key")) +
                                      ";EndpointSuffix=" + suffix_;
        break;
      case mode::sas:
        if (secrets.count("sas_token") == 0) break;
        secret["connection_string"] = "BlobEndpoint=https://" + account_ + ".blob." + suffix_ +
                                      ";SharedAccessSignature=" +
                                      common::dbt_env_placeholder("sas_token", secrets.at("sas_token"));
        break;
      case mode::client_secret:
        secret["provider"] = "service_principal";
        secret["tenant_id"] = tenant_id_;
        secret["client_id"] = client_id_;
        secret["account_name"] = account_;
        if (secrets.count("client_secret") != 0)
          secret["client_secret"] = common::dbt_env_placeholder("client_secret", secrets.at("client_secret"));
        break;
      case mode::managed_identity:
        secret["provider"] = "credential_chain";
        secret["chain"] = "managed_identity";
        secret["account_name"] = account_;
        break;
    }
    json::object out{{"settings", json::object()}, {"extensions", json::array{"azure"}}};
    if (secret.size() > 1) out["secrets"] = json::array{std::move(secret)};
    return out;
  }

  json::value get_helm_values_override(const json::value& request) {
    auto secrets = secrets_of(request, "get_helm_values_override request");
    json::object values{{"storage", json::object{{"kind", "azure"}, {"account", account_}, {"root", root()}}}};
    json::array env{json::object{{"name", "AZURE_STORAGE_ACCOUNT"}, {"value", account_}}};
    if (mode_ == mode::client_secret) {
      env.push_back(json::object{{"name", "AZURE_TENANT_ID"}, {"value", tenant_id_}});
      env.push_back(json::object{{"name", "AZURE_CLIENT_ID"}, {"value", client_id_}});
    }
    if (mode_ == mode::managed_identity) {
      json::object annotations;
      if (!client_id_.empty()) annotations["azure.workload.identity/client-id"] = client_id_;
      values["serviceAccount"] = json::object{{"annotations", std::move(annotations)}};
      values["podLabels"] = json::object{{"azure.workload.identity/use", "true"}};
    }
    json::object secret_env;
    const std::pair<const char*, const char*> variables[] = {
        {"account_key", "AZURE_STORAGE_KEY"}, {"sas_token", "AZURE_STORAGE_SAS_TOKEN"}, {"client_secret", "AZURE_CLIENT_SECRET"}};
    for (const auto& [key, variable] : variables)
      if (auto it = secrets.find(key); it != secrets.end()) secret_env[variable] = it->second;
    values["env"] = std::move(env);
    if (!secret_env.empty()) values["secretEnv"] = std::move(secret_env);
    return json::object{{"values", std::move(values)}};
  }

  // Java's ADLSFileIO (iceberg-azure): shared key or a SAS token per account host.
  json::value get_catalog_config(const json::value& request) {
    auto secrets = secrets_of(request, "get_catalog_config request");
    json::object properties{{"io-impl", "org.apache.iceberg.azure.adlsv2.ADLSFileIO"}, {"warehouse", root()}};
    json::object hidden;
    if (auto it = secrets.find("account_key"); it != secrets.end()) {
      properties["adls.auth.shared-key.account.name"] = account_;
      hidden["adls.auth.shared-key.account.key"] = it->second;
    }
    if (auto it = secrets.find("sas_token"); it != secrets.end()) hidden["adls.sas-token." + dfs_host()] = it->second;
    json::object out{{"properties", std::move(properties)}};
    if (!hidden.empty()) out["secret_properties"] = std::move(hidden);
    return out;
  }

 private:
  // The secret each mode takes; any other is refused.
  std::map<std::string, std::string> secrets_of(const json::value& request, std::string_view what) const {
    const auto& object = floe::sdk::as_object(request, what);
    common::refuse_unknown_keys(object, {"secrets"});
    switch (mode_) {
      case mode::account_key: return common::request_secrets(object, {"account_key"});
      case mode::sas: return common::request_secrets(object, {"sas_token"});
      case mode::client_secret: return common::request_secrets(object, {"client_secret"});
      case mode::managed_identity: return common::request_secrets(object, {});
    }
    return {};
  }

  std::string dfs_host() const { return account_ + ".dfs." + suffix_; }
  std::string root() const {
    return "abfss://" + container_ + "@" + dfs_host() + (prefix_.empty() ? "" : "/" + prefix_);
  }

  std::string account_, container_, suffix_, prefix_, tenant_id_, client_id_;
  mode mode_ = mode::account_key;
};

}  // namespace
}  // namespace floe::storage_azure

FLOE_PLUGIN(floe::storage_azure::azure_storage)
