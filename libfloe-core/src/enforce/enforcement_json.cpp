// The JSON form of an enforcement result, written two ways from the typed
// result: as text for a report (floe validate/compile --format json: a
// large project's result holds as many findings as the diagnostics, and text
// is several times cheaper than a DOM), and as a value for the compiled
// artifacts. The test holds the two to the same bytes.
#include "enforce/policy_enforcer.hpp"

#include <boost/json.hpp>

#include "base/json_text.hpp"

namespace floe {

const char* enforcement_level_name(EnforcementLevel l) {
  switch (l) {
    case EnforcementLevel::off: return "off";
    case EnforcementLevel::warn: return "warn";
    case EnforcementLevel::strict: return "strict";
  }
  return "warn";
}

std::string enforcement_result_json_text(const EnforcementResult& r, const GovernancePolicy& policy) {
  std::string out = "{";
  append_json_member(out, "passed", r.passed ? "true" : "false");
  append_json_string_member(out, "level", enforcement_level_name(policy.level));
  append_json_string_member(out, "naming_enforcement", enforcement_level_name(policy.naming.enforcement));
  append_json_member(out, "block_on_failure", policy.gates.block_on_failure ? "true" : "false");
  append_json_member(out, "summary", "{");
  append_json_member(out, "models", std::to_string(r.summary.models));
  append_json_member(out, "errors", std::to_string(r.summary.errors));
  append_json_member(out, "warnings", std::to_string(r.summary.warnings));
  append_json_member(out, "overrides_applied", std::to_string(r.summary.overrides_applied));
  append_json_member(out, "by_category", "{");
  for (const auto& [category, n] : r.summary.by_category) append_json_member(out, category, std::to_string(n));
  out += "}}";
  append_json_member(out, "findings", "");
  append_diagnostics_json(out, r.findings.items());
  out += '}';
  return out;
}

boost::json::value enforcement_result_json(const EnforcementResult& r, const GovernancePolicy& policy) {
  boost::json::object by_category;
  for (const auto& [category, n] : r.summary.by_category) by_category[category] = n;
  boost::json::array findings;
  findings.reserve(r.findings.items().size());
  for (const auto& d : r.findings.items()) findings.push_back(diagnostic_to_json(d));
  return boost::json::object{
      {"passed", r.passed},
      {"level", enforcement_level_name(policy.level)},
      {"naming_enforcement", enforcement_level_name(policy.naming.enforcement)},
      {"block_on_failure", policy.gates.block_on_failure},
      {"summary", boost::json::object{{"models", r.summary.models},
                                      {"errors", r.summary.errors},
                                      {"warnings", r.summary.warnings},
                                      {"overrides_applied", r.summary.overrides_applied},
                                      {"by_category", std::move(by_category)}}},
      {"findings", std::move(findings)}};
}

}  // namespace floe
