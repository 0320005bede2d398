#include "gx_validation.hpp"

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/child_process.hpp"
#include "base/input_file.hpp"
#include "output_tail.hpp"
#include "python_locator.hpp"
#include "runner_location.hpp"
#include "scratch_directory.hpp"

namespace floe::quality_gx {

namespace json = boost::json;
namespace fs = std::filesystem;
using floe::sdk::error;
using namespace floe::plugin_support;
using namespace floe::base;

namespace {

// The version scripts/requirements.txt pins, named in install advice.
constexpr const char* gx_requirement = "great_expectations==1.24.1";

struct checks_request {
  std::string suite_name, data_source, manifest_path, project_dir, database;
  json::value output_ports = json::array();
};

checks_request parse_request(const json::value& request) {
  const auto& o = floe::sdk::as_object(request, "run_checks request");
  quality_common::only_keys(o, {"suite_name", "data_source", "options"});
  checks_request parsed;
  parsed.suite_name = floe::sdk::required_string(o, "suite_name");
  parsed.data_source = floe::sdk::required_string(o, "data_source");
  const json::value* options = o.if_contains("options");
  const json::object empty;
  const auto& opts = options != nullptr ? floe::sdk::as_object(*options, "key 'options'") : empty;
  quality_common::only_keys(opts, {"manifest_path", "project_dir", "connection", "output_ports"});
  parsed.manifest_path = floe::sdk::optional_string(opts, "manifest_path").value_or("");
  if (parsed.manifest_path.empty())
    throw error(FLOE_ERR_INVALID_STATE,
                "key 'options.manifest_path': Great Expectations needs the dbt project's manifest.json to know "
                "the product's tables and tests");
  parsed.project_dir = floe::sdk::optional_string(opts, "project_dir").value_or("");
  const json::value* connection = opts.if_contains("connection");
  std::string type = connection != nullptr && connection->is_object()
                         ? floe::sdk::optional_string(connection->as_object(), "type").value_or("")
                         : "";
  if (type != "duckdb")
    throw error(type.empty() ? FLOE_ERR_INVALID_STATE : FLOE_ERR_UNSATISFIED,
                "key 'options.connection': the great_expectations quality plugin validates tables in a DuckDB "
                "database, and " +
                    (type.empty() ? std::string("the run gave no connection (the platform's compute offers no "
                                                "get_ingestion_destination)")
                                  : "the platform's compute is '" + type + "'") +
                    "; select quality type dbt for this compute");
  parsed.database = floe::sdk::required_string(connection->as_object(), "database");
  if (!fs::path(parsed.database).is_absolute())
    throw error(FLOE_ERR_INVALID_ARGUMENT,
                "key 'options.connection.database': must be an absolute path, got '" + parsed.database + "'");
  if (const json::value* ports = opts.if_contains("output_ports")) {
    if (!ports->is_array()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'options.output_ports': expected an array");
    parsed.output_ports = *ports;
  }
  return parsed;
}

json::object read_result(const std::string& path) {
  auto text = read_input_file(path, InputRules{input_limits::kDbtCatalog});
  if (!text) return {};
  boost::system::error_code ec;
  json::value v = json::parse(*text, ec);
  return !ec && v.is_object() ? v.as_object() : json::object{};
}

std::string text_at(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The runner's own refusals, as the errors a user can act on.
[[noreturn]] void runner_refused(const json::object& refusal, const python_found& python) {
  std::string code = text_at(refusal, "code"), message = text_at(refusal, "message");
  if (code == "engine_missing")
    throw error(FLOE_ERR_NOT_FOUND, "Great Expectations is not installed for " + python.path + " (" + python.how +
                                        "): " + message + "; install it there (pip install " + gx_requirement +
                                        "; scripts/bootstrap puts it in the project virtualenv) or set the plugin's "
                                        "`python`");
  if (code == "database_missing")
    throw error(FLOE_ERR_NOT_FOUND, message + ": the run has built no tables yet (run the product first)");
  throw error(FLOE_ERR_NOT_FOUND, message);
}

}  // namespace

json::object validate_with_gx(const json::value& request, const gx_config& config, const floe::sdk::host& host) {
  checks_request parsed = parse_request(request);

  python_found python = locate_python(python_search_from_environment(
      config.python, parsed.project_dir.empty() ? std::nullopt : std::optional<std::string>(parsed.project_dir)));
  if (python.path.empty())
    throw error(FLOE_ERR_NOT_FOUND, python.how + "; set the plugin's `python` to an interpreter with " +
                                        gx_requirement + " and duckdb");
  fs::path runner = runner_directory() / "run_gx.py";
  std::error_code ec;
  if (!fs::is_regular_file(runner, ec))
    throw error(FLOE_ERR_NOT_FOUND,
                "the Great Expectations runner " + runner.string() + " is missing: reinstall the plugin");

  scratch_directory scratch("floe-gx");
  std::string spec_path = scratch.path() + "/spec.json", result_path = scratch.path() + "/result.json";
  {
    std::ofstream spec(spec_path, std::ios::binary);
    spec << json::serialize(json::object{{"suite_name", parsed.suite_name},
                                         {"run_results_path", parsed.data_source},
                                         {"manifest_path", parsed.manifest_path},
                                         {"database", parsed.database},
                                         {"output_ports", parsed.output_ports},
                                         {"result_path", result_path}});
    if (!spec.flush()) throw error(FLOE_ERR_IO, "cannot write the runner's spec " + spec_path);
  }

  child_command command;
  command.program = python.path;
  command.args = {"-X", "utf8", runner.string(), "--spec", spec_path};
  // No usage statistics leave the machine; no .pyc beside the installed
  // runner; Great Expectations' files (if any) stay in the scratch directory.
  command.environment = environment_with({{"GX_ANALYTICS_ENABLED", "false"},
                                          {"PYTHONDONTWRITEBYTECODE", "1"},
                                          {"TQDM_DISABLE", "1"},
                                          {"HOME", scratch.path()}});
  command.working_directory = scratch.path();
  command.timeout = std::chrono::seconds(config.timeout_seconds);
  command.cancel_requested = [&host] { return host.cancel_requested(); };
  output_tail tail;
  child_line_handlers handlers;
  handlers.out = [&](std::string_view line) { host.log(FLOE_LOG_DEBUG, "great_expectations: " + std::string(line)); };
  handlers.err = [&](std::string_view line) { tail.add(line); };
  host.log(FLOE_LOG_DEBUG, "Python: " + python.path + " (" + python.how + ")");
  child_outcome outcome = run_child(command, handlers);

  using how = child_outcome::kind;
  if (outcome.how == how::not_started)
    throw error(FLOE_ERR_NOT_FOUND, "cannot start " + python.path + ": " + outcome.start_error);
  if (outcome.how == how::cancelled) throw error(FLOE_ERR_CANCELLED, "the Great Expectations validation was stopped");
  if (outcome.how == how::timed_out)
    throw error(FLOE_ERR_TIMEOUT, "the Great Expectations validation was stopped after " +
                                      std::to_string(config.timeout_seconds) + " s (timeout_seconds)");
  json::object result = read_result(result_path);
  if (auto* refusal = result.if_contains("error"); refusal != nullptr && refusal->is_object())
    runner_refused(refusal->as_object(), python);
  const json::value* checks = result.if_contains("checks");
  if (outcome.how != how::exited || outcome.code != 0 || checks == nullptr || !checks->is_array())
    throw error(FLOE_ERR_IO, "the Great Expectations runner (" + python.path + ") ended without a result: " + tail.text());

  json::array judged;
  bool passed = true;
  for (const auto& c : checks->as_array()) {
    if (!c.is_object()) continue;
    json::object check = c.as_object();
    std::string severity = config.scoring.severity_of(text_at(check, "check_type"));
    bool ok = check.contains("passed") && check.at("passed").is_bool() && check.at("passed").as_bool();
    if (!ok && severity == "error") passed = false;
    check["severity"] = severity;
    if (text_at(check, "model").empty()) check.erase("model");
    judged.push_back(std::move(check));
  }
  return {{"suite_name", parsed.suite_name},
          {"passed", passed},
          {"checks", std::move(judged)},
          {"engine_version", text_at(result, "engine_version")}};
}

}  // namespace floe::quality_gx
