#include "dbt_invocation.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>

#include "child_process.hpp"
#include "dbt_locator.hpp"
#include "dbt_log_events.hpp"
#include "run_results.hpp"

namespace floe::dbt_core {
namespace json = boost::json;
using floe::sdk::error;
using plugin_support::child_command;
using plugin_support::child_line_handlers;
using plugin_support::child_outcome;
using plugin_support::environment_with;
using plugin_support::run_child;

namespace {

// dbt 1.5 is the first with node_info on every node event of the JSON log.
constexpr int kMinMajor = 1, kMinMinor = 5;

struct Call {
  std::string project_dir, profiles_dir, target, command;
  std::vector<std::string> select, exclude, resource_types;
  bool full_refresh = false, fail_fast = false;
  std::int64_t threads = 0;
  json::value vars;  // null when absent
  std::map<std::string, std::string> env;
};

std::vector<std::string> string_list(const json::object& o, const char* key) {
  std::vector<std::string> out;
  auto* v = o.if_contains(key);
  if (v == nullptr) return out;
  if (!v->is_array()) throw error(FLOE_ERR_INVALID_ARGUMENT, std::string("key '") + key + "': expected an array of strings");
  for (const auto& item : v->get_array()) {
    if (!item.is_string() || item.get_string().empty())
      throw error(FLOE_ERR_INVALID_ARGUMENT, std::string("key '") + key + "': expected an array of non-empty strings");
    out.emplace_back(item.get_string());
  }
  return out;
}

bool flag(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  if (v == nullptr) return false;
  if (!v->is_bool()) throw error(FLOE_ERR_INVALID_ARGUMENT, std::string("key '") + key + "': expected a boolean");
  return v->get_bool();
}

Call parse_call(Method method, const json::object& request) {
  static const std::set<std::string> run_keys{"project_dir", "profiles_dir", "target", "command", "resource_types",
                                              "select", "exclude", "full_refresh", "fail_fast", "threads", "vars", "env"};
  static const std::set<std::string> test_keys{"project_dir", "profiles_dir", "target", "select", "exclude",
                                               "fail_fast", "vars", "env"};
  static const std::set<std::string> compile_keys{"project_dir", "profiles_dir", "target", "select", "exclude", "env"};
  const auto& allowed = method == Method::run_models ? run_keys : method == Method::test_models ? test_keys : compile_keys;
  for (const auto& [key, value] : request)
    if (!allowed.count(std::string(key)))
      throw error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(key) + "' in the request");

