// PolicyEnforcer: holds a dbt project to the resolved governance. Pure
// function of its inputs (the date comes in, so results are reproducible).
#pragma once

#include <boost/json/value.hpp>

#include <string>

#include "dbt/dbt_project.hpp"
#include "diag/diagnostic.hpp"
#include "enforce/governance_policy.hpp"

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
boost::json::value enforcement_result_to_json(const EnforcementResult& r, const GovernancePolicy& policy);

// SARIF 2.1.0 log for `diags` (config diagnostics and findings alike), with
// one rule per code present and physical locations relative to `base_dir`.
boost::json::value diagnostics_to_sarif(const Diagnostics& diags, const std::string& base_dir,
                                        const std::string& tool_version);

}  // namespace floe
