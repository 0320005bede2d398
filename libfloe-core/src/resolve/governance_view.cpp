#include "resolve/governance_view.hpp"

#include <boost/json.hpp>

#include "config/located_document.hpp"
#include "core/json_path.hpp"

namespace floe {
namespace json = boost::json;

namespace {

EnforcementLevel level_of(const std::string& s) {
  if (s == "off") return EnforcementLevel::off;
  if (s == "strict") return EnforcementLevel::strict;
  return EnforcementLevel::warn;
}

SourceLocation where(const ResolvedPlatform& p, const std::string& path) {
  const Provenance* o = p.origin_of(path);
  return o ? o->where : SourceLocation{};
}

void read_custom_rules(const ResolvedPlatform& p, const json::value* rules, GovernancePolicy& out) {
  if (!rules || !rules->is_array()) return;
  for (std::size_t i = 0; i < rules->as_array().size(); ++i) {
    const auto* r = rules->as_array()[i].if_object();
    if (!r) continue;
    CustomRule c;
    c.type = string_at(*r, {"type"});
    c.name = string_at(*r, {"name"});
    c.applies_to = string_at(*r, {"applies_to"}, "*");
    c.prefix = string_at(*r, {"prefix"});
    c.required_tags = strings_at(*r, {"required_tags"});
    c.field = string_at(*r, {"field"});
    c.test_types = strings_at(*r, {"test_types"});
    if (auto* m = r->if_contains("min_columns"); m && m->is_int64()) c.min_columns = static_cast<int>(m->as_int64());
    c.materializations = strings_at(*r, {"materializations"});
    c.where = where(p, index_path("governance.custom_rules", i));
    out.custom_rules.push_back(std::move(c));
  }
}

void read_overrides(const ResolvedPlatform& p, const json::value* list, GovernancePolicy& out) {
  if (!list || !list->is_array()) return;
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    const auto* r = list->as_array()[i].if_object();
    if (!r) continue;
    PolicyOverride o;
    o.pattern = string_at(*r, {"pattern"});
    o.action = string_at(*r, {"action"}, "downgrade");
    o.reason = string_at(*r, {"reason"});
    o.expires = string_at(*r, {"expires"});
    o.policy_types = strings_at(*r, {"policy_types"});
    o.where = where(p, index_path("governance.policy_overrides", i));
    out.overrides.push_back(std::move(o));
  }
}

}  // namespace

void build_governance_policy(const ResolvedPlatform& p, GovernancePolicy& out) {
  const json::object& v = p.values;
  out.level = level_of(string_at(v, {"governance", "policy_enforcement_level"}, "warn"));
  const Provenance* level_origin = p.origin_of("governance.policy_enforcement_level");
  out.level_set = level_origin != nullptr && level_origin->tier != "default";
  out.naming.pattern = string_at(v, {"data_architecture", "pattern"}, "medallion");
  out.naming.enforcement = level_of(string_at(v, {"data_architecture", "naming", "enforcement"}, "warn"));
  out.naming.custom_patterns = strings_at(v, {"data_architecture", "naming", "custom_patterns"});
  out.naming.where = where(p, "data_architecture.naming.enforcement");

  QualityGates& g = out.gates;
  if (auto* n = find_path(v, {"governance", "quality_gates", "minimum_test_coverage"}); n && n->is_number())
    g.minimum_test_coverage = n->to_number<double>();
  g.coverage_mode = string_at(v, {"governance", "quality_gates", "coverage_mode"}, "column");
  if (auto* t = find_path(v, {"governance", "quality_gates", "layer_thresholds"}); t && t->is_object())
    for (const auto& [layer, n] : t->as_object())
      if (n.is_number()) g.layer_thresholds[std::string(layer)] = n.to_number<double>();
  if (auto* t = find_path(v, {"governance", "quality_gates", "required_tests"}); t && t->is_object())
    for (const auto& [layer, list] : t->as_object()) g.required_tests[std::string(layer)] = strings_at(t->as_object(), {layer});
  auto flag = [&](const char* key, bool fallback) {
    auto* b = find_path(v, {"governance", "quality_gates", key});
    return b && b->is_bool() ? b->as_bool() : fallback;
  };
  g.require_descriptions = flag("require_descriptions", false);
  g.require_column_descriptions = flag("require_column_descriptions", false);
  g.block_on_failure = flag("block_on_failure", true);
  const Provenance* block_origin = p.origin_of("governance.quality_gates.block_on_failure");
  g.block_on_failure_set = block_origin != nullptr && block_origin->tier != "default";
  g.where = where(p, "governance.quality_gates");

  read_custom_rules(p, find_path(v, {"governance", "custom_rules"}), out);
  read_overrides(p, find_path(v, {"governance", "policy_overrides"}), out);
}

}  // namespace floe
