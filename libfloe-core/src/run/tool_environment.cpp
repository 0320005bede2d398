#include "run/tool_environment.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "core/json_path.hpp"
#include "core/secret_reference.hpp"
#include "diag/codes.hpp"
#include "plugin/host_api.hpp"

namespace floe::run {
namespace json = boost::json;
namespace {

// The variables the compute plugin's profile reads secrets from
// (dbt.profile_env: {NAME: "env:X" | "file:/path"}), filled from their
// references when dbt will read them and they are not set already.
void profile_environment(const json::object& artifacts, const std::string& profiles_text,
                         const std::string& artifacts_path, Diagnostics& diagnostics,
                         std::map<std::string, std::string>& env) {
  const json::value* variables = find_path(artifacts, {"dbt", "profile_env"});
  if (variables == nullptr || !variables->is_object()) return;
  for (const auto& [name, reference] : variables->as_object()) {
    std::string variable(name);
    if (!reference.is_string() || std::getenv(variable.c_str()) != nullptr) continue;
    if (profiles_text.find("env_var('" + variable + "')") == std::string::npos) continue;
    std::string value, problem;
    if (resolve_secret_reference(std::string(reference.as_string()), value, problem) == FLOE_OK) {
      env[variable] = std::move(value);
      continue;
    }
    Diagnostic d = make_diagnostic(
        codes::X108, "run",
        fmt::format("dbt.profile_env.{}: the dbt profile reads {} but it is not set ({})", variable, variable, problem),
        {artifacts_path, 0, 0}, fmt::format("the environment variable {} set, or a readable reference", variable),
        fmt::format("export {} before floe run, or fix the reference in plugins.compute.config", variable));
    d.subject = "dbt.profile_env." + variable;
    diagnostics.add(std::move(d));
  }
}

}  // namespace

std::map<std::string, std::string> tool_environment(const json::object& artifacts, const std::string& profiles_text,
                                                    const std::string& artifacts_path, Diagnostics& diagnostics,
                                                    const PluginSecretResolver& from_plugin) {
  std::map<std::string, std::string> env;
  profile_environment(artifacts, profiles_text, artifacts_path, diagnostics, env);
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
