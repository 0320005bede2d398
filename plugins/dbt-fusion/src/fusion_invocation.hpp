// dbt Fusion as the runtime of a run_models / test_models / compile_project
// request: the binary of the lookup (fusion_locator.hpp), checked by what it
// logs to be Fusion 2 or newer, run by the shared CLI invocation
// (plugins/dbt-common) with the configured ADBC driver directories; and its
// version, asked of the binary.
#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "dbt_log_events.hpp"
#include "dbt_request.hpp"
#include "floe/plugin.hpp"
#include "fusion_config.hpp"

namespace floe::dbt_fusion {

// Throws floe::sdk::error as dbt_common::invoke_dbt_cli does; NOT_FOUND also
// when the executable runs but is not Fusion (dbt-core, say).
boost::json::object invoke_fusion(dbt_common::Method method, const boost::json::object& request,
                                  const FusionConfig& config, const floe::sdk::host& host);

// "" when the log is Fusion's (engine dbt-fusion, version 2 or newer), else
// why it is not, naming `path`.
std::string fusion_engine_problem(const dbt_common::DbtLogReader& log, const std::string& path);

// {"dbt_version", "adapters": {}, "executable"} from `dbt --version`
// ("dbt-fusion 2.0.0-preview.196"); Fusion's adapters are built in.
boost::json::object fusion_metadata(const FusionConfig& config);

}  // namespace floe::dbt_fusion
