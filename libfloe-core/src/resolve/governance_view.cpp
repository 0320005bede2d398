#include "resolve/governance_view.hpp"

#include <boost/json.hpp>

#include "config/located_document.hpp"

namespace floe {
namespace json = boost::json;

namespace {

const json::value* find(const json::object& root, std::initializer_list<const char*> keys) {
  const json::value* v = nullptr;
  const json::object* o = &root;
  for (const char* k : keys) {
    if (!o) return nullptr;
    v = o->if_contains(k);
    if (!v) return nullptr;
    o = v->if_object();
  }
  return v;
}

std::string str(const json::value* v, std::string fallback = {}) {
  return v && v->is_string() ? std::string(v->as_string()) : fallback;
}

std::vector<std::string> strings(const json::value* v) {
  std::vector<std::string> out;
  if (v && v->is_array())
    for (const auto& e : v->as_array())
      if (e.is_string()) out.emplace_back(e.as_string());
  return out;
}

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
    c.type = str(r->if_contains("type"));
    c.name = str(r->if_contains("name"));
    c.applies_to = str(r->if_contains("applies_to"), "*");
    c.prefix = str(r->if_contains("prefix"));
    c.required_tags = strings(r->if_contains("required_tags"));
    c.field = str(r->if_contains("field"));
    c.test_types = strings(r->if_contains("test_types"));
    if (auto* m = r->if_contains("min_columns"); m && m->is_int64()) c.min_columns = static_cast<int>(m->as_int64());
    c.materializations = strings(r->if_contains("materializations"));
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
    o.pattern = str(r->if_contains("pattern"));
    o.action = str(r->if_contains("action"), "downgrade");
    o.reason = str(r->if_contains("reason"));
    o.expires = str(r->if_contains("expires"));
    o.policy_types = strings(r->if_contains("policy_types"));
    o.where = where(p, index_path("governance.policy_overrides", i));
    out.overrides.push_back(std::move(o));
  }
}

}  // namespace

void build_governance_policy(const ResolvedPlatform& p, GovernancePolicy& out) {
  const json::object& v = p.values;
  out.level = level_of(str(find(v, {"governance", "policy_enforcement_level"}), "warn"));
  out.naming.pattern = str(find(v, {"data_architecture", "pattern"}), "medallion");
  out.naming.enforcement = level_of(str(find(v, {"data_architecture", "naming", "enforcement"}), "warn"));
  out.naming.custom_patterns = strings(find(v, {"data_architecture", "naming", "custom_patterns"}));
  out.naming.where = where(p, "data_architecture.naming.enforcement");

  QualityGates& g = out.gates;
  if (auto* n = find(v, {"governance", "quality_gates", "minimum_test_coverage"}); n && n->is_number())
    g.minimum_test_coverage = n->to_number<double>();
  g.coverage_mode = str(find(v, {"governance", "quality_gates", "coverage_mode"}), "column");
  if (auto* t = find(v, {"governance", "quality_gates", "layer_thresholds"}); t && t->is_object())
    for (const auto& [layer, n] : t->as_object())
      if (n.is_number()) g.layer_thresholds[std::string(layer)] = n.to_number<double>();
  if (auto* t = find(v, {"governance", "quality_gates", "required_tests"}); t && t->is_object())
    for (const auto& [layer, list] : t->as_object()) g.required_tests[std::string(layer)] = strings(&list);
  auto flag = [&](const char* key, bool fallback) {
    auto* b = find(v, {"governance", "quality_gates", key});
    return b && b->is_bool() ? b->as_bool() : fallback;
  };
  g.require_descriptions = flag("require_descriptions", false);
  g.require_column_descriptions = flag("require_column_descriptions", false);
  g.block_on_failure = flag("block_on_failure", true);
  g.where = where(p, "governance.quality_gates");

  read_custom_rules(p, find(v, {"governance", "custom_rules"}), out);
  read_overrides(p, find(v, {"governance", "policy_overrides"}), out);
}

}  // namespace floe
