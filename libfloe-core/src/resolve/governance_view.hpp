// The typed GovernancePolicy PolicyEnforcer consumes, read from the resolved
// values (after defaults), with each policy's origin for findings.
#pragma once

#include "resolve/governance_policy.hpp"
#include "resolve/resolved_platform.hpp"

namespace floe {

void build_governance_policy(const ResolvedPlatform& platform, GovernancePolicy& out);

}  // namespace floe
