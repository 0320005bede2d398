// What the platform asks of data contracts, read from the resolved
// platform's governance: PII (pii_encryption, the classification rules by
// column name), the SLA limits contracts may promise and which domains may
// consume the products of this one (governance.data_contracts). Every value
// remembers the manifest line that set it, so findings can say who decided.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "resolve/governance_policy.hpp"
#include "resolve/resolved_platform.hpp"

namespace floe {

struct ClassificationRule {
  std::string pattern;  // glob over column names: *email*
  std::string classification;
  SourceLocation where;
};

struct ContractPolicy {
  EnforcementLevel level = EnforcementLevel::warn;  // governance.policy_enforcement_level
  bool pii_encryption_required = false;
  SourceLocation pii_where;
  std::vector<ClassificationRule> classification;
  std::optional<double> min_freshness_seconds;  // governance.data_contracts.min_freshness
  std::string min_freshness;                    // as written: PT1H
  SourceLocation min_freshness_where;
  std::optional<double> max_availability;       // governance.data_contracts.max_availability, percent
  SourceLocation max_availability_where;
  std::vector<std::string> allowed_consumers;   // domains ("*" = any); empty = the producer's own domain only
  SourceLocation allowed_consumers_where;

  // The classification the platform gives `column` by name, "" when no rule matches.
  std::string classification_of(const std::string& column, const ClassificationRule** rule = nullptr) const;
};

ContractPolicy contract_policy_of(const ResolvedPlatform& platform);

}  // namespace floe
