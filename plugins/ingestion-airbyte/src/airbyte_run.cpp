#include "airbyte_run.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>

#include "airbyte_spec.hpp"
#include "base/child_process.hpp"
#include "output_tail.hpp"
#include "python_locator.hpp"
#include "run_report.hpp"
#include "runner_location.hpp"
#include "scratch_directory.hpp"
#include "source_files.hpp"

namespace floe::ingestion_airbyte {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using clock = std::chrono::steady_clock;
using ingestion_dlt::run_problem;
using ingestion_dlt::run_report;

json::object failed(run_report& report, clock::time_point start, const std::string& code, const std::string& message,
                    std::optional<std::string> file = std::nullopt) {
  report.add_error({code, message, std::move(file), std::nullopt, std::nullopt});
  return report.response(std::chrono::duration<double>(clock::now() - start).count());
}

// The connector: the configured one, else source-file beside the Python
// (one virtualenv holding both), else on PATH. Empty with `how` when none.
std::string locate_connector(const airbyte_config& config, const std::string& python, std::string& how) {
  if (config.source_file) {
    std::string found = base::find_in_path(*config.source_file);
    how = found.empty() ? "the plugin config's source_file '" + *config.source_file + "' is not an executable file"
                        : "the plugin config's source_file";
    return found;
  }
  std::string beside = (fs::path(python).parent_path() / "source-file").string();
  if (base::is_executable_file(beside)) {
    how = "beside the Python";
    return beside;
  }
  std::string on_path = base::find_in_path("source-file");
  how = on_path.empty() ? "no source-file connector: not beside " + python + " and not on PATH" : "on PATH";
  return on_path;
}

// What the host hears of the run: the runner's events as structured events
// ("ingestion.<type>") and as log lines.
void forward(const floe::sdk::host& host, const json::object& event) {
  json::object structured = event;
  auto text = [&](const char* key) {
    const json::value* v = event.if_contains(key);
    return v == nullptr ? std::string("?") : v->is_string() ? std::string(v->get_string()) : json::serialize(*v);
  };
  std::string type = text("type");
  structured["type"] = "ingestion." + type;
  host.emit(structured);
  if (type == "started")
    host.info(fmt::format("PyAirbyte {} on Python {} ({}), connector {}: loading {} file(s)", text("airbyte_version"),
                          text("python_version"), text("python"), text("connector"), text("files")));
  else if (type == "file_read" && event.contains("already_appended"))
    host.info(fmt::format("skipped {}: a run at {} appended this exact content already", text("path"),
                          text("already_appended")));
  else if (type == "file_read")
    host.info(fmt::format("read {}: {} record(s)", text("path"), text("rows")));
  else if (type == "result")
    host.info(fmt::format("loaded {}; {} byte(s) of cache files written", text("tables"), text("bytes_written")));
  else if (type == "warning")
    host.warn(text("message"));
  else if (type == "error")
    host.log(FLOE_LOG_DEBUG, "error: " + text("message"));
}

}  // namespace

