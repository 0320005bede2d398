// dotenv_secrets.cpp - a floe `secrets` plugin that serves the KEY=VALUE
// lines of a .env file, written with the header-only kit floe/plugin.hpp.
//
// Configuration: {"path": "<file>"} (a relative path is relative to the
// working directory of the process that loads the plugin).
// Methods (docs/plugins/secrets.md):
//   get_secret    {"key": str}       -> {"value": str} | FLOE_ERR_NOT_FOUND
//   list_secrets  {"prefix"?: str}   -> {"keys": [str]} (sorted; never values)
//   health_check  {}                 -> healthy when the file reads and parses
// set_secret and the other optional methods are not defined here, so the kit
// answers them with FLOE_ERR_NOT_IMPLEMENTED: the plugin is read-only.
//
// The file is read on every call, so edits show up without a restart. The
// parsed values are wiped from memory when dropped (dotenv::entries), and the
// kit wipes the response buffer when the host releases it.
#include <floe/plugin.hpp>
#include <floe/secrets.h>

#include <string>

#include "dotenv_parser.h"

namespace {

constexpr const char* kCapabilities[] = {"read-only", "local-file", nullptr};

constexpr const char* kConfigSchema = R"({
  "type": "object",
  "properties": {
    "path": {"type": "string", "minLength": 1,
             "description": "The .env file to read (KEY=VALUE lines)."}
  },
  "required": ["path"],
  "additionalProperties": false
})";

class DotenvSecrets {
 public:
  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_SECRETS,
      0,
      "dotenv",
      "0.1.0",
      "Secrets from a local .env file (KEY=VALUE lines); read-only",
      kCapabilities,
      nullptr,  // requires no other plugin
      kConfigSchema,
  };

  // The host has validated `config` against kConfigSchema.
  explicit DotenvSecrets(const boost::json::object& config)
      : path_(floe::sdk::required_string(config, "path")) {}

  boost::json::value get_secret(const boost::json::value& request) {
    const auto& req = floe::sdk::as_object(request, "get_secret request");
    const std::string key = floe::sdk::required_string(req, "key");
    dotenv::entries secrets = load();
    auto it = secrets.values().find(key);
    if (it == secrets.values().end())
      throw floe::sdk::error(FLOE_ERR_NOT_FOUND, "no secret named '" + key + "' in " + path_);
    return {{"value", it->second}};
  }

  boost::json::value list_secrets(const boost::json::value& request) {
    const auto& req = floe::sdk::as_object(request, "list_secrets request");
    const std::string prefix = floe::sdk::optional_string(req, "prefix").value_or("");
    dotenv::entries secrets = load();
    boost::json::array keys;
    for (const auto& entry : secrets.values())  // std::map: already sorted
      if (entry.first.starts_with(prefix)) keys.emplace_back(entry.first);
    return {{"keys", std::move(keys)}};
  }

  boost::json::value health_check(const boost::json::value&) {
    try {
      dotenv::entries secrets = load_raw();
      return {{"state", "healthy"},
              {"message", "read " + std::to_string(secrets.values().size()) + " secrets from " + path_},
              {"details", {{"path", path_}, {"keys", secrets.values().size()}}}};
    } catch (const std::exception& e) {  // io_error or syntax_error
      return {{"state", "unhealthy"},
              {"message", e.what()},
              {"details", {{"path", path_}}}};
    }
  }

 private:
  dotenv::entries load_raw() const { return dotenv::load(path_); }

  // Reads the file, mapping the parser's errors to floe status codes.
  dotenv::entries load() const {
    try {
      return load_raw();
    } catch (const dotenv::io_error& e) {
      throw floe::sdk::error(FLOE_ERR_IO, e.what());
    } catch (const dotenv::syntax_error& e) {
      // The configured file is malformed: a configuration problem, and the
      // message says where ("<path>:<line>: ...").
      throw floe::sdk::error(FLOE_ERR_INVALID_CONFIG, e.what());
    }
  }

  std::string path_;
};

}  // namespace

FLOE_PLUGIN(DotenvSecrets)
