// A run_models / test_models / compile_project / run_operation / show request of the dbt category
// (docs/plugins/dbt.md), checked key by key, and the dbt command line it
// stands for. Every dbt runtime takes the same requests: the CLI runtimes
// (dbt-core, Fusion) run the command line, dbt Cloud runs it as a job step.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace floe::dbt_common {

enum class Method { run_models, test_models, compile_project, run_operation, show };

struct DbtCall {
  std::string project_dir, profiles_dir, target;
  std::string command;  // run, build, seed, snapshot, test, compile, run-operation or show
  std::string macro;    // run-operation: the macro ([package.]name)
  boost::json::value args;  // run-operation: the macro's arguments (null when absent)
  std::string inline_sql;   // show: the query
  std::int64_t limit = 0;   // show: at most this many rows
  std::vector<std::string> select, exclude, resource_types;
  bool full_refresh = false, fail_fast = false;
  std::string state;  // dbt --state: the directory of an earlier run's manifest.json
  std::int64_t threads = 0;                // 0: dbt's default
  boost::json::value vars;                 // null when absent
  std::map<std::string, std::string> env;  // may hold secret values: never log or echo them
};

// Checks `request` for `method`: the keys the method takes and their types;
// anything else is refused with FLOE_ERR_INVALID_ARGUMENT naming the key
// (never a value of `env`).
DbtCall parse_dbt_call(Method method, const boost::json::object& request);

// The command and the options that pick and shape the nodes, as every dbt
// takes them: {"build", "--resource-type", "model", "--select", ...,
// "--full-refresh", "--fail-fast", "--threads", "4", "--vars", "{...}"}.
std::vector<std::string> dbt_node_arguments(const DbtCall& call);

// The whole command line of a local dbt CLI after the executable: the node
// arguments, the project, the profile floe generated, the JSON log, and
// the runtime's own options (dbt-core's --no-use-colors) after it.
std::vector<std::string> dbt_cli_arguments(const DbtCall& call, const std::vector<std::string>& runtime_options);

}  // namespace floe::dbt_common
