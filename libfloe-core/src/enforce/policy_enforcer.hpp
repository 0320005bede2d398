// PolicyEnforcer: holds a dbt project to the resolved governance. Pure
// function of its inputs (the date comes in, so results are reproducible).
#pragma once

#include <boost/json/value.hpp>

#include <string>

#include "dbt/dbt_project.hpp"
#include "diag/diagnostic.hpp"
#include "resolve/governance_policy.hpp"

namespace floe {

struct EnforcementSummary {
  std::size_t models = 0;
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t overrides_applied = 0;
  std::map<std::string, std::size_t> by_category;  // "naming" -> 3
};

struct EnforcementResult {
  bool passed = true;  // false when an error remains and gates.block_on_failure
  Diagnostics findings;  // ordered by model name, then category
  EnforcementSummary summary;
};

// `today` is "YYYY-MM-DD" (the compile's date; overrides expiring before it
// no longer apply).
EnforcementResult enforce_policies(const dbt::DbtProject& project, const GovernancePolicy& policy,
                                   const std::string& today);

// {"passed", "level", "summary": {...}, "findings": [diagnostic_to_json...]}
std::string enforcement_result_json_text(const EnforcementResult& r, const GovernancePolicy& policy);
// The same, as a value: boost::json::serialize of it is the text above.
boost::json::value enforcement_result_json(const EnforcementResult& r, const GovernancePolicy& policy);

}  // namespace floe
