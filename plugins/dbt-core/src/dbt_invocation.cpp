#include "dbt_invocation.hpp"

#include <boost/json/parse.hpp>

#include "base/child_process.hpp"
#include "dbt_cli_invocation.hpp"
#include "dbt_locator.hpp"
#include "dbt_session.hpp"
#include "dbt_messages.hpp"

namespace floe::dbt_core {
namespace json = boost::json;
using dbt_common::error_summary;
using dbt_common::trim_end;
using floe::sdk::error;
using base::child_command;
using base::child_line_handlers;
using base::child_outcome;

namespace {

// dbt 1.5 is the first with node_info on every node event of the JSON log.
constexpr int kMinMajor = 1, kMinMinor = 5;

}  // namespace

json::object invoke_dbt(Method method, const json::object& request, const DbtConfig& config,
                        const floe::sdk::host& host, DbtSession& session) {
  dbt_common::DbtCall call = dbt_common::parse_dbt_call(method, request);
  DbtLocation where = locate_dbt(config.executable, call.project_dir);
  if (where.path.empty()) throw error(FLOE_ERR_NOT_FOUND, dbt_not_found_message(where));

  dbt_common::DbtCli cli;
  cli.program = where.path;
  cli.options = {"--no-use-colors"};  // dbt colours "OK" even in its JSON messages
  // An operation's outcome is its exit status and what its macro writes:
  // without this dbt writes the whole manifest.json (and semantic_manifest
  // and run_results) after every run-operation, ~90 ms at 100 models.
  if (method == Method::run_operation) cli.options.push_back("--no-write-json");
  cli.timeout = config.timeout;
  cli.cancel_grace = config.cancel_grace;
  cli.check_engine = [&where](const dbt_common::DbtLogReader& log) -> std::string {
    auto version = dbt_common::major_minor(log.dbt_version());
    if (!version || *version < std::pair{kMinMajor, kMinMinor})
      return "dbt " + log.dbt_version() + " at " + where.path +
             " is too old: floe needs dbt-core 1.5 or newer (e.g. pip install dbt-core==1.11.16)";
    return {};
  };
  if (config.session)
    cli.run = [&session](const child_command& command, const child_line_handlers& handlers) {
      return session.run(command, handlers);
    };
  return dbt_common::invoke_dbt_cli(method, call, cli, host);
}

json::object runtime_metadata(const DbtConfig& config, const std::string& project_dir) {
  DbtLocation where = locate_dbt(config.executable, project_dir);
  if (where.path.empty()) throw error(FLOE_ERR_NOT_FOUND, dbt_not_found_message(where));
  // dbt is a Python console script: its interpreter answers from package
  // metadata at once, where `dbt --version` also asks PyPI for updates.
  std::string interpreter = python_of_script(where.path);
  if (interpreter.empty())
    throw error(FLOE_ERR_NOT_FOUND, where.path + " is not a Python dbt installation (no python shebang)");
  child_command command;
  command.program = base::find_in_path(interpreter);
  if (command.program.empty())
    throw error(FLOE_ERR_NOT_FOUND, where.path + ": its interpreter " + interpreter + " is not there");
  command.args = {"-c",
                  "import json, importlib.metadata as m\n"
                  "ads = {d.metadata['Name'][4:]: d.version for d in m.distributions()\n"
                  "       if (d.metadata['Name'] or '').lower().startswith('dbt-') and\n"
                  "          (d.metadata['Name'] or '').lower() not in ('dbt-core', 'dbt-adapters', 'dbt-common',\n"
                  "           'dbt-extractor', 'dbt-semantic-interfaces', 'dbt-protos')}\n"
                  "print(json.dumps({'dbt_version': m.version('dbt-core'), 'adapters': ads}))\n"};
  command.environment = base::environment_with({});
  command.working_directory = "/";
  command.timeout = std::chrono::seconds(60);
  std::string output, errors;
  child_line_handlers handlers;
  handlers.out = [&](std::string_view line) { output += line; };
  handlers.err = [&](std::string_view line) { errors.append(line).push_back('\n'); };
  child_outcome ran = base::run_child(command, handlers);
  if (ran.how == child_outcome::kind::not_started)
    throw error(FLOE_ERR_NOT_FOUND, "cannot ask " + where.path + " for its version: " + ran.start_error);
  boost::system::error_code ec;
  json::value parsed = json::parse(output, ec);
  if (ran.how != child_outcome::kind::exited || ran.code != 0 || ec || !parsed.is_object())
    throw error(FLOE_ERR_NOT_FOUND, "dbt-core is not installed for " + where.path + ": " + error_summary({errors}));
  json::object out = parsed.get_object();
  out["executable"] = where.path;
  return out;
}

}  // namespace floe::dbt_core
