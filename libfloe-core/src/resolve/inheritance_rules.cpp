#include "resolve/inheritance_rules.hpp"
#include "diag/codes.hpp"

#include <string_view>
#include <utility>

namespace floe {
namespace {

struct Entry {
  std::string_view pattern;  // exact path, or a prefix ending in ".*" for one level of children
  MergeRule rule;
};

const std::vector<Entry>& table() {
  static const std::vector<Entry> entries = {
      {"apiVersion", {MergeKind::skip, "", {}, ""}},
      {"kind", {MergeKind::skip, "", {}, ""}},
      {"metadata", {MergeKind::skip, "", {}, ""}},
      {"scope", {MergeKind::skip, "", {}, ""}},
      {"parent_manifest", {MergeKind::skip, "", {}, ""}},
      {"approved_plugins",
       {MergeKind::enterprise_only, codes::I405, {}, "the plugin whitelist is set by the enterprise"}},
      // The whole section (landing_roots is its one key): a container no
      // tier above set would otherwise be copied without its keys' rules.
      {"ingestion",
       {MergeKind::top_tier_only, codes::I405, {}, "landing roots outside the projects are set by the enterprise"}},
      {"governance.data_retention_bounds",
       {MergeKind::enterprise_only, codes::I405, {}, "retention bounds are set by the enterprise"}},
      {"observability",
       {MergeKind::fixed_once_set, codes::I405, {}, "observability backends are set by the enterprise for every domain"}},
      {"plugins.telemetry_backend",
       {MergeKind::fixed_once_set, codes::I405, {}, "observability backends are set by the enterprise for every domain"}},
      {"plugins.lineage_backend",
       {MergeKind::fixed_once_set, codes::I405, {}, "observability backends are set by the enterprise for every domain"}},
      {"plugins.*", {MergeKind::plugin_selection, codes::I404, {}, "domains select plugins from the enterprise whitelist"}},
      {"governance.pii_encryption",
       {MergeKind::ordered, codes::I406, {"optional", "required"}, "security policies set above cannot be weakened"}},
      {"governance.audit_logging",
       {MergeKind::ordered, codes::I406, {"disabled", "enabled"}, "security policies set above cannot be weakened"}},
      {"governance.policy_enforcement_level",
       {MergeKind::ordered, codes::I407, {"off", "warn", "strict"}, "governance set above can only be strengthened"}},
      {"data_architecture.naming.enforcement",
       {MergeKind::ordered, codes::I407, {"off", "warn", "strict"}, "governance set above can only be strengthened"}},
      {"data_architecture.pattern",
       {MergeKind::fixed_once_set, codes::I407, {}, "the data architecture is one for the whole chain"}},
      {"data_architecture.naming.custom_patterns",
       {MergeKind::fixed_once_set, codes::I407, {}, "the data architecture is one for the whole chain"}},
      {"data_architecture.layers",
       {MergeKind::fixed_once_set, codes::I407, {}, "the data architecture is one for the whole chain"}},
      {"governance.data_retention_days",
       {MergeKind::retention, codes::I408, {}, "retention may be chosen within the enterprise's bounds"}},
      {"governance.quality_gates.minimum_test_coverage",
       {MergeKind::at_least, codes::I407, {}, "quality gates set above can only be raised"}},
      {"governance.quality_gates.layer_thresholds.*",
       {MergeKind::at_least, codes::I407, {}, "quality gates set above can only be raised"}},
      {"governance.quality_gates.coverage_mode",
       {MergeKind::ordered, codes::I407, {"model", "column"}, "quality gates set above can only be raised"}},
      {"governance.quality_gates.require_descriptions",
       {MergeKind::no_disable, codes::I407, {}, "quality gates set above can only be raised"}},
      {"governance.quality_gates.require_column_descriptions",
       {MergeKind::no_disable, codes::I407, {}, "quality gates set above can only be raised"}},
      {"governance.quality_gates.block_on_failure",
       {MergeKind::no_disable, codes::I407, {}, "quality gates set above can only be raised"}},
      {"governance.quality_gates.required_tests.*", {MergeKind::append_unique, "", {}, ""}},
      {"governance.custom_rules", {MergeKind::append, "", {}, ""}},
      {"governance.policy_overrides", {MergeKind::append, "", {}, ""}},
      {"governance.classification.columns", {MergeKind::append, "", {}, ""}},
      {"governance.access_control.roles", {MergeKind::append, "", {}, ""}},
  };
  return entries;
}

bool matches(std::string_view pattern, std::string_view path) {
  if (pattern.size() > 2 && pattern.substr(pattern.size() - 2) == ".*") {
    auto prefix = pattern.substr(0, pattern.size() - 1);  // keeps the dot
    if (path.size() <= prefix.size() || path.substr(0, prefix.size()) != prefix) return false;
    auto rest = path.substr(prefix.size());
    return rest.find('.') == std::string_view::npos && rest.find('[') == std::string_view::npos;
  }
  return pattern == path;
}

}  // namespace

const MergeRule* rule_for(const std::string& path) {
  for (const auto& e : table())
    if (matches(e.pattern, path)) return &e.rule;
  return nullptr;
}

}  // namespace floe
