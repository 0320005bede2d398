// The governance a data product is held to: the typed view of the resolved
// platform's data_architecture and governance sections, as PolicyEnforcer
// consumes it. Built by the resolver (resolve/) from the inheritance chain;
// every policy carries where it was set so findings can say which manifest
// line imposed them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"

namespace floe {

enum class EnforcementLevel { off, warn, strict };

const char* enforcement_level_name(EnforcementLevel l);  // "off", "warn", "strict"

struct NamingPolicy {
  std::string pattern = "medallion";  // medallion | kimball | data_vault | custom
  EnforcementLevel enforcement = EnforcementLevel::warn;
  std::vector<std::string> custom_patterns;  // ECMAScript regexes, for pattern custom
  SourceLocation where;                      // where the naming enforcement was set
};

struct QualityGates {
  double minimum_test_coverage = 0;   // percent, 0-100
  std::string coverage_mode = "column";  // column: covered columns / documented columns; model: model has >= 1 test
  std::map<std::string, double> layer_thresholds;  // layer ("bronze") -> percent; overrides minimum for that layer
  std::map<std::string, std::vector<std::string>> required_tests;  // layer -> test types every model of it must have
  bool require_descriptions = false;
  bool require_column_descriptions = false;
  bool block_on_failure = true;
  // block_on_failure was written in a manifest, not taken from the default:
  // such a gate blocks even where the default level (warn) would lower it.
  bool block_on_failure_set = false;
  SourceLocation where;
};

struct CustomRule {
  // require_tags_for_prefix {prefix, required_tags}
  // require_meta_field {field}
  // require_tests_of_type {test_types, min_columns}
  // forbid_materialization {materializations}   (e.g. gold models may not be views)
  std::string type;
  std::string name;       // optional label shown in findings
  std::string applies_to = "*";  // glob on model names
  std::string prefix;
  std::vector<std::string> required_tags;
  std::string field;
  std::vector<std::string> test_types;
  int min_columns = 1;
  std::vector<std::string> materializations;
  SourceLocation where;
};

struct PolicyOverride {
  std::string pattern;  // glob on model names
  std::string action = "downgrade";  // downgrade (error -> warning) | exclude (finding dropped)
  std::string reason;
  std::string expires;  // "YYYY-MM-DD" or ""; expired overrides no longer apply
  std::vector<std::string> policy_types;  // empty = all; else naming, coverage, documentation, tests, dag, custom
  SourceLocation where;
};

struct GovernancePolicy {
  EnforcementLevel level = EnforcementLevel::warn;  // governance.policy_enforcement_level
  bool level_set = false;  // false: the default; it does not weaken a rule set to strict on its own switch
  NamingPolicy naming;
  QualityGates gates;
  std::vector<CustomRule> custom_rules;
  std::vector<PolicyOverride> overrides;
};

}  // namespace floe
