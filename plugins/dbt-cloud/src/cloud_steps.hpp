// The dbt command a request stands for, as one dbt Cloud job step
// (steps_override): the same node arguments the CLI runtimes pass, quoted
// for the step's shell-like word splitting.
#pragma once

#include <string>

#include "dbt_request.hpp"

namespace floe::dbt_cloud {

// "dbt build --resource-type model --select 'tag:nightly' --vars '{\"a\":1}'"
std::string cloud_step(const dbt_common::DbtCall& call);

// `word` as one shell word: as it is when it holds only safe characters,
// else in single quotes (a single quote inside as '"'"').
std::string shell_word(const std::string& word);

}  // namespace floe::dbt_cloud
