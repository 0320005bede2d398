// `floe contract diff OLD NEW`: every change between two versions of a data
// contract, classified from the consumers' side. Breaking: what a consumer
// built on OLD may no longer get (a table or column removed, a type
// narrowed or changed, a column made optional or newly required, a key or
// uniqueness dropped, a classification changed, an SLA weakened or removed).
// Non-breaking: what only adds (a table or column added, integer widened to
// number, a stronger SLA, descriptions). Publishing a breaking change needs
// a new major version (docs/contracts.md#versions).
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <vector>

#include "contract/data_contract.hpp"

namespace floe {

struct ContractChange {
  bool breaking = false;
  std::string kind;     // "column_removed", "type_changed", "column_added", ...
  std::string subject;  // "customer_profile.lifetime_value"
  std::string message;  // "column 'lifetime_value' removed"
  SourceLocation old_where, new_where;  // file "" where the side has nothing
};

std::vector<ContractChange> diff_contracts(const DataContract& old_contract, const DataContract& new_contract);

bool has_breaking_change(const std::vector<ContractChange>& changes);

// {"breaking": n, "non_breaking": n, "changes": [{"breaking", "kind", "subject", "message", "old": {file, line}, "new": {...}}]}
boost::json::value contract_changes_to_json(const std::vector<ContractChange>& changes);

}  // namespace floe