  Call c;
  c.project_dir = floe::sdk::required_string(request, "project_dir");
  c.profiles_dir = floe::sdk::required_string(request, "profiles_dir");
  c.target = floe::sdk::required_string(request, "target");
  c.command = method == Method::test_models ? "test" : method == Method::compile_project ? "compile" : "run";
  if (auto cmd = floe::sdk::optional_string(request, "command")) {
    static const std::set<std::string> commands{"run", "build", "seed", "snapshot"};
    if (!commands.count(*cmd))
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'command': '" + *cmd + "' is not one of run, build, seed, snapshot");
    c.command = *cmd;
  }
  c.resource_types = string_list(request, "resource_types");
  c.select = string_list(request, "select");
  c.exclude = string_list(request, "exclude");
  c.full_refresh = flag(request, "full_refresh");
  c.fail_fast = flag(request, "fail_fast");
  if (auto t = floe::sdk::optional_int(request, "threads")) {
    if (*t < 1 || *t > 1024) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'threads': must be between 1 and 1024");
    c.threads = *t;
  }
  if (auto* v = request.if_contains("vars")) {
    if (!v->is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'vars': expected an object");
    c.vars = *v;
  }
  if (auto* v = request.if_contains("env")) {
    if (!v->is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'env': expected an object of strings");
    for (const auto& [name, value] : v->get_object()) {
      if (!value.is_string() || name.empty() || name.find('=') != std::string::npos)
        throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'env': expected NAME: string pairs (the value of '" +
                                                   std::string(name) + "' is not)");  // never echo the value
      c.env[std::string(name)] = std::string(value.get_string());
    }
  }
  return c;
}

std::vector<std::string> dbt_arguments(const Call& c) {
  std::vector<std::string> a{c.command,    "--project-dir", c.project_dir, "--profiles-dir", c.profiles_dir,
                             "--target",   c.target,        "--log-format", "json",          "--no-use-colors"};
  auto list = [&](const char* option, const std::vector<std::string>& items) {
    if (items.empty()) return;
    a.emplace_back(option);
    a.insert(a.end(), items.begin(), items.end());
  };
  for (const auto& t : c.resource_types) a.insert(a.end(), {"--resource-type", t});
  list("--select", c.select);
  list("--exclude", c.exclude);
  if (c.full_refresh) a.emplace_back("--full-refresh");
  if (c.fail_fast) a.emplace_back("--fail-fast");
  if (c.threads > 0) a.insert(a.end(), {"--threads", std::to_string(c.threads)});
  if (!c.vars.is_null()) a.insert(a.end(), {"--vars", json::serialize(c.vars)});
  return a;
}

// The environment every invocation gets: what the caller asked for, and no
// telemetry or update checks leaving the machine from a data run.
std::map<std::string, std::string> dbt_environment(const Call& c) {
  std::map<std::string, std::string> env = c.env;
  env.emplace("DBT_SEND_ANONYMOUS_USAGE_STATS", "false");
  env.emplace("DO_NOT_TRACK", "1");
  env.emplace("DBT_VERSION_CHECK", "false");
  return env;
}

// What dbt's error lines say, for a person: without the Python traceback
// dbt appends, without its "Encountered an error:" preamble, at most a few
// distinct lines, latest last.
std::string error_summary(const std::vector<std::string>& messages) {
  std::vector<std::string> lines;
  for (const auto& message : messages) {
    std::string text = message.substr(0, message.find("Traceback (most recent call last):"));
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
      start = end == std::string::npos ? text.size() : end + 1;
      line.erase(0, line.find_first_not_of(" \t"));
      while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
      if (line.empty() || line == "Encountered an error:") continue;
      if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(line);
    }
  }
  constexpr std::size_t kMaxLines = 6;
  std::string out;
  for (std::size_t i = lines.size() > kMaxLines ? lines.size() - kMaxLines : 0; i < lines.size(); ++i)
    out += (out.empty() ? "" : "\n") + lines[i];
  return out;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace

std::string dbt_target_dir(const std::string& project_dir) {
  if (const char* env = std::getenv("DBT_TARGET_PATH"); env != nullptr && *env != '\0')
    return env[0] == '/' ? std::string(env) : project_dir + "/" + env;
  // A top-level `target-path: <dir>` in dbt_project.yml; the plugin reads
  // only that one scalar, so a line scan is enough.
  std::ifstream in(project_dir + "/dbt_project.yml");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("target-path:", 0) != 0) continue;
    std::string value = line.substr(12);
    value.erase(0, value.find_first_not_of(" \t"));
    if (auto hash = value.find(" #"); hash != std::string::npos) value.erase(hash);
    value = trimmed(value);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    if (!value.empty()) return value.front() == '/' ? value : project_dir + "/" + value;
  }
  return project_dir + "/target";
}

json::object invoke_dbt(Method method, const json::object& request, const DbtConfig& config,
                        const floe::sdk::host& host) {
  Call call = parse_call(method, request);
  DbtLocation where = locate_dbt(config.executable, call.project_dir);
  if (where.path.empty()) throw error(FLOE_ERR_NOT_FOUND, dbt_not_found_message(where));

  child_command command;
  command.program = where.path;
  command.args = dbt_arguments(call);
  command.working_directory = call.project_dir;
  command.environment = environment_with(dbt_environment(call));
  command.timeout = config.timeout;
  command.grace = config.cancel_grace;
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
  child_outcome result = run_child(command, handlers);
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  using how = child_outcome::kind;
  if (result.how == how::not_started) throw error(FLOE_ERR_NOT_FOUND, "cannot run dbt: " + result.start_error);
  int exit_code = result.how == how::exited ? result.code : -1;

  std::string what = "dbt " + call.command;
  if (result.how == how::cancelled)
    throw error(FLOE_ERR_CANCELLED, what + " was stopped on request after " + std::to_string(nodes_finished) +
                                        " node(s) finished; their results are kept");
  if (result.how == how::timed_out)
    throw error(FLOE_ERR_TIMEOUT, what + " did not finish within " + std::to_string(config.timeout.count()) +
                                      " s (plugins.dbt.config.timeout_seconds) and was stopped");
  if (log.dbt_version().empty())
    throw error(FLOE_ERR_NOT_FOUND, where.path + " did not behave like dbt (no dbt log line; exit status " +
                                        std::to_string(exit_code) + ")" +
                                        (stderr_tail.empty() ? "" : ": " + trimmed(stderr_tail)));
  auto version = major_minor(log.dbt_version());
  if (!version || *version < std::pair{kMinMajor, kMinMinor})
    throw error(FLOE_ERR_NOT_FOUND, "dbt " + log.dbt_version() + " at " + where.path +
                                        " is too old: floe needs dbt-core 1.5 or newer (e.g. pip install "
                                        "dbt-core==1.11.16)");

  std::string target_dir = dbt_target_dir(call.project_dir);
  json::object response{{"success", exit_code == 0},
                        {"exit_code", exit_code},
                        {"dbt_version", log.dbt_version()},
                        {"execution_time_seconds", elapsed}};
  if (method == Method::compile_project) {
    response["manifest_path"] = target_dir + "/manifest.json";
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

json::object runtime_metadata(const DbtConfig& config, const std::string& project_dir) {
  DbtLocation where = locate_dbt(config.executable, project_dir);
  if (where.path.empty()) throw error(FLOE_ERR_NOT_FOUND, dbt_not_found_message(where));
  // dbt is a Python console script: its interpreter answers from package
  // metadata at once, where `dbt --version` also asks PyPI for updates.
  std::ifstream script(where.path);
  std::string shebang;
  std::getline(script, shebang);
  if (shebang.rfind("#!", 0) != 0 || shebang.find("python") == std::string::npos)
    throw error(FLOE_ERR_NOT_FOUND, where.path + " is not a Python dbt installation (no python shebang)");
  std::string interpreter = trimmed(shebang.substr(2));
  child_command command;
  command.program = plugin_support::find_in_path(interpreter.substr(0, interpreter.find(' ')));
  if (command.program.empty())
    throw error(FLOE_ERR_NOT_FOUND, where.path + ": its interpreter " + interpreter + " is not there");
  command.args = {"-c",
                  "import json, importlib.metadata as m\n"
                  "ads = {d.metadata['Name'][4:]: d.version for d in m.distributions()\n"
                  "       if (d.metadata['Name'] or '').lower().startswith('dbt-') and\n"
                  "          (d.metadata['Name'] or '').lower() not in ('dbt-core', 'dbt-adapters', 'dbt-common',\n"
                  "           'dbt-extractor', 'dbt-semantic-interfaces', 'dbt-protos')}\n"
                  "print(json.dumps({'dbt_version': m.version('dbt-core'), 'adapters': ads}))\n"};
  command.environment = environment_with({});
  command.working_directory = "/";
  command.timeout = std::chrono::seconds(60);
  std::string output, errors;
  child_line_handlers handlers;
  handlers.out = [&](std::string_view line) { output += line; };
  handlers.err = [&](std::string_view line) { errors.append(line).push_back('\n'); };
  child_outcome ran = run_child(command, handlers);
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
