// The JSON form of an enforcement result (floe compile --format json, the
// compiled artifacts' enforcement.json).
#include <boost/json.hpp>

#include "enforce/policy_enforcer.hpp"

namespace floe {

const char* enforcement_level_name(EnforcementLevel l) {
  switch (l) {
    case EnforcementLevel::off: return "off";
    case EnforcementLevel::warn: return "warn";
    case EnforcementLevel::strict: return "strict";
  }
  return "warn";
}

boost::json::value enforcement_result_to_json(const EnforcementResult& r, const GovernancePolicy& policy) {
  boost::json::object summary;
  summary["models"] = r.summary.models;
  summary["errors"] = r.summary.errors;
  summary["warnings"] = r.summary.warnings;
  summary["overrides_applied"] = r.summary.overrides_applied;
  boost::json::object by_category;
  for (const auto& [category, n] : r.summary.by_category) by_category[category] = n;
  summary["by_category"] = std::move(by_category);

  boost::json::array findings;
  findings.reserve(r.findings.items().size());
  for (const auto& d : r.findings.items()) findings.push_back(diagnostic_to_json(d));

  boost::json::object o;
  o["passed"] = r.passed;
  o["level"] = enforcement_level_name(policy.level);
  o["naming_enforcement"] = enforcement_level_name(policy.naming.enforcement);
  o["block_on_failure"] = policy.gates.block_on_failure;
  o["summary"] = std::move(summary);
  o["findings"] = std::move(findings);
  return o;
}

}  // namespace floe
