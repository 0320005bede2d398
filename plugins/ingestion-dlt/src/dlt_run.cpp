#include "dlt_run.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "base/child_process.hpp"
#include "event_forwarding.hpp"
#include "output_tail.hpp"
#include "python_locator.hpp"
#include "run_report.hpp"
#include "runner_location.hpp"
#include "runner_spec.hpp"
#include "scratch_directory.hpp"
#include "source_files.hpp"

extern char** environ;

namespace floe::ingestion_dlt {
using base::child_command;
using base::child_event_fd;
using base::child_line_handlers;
using base::child_outcome;
using base::run_child;
using plugin_support::locate_python;
using plugin_support::python_found;
using plugin_support::python_search_from_environment;
using plugin_support::runner_directory;
using plugin_support::output_tail;
using plugin_support::scratch_directory;
namespace {

namespace fs = std::filesystem;
using clock = std::chrono::steady_clock;

void write_spec(const std::string& path, const boost::json::object& spec) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << boost::json::serialize(spec);
  if (!out.flush()) throw floe::sdk::error(FLOE_ERR_IO, "cannot write the runner's spec " + path);
}

// The child's environment: floe's own, then the request's `env`, then the
// settings that keep dlt to itself (no telemetry, no configuration or data
// directory outside the run's scratch directory), which win.
std::vector<std::string> child_environment(const run_request& request, const std::string& scratch) {
  const std::vector<std::pair<std::string, std::string>> fixed = {
      {"RUNTIME__DLTHUB_TELEMETRY", "false"},
      {"RUNTIME__LOG_LEVEL", "WARNING"},
      {"DLT_DATA_DIR", scratch + "/dlt-data"},
      {"DLT_PROJECT_DIR", scratch},
      {"PYTHONDONTWRITEBYTECODE", "1"},  // no .pyc files beside the installed runner
  };
  std::set<std::string> overridden;
  for (const auto& [name, value] : request.env) overridden.insert(name);
  for (const auto& [name, value] : fixed) overridden.insert(name);

  std::vector<std::string> env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    if (!overridden.contains(std::string(text.substr(0, text.find('='))))) env.emplace_back(text);
  }
  for (const auto& [name, value] : request.env)
    if (std::none_of(fixed.begin(), fixed.end(), [&](const auto& f) { return f.first == name; }))
      env.push_back(name + "=" + value);
  for (const auto& [name, value] : fixed) env.push_back(name + "=" + value);
  return env;
}

std::string fmt_seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", seconds);
  return text;
}

boost::json::object failed(run_report& report, clock::time_point start, run_problem problem) {
  report.add_error(std::move(problem));
  return report.response(std::chrono::duration<double>(clock::now() - start).count());
}

