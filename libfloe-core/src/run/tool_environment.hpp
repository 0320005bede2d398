// The secrets a run hands to its tools. The dbt profile floe generates reads
// every secret through env_var('NAME') (compile/secret_refs.hpp); before dbt
// runs, each such variable that is not already set is filled from its
// reference ({env: OTHER}, {file: PATH}). A variable the profile needs that
// cannot be filled is FLOE-X108, before anything runs. Values never reach a
// log, an event or the run record. `profiles_text` is the text of what dbt
// will read: the run passes the one output (target) it uses.
#pragma once

#include <boost/json/object.hpp>

#include <map>
#include <string>

#include "diag/diagnostic.hpp"

namespace floe::run {

std::map<std::string, std::string> tool_environment(const boost::json::object& artifacts,
                                                    const std::string& profiles_text,
                                                    const std::string& artifacts_path, Diagnostics& diagnostics);

}  // namespace floe::run
