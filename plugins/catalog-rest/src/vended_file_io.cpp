#include "vended_file_io.hpp"

#include <map>
#include <optional>

namespace floe::catalog_rest {

FileIo vended_file_io(const FileIo& base, const iceberg::LoadTableResult& loaded, const std::string& location) {
  const iceberg::StorageCredential* best = nullptr;
  for (const auto& credential : loaded.storage_credentials)
    if (location.starts_with(credential.prefix) && credential.config.count("s3.access-key-id") != 0 &&
        (best == nullptr || credential.prefix.size() > best->prefix.size()))
      best = &credential;
  // The keys come as one set, from the grant for the location where there
  // is one, else from the table config: never a key of one with the
  // session token of the other.
  const iceberg::Properties& keys = best != nullptr ? best->config : loaded.config;
  auto key_id = keys.find("s3.access-key-id");
  auto secret = keys.find("s3.secret-access-key");
  if (key_id == keys.end() || secret == keys.end()) return base;
  auto token = keys.find("s3.session-token");
  FileIo out = base;
  out.credentials = plugin_support::sigv4_credentials{key_id->second, secret->second,
                                                      token == keys.end() ? std::string() : token->second};
  // The store they were made for: what the table config names, then the
  // grant (a catalog may vend an endpoint, as Polaris does for MinIO).
  std::map<std::string, std::string> properties;
  for (const iceberg::Properties* source : {&loaded.config, best != nullptr ? &best->config : nullptr})
    if (source != nullptr)
      for (const auto& [key, value] : *source)
        if (key == "s3.endpoint" || key == "s3.region" || key == "client.region" || key == "s3.path-style-access")
          properties[key] = value;
  plugin_support::S3Endpoint named = plugin_support::s3_endpoint_of(properties);
  if (properties.count("s3.endpoint") != 0) out.endpoint.endpoint = named.endpoint;
  if (properties.count("s3.region") != 0 || properties.count("client.region") != 0) out.endpoint.region = named.region;
  if (properties.count("s3.path-style-access") != 0) out.endpoint.path_style = named.path_style;
  return out;
}

}  // namespace floe::catalog_rest
