// Remembered port checks. A compile checks each output port's contract
// against the dbt models behind it; with 100 contracted ports that was a
// quarter of a 1k-model validate, spent again on every compile for contracts
// that had not changed (the usual edit is to a model, not a contract).
//
// The outcome of a port's check (its findings, how many contract columns it
// covered) is remembered under <user cache>/contracts/ports/, in a file named
// by a digest of everything it depends on but the models: the contract's
// text, the port (its name, table, contract file and where floe.yaml declares
// them), the dbt project it was checked in, the platform's contract policy
// (with the manifest lines findings point at) and the build of floe. The file
// lists the models the contract describes with a digest of what the checks
// read of each (its columns and their types, its tests, the columns
// target/catalog.json gives it) and, when there are findings, of where its
// file puts them (the lines findings point at). The next compile reads the
// contract's text, and when the file exists and every listed model is as it
// was, takes the remembered outcome without parsing or checking the
// contract; anything else is checked in full. Not remembered: a contract
// whose loading reported anything (its diagnostics come from the schema
// check, which has its own verdicts), and a check that found the contract
// naming a model the project lacks (its did-you-mean depends on every model).
// A cache that cannot be read or written only costs time;
// FLOE_CONTRACT_CACHE=off turns it off (contract/contract_verdicts.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "contract/catalog_types.hpp"
#include "contract/contract_checks.hpp"
#include "contract/contract_policy.hpp"
#include "contract/port_contracts.hpp"
#include "dbt/dbt_project.hpp"

namespace floe {

// What the keys of every port checked in one dbt project share (the build,
// the project, the policy), digested once for all of them; "" when outcomes
// cannot be kept (the cache is off, or this build has no id).
std::string port_verdict_context(const dbt::DbtProject& project, const std::string& project_dir,
                                 const ContractPolicy& policy);

// "" when `context` is.
std::string port_verdict_key(std::string_view contract_text, const PortContract& port, const std::string& context);

// The same, for one port alone.
std::string port_verdict_key(std::string_view contract_text, const PortContract& port, const dbt::DbtProject& project,
                             const std::string& project_dir, const ContractPolicy& policy);

// The remembered outcome for `key`, when every model it lists is unchanged.
std::optional<ContractCheckResult> remembered_port_check(const std::string& key, const dbt::DbtProject& project,
                                                         const CatalogTypes& catalog);

// Remembers the outcome of checking `port` (its contract loaded with no
// diagnostic), unless it cannot be reused (see above).
void remember_port_check(const std::string& key, const PortContract& port, const ContractCheckResult& result,
                         const dbt::DbtProject& project, const CatalogTypes& catalog);

}  // namespace floe
