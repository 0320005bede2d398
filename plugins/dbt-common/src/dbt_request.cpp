#include "dbt_request.hpp"

#include <boost/json/serialize.hpp>

#include <set>

#include "floe/plugin.hpp"

namespace floe::dbt_common {
namespace json = boost::json;
using floe::sdk::error;

namespace {

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

}  // namespace

DbtCall parse_dbt_call(Method method, const json::object& request) {
  static const std::set<std::string> run_keys{"project_dir", "profiles_dir", "target", "command", "resource_types",
                                              "select", "exclude", "full_refresh", "fail_fast", "threads", "vars", "env",
                                              "state"};
  static const std::set<std::string> test_keys{"project_dir", "profiles_dir", "target", "select", "exclude",
                                               "fail_fast", "vars", "env", "state"};
  static const std::set<std::string> compile_keys{"project_dir", "profiles_dir", "target", "select", "exclude", "env"};
  static const std::set<std::string> operation_keys{"project_dir", "profiles_dir", "target", "macro", "args", "env"};
  static const std::set<std::string> show_keys{"project_dir", "profiles_dir", "target", "inline", "limit", "env"};
  const auto& allowed = method == Method::run_models      ? run_keys
                        : method == Method::test_models   ? test_keys
                        : method == Method::run_operation ? operation_keys
                        : method == Method::show          ? show_keys
                                                          : compile_keys;
  for (const auto& [key, value] : request)
    if (!allowed.count(std::string(key)))
      throw error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(key) + "' in the request");

  DbtCall c;
  c.project_dir = floe::sdk::required_string(request, "project_dir");
  c.profiles_dir = floe::sdk::required_string(request, "profiles_dir");
  c.target = floe::sdk::required_string(request, "target");
  c.command = method == Method::test_models       ? "test"
              : method == Method::compile_project ? "compile"
              : method == Method::run_operation   ? "run-operation"
              : method == Method::show            ? "show"
                                                  : "run";
  if (method == Method::run_operation) {
    c.macro = floe::sdk::required_string(request, "macro");
    // A macro name, optionally package-qualified: it becomes one argument.
    bool plain = !c.macro.empty() && c.macro.find_first_not_of(
                                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.") == std::string::npos;
    if (!plain) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'macro': expected a macro name ([package.]name)");
    if (auto* v = request.if_contains("args")) {
      if (!v->is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'args': expected an object");
      c.args = *v;
    }
  }
  if (method == Method::show) {
    // One query; its size is bounded like any request floe passes on the
    // command line (an argument longer than the kernel's limit fails to start).
    c.inline_sql = floe::sdk::required_string(request, "inline");
    if (c.inline_sql.find_first_not_of(" \t\r\n") == std::string::npos)
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'inline': expected a query, found only blanks");
    if (c.inline_sql.size() > 100000)
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'inline': the query is longer than 100000 bytes");
    c.limit = 1000;
    if (auto n = floe::sdk::optional_int(request, "limit")) {
      if (*n < 1 || *n > 10000) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'limit': must be between 1 and 10000");
      c.limit = *n;
    }
  }
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
  if (auto state = floe::sdk::optional_string(request, "state")) {
    if (state->empty() || state->front() == '-')
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'state': expected the directory of an earlier run's manifest.json");
    c.state = *state;
  }
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

std::vector<std::string> dbt_node_arguments(const DbtCall& c) {
  std::vector<std::string> a{c.command};
  if (c.command == "run-operation") {
    a.push_back(c.macro);
    if (!c.args.is_null()) a.insert(a.end(), {"--args", json::serialize(c.args)});
    return a;
  }
  if (c.command == "show") {
    // Rows come back in the log's ShowNode event (DbtLogReader::show_rows).
    a.insert(a.end(), {"--inline", c.inline_sql, "--output", "json", "--limit", std::to_string(c.limit)});
    return a;
  }
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
  if (!c.state.empty()) a.insert(a.end(), {"--state", c.state});
  if (c.threads > 0) a.insert(a.end(), {"--threads", std::to_string(c.threads)});
  if (!c.vars.is_null()) a.insert(a.end(), {"--vars", json::serialize(c.vars)});
  return a;
}

std::vector<std::string> dbt_cli_arguments(const DbtCall& c, const std::vector<std::string>& runtime_options) {
  std::vector<std::string> node = dbt_node_arguments(c);
  std::vector<std::string> a{node.front(), "--project-dir", c.project_dir, "--profiles-dir", c.profiles_dir,
                             "--target",   c.target,       "--log-format",  "json"};
  a.insert(a.end(), runtime_options.begin(), runtime_options.end());
  a.insert(a.end(), node.begin() + 1, node.end());
  return a;
}

}  // namespace floe::dbt_common
