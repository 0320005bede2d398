// The secrets a run hands to its tools. The dbt profile floe generates reads
// every secret through env_var('NAME') (compile/secret_refs.hpp); before dbt
// runs, each such variable that is not already set is filled from its
// reference ({env: OTHER}, {file: PATH}), or through the platform's secrets
// plugin for the kinds only one resolves ({secret_ref}, {k8s}, {vault}:
// `from_plugin`). A variable the profile needs that cannot be filled is
// FLOE-X108, before anything runs. Values never reach a
// log, an event or the run record. `profiles_text` is the text of what dbt
// will read: the run passes the one output (target) it uses.
#pragma once

#include <boost/json/object.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "diag/diagnostic.hpp"

namespace floe::run {

// A reference object only a secrets plugin resolves -> its value, or
// nullopt with `problem` (naming the reference, never a value).
using PluginSecretResolver =
    std::function<std::optional<std::string>(const boost::json::value& reference, std::string& problem)>;

std::map<std::string, std::string> tool_environment(const boost::json::object& artifacts,
                                                    const std::string& profiles_text,
                                                    const std::string& artifacts_path, Diagnostics& diagnostics,
                                                    const PluginSecretResolver& from_plugin = {});

}  // namespace floe::run
