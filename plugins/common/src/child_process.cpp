#include "child_process.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

extern char** environ;

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "child_spawn.hpp"

namespace floe::plugin_support {

child_outcome run_child(const child_command& command, const child_line_handlers& handlers) {
  using namespace detail;
  unique_fd null_input(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (null_input.get() < 0) {
    child_outcome failed;
    failed.code = errno;
    failed.start_error = std::string("cannot open /dev/null: ") + std::strerror(failed.code);
    return failed;
  }
  spawned_child child = spawn(command, null_input.get());
  null_input.reset();
  if (child.pid < 0) return child.failure;
  const pid_t pid = child.pid;

  stream out_stream{std::move(child.out), line_splitter(&handlers.out)};
  stream err_stream{std::move(child.err), line_splitter(&handlers.err)};
  stream event_stream{std::move(child.events), line_splitter(&handlers.event)};
  std::vector<stream*> streams{&event_stream, &out_stream, &err_stream};

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

}  // namespace floe::plugin_support
