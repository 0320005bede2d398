#include "compile/selected_plugins.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "compile/secret_refs.hpp"
#include "core/secret_reference.hpp"
#include "diag/codes.hpp"
#include "plugin/category_table.hpp"

namespace floe {
namespace json = boost::json;

namespace {

// A storage plugin takes the selection's secrets in its requests; the
// compile asks for its binding with them (as the host passes them: env:NAME,
// file:/path, else env:<the variable a deployment injects>), so a secret it
// does not take, or keys that do not fit its credential mode, fail here and
// not at run time. "" when it accepts them (or fails for another reason).
std::string storage_refuses_secrets(Registry& registry, Instance& instance, const json::value& selection) {
  json::object secrets;
  if (const json::value* given = selection.as_object().if_contains("secrets"); given != nullptr && given->is_object())
    for (const auto& [key, reference] : given->as_object()) {
      std::string ref = host_secret_reference(reference);
      if (ref.empty() && reference.is_object()) ref = "env:" + secret_env_var(std::string(key), reference.as_object());
      secrets[key] = ref;
    }
  auto answer = registry.call_value(instance, "get_deployment_binding", json::object{{"secrets", secrets}});
  return !answer && answer.error().code == FLOE_ERR_INVALID_ARGUMENT ? answer.error().message : std::string();
}

// What a requirement on a category means to someone reading the manifest.
std::string what_it_is(const std::string& category) {
  if (category == "storage") return " (a storage binding: where the catalog's table files live)";
  if (category == "catalog") return " (the Iceberg catalog its tables are registered in)";
  return "";
}

// The installed plugins' declared requirements against the whole selection
// (floe plugins compose's check): one FLOE-P605 per unmet requirement, at
// the plugin that has it. A plugin that is not installed here is noted by
// the caller (FLOE-P603); its requirements cannot be known.
void check_composition(const Registry& registry, const ResolvedPlatform& platform, const SourceLocation& fallback,
                       Stage& stage, Diagnostics& diagnostics) {
  const json::value* plugins = platform.values.if_contains("plugins");
  if (plugins == nullptr || !plugins->is_object()) return;
  json::object selection;
  for (const auto& [key, selected] : plugins->as_object())
    if (category_by_name(std::string(key)) != nullptr && selected.is_object())
      if (const json::value* type = selected.as_object().if_contains("type"); type != nullptr && type->is_string())
        selection[key] = *type;
  for (const auto& problem : registry.composition_problems(selection, true)) {
    if (problem.category.empty()) continue;  // not a selection the manifest schema lets through
    const Provenance* at = platform.origin_of(fmt::format("plugins.{}.type", problem.category));
    if (at == nullptr) at = platform.origin_of(fmt::format("plugins.{}", problem.category));
    Diagnostic d = make_diagnostic(
        codes::P605, "plugin", problem.message + what_it_is(problem.needed),
        at != nullptr && !at->where.file.empty() ? at->where : fallback,
        problem.capability.empty() ? fmt::format("a {} plugin under plugins.{}", problem.needed, problem.needed)
                                   : fmt::format("a {} plugin declaring '{}' under plugins.{}", problem.needed,
                                                 problem.capability, problem.needed),
        problem.fix);
    d.subject = fmt::format("plugins.{}", problem.category);
    diagnostics.add(std::move(d));
    stage.lines.push_back({"error", problem.message});
  }
}

}  // namespace

void check_selected_plugins(Registry& registry, const ResolvedPlatform& platform, const SourceLocation& fallback,
                            Stage& stage, Diagnostics& diagnostics) {
  const json::value* plugins = platform.values.if_contains("plugins");
  if (plugins == nullptr || !plugins->is_object()) return;
  std::vector<std::string> configured, absent;
  for (const auto& [key, selection] : plugins->as_object()) {
    std::string category(key);
    const CategoryInfo* info = category_by_name(category);
    if (info == nullptr || category == "compute" || !selection.is_object()) continue;
    const json::value* type = selection.as_object().if_contains("type");
    if (type == nullptr || !type->is_string()) continue;
    std::string name(type->as_string());
    std::string label = fmt::format("{}/{}", category, name);
    const Provenance* chosen = platform.origin_of(fmt::format("plugins.{}", category));
    SourceLocation where = chosen != nullptr && !chosen->where.file.empty() ? chosen->where : fallback;

    if (find_discovered(registry.discovery(), category, name) == nullptr) {
      Diagnostic d = make_diagnostic(
          codes::P603, "plugin",
          fmt::format("plugins.{} selects '{}', which is not installed here: what uses it (floe run, the "
                      "orchestrator) needs it in {}/ of a plugin root",
                      category, name, info->group),
          where, {}, "floe plugins doctor shows the plugin roots and what is in them");
      d.severity = Severity::note;
      d.subject = fmt::format("plugins.{}", category);
      diagnostics.add(std::move(d));
      absent.push_back(label);
      continue;
    }
    std::string config = "{}";
    if (auto* c = selection.as_object().if_contains("config"); c != nullptr && c->is_object())
      config = json::serialize(*c);
    auto instance = registry.open(category, name, config);
    if (!instance) {
      const Error& e = instance.error();
      bool bad_config = e.code == FLOE_ERR_INVALID_CONFIG;
      const Provenance* at = platform.origin_of(fmt::format("plugins.{}.config", category));
      Diagnostic d = make_diagnostic(
          bad_config ? codes::P604 : codes::P602, "plugin", e.message,
          bad_config && at != nullptr && !at->where.file.empty() ? at->where : where,
          bad_config ? fmt::format("a configuration {} accepts", label) : std::string(),
          bad_config ? fmt::format("fix plugins.{}.config in the platform manifest (floe plugins info {} {} shows "
                                   "its schema)",
                                   category, category, name)
                     : "floe plugins doctor --load shows why the plugin cannot be used");
      d.subject = fmt::format("plugins.{}", category);
      diagnostics.add(std::move(d));
      stage.lines.push_back({"error", fmt::format("{}: {}", label, e.message)});
      continue;
    }
    std::string refused = category == "storage" ? storage_refuses_secrets(registry, **instance, selection) : "";
    registry.close(*instance);
    if (!refused.empty()) {
      // At the secret the plugin names ("key 'secrets.password': ..."), else the block.
      const Provenance* at = nullptr;
      if (auto named = refused.find("key 'secrets."); named != std::string::npos) {
        auto start = named + 13;
        at = platform.origin_of(
            fmt::format("plugins.{}.secrets.{}", category, refused.substr(start, refused.find('\'', start) - start)));
      }
      if (at == nullptr) at = platform.origin_of(fmt::format("plugins.{}.secrets", category));
      Diagnostic d = make_diagnostic(
          codes::P604, "plugin", fmt::format("{} refuses plugins.{}.secrets: {}", label, category, refused),
          at != nullptr && !at->where.file.empty() ? at->where : where,
          fmt::format("the secrets {} takes, as references", label),
          fmt::format("fix plugins.{}.secrets in the platform manifest (the plugin's README lists them)", category));
      d.subject = fmt::format("plugins.{}.secrets", category);
      diagnostics.add(std::move(d));
      stage.lines.push_back({"error", fmt::format("{}: {}", label, refused)});
      continue;
    }
    configured.push_back(label);
  }
  check_composition(registry, platform, fallback, stage, diagnostics);
  if (!configured.empty())
    stage.lines.push_back({"ok", fmt::format("plugins configured: {}", fmt::join(configured, ", "))});
  if (!absent.empty())
    stage.lines.push_back({"info", fmt::format("selected, not installed here: {}", fmt::join(absent, ", "))});
}

}  // namespace floe
