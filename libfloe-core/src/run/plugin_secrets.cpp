#include "run/plugin_secrets.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "core/json_path.hpp"

namespace floe::run {
namespace json = boost::json;

std::string plugin_secret_key(const json::value& reference) {
  if (!reference.is_object()) return {};
  if (std::string name = string_at(reference, {"secret_ref"}); !name.empty()) return name;
  if (const json::value* k8s = find_path(reference, {"k8s"}); k8s != nullptr)
    return fmt::format("{}/{}", string_at(*k8s, {"name"}), string_at(*k8s, {"key"}));
  if (const json::value* vault = find_path(reference, {"vault"}); vault != nullptr)
    return fmt::format("{}#{}", string_at(*vault, {"path"}), string_at(*vault, {"key"}));
  return {};
}

PluginSecretResolver plugin_secret_resolver(RunContext& ctx) {
  // Shared by copies of the resolver: the plugin is opened once.
  auto plugin = std::make_shared<Instance*>(nullptr);
  auto tried = std::make_shared<bool>(false);
  return [&ctx, plugin, tried](const json::value& reference, std::string& problem) -> std::optional<std::string> {
    std::string key = plugin_secret_key(reference);
    if (key.empty()) return std::nullopt;
    const json::value* selection = find_path(ctx.artifacts, {"plugins", "secrets"});
    if (selection == nullptr || string_at(*selection, {"type"}).empty()) {
      problem = fmt::format("'{}' needs a secrets plugin, and the platform selects none (plugins.secrets)", key);
      return std::nullopt;
    }
    if (!*tried) {
      *tried = true;
      *plugin = open_selected_plugin(ctx, "secrets", "", false);
    }
    if (*plugin == nullptr) {
      problem = "the platform's secrets plugin cannot be opened";
      return std::nullopt;
    }
    auto answer = ctx.registry.call_value(**plugin, "get_secret", json::object{{"key", key}});
    if (!answer) {
      problem = fmt::format("{} could not give '{}': {}", (*plugin)->label, key, answer.error().message);
      return std::nullopt;
    }
    const json::value& parsed = answer.value();
    if (!parsed.is_object() || !parsed.as_object().contains("value") || !parsed.at("value").is_string()) {
      problem = fmt::format("{} answered get_secret for '{}' without a string value", (*plugin)->label, key);
      return std::nullopt;
    }
    return std::string(parsed.at("value").as_string());
  };
}

}  // namespace floe::run
