// Composition: every selected plugin's declared requirements must be met by
// the other selected plugins, checked from manifests before anything runs
// (floe plugins compose, floe compile). A requirement names a category
// ("storage": one must be selected) and optionally a capability the
// selected one must declare ("storage:s3").
#include <fmt/format.h>

#include <algorithm>

#include "plugin/category_table.hpp"
#include "plugin/registry.hpp"

namespace floe {

std::vector<CompositionProblem> Registry::composition_problems(const boost::json::object& selection,
                                                               bool skip_uninstalled) const {
  std::vector<CompositionProblem> problems;
  auto problem = [&](std::string message, std::string fix) {
    CompositionProblem p;
    p.message = std::move(message);
    p.fix = std::move(fix);
    problems.push_back(std::move(p));
  };
  auto selected = [&](const std::string& category) -> const DiscoveredPlugin* {
    auto it = selection.find(category);
    if (it == selection.end() || !it->value().is_string()) return nullptr;
    return find_discovered(discovery_, category, std::string(it->value().get_string()));
  };
  for (const auto& [key, value] : selection) {
    std::string category(key);
    if (category_by_name(category) == nullptr) {
      problem(fmt::format("'{}' is not a plugin category; expected one of: {}", category, category_names()),
              "use one of the plugin categories");
      continue;
    }
    if (!value.is_string()) {
      problem(fmt::format("{}: the selection must be a plugin name (a string)", category), "name the plugin");
      continue;
    }
    std::string name(value.get_string());
    const DiscoveredPlugin* plugin = selected(category);
    if (plugin == nullptr) {
      if (!skip_uninstalled)
        problem(fmt::format("{}/{} is selected but not installed (`floe plugins list` shows what is)", category, name),
                "install the plugin, or select an installed one");
      continue;
    }
    for (const auto& requirement : plugin->manifest.requirements) {
      auto colon = requirement.find(':');
      CompositionProblem p;
      p.category = category;
      p.name = name;
      p.needed = requirement.substr(0, colon);
      p.capability = colon == std::string::npos ? "" : requirement.substr(colon + 1);
      if (category_by_name(p.needed) == nullptr) {
        p.message = fmt::format("{}/{} declares requirement '{}', which names no plugin category", category, name,
                                requirement);
        p.fix = "the plugin's author must fix its requirements";
        problems.push_back(std::move(p));
        continue;
      }
      std::string wanted = p.capability.empty() ? fmt::format("a {} plugin", p.needed)
                                                : fmt::format("a {} plugin with capability '{}'", p.needed, p.capability);
      auto chosen = selection.find(p.needed);
      if (chosen == selection.end()) {
        p.none_selected = true;
        p.message = fmt::format("{}/{} requires {}, but none is selected", category, name, wanted);
        p.fix = fmt::format("select one under plugins.{} in the platform manifest", p.needed);
        problems.push_back(std::move(p));
        continue;
      }
      const DiscoveredPlugin* provider = selected(p.needed);
      if (provider == nullptr || p.capability.empty()) continue;  // an uninstalled provider is reported on its own
      const auto& caps = provider->manifest.capabilities;
      if (std::find(caps.begin(), caps.end(), p.capability) != caps.end()) continue;
      p.message = fmt::format("{}/{} requires {}, but {}/{} declares {}", category, name, wanted, p.needed,
                              provider->manifest.name,
                              caps.empty() ? std::string("no capabilities")
                                           : fmt::format("only: {}", fmt::join(caps, ", ")));
      p.fix = fmt::format("select a {} plugin that declares '{}' under plugins.{}, or another {}", p.needed,
                          p.capability, p.needed, category);
      problems.push_back(std::move(p));
    }
  }
  return problems;
}

Result<Ok> Registry::check_composition(const boost::json::object& selection) const {
  auto problems = composition_problems(selection);
  if (problems.empty()) return Ok{};
  std::vector<std::string> lines;
  boost::json::array detail;
  for (const auto& p : problems) {
    std::string line = p.category.empty() || p.fix.empty() ? p.message : fmt::format("{}; {}", p.message, p.fix);
    detail.emplace_back(line);
    lines.push_back(std::move(line));
  }
  return make_error(FLOE_ERR_UNSATISFIED,
                    fmt::format("plugin composition is incomplete:\n  - {}", fmt::join(lines, "\n  - ")),
                    {{"problems", detail}});
}

}  // namespace floe
