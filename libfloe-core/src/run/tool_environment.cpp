#include "run/tool_environment.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "core/json_path.hpp"
#include "core/secret_reference.hpp"
#include "diag/codes.hpp"
#include "plugin/host_api.hpp"

namespace floe::run {
namespace json = boost::json;

std::map<std::string, std::string> tool_environment(const json::object& artifacts, const std::string& profiles_text,
                                                    const std::string& artifacts_path, Diagnostics& diagnostics,
                                                    const PluginSecretResolver& from_plugin) {
  std::map<std::string, std::string> env;
  const json::value* plugins = artifacts.if_contains("plugins");
  if (plugins == nullptr || !plugins->is_object()) return env;
  for (const auto& [category, selection] : plugins->as_object()) {
    const json::value* secrets = find_path(selection, {"secrets"});
    if (secrets == nullptr || !secrets->is_object()) continue;
    for (const auto& [key, secret] : secrets->as_object()) {
      std::string variable = string_at(secret, {"env_var"});
      if (variable.empty() || std::getenv(variable.c_str()) != nullptr) continue;
      bool needed = profiles_text.find(string_at(secret, {"placeholder"})) != std::string::npos;
      const json::value* reference = find_path(secret, {"reference"});
      std::string ref = reference != nullptr ? host_secret_reference(*reference) : std::string();
      std::string value, problem;
      if (!ref.empty() && resolve_secret_reference(ref, value, problem) == FLOE_OK) {
        env[variable] = std::move(value);
        continue;
      }
      if (!needed) continue;  // only the tools' own reads matter here
      if (ref.empty() && reference != nullptr && from_plugin) {
        if (auto resolved = from_plugin(*reference, problem)) {
          env[variable] = std::move(*resolved);
          continue;
        }
      }
      if (problem.empty())
        problem = "its reference needs a secrets plugin, and the platform selects none (plugins.secrets)";
      Diagnostic d = make_diagnostic(
          codes::X108, "run",
          fmt::format("plugins.{}.secrets.{}: the dbt profile reads {} but it is not set ({})", std::string(category),
                      std::string(key), variable, problem),
          {artifacts_path, 0, 0}, fmt::format("the environment variable {} set, or a readable reference", variable),
          fmt::format("export {} before floe run, or point the reference at an env: or file: source", variable));
      d.subject = fmt::format("plugins.{}.secrets.{}", std::string(category), std::string(key));
      diagnostics.add(std::move(d));
    }
  }
  return env;
}

}  // namespace floe::run
