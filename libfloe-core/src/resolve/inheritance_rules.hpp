// ADR-0038's inheritance table as data: for each manifest key, how a lower
// tier's value combines with what the tiers above set.
#pragma once

#include <string>
#include <vector>

namespace floe {

enum class MergeKind {
  override_value,   // the lower tier's value wins (domain-specific settings)
  append,           // lists the lower tier extends (custom rules, overrides, roles)
  append_unique,    // like append, without duplicates (required test types)
  enterprise_only,  // set by the enterprise only; a lower tier may not set it (FLOE-I405)
  top_tier_only,    // set by the top of the chain only (enterprise, or a platform without scope): a domain
                    // may not set it even when nothing above did (FLOE-I405)
  fixed_once_set,   // once set above, a lower tier may repeat but not change it (FLOE-I405/I407)
  plugin_selection, // replaced whole; must be on the enterprise whitelist (FLOE-I404)
  ordered,          // an ordered policy that may only be kept or strengthened (FLOE-I406/I407)
  at_least,         // a number that may only be kept or raised (FLOE-I407)
  no_disable,       // a boolean that may not go from true to false (FLOE-I407)
  retention,        // within the enterprise's data_retention_bounds (FLOE-I408)
  skip,             // per-file identity (metadata, scope, parent_manifest): never merged
};

struct MergeRule {
  MergeKind kind = MergeKind::override_value;
  std::string code;                // the diagnostic code when broken
  std::vector<std::string> order;  // for ordered: weakest first
  std::string why;                 // one line for the hint: why the rule exists
};

// The rule for a dotted path ("governance.pii_encryption", "plugins.compute").
// Containers not named in the table are merged key by key.
const MergeRule* rule_for(const std::string& path);

}  // namespace floe
