// Merging one tier into the values of the tiers above it, by the rules in
// inheritance_rules, recording each leaf's provenance.
#pragma once

#include "diag/diagnostic.hpp"
#include "resolve/resolved_platform.hpp"
#include "resolve/tier.hpp"

namespace floe {

// `acc` holds what the tiers above set (empty for the root tier).
void merge_tier(ResolvedPlatform& acc, const Tier& tier, Diagnostics& diags);

// Every plugin `tier` selects must be on the accumulated whitelist
// (approved_plugins), when one exists for its category (FLOE-I404).
void check_plugins_approved(const ResolvedPlatform& acc, const Tier& tier, Diagnostics& diags);

// "enterprise (examples/enterprise/manifest.yaml:31:19)"
std::string describe_origin(const Provenance& p);

}  // namespace floe
