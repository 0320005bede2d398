#include "kube/command.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "base/child_process.hpp"

namespace floe {

Result<CommandOutcome> run_command(const std::string& program, const std::vector<std::string>& args, long timeout_ms,
                                   std::size_t max_out) {
  // floe_base runs it (base/child_process.hpp): its own process group,
  // stopped whole at the timeout, nothing of floe's inherited.
  base::child_command command;
  command.program = base::find_in_path(program);
  if (command.program.empty())
    return make_error(FLOE_ERR_NOT_FOUND, fmt::format("{} cannot be run: {}", program, std::strerror(ENOENT)));
  command.args = args;
  command.environment = base::environment_with({});
  command.working_directory = ".";
  command.timeout = std::chrono::milliseconds(timeout_ms);
  command.grace = std::chrono::milliseconds(500);
  base::program_output output;
  base::child_outcome ended = base::run_program(command, "", max_out, 64u << 10, output);
  using kind = base::child_outcome::kind;
  if (ended.how == kind::not_started)
    return make_error(FLOE_ERR_NOT_FOUND, fmt::format("{} cannot be run: {}", program, ended.start_error));
  CommandOutcome outcome;
  outcome.timed_out = ended.how == kind::timed_out;
  if (ended.how == kind::exited) outcome.exit_code = ended.code;
  outcome.out = std::move(output.out);
  outcome.err = std::move(output.err);
  outcome.truncated = output.out_truncated;
  return outcome;
}

}  // namespace floe
