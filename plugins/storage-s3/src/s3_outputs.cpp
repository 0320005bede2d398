#include "s3_outputs.hpp"

#include "floe/plugin.hpp"
#include "storage_request.hpp"

namespace floe::storage_s3 {
namespace json = boost::json;
using floe::sdk::error;
using floe::storage_common::dbt_env_placeholder;

namespace {

const char* boolean(bool value) { return value ? "true" : "false"; }

// The FileIO secret keys, per secret.
const std::pair<const char*, const char*> kFileIoSecrets[] = {
    {kAccessKeyId, "s3.access-key-id"}, {kSecretAccessKey, "s3.secret-access-key"}, {kSessionToken, "s3.session-token"}};

json::object secret_properties(const secret_refs& secrets) {
  json::object out;
  for (const auto& [key, property] : kFileIoSecrets)
    if (auto it = secrets.find(key); it != secrets.end()) out[property] = it->second;
  return out;
}

}  // namespace

secret_refs checked_secrets(const s3_config& config, const json::object& request) {
  secret_refs secrets = floe::storage_common::request_secrets(request, {kAccessKeyId, kSecretAccessKey, kSessionToken});
  if (config.mode != credential_mode::static_keys && !secrets.empty())
    throw error(FLOE_ERR_INVALID_ARGUMENT,
                std::string("key 'secrets': credentials.mode ") + mode_name(config.mode) +
                    " takes no static keys (plugins.storage.secrets must be empty, or the mode static)");
  if (secrets.count(kAccessKeyId) != secrets.count(kSecretAccessKey))
    throw error(FLOE_ERR_INVALID_ARGUMENT,
                "key 'secrets': access_key_id and secret_access_key are given together or not at all");
  if (secrets.count(kSessionToken) != 0 && secrets.count(kAccessKeyId) == 0)
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'secrets': a session_token goes with access_key_id and secret_access_key");
  return secrets;
}

json::object deployment_binding(const s3_config& config, const secret_refs& secrets) {
  json::object out{{"kind", "s3"}, {"bucket", config.bucket}, {"region", config.region}, {"root", root_uri(config)}};
  if (!config.endpoint.empty()) out["endpoint"] = config.endpoint;
  if (!secrets.empty()) out["credentials"] = floe::storage_common::to_object(secrets);
  if (config.mode == credential_mode::iam_role)
    out["identity"] = "iam_role:" + config.role_arn;
  else if (config.mode != credential_mode::static_keys)
    out["identity"] = mode_name(config.mode);
  return out;
}

// The keys PyIceberg (pyiceberg.io), Java's S3FileIO and iceberg-rust read.
// Path style is said twice: s3.path-style-access (Java, Rust) and its
// inverse s3.force-virtual-addressing (PyIceberg's PyArrowFileIO). The
// region is always given: without it PyIceberg asks AWS where the bucket is.
json::object fileio_config(const s3_config& config, const secret_refs& secrets) {
  // s3.*: read by PyIceberg and Java's S3FileIO alike; io-impl and
  // client.region: what a Java client (Spark's, Trino's) needs besides, as
  // an Iceberg REST catalog may leave the FileIO to the client.
  json::object properties{{"s3.region", config.region},
                          {"client.region", config.region},
                          {"io-impl", "org.apache.iceberg.aws.s3.S3FileIO"},
                          {"s3.path-style-access", boolean(config.path_style)},
                          {"s3.force-virtual-addressing", boolean(!config.path_style)}};
  if (!config.endpoint.empty()) properties["s3.endpoint"] = config.endpoint;
  if (config.mode == credential_mode::iam_role && !config.role_session_name.empty())
    properties["s3.role-session-name"] = config.role_session_name;
  json::object out{{"properties", std::move(properties)}};
  if (auto hidden = secret_properties(secrets); !hidden.empty()) out["secret_properties"] = std::move(hidden);
  return out;
}

json::object warehouse_uri(const s3_config& config, const std::string& ns) {
  floe::storage_common::check_namespace(ns);
  return {{"uri", root_uri(config) + "/" + ns}};
}

// DuckDB's httpfs, as dbt-duckdb configures it: `settings` (SET s3_...) for
// static keys read from the environment when dbt loads the profile, or a
// `secrets` entry with the credential_chain provider when the keys come from
// the workload's identity (IRSA's web identity, an instance profile).
json::object dbt_profile_config(const s3_config& config, const secret_refs& secrets) {
  json::object settings{{"s3_region", config.region},
                        {"s3_url_style", config.path_style ? "path" : "vhost"},
                        {"s3_use_ssl", uses_tls(config)}};
  if (!config.endpoint.empty()) settings["s3_endpoint"] = service_host(config);
  const std::pair<const char*, const char*> keys[] = {
      {kAccessKeyId, "s3_access_key_id"}, {kSecretAccessKey, "s3_secret_access_key"}, {kSessionToken, "s3_session_token"}};
  for (const auto& [key, setting] : keys)
    if (auto it = secrets.find(key); it != secrets.end()) settings[setting] = dbt_env_placeholder(key, it->second);
  json::object out{{"settings", std::move(settings)}, {"extensions", json::array{"httpfs"}}};
  if (config.mode == credential_mode::iam_role || config.mode == credential_mode::instance_profile) {
    json::object secret{{"type", "s3"}, {"provider", "credential_chain"}, {"region", config.region},
                        {"url_style", config.path_style ? "path" : "vhost"}, {"use_ssl", uses_tls(config)}};
    if (!config.endpoint.empty()) secret["endpoint"] = service_host(config);
    out["secrets"] = json::array{std::move(secret)};
  }
  return out;
}

// Environment the AWS SDKs read in the workloads, a service-account
// annotation for IRSA, and the static keys as references for the chart to
// inject from wherever the deployment keeps them (never values).
json::object helm_values(const s3_config& config, const secret_refs& secrets) {
  json::array env{json::object{{"name", "AWS_REGION"}, {"value", config.region}}};
  if (!config.endpoint.empty()) env.push_back(json::object{{"name", "AWS_ENDPOINT_URL_S3"}, {"value", config.endpoint}});
  json::object values{{"storage", json::object{{"kind", "s3"},
                                               {"bucket", config.bucket},
                                               {"root", root_uri(config)},
                                               {"pathStyleAccess", config.path_style},
                                               {"credentialsMode", mode_name(config.mode)}}},
                      {"env", std::move(env)}};
  if (config.mode == credential_mode::iam_role)
    values["serviceAccount"] = json::object{{"annotations", json::object{{"eks.amazonaws.com/role-arn", config.role_arn}}}};
  const std::pair<const char*, const char*> variables[] = {
      {kAccessKeyId, "AWS_ACCESS_KEY_ID"}, {kSecretAccessKey, "AWS_SECRET_ACCESS_KEY"}, {kSessionToken, "AWS_SESSION_TOKEN"}};
  json::object secret_env;
  for (const auto& [key, variable] : variables)
    if (auto it = secrets.find(key); it != secrets.end()) secret_env[variable] = it->second;
  if (!secret_env.empty()) values["secretEnv"] = std::move(secret_env);
  return {{"values", std::move(values)}};
}

// For a Java Iceberg REST catalog server (the Apache fixture, Polaris,
// Nessie): its S3FileIO reads client.region, not s3.region.
json::object catalog_config(const s3_config& config, const secret_refs& secrets) {
  json::object properties{{"io-impl", "org.apache.iceberg.aws.s3.S3FileIO"},
                          {"warehouse", root_uri(config)},
                          {"client.region", config.region},
                          {"s3.path-style-access", boolean(config.path_style)}};
  if (!config.endpoint.empty()) properties["s3.endpoint"] = config.endpoint;
  json::object out{{"properties", std::move(properties)}};
  if (auto hidden = secret_properties(secrets); !hidden.empty()) out["secret_properties"] = std::move(hidden);
  return out;
}

}  // namespace floe::storage_s3
