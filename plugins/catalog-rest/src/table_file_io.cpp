#include "table_file_io.hpp"

#include <stdexcept>

namespace floe::catalog_rest {

namespace json = boost::json;
using floe::sdk::error;

std::string FileIo::read(const std::string& uri) const {
  plugin_support::S3Object object = plugin_support::get_s3_object(endpoint, credentials, uri, kFileIoTimeout, kMaxManifestBytes);
  if (!object.problem.empty()) throw std::runtime_error(object.problem);
  return std::move(object.bytes);
}

std::map<std::string, std::string> strings_of(const json::object& object, const char* what) {
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : object) {
    if (!value.is_string())
      throw error(FLOE_ERR_INVALID_ARGUMENT, std::string("key '") + what + "." + std::string(key) + "': expected a string");
    out[std::string(key)] = std::string(value.get_string());
  }
  return out;
}

FileIo file_io(const json::object& request, const floe::sdk::host& host) {
  auto found = request.find("file_io");
  if (found == request.end() || !found->value().is_object())
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'file_io': expected a JSON object");
  const json::object& io = found->value().get_object();
  FileIo out;
  std::map<std::string, std::string> properties;
  if (auto it = io.find("properties"); it != io.end() && it->value().is_object())
    properties = strings_of(it->value().get_object(), "file_io.properties");
  out.endpoint = plugin_support::s3_endpoint_of(properties);
  std::map<std::string, std::string> secrets;
  if (auto it = io.find("secret_properties"); it != io.end() && it->value().is_object())
    secrets = strings_of(it->value().get_object(), "file_io.secret_properties");
  auto resolve = [&](const char* key) -> std::optional<std::string> {
    auto it = secrets.find(key);
    if (it == secrets.end()) return std::nullopt;
    auto value = host.secret(it->second);
    if (!value || value->empty())
      throw error(FLOE_ERR_NOT_FOUND, std::string("file_io.secret_properties.") + key + " (" + it->second +
                                          ") is not set or empty");
    return value;
  };
  auto key_id = resolve("s3.access-key-id");
  auto secret = resolve("s3.secret-access-key");
  if (key_id.has_value() != secret.has_value())
    throw error(FLOE_ERR_INVALID_ARGUMENT, "file_io.secret_properties: s3.access-key-id and s3.secret-access-key "
                                           "come together or not at all");
  if (key_id) out.credentials = plugin_support::sigv4_credentials{*key_id, *secret, resolve("s3.session-token").value_or("")};
  return out;
}

}  // namespace floe::catalog_rest
