// Composition: every selected plugin's declared requirements must be met by
// the other selected plugins, checked from manifests before anything runs.
#include <fmt/format.h>

#include <algorithm>

#include "plugin/category_table.hpp"
#include "plugin/registry.hpp"

namespace floe {

Result<Ok> Registry::check_composition(const boost::json::object& selection) const {
  std::vector<std::string> problems;
  auto selected = [&](const std::string& category) -> const DiscoveredPlugin* {
    auto it = selection.find(category);
    if (it == selection.end() || !it->value().is_string()) return nullptr;
    return find_discovered(discovery_, category, std::string(it->value().get_string()));
  };
  for (const auto& [key, value] : selection) {
    std::string category(key);
    if (category_by_name(category) == nullptr) {
      problems.push_back(fmt::format("'{}' is not a plugin category; expected one of: {}", category, category_names()));
      continue;
    }
    if (!value.is_string()) {
      problems.push_back(fmt::format("{}: the selection must be a plugin name (a string)", category));
      continue;
    }
    std::string name(value.get_string());
    const DiscoveredPlugin* plugin = selected(category);
    if (plugin == nullptr) {
      problems.push_back(fmt::format("{}/{} is selected but not installed (`floe plugins list` shows what is)",
                                     category, name));
      continue;
    }
    for (const auto& requirement : plugin->manifest.requirements) {
      auto colon = requirement.find(':');
      std::string needed = requirement.substr(0, colon);
      std::string capability = colon == std::string::npos ? "" : requirement.substr(colon + 1);
      if (category_by_name(needed) == nullptr) {
        problems.push_back(fmt::format("{}/{} declares requirement '{}', which names no plugin category", category,
                                       name, requirement));
        continue;
      }
      auto chosen = selection.find(needed);
      if (chosen == selection.end()) {
        problems.push_back(fmt::format("{}/{} requires a {} plugin{}, but none is selected; select one under "
                                       "plugins.{} in the platform manifest",
                                       category, name, needed,
                                       capability.empty() ? "" : fmt::format(" with capability '{}'", capability),
                                       needed));
        continue;
      }
      const DiscoveredPlugin* provider = selected(needed);
      if (provider == nullptr || capability.empty()) continue;  // an uninstalled provider is reported on its own
      const auto& caps = provider->manifest.capabilities;
      if (std::find(caps.begin(), caps.end(), capability) == caps.end())
        problems.push_back(fmt::format("{}/{} requires a {} plugin with capability '{}', but {}/{} declares {}",
                                       category, name, needed, capability, needed, provider->manifest.name,
                                       caps.empty() ? std::string("no capabilities")
                                                    : fmt::format("only: {}", fmt::join(caps, ", "))));
    }
  }
  if (problems.empty()) return Ok{};
  boost::json::array detail;
  for (const auto& p : problems) detail.emplace_back(p);
  return make_error(FLOE_ERR_UNSATISFIED,
                    fmt::format("plugin composition is incomplete:\n  - {}", fmt::join(problems, "\n  - ")),
                    {{"problems", detail}});
}

}  // namespace floe
