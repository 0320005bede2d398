#include "base/child_process.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

extern char** environ;

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "base/child_spawn.hpp"

namespace floe::base {

namespace {

// Pumps `streams` until the child exits, its timeout passes or the caller
// cancels; then finishes or stops it.
child_outcome supervise(const child_command& command, pid_t pid, std::vector<detail::stream*>& streams) {
  using namespace detail;
  using clock = std::chrono::steady_clock;
  const bool limited = command.timeout.count() > 0;
  const auto deadline = clock::now() + command.timeout;
  constexpr auto tick = std::chrono::milliseconds(200);
  while (!has_exited(pid)) {
    auto left = limited ? std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()) : tick;
    bool cancelled = command.cancel_requested && command.cancel_requested();
    if (cancelled || left <= std::chrono::milliseconds(0))
      return stop_group(pid, streams, command.grace,
                        cancelled ? child_outcome::kind::cancelled : child_outcome::kind::timed_out);
    pump(streams, std::min(left, tick));
  }
  return finish_exited(pid, streams);
}

child_outcome not_started(const std::string& what) {
  child_outcome failed;
  failed.code = errno;
  failed.start_error = what + ": " + std::strerror(failed.code);
  return failed;
}

}  // namespace

child_outcome run_child(const child_command& command, const child_line_handlers& handlers) {
  using namespace detail;
  unique_fd null_input(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (null_input.get() < 0) return not_started("cannot open /dev/null");
  spawned_child child = spawn(command, null_input.get());
  null_input.reset();
  if (child.pid < 0) return child.failure;

  stream out_stream{std::move(child.out), line_splitter(&handlers.out)};
  stream err_stream{std::move(child.err), line_splitter(&handlers.err)};
  stream event_stream{std::move(child.events), line_splitter(&handlers.event)};
  std::vector<stream*> streams{&event_stream, &out_stream, &err_stream};
  return supervise(command, child.pid, streams);
}

child_outcome run_program(const child_command& command, std::string_view input, std::size_t max_out,
                          std::size_t max_err, program_output& output) {
  using namespace detail;
  if (input.size() > (std::size_t{64} << 10)) {
    errno = E2BIG;
    return not_started("the input for " + command.program + " is larger than 64 KiB");
  }
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return not_started("cannot create a pipe");
  unique_fd input_read(fds[0]), input_write(fds[1]);
  spawned_child child = spawn(command, input_read.get());
  input_read.reset();
  if (child.pid < 0) return child.failure;
  // The pipe's buffer (64 KiB) holds the whole input: no deadlock with a
  // child that writes before it reads.
  for (std::size_t done = 0; done < input.size();) {
    ssize_t n = write_without_sigpipe(input_write.get(), input.data() + done, input.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the child closed its input: what it reads is its business
    done += static_cast<std::size_t>(n);
  }
  input_write.reset();

  const std::function<void(std::string_view)> none;
  stream out_stream{std::move(child.out), line_splitter(&none), true, &output.out, max_out};
  stream err_stream{std::move(child.err), line_splitter(&none), true, &output.err, max_err};
  stream event_stream{std::move(child.events), line_splitter(&none)};
  std::vector<stream*> streams{&event_stream, &out_stream, &err_stream};
  child_outcome outcome = supervise(command, child.pid, streams);
  output.out_truncated = out_stream.truncated;
  output.err_truncated = err_stream.truncated;
  return outcome;
}

std::vector<std::string> environment_with(const std::map<std::string, std::string>& overrides,
                                          const std::vector<std::string>& removed) {
  std::vector<std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    std::string name(entry.substr(0, entry.find('=')));
    bool drop = overrides.count(name) > 0;
    for (const auto& r : removed) drop = drop || name == r;
    if (!drop) out.emplace_back(entry);
  }
  for (const auto& [k, v] : overrides) out.push_back(k + "=" + v);
  return out;
}

bool is_executable_file(const std::string& path) {
  struct stat st {};
  return !path.empty() && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::string find_in_path(const std::string& name) {
  if (name.find('/') != std::string::npos) return is_executable_file(name) ? name : std::string();
  const char* path = std::getenv("PATH");
  std::string_view rest = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    std::size_t colon = rest.find(':');
    std::string dir(rest.substr(0, colon));
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
    if (is_executable_file(candidate)) return candidate;
    if (colon == std::string_view::npos) return {};
    rest.remove_prefix(colon + 1);
  }
}

}  // namespace floe::base