json::object run_with_airbyte(const ingestion_dlt::pipeline_definition& definition,
                              const ingestion_dlt::run_request& request, const airbyte_config& config,
                              const floe::sdk::host& host) {
  const auto start = clock::now();
  run_report report;
  ingestion_dlt::source_files sources = ingestion_dlt::match_source_files(definition.path);
  if (!sources.problem.empty()) return failed(report, start, "source_not_found", sources.problem, definition.path);

  auto python =
      plugin_support::locate_python(plugin_support::python_search_from_environment(config.python, request.project_dir));
  if (python.path.empty())
    return failed(
        report, start, "python_not_found",
        python.how + "; set the plugin's `python` to an interpreter with PyAirbyte (pip install 'airbyte==0.71.3')");
  std::string how;
  std::string connector = locate_connector(config, python.path, how);
  if (connector.empty())
    return failed(
        report, start, "connector_not_found",
        how +
            "; install Airbyte's File source connector in a virtualenv of its own "
            "(pip install 'airbyte-source-file==0.5.39') and set the plugin's `source_file` to its source-file");
  host.log(FLOE_LOG_DEBUG,
           "Python: " + python.path + " (" + python.how + "); connector: " + connector + " (" + how + ")");
  fs::path runner = plugin_support::runner_directory() / "run_airbyte.py";
  std::error_code ec;
  if (!fs::is_regular_file(runner, ec))
    return failed(report, start, "runner_missing",
                  "the Airbyte runner " + runner.string() + " is missing: reinstall the ingestion-airbyte plugin");

  plugin_support::scratch_directory scratch("floe-airbyte");
  std::string spec_path = scratch.path() + "/spec.json";
  {
    std::ofstream out(spec_path, std::ios::binary | std::ios::trunc);
    out << json::serialize(airbyte_spec(definition, request, sources.files, connector, scratch.path()));
    if (!out.flush()) throw floe::sdk::error(FLOE_ERR_IO, "cannot write the runner's spec " + spec_path);
  }
  // The request's env, then what keeps PyAirbyte to the run: no telemetry,
  // no registry lookups, its logs, temporary and project files in the
  // scratch directory.
  std::map<std::string, std::string> env(request.env.begin(), request.env.end());
  for (const auto& [name, value] :
       std::map<std::string, std::string>{{"AIRBYTE_OFFLINE_MODE", "1"},
                                          {"DO_NOT_TRACK", "1"},
                                          {"AIRBYTE_LOGGING_ROOT", scratch.path() + "/logs"},
                                          {"AIRBYTE_PROJECT_DIR", scratch.path()},
                                          {"AIRBYTE_TEMP_DIR", scratch.path()},
                                          {"PYTHONDONTWRITEBYTECODE", "1"}})
    env[name] = value;
  std::int64_t timeout_seconds = request.timeout_seconds.value_or(config.timeout_seconds);
  base::child_command command;
  command.program = python.path;
  command.args = {"-X",
                  "utf8",
                  runner.string(),
                  "--spec",
                  spec_path,
                  "--events-fd",
                  std::to_string(base::child_event_fd)};
  command.environment = base::environment_with(env);
  command.working_directory = scratch.path();
  command.timeout = std::chrono::seconds(timeout_seconds);
  command.cancel_requested = [&host] { return host.cancel_requested(); };

  plugin_support::output_tail tail;
  base::child_line_handlers handlers;
  handlers.event = [&](std::string_view line) {
    boost::system::error_code parse_error;
    json::value event = json::parse(line, parse_error);
    if (parse_error || !event.is_object()) {
      host.log(FLOE_LOG_DEBUG, fmt::format("airbyte events: {}", line));
      return;
    }
    forward(host, event.get_object());
    report.add_event(event.get_object());
  };
  handlers.out = [&](std::string_view line) { host.log(FLOE_LOG_DEBUG, fmt::format("airbyte stdout: {}", line)); };
  handlers.err = [&](std::string_view line) {
    host.log(FLOE_LOG_DEBUG, fmt::format("airbyte stderr: {}", line));
    tail.add(line);
  };
  base::child_outcome outcome = base::run_child(command, handlers);

  using kind = base::child_outcome::kind;
  if (outcome.how == kind::not_started)
    return failed(report, start, "python_not_found", outcome.start_error + " (" + python.how + ")");
  if (outcome.how == kind::cancelled)
    throw floe::sdk::error(FLOE_ERR_CANCELLED,
                           "the Airbyte load was stopped on request; files it loaded before are kept");
  if (outcome.how == kind::timed_out)
    return failed(report, start, "timeout",
                  fmt::format("Airbyte was stopped after {} s (timeout_seconds)", timeout_seconds));
  if (!report.has_errors() && (outcome.how != kind::exited || outcome.code != 0 || !report.has_result()))
    return failed(report, start, "runner_failed",
                  fmt::format("the Airbyte runner ({}) {} without a result: {}", python.path,
                              outcome.how == kind::signalled ? "was killed by signal " + std::to_string(outcome.code)
                                                             : "exited with status " + std::to_string(outcome.code),
                              tail.text()));
  return report.response(std::chrono::duration<double>(clock::now() - start).count());
}

}  // namespace floe::ingestion_airbyte
