#include "resolve/platform_defaults.hpp"

#include <boost/json.hpp>
#include <string_view>
#include <utility>
#include <vector>

namespace floe {
namespace {

// Path -> default. Only settings whose absence would otherwise be ambiguous;
// quality gates stay unset (no requirement) unless a tier asks for them.
const std::vector<std::pair<std::string_view, boost::json::value>>& defaults() {
  static const std::vector<std::pair<std::string_view, boost::json::value>> d = {
      {"data_architecture.pattern", "medallion"},
      {"data_architecture.naming.enforcement", "warn"},
      {"governance.policy_enforcement_level", "warn"},
      {"plugins.dbt.type", "core"},
  };
  return d;
}

void set_default(ResolvedPlatform& p, std::string_view path, const boost::json::value& v) {
  boost::json::object* obj = &p.values;
  std::size_t start = 0;
  while (true) {
    auto dot = path.find('.', start);
    std::string key(path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) {
      if (obj->contains(key)) return;
      (*obj)[key] = v;
      p.provenance[std::string(path)] = Provenance{"default", {}};
      return;
    }
    auto& child = (*obj)[key];
    if (child.is_null()) child = boost::json::object{};
    if (!child.is_object()) return;
    obj = &child.as_object();
    start = dot + 1;
  }
}

}  // namespace

void apply_platform_defaults(ResolvedPlatform& p) {
  for (const auto& [path, value] : defaults()) set_default(p, path, value);
}

}  // namespace floe
