#include "dbt_session.hpp"

#include <boost/json.hpp>

#include <filesystem>
#include <sstream>
#include <vector>

#include "base/input_file.hpp"
#include "dbt_messages.hpp"
#include "runner_location.hpp"

namespace floe::dbt_core {
namespace json = boost::json;
namespace fs = std::filesystem;
using base::child_command;
using base::child_line_handlers;
using base::child_outcome;

std::string python_of_script(const std::string& script) {
  auto head = read_input_head(script, 4096);
  std::istringstream in(head ? *head : std::string());
  std::string shebang;
  std::getline(in, shebang);
  if (shebang.rfind("#!", 0) != 0 || shebang.find("python") == std::string::npos) return {};
  std::string interpreter = dbt_common::trim_end(shebang.substr(2));
  return interpreter.substr(0, interpreter.find(' '));
}

bool DbtSession::start(const child_command& command) {
  std::string python = base::find_in_path(python_of_script(command.program));
  fs::path script = plugin_support::runner_directory() / "dbt_session.py";
  std::error_code ec;
  if (python.empty() || !fs::is_regular_file(script, ec)) return false;
  child_command session;
  session.program = python;
  session.args = {"-u", script.string()};  // -u: each log line reaches floe as dbt writes it
  session.environment = command.environment;
  session.working_directory = command.working_directory;
  return session_.start(session).how != child_outcome::kind::not_started;
}

child_outcome DbtSession::run(const child_command& command, const child_line_handlers& handlers) {
  // Two attempts: a request the session could not serve (it asked to
  // restart, dbt_session.py says when; or it died before dbt started the
  // command) goes to a new session once.
  for (int attempt = 0;; ++attempt) {
    if (unusable_) return base::run_child(command, handlers);
    bool fresh = false;
    if (!session_.running()) {
      if (!start(command)) {
        unusable_ = true;
        return base::run_child(command, handlers);
      }
      fresh = true;
    }
    Attempt tried = ask(command, handlers);
    if (!tried.unserved) return tried.outcome;
    if (fresh) {
      // A new session that could not serve it (its Python has no dbtRunner,
      // say): the command runs on its own, now and from here on.
      unusable_ = true;
      return base::run_child(command, handlers);
    }
    session_.stop();  // it asked to restart, or died before dbt said a word
    if (attempt > 0) {
      unusable_ = true;
      return base::run_child(command, handlers);
    }
  }
}

DbtSession::Attempt DbtSession::ask(const child_command& command, const child_line_handlers& handlers) {
  std::string token = std::to_string(++requests_);
  json::object environment;
  for (const auto& entry : command.environment) {
    std::size_t eq = entry.find('=');
    environment[entry.substr(0, eq)] = eq == std::string::npos ? std::string() : entry.substr(eq + 1);
  }
  json::array args;
  for (const auto& a : command.args) args.emplace_back(a);
  std::string request = json::serialize(json::object{
      {"token", token}, {"args", std::move(args)}, {"cwd", command.working_directory}, {"env", std::move(environment)}});

  Attempt tried;
  int exit_code = -1;
  bool logged = false;  // did dbt say anything for this request
  std::vector<std::string> errors;  // held back: a session that cannot run the command says why here
  child_line_handlers forward = handlers;
  forward.out = [&](std::string_view line) {
    logged = true;
    if (handlers.out) handlers.out(line);
  };
  forward.err = [&](std::string_view line) { errors.emplace_back(line); };
  auto pass_errors = [&] {
    if (handlers.err)
      for (const auto& line : errors) handlers.err(line);
  };
  auto is_end = [&](std::string_view line) {
    if (line.find("\"floe_dbt_session\"") == std::string_view::npos) return false;
    boost::system::error_code parse_error;
    json::value end = json::parse(line, parse_error);
    if (parse_error || !end.is_object() || end.as_object().if_contains("floe_dbt_session") == nullptr ||
        end.at("floe_dbt_session") != json::value(token))
      return false;
    const json::value* restart = end.as_object().if_contains("restart");
    tried.unserved = restart != nullptr && *restart == true;
    const json::value* code = end.as_object().if_contains("exit_code");
    exit_code = code != nullptr && code->is_int64() ? static_cast<int>(code->as_int64()) : 2;
    return true;
  };
  plugin_support::session_answer answer =
      session_.ask(request, forward, is_end, command.timeout, command.grace, command.cancel_requested);
  if (answer.answered) {
    if (!tried.unserved) pass_errors();
    tried.outcome.how = child_outcome::kind::exited;
    tried.outcome.code = exit_code;
    return tried;
  }
  // The session ended before dbt logged a line for this request: the
  // command never started, and another session may serve it.
  tried.unserved = !logged && answer.ended.how != child_outcome::kind::cancelled &&
                   answer.ended.how != child_outcome::kind::timed_out;
  if (!tried.unserved) pass_errors();
  tried.outcome = answer.ended;
  return tried;
}

}  // namespace floe::dbt_core
