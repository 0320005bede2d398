// Compile-time enforcement of a product's output port contracts against the
// dbt models behind the ports and the platform's governance: every contract
// column exists in the model with a type that keeps the promise, required
// columns and primary keys are tested (not_null, unique), PII columns follow
// the platform's classification and encryption policy, SLAs stay within the
// platform's limits. Findings point at the contract line and, as a related
// location, at the model's YAML (FLOE-K101..K109, docs/contracts.md).
#pragma once

#include <vector>

#include "contract/catalog_types.hpp"
#include "contract/contract_policy.hpp"
#include "contract/port_contracts.hpp"
#include "dbt/dbt_project.hpp"
#include "diag/diagnostic.hpp"

namespace floe {

struct ContractCheckResult {
  Diagnostics findings;
  std::size_t ports = 0;
  std::size_t properties = 0;
  bool passed = true;  // no error among the findings
};

// Policy findings (types, tests, PII, SLAs) are errors at policy level
// strict, warnings at warn and not reported at off; a missing model or
// column is always an error (the contract cannot be kept at all).
ContractCheckResult check_port_contracts(const std::vector<PortContract>& ports, const dbt::DbtProject& project,
                                         const CatalogTypes& catalog, const ContractPolicy& policy);
// One port (no copy of its contract into a vector).
ContractCheckResult check_port_contract(const PortContract& port, const dbt::DbtProject& project, const CatalogTypes& catalog,
                                        const ContractPolicy& policy);

}  // namespace floe
