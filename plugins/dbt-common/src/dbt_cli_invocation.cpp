#include "dbt_cli_invocation.hpp"

#include "base/child_process.hpp"
#include "dbt_messages.hpp"
#include "dbt_target.hpp"
#include "run_results.hpp"

namespace floe::dbt_common {
namespace json = boost::json;
using floe::sdk::error;
using base::child_command;
using base::child_line_handlers;
using base::child_outcome;

namespace {

// The environment every invocation gets: what the caller asked for, then
// what the runtime adds, and no telemetry or update checks leaving the
// machine from a data run.
std::map<std::string, std::string> dbt_environment(const DbtCall& call, const DbtCli& cli) {
  std::map<std::string, std::string> env = call.env;
  for (const auto& [name, value] : cli.environment) env.emplace(name, value);
  env.emplace("DBT_SEND_ANONYMOUS_USAGE_STATS", "false");
  env.emplace("DO_NOT_TRACK", "1");
  env.emplace("DBT_VERSION_CHECK", "false");
  return env;
}

}  // namespace

json::object invoke_dbt_cli(Method method, const DbtCall& call, const DbtCli& cli, const floe::sdk::host& host) {
  child_command command;
  command.program = cli.program;
  command.args = dbt_cli_arguments(call, cli.options);
  command.working_directory = call.project_dir;
  command.environment = base::environment_with(dbt_environment(call, cli));
  command.timeout = cli.timeout;
  command.grace = cli.cancel_grace;
  command.cancel_requested = [&host] { return host.cancel_requested(); };

  DbtLogReader log;
  int nodes_finished = 0;
  std::string stderr_tail;
  child_line_handlers handlers;
  handlers.out = [&](std::string_view line) {
    for (auto& event : log.read_line(std::string(line))) {
      if (event.at("type") == "node_finished") ++nodes_finished;
      host.emit(event);
    }
  };
  handlers.err = [&](std::string_view line) {
    stderr_tail.append(line).push_back('\n');
    if (stderr_tail.size() > 16384) stderr_tail.erase(0, stderr_tail.size() - 16384);
  };
  auto started = std::chrono::steady_clock::now();
  child_outcome result = cli.run ? cli.run(command, handlers) : base::run_child(command, handlers);
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  using how = child_outcome::kind;
  if (result.how == how::not_started) throw error(FLOE_ERR_NOT_FOUND, "cannot run dbt: " + result.start_error);
  int exit_code = result.how == how::exited ? result.code : -1;

  std::string what = "dbt " + call.command;
  if (result.how == how::cancelled)
    throw error(FLOE_ERR_CANCELLED, what + " was stopped on request after " + std::to_string(nodes_finished) +
                                        " node(s) finished; their results are kept");
  if (result.how == how::timed_out)
    throw error(FLOE_ERR_TIMEOUT, what + " did not finish within " + std::to_string(cli.timeout.count()) +
                                      " s (plugins.dbt.config.timeout_seconds) and was stopped");
  if (log.dbt_version().empty())
    throw error(FLOE_ERR_NOT_FOUND, cli.program + " did not behave like dbt (no dbt log line; exit status " +
                                        std::to_string(exit_code) + ")" +
                                        (stderr_tail.empty() ? "" : ": " + trim_end(stderr_tail)));
  if (cli.check_engine)
    if (std::string refused = cli.check_engine(log); !refused.empty()) throw error(FLOE_ERR_NOT_FOUND, refused);

  std::string target_dir = dbt_target_dir(call.project_dir);
  json::object response{{"success", exit_code == 0},
                        {"exit_code", exit_code},
                        {"dbt_version", log.dbt_version()},
                        {"execution_time_seconds", elapsed}};
  if (method == Method::compile_project) {
    response["manifest_path"] = target_dir + "/manifest.json";
  } else if (method == Method::run_operation) {
    // An operation runs no nodes: its outcome is the exit status (and the
    // error lines below).
  } else if (method == Method::show) {
    if (exit_code == 0) {
      boost::system::error_code ec;
      json::value rows = json::parse(log.show_rows(), ec);
      if (ec || !rows.is_array())
        throw error(FLOE_ERR_NOT_FOUND, cli.program + " did not behave like dbt: " + what +
                                            " logged no rows as JSON (no ShowNode event with a JSON preview)");
      response["rows"] = std::move(rows);
    }
  } else {
    std::string why;
    auto summary = read_run_results(target_dir + "/run_results.json", log.invocation_id(), why);
    if (method == Method::run_models) response["manifest_path"] = target_dir + "/manifest.json";
    response["run_results_path"] = summary ? target_dir + "/run_results.json" : std::string();
    if (method == Method::run_models) response["models_run"] = summary ? summary->models_run : 0;
    response["tests_run"] = summary ? summary->tests_run : 0;
    response["failures"] = summary ? summary->failures : 0;
    response["nodes"] = summary ? summary->nodes : json::array();
  }
  if (exit_code != 0) {
    std::string reason = error_summary(log.errors());
    if (reason.empty()) reason = error_summary({stderr_tail});
    if (reason.empty())
      reason = what + (result.how == how::signalled ? " was killed by signal " + std::to_string(result.code)
                                                    : " exited with status " + std::to_string(exit_code));
    response["error"] = reason;
  }
  return response;
}

}  // namespace floe::dbt_common