boost::json::object run_once(const pipeline_definition& definition, const run_request& request,
                             const plugin_config& config, const floe::sdk::host& host) {
  const auto start = clock::now();
  run_report report;

  source_files sources = match_source_files(definition.path);
  if (!sources.problem.empty())
    return failed(report, start, {"source_not_found", sources.problem, definition.path, std::nullopt, std::nullopt});

  python_found python = locate_python(python_search_from_environment(config.python, request.project_dir));
  if (python.path.empty())
    return failed(report, start,
                  {"python_not_found", python.how + "; set the plugin's `python` to an interpreter with dlt "
                                                    "(pip install 'dlt[duckdb]==1.31.0')",
                   std::nullopt, std::nullopt, std::nullopt});
  host.log(FLOE_LOG_DEBUG, "Python: " + python.path + " (" + python.how + ")");

  fs::path runner = runner_directory() / "run_dlt.py";
  std::error_code ec;
  if (!fs::is_regular_file(runner, ec))
    return failed(report, start,
                  {"runner_missing", "the dlt runner " + runner.string() + " is missing: reinstall the ingestion-dlt plugin",
                   std::nullopt, std::nullopt, std::nullopt});

  scratch_directory scratch("floe-dlt");
  std::string spec_path = scratch.path() + "/spec.json";
  write_spec(spec_path, runner_spec(definition, request, sources.files, scratch.path()));

  std::int64_t timeout_seconds = request.timeout_seconds.value_or(config.timeout_seconds);
  child_command command;
  command.program = python.path;
  command.args = {"-X", "utf8", runner.string(), "--spec", spec_path, "--events-fd", std::to_string(child_event_fd)};
  command.environment = child_environment(request, scratch.path());
  command.working_directory = scratch.path();
  command.timeout = std::chrono::seconds(timeout_seconds);
  command.cancel_requested = [&host] { return host.cancel_requested(); };

  output_tail tail;
  child_line_handlers handlers;
  handlers.event = [&](std::string_view line) {
    boost::system::error_code parse_error;
    boost::json::value event = boost::json::parse(line, parse_error);
    if (parse_error || !event.is_object()) {
      forward_output(host, "events", line);
      return;
    }
    forward_event(host, event.get_object());
    report.add_event(event.get_object());
  };
  handlers.out = [&](std::string_view line) { forward_output(host, "stdout", line); };
  handlers.err = [&](std::string_view line) {
    forward_output(host, "stderr", line);
    tail.add(line);
  };
  child_outcome outcome = run_child(command, handlers);

  using how = child_outcome::kind;
  if (outcome.how == how::not_started)
    return failed(report, start, {"python_not_found", outcome.start_error + " (" + python.how + ")", std::nullopt,
                                  std::nullopt, std::nullopt});
  if (outcome.how == how::cancelled)
    throw floe::sdk::error(FLOE_ERR_CANCELLED, "the dlt load was stopped on request; what it loaded before is kept");
  if (outcome.how == how::timed_out)
    return failed(report, start,
                  {"timeout", "dlt was stopped after " + std::to_string(timeout_seconds) +
                                  " s (timeout_seconds)",
                   std::nullopt, std::nullopt, std::nullopt});
  bool clean_exit = outcome.how == how::exited && outcome.code == 0;
  if (!report.has_errors() && (!clean_exit || !report.has_result())) {
    std::string ending = outcome.how == how::signalled ? "was killed by signal " + std::to_string(outcome.code)
                                                       : "exited with status " + std::to_string(outcome.code);
    return failed(report, start,
                  {"runner_failed", "the dlt runner (" + python.path + ") " + ending + " without a result: " + tail.text(),
                   std::nullopt, std::nullopt, std::nullopt});
  }
  return report.response(std::chrono::duration<double>(clock::now() - start).count());
}

// A failure another try may not repeat: dlt's own steps, the destination,
// the runner dying. A broken contract or a missing file fails every time.
bool may_pass_on_retry(const boost::json::object& response) {
  const boost::json::value* errors = response.if_contains("errors");
  if (response.at("success").as_bool() || errors == nullptr || !errors->is_array() || errors->as_array().empty())
    return false;
  for (const auto& error : errors->as_array()) {
    const boost::json::value* code = error.is_object() ? error.as_object().if_contains("code") : nullptr;
    if (code == nullptr || !code->is_string()) return false;
    const auto& name = code->get_string();
    if (name != "pipeline_failed" && name != "destination_failed" && name != "runner_failed") return false;
  }
  return true;
}

// Waits `seconds`, looking for a cancel every 100 ms.
void wait_unless_cancelled(double seconds, const floe::sdk::host& host) {
  const auto until = clock::now() + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(seconds));
  while (clock::now() < until) {
    if (host.cancel_requested())
      throw floe::sdk::error(FLOE_ERR_CANCELLED, "the dlt load was stopped on request while waiting to retry");
    std::this_thread::sleep_for(std::min<clock::duration>(std::chrono::milliseconds(100), until - clock::now()));
  }
}

}  // namespace

boost::json::object run_pipeline(const pipeline_definition& definition, const run_request& request,
                                 const plugin_config& config, const floe::sdk::host& host) {
  if (config.has_catalog_config)
    host.warn(
             "catalog_config (an Iceberg destination) is accepted but not used yet: this run loads into the "
             "compute's destination");
  double delay = config.retry.initial_delay_seconds;
  for (std::int64_t attempt = 0;; ++attempt) {
    boost::json::object response = run_once(definition, request, config, host);
    if (attempt >= config.retry.max_retries || !may_pass_on_retry(response)) return response;
    host.warn( "the dlt run failed (" + std::string(response.at("errors").as_array().at(0).at("message").as_string()) +
                                "); retry " + std::to_string(attempt + 1) + " of " +
                                std::to_string(config.retry.max_retries) + " in " + fmt_seconds(delay));
    wait_unless_cancelled(delay, host);
    delay *= 2;
  }
}

}  // namespace floe::ingestion_dlt
