#include "fusion_invocation.hpp"

#include "base/child_process.hpp"
#include "dbt_cli_invocation.hpp"
#include "dbt_messages.hpp"
#include "fusion_locator.hpp"

namespace floe::dbt_fusion {
namespace json = boost::json;
using floe::sdk::error;

std::string fusion_engine_problem(const dbt_common::DbtLogReader& log, const std::string& path) {
  auto version = dbt_common::major_minor(log.dbt_version());
  if (log.engine() != "dbt-fusion" || !version || version->first < 2)
    return path + " is " + (log.engine().empty() ? "dbt" : log.engine()) + " " + log.dbt_version() +
           ", not dbt Fusion: set plugins.dbt.type: core to run it, or point plugins.dbt.config.executable at a "
           "Fusion binary";
  return {};
}

json::object invoke_fusion(dbt_common::Method method, const json::object& request, const FusionConfig& config,
                           const floe::sdk::host& host) {
  dbt_common::DbtCall call = dbt_common::parse_dbt_call(method, request);
  FusionLocation where = locate_fusion(config.cli.executable, call.project_dir);
  if (where.path.empty()) throw error(FLOE_ERR_NOT_FOUND, fusion_not_found_message(where));

  dbt_common::DbtCli cli;
  cli.program = where.path;
  cli.timeout = config.cli.timeout;
  cli.cancel_grace = config.cli.cancel_grace;
  // Fusion's own name for dbt-core's DBT_VERSION_CHECK.
  cli.environment["DBT_DISABLE_VERSION_CHECK"] = "true";
  if (!config.adbc_driver_path.empty()) {
    std::string dirs;
    for (const auto& dir : config.adbc_driver_path) dirs += (dirs.empty() ? "" : ":") + dir;
    cli.environment["ADBC_DRIVER_PATH"] = dirs;
  }
  cli.check_engine = [&where](const dbt_common::DbtLogReader& log) { return fusion_engine_problem(log, where.path); };
  return dbt_common::invoke_dbt_cli(method, call, cli, host);
}

json::object fusion_metadata(const FusionConfig& config) {
  FusionLocation where = locate_fusion(config.cli.executable, "");
  if (where.path.empty()) throw error(FLOE_ERR_NOT_FOUND, fusion_not_found_message(where));
  base::child_command command;
  command.program = where.path;
  command.args = {"--version"};
  command.environment = base::environment_with({{"DBT_DISABLE_VERSION_CHECK", "true"}, {"DO_NOT_TRACK", "1"}});
  command.working_directory = "/";
  command.timeout = std::chrono::seconds(60);
  std::string output, errors;
  base::child_line_handlers handlers;
  handlers.out = [&](std::string_view line) { output.append(line).push_back('\n'); };
  handlers.err = [&](std::string_view line) { errors.append(line).push_back('\n'); };
  auto ran = base::run_child(command, handlers);
  if (ran.how == base::child_outcome::kind::not_started)
    throw error(FLOE_ERR_NOT_FOUND, "cannot ask " + where.path + " for its version: " + ran.start_error);
  // "dbt-fusion 2.0.0-preview.196"
  const std::string prefix = "dbt-fusion ";
  std::size_t at = output.find(prefix);
  if (ran.how != base::child_outcome::kind::exited || ran.code != 0 || at == std::string::npos)
    throw error(FLOE_ERR_NOT_FOUND, where.path + " is not dbt Fusion (`--version` said: " +
                                        dbt_common::trim_end(output.empty() ? errors : output) + ")");
  std::string version = output.substr(at + prefix.size());
  version = dbt_common::trim_end(version.substr(0, version.find_first_of(" \n")));
  return {{"dbt_version", version}, {"adapters", json::object()}, {"executable", where.path}};
}

}  // namespace floe::dbt_fusion
