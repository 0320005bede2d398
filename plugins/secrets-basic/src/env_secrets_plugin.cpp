// The "env" secrets plugin: a secret is the environment variable named
// <prefix><KEY>, the key upper-cased with every other character than a
// letter or digit made '_' (warehouse-password -> FLOE_SECRET_WAREHOUSE_PASSWORD
// with the default prefix). For machines and CI where a scheduler injects
// secrets as variables.
#include <cstdlib>
#include <set>

#include "floe/plugin.hpp"

extern char** environ;

namespace floe::secrets_basic {
namespace {

constexpr char kEnvConfigSchema[] =
    "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {"
    "\"prefix\": {\"type\": \"string\", \"pattern\": \"^[A-Z_][A-Z0-9_]*$|^$\", \"default\": \"FLOE_SECRET_\", "
    "\"description\": \"Prepended to the key's variable name; list_secrets lists only variables with it.\"}}}";

std::string variable_of(const std::string& prefix, const std::string& key) {
  std::string name = prefix;
  for (char c : key) name += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : '_';
  return name;
}

void refuse_unknown(const boost::json::object& o, std::set<std::string> keys, const char* what) {
  for (const auto& [k, v] : o)
    if (!keys.count(std::string(k)))
      throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(k) + "' in the " + what);
}

class env_secrets {
 public:
  static constexpr const char* capabilities[] = {"secrets:env", nullptr};
  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor), FLOE_ABI_VERSION, FLOE_CATEGORY_SECRETS, 0, "env", "0.1.0",
      "Secrets from environment variables (<prefix><KEY>)", capabilities, nullptr, kEnvConfigSchema,
  };

  env_secrets(const boost::json::object& config, floe::sdk::host&)
      : prefix_(floe::sdk::optional_string(config, "prefix").value_or("FLOE_SECRET_")) {}

  boost::json::value get_secret(const boost::json::value& request) {
    const auto& o = floe::sdk::as_object(request, "get_secret request");
    refuse_unknown(o, {"key"}, "get_secret request");
    std::string key = floe::sdk::required_string(o, "key");
    if (key.empty()) throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "key 'key': empty");
    std::string variable = variable_of(prefix_, key);
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr)
      throw floe::sdk::error(FLOE_ERR_NOT_FOUND, "secret '" + key + "': the environment variable " + variable + " is not set");
    return boost::json::object{{"value", value}};
  }

  boost::json::value list_secrets(const boost::json::value& request) {
    const auto& o = floe::sdk::as_object(request, "list_secrets request");
    refuse_unknown(o, {"prefix"}, "list_secrets request");
    std::string wanted = variable_of(prefix_, floe::sdk::optional_string(o, "prefix").value_or(""));
    boost::json::array keys;
    std::set<std::string> sorted;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
      std::string entry(*e);
      std::string name = entry.substr(0, entry.find('='));
      if (!prefix_.empty() && name.rfind(wanted, 0) == 0) sorted.insert(name.substr(prefix_.size()));
    }
    for (const auto& k : sorted) keys.emplace_back(k);
    return boost::json::object{{"keys", std::move(keys)}};
  }

 private:
  std::string prefix_;
};

}  // namespace
}  // namespace floe::secrets_basic

FLOE_PLUGIN(floe::secrets_basic::env_secrets)
