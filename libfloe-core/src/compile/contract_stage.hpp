// The compile's "Checking data contracts" stage: each output port's ODCS
// contract loaded and held to the dbt model behind it and to the platform's
// contract policy (contract/contract_checks.hpp), one line per port. A port
// whose contract, policy and models are as they were at its last check is
// answered from that check's remembered outcome, findings included, without
// loading the contract (contract/port_verdicts.hpp).
#pragma once

#include <string>
#include <vector>

#include "compile/compile_cache.hpp"
#include "compile/transform_projects.hpp"
#include "contract/port_contracts.hpp"
#include "diag/compile_report.hpp"
#include "resolve/resolved_platform.hpp"

namespace floe {

// `ports` come from port_contract_entries (not loaded): what must be checked
// is loaded here. Load problems are added to `diags` first, in port order,
// then the checks' findings.
void check_port_contracts_stage(std::vector<PortContract>& ports, const std::vector<TransformProject>& projects,
                                const std::string& product_dir, const ResolvedPlatform& platform, Stage& stage,
                                Diagnostics& diags, CompileInputs& read);

}  // namespace floe
