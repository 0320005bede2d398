#include "plugin/plugin_process.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <thread>
#include <vector>

#include "base/child_spawn.hpp"
#include "core/c_memory.hpp"
#include "base/json_text.hpp"
#include "plugin/crash_guard.hpp"
#include "plugin/search_roots.hpp"

namespace floe {
namespace {

using Clock = std::chrono::steady_clock;
using wire::Kind;

std::string describe_signal(int sig) {
  if (const char* known = fatal_signal_description(sig)) return known;
  const char* abbrev = sigabbrev_np(sig);
  return abbrev != nullptr ? fmt::format("SIG{}", abbrev) : fmt::format("signal {}", sig);
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Waits for `pid` to end, killing it (SIGKILL) once `grace` has passed.
// nullopt when its status cannot be had (the embedder reaps children itself,
// e.g. SIGCHLD ignored).
std::optional<int> reap(pid_t pid, std::chrono::milliseconds grace) {
  int status = 0;
  auto until = Clock::now() + grace;
  for (;;) {
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0 && errno != EINTR) return std::nullopt;
    if (Clock::now() >= until) {
      ::kill(pid, SIGKILL);
      while ((r = ::waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
      }
      return r == pid ? std::optional<int>(status) : std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace

std::string plugin_host_path() { return library_directory() + "/floe/floe-plugin-host"; }

Result<std::unique_ptr<PluginProcess>> PluginProcess::start(const std::string& manifest_file, std::string label) {
  const std::string helper = plugin_host_path();
  int request[2] = {-1, -1}, answer[2] = {-1, -1}, lifeline[2] = {-1, -1};
  int no_input = -1;
  auto close_all = [&] {
    for (int* fd : {&request[0], &request[1], &answer[0], &answer[1], &lifeline[0], &lifeline[1], &no_input})
      close_fd(*fd);
  };
  auto failure = [&](const std::string& why) {
    close_all();
    return make_error(FLOE_ERR_LOAD_FAILED,
                      fmt::format("{}: cannot start the plugin host helper {}: {}; it is installed with libfloe-core "
                                  "(<libdir>/floe/floe-plugin-host): reinstall floe, or run the plugin in-process "
                                  "(FLOE_PLUGIN_ISOLATION=in-process)",
                                  label, helper, why));
  };
  if (::pipe2(request, O_CLOEXEC) != 0 || ::pipe2(answer, O_CLOEXEC) != 0 || ::pipe2(lifeline, O_CLOEXEC) != 0 ||
      (no_input = ::open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0)
    return failure(std::strerror(errno));

  base::detail::process_start how;
  how.program = helper;
  std::string protocol = std::to_string(wire::kProtocolVersion), parent = std::to_string(::getpid());
  how.args = {"--manifest", manifest_file, "--protocol", protocol, "--parent", parent};
  // Linux sends the parent-death signal when the thread that started the
  // child ends, not the process: only safe from the main thread (the helper
  // sets it itself). The lifeline covers every other case.
  if (::gettid() == ::getpid()) how.args.emplace_back("--parent-death-signal");
  how.dies_with_starting_thread = false;
  // In floe's process group: a terminal's Ctrl-C reaches the plugin as it
  // would in-process.
  how.own_process_group = false;
  // The plugin's stdout is floe's stderr: a printf in a plugin cannot reach
  // the protocol, nor floe's own stdout.
  static_assert(wire::kRequestFd == 3 && wire::kAnswerFd == 4 && wire::kLifelineFd == 5);
  how.descriptors = {no_input, STDERR_FILENO, STDERR_FILENO, request[0], answer[1], lifeline[0]};
  base::detail::started_process started = base::detail::start_process(how);
  close_fd(request[0]);
  close_fd(answer[1]);
  close_fd(lifeline[0]);
  close_fd(no_input);
  if (started.pid < 0) return failure(std::strerror(started.failure.code));
  ::fcntl(request[1], F_SETFL, O_NONBLOCK);
  ::fcntl(answer[0], F_SETFL, O_NONBLOCK);
  return std::unique_ptr<PluginProcess>(
      new PluginProcess(started.pid, request[1], answer[0], lifeline[1], std::move(label)));
}

PluginProcess::PluginProcess(pid_t pid, int request_fd, int answer_fd, int lifeline_fd, std::string label)
    : pid_(pid), request_fd_(request_fd), answer_fd_(answer_fd), lifeline_fd_(lifeline_fd), label_(std::move(label)) {}

PluginProcess::~PluginProcess() {
  if (!running()) return;
  // End-of-file on its request pipe ends the helper the normal way (exit
  // handlers run, the plugin's buffered stdout is flushed); the lifeline
  // stays open until then, or the helper's watchdog would cut that short.
  // One that does not end promptly (a plugin's exit handler hangs) is killed.
  close_fd(request_fd_);
  reap(pid_, std::chrono::milliseconds(1000));
  close_pipes();
}

void PluginProcess::close_pipes() {
  close_fd(request_fd_);
  close_fd(answer_fd_);
  close_fd(lifeline_fd_);
}

Result<wire::FrameReader> PluginProcess::exchange(wire::FrameWriter& request, std::string_view method,
                                                  uint32_t timeout_ms, const HostApi& host, std::string* kind) {
  if (!running())
    return make_error(FLOE_ERR_PLUGIN_FAILED, fmt::format("{}.{}: the plugin's process has ended ({})", label_, method, ended_));
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  wire::Io io = wire::write_frame(request_fd_, request.bytes(), deadline);
  std::string payload;
  while (io == wire::Io::ok) {
    io = wire::read_frame(answer_fd_, payload, deadline);
    if (io != wire::Io::ok) break;
    wire::FrameReader frame(std::move(payload));
    switch (frame.kind()) {
      case Kind::log: {
        int32_t level = frame.i32();
        std::string message = frame.str();
        // Through the plugin's own table: labelled exactly as in-process.
        if (frame.ok()) host.table()->log(host.table()->host_data, level, nullptr, message.c_str());
        continue;
      }
      case Kind::event: {
        std::string event = frame.str();
        if (frame.ok()) host.table()->emit_event(host.table()->host_data, event.data(), event.size());
        continue;
      }
      case Kind::query:
        answer_query(frame, host, deadline);
        continue;
      case Kind::ok:
        return frame;
      case Kind::error: {
        floe_status status = frame.i32();
        std::string problem_kind = frame.str(), message = frame.str(), detail = frame.str();
        if (!frame.ok()) break;
        if (kind != nullptr) *kind = problem_kind;
        Error e = make_error(status, std::move(message));
        if (!detail.empty())
          if (auto parsed = parse_json(detail, "error detail"); parsed && parsed->is_object())
            e.detail = std::move(parsed->get_object());
        return e;
      }
      default:
        break;
    }
    // A frame the protocol does not have: the helper is not itself.
    ::kill(pid_, SIGKILL);
    io = wire::Io::closed;
  }
  if (kind != nullptr) *kind = io == wire::Io::timed_out ? "timeout" : "crashed";
  if (io == wire::Io::timed_out) ::kill(pid_, SIGKILL);
  close_pipes();
  std::optional<int> status = reap(pid_, std::chrono::milliseconds(1000));
  pid_t pid = pid_;
  pid_ = -1;
  const std::string where = fmt::format("{}.{}", label_, method);
  if (io == wire::Io::timed_out) {
    ended_ = fmt::format("stopped after no answer within {} ms in {}", timeout_ms, method);
    return make_error(FLOE_ERR_TIMEOUT,
                      fmt::format("{}: no answer within {} ms (the call timeout of isolated plugins); floe stopped the "
                                  "plugin's process (pid {}). If the plugin is only slow, raise the limit: "
                                  "\"call_timeout_ms\" in its manifest, or FLOE_PLUGIN_CALL_TIMEOUT_MS",
                                  where, timeout_ms, pid));
  }
  std::string how;
  if (status && WIFSIGNALED(*status))
    how = fmt::format("crashed with {}", describe_signal(WTERMSIG(*status)));
  else if (status && WIFEXITED(*status))
    how = fmt::format("exited with status {}", WEXITSTATUS(*status));
  else
    how = "ended";
  ended_ = fmt::format("{} in {}", how, method);
  return make_error(FLOE_ERR_PLUGIN_FAILED,
                    fmt::format("{}: the plugin {} in its own process (pid {}, isolation: process); floe goes on "
                                "without it. Report it to the plugin's authors; the next open of {} starts a new "
                                "process",
                                where, how, pid, label_));
}

void PluginProcess::answer_query(wire::FrameReader& query, const HostApi& host, wire::Deadline deadline) {
  uint8_t what = query.u8();
  std::string key = query.str();
  const floe_host_api* table = host.table();
  floe_buffer out = FLOE_BUFFER_INIT;
  floe_error err = FLOE_ERROR_INIT;
  floe_status status = FLOE_ERR_INVALID_ARGUMENT;
  if (!query.ok())
    set_c_error(&err, status, "malformed host query");
  else if (what == 's')
    status = table->get_secret(table->host_data, key.c_str(), &out, &err);
  else if (what == 'x')
    status = set_c_buffer(&out, table->cancel_requested(table->host_data) != 0 ? "1" : "0", &err);
  else
    status = table->get_config(table->host_data, key.c_str(), &out, &err);
  wire::FrameWriter reply(Kind::reply);
  reply.i32(status);
  if (status == FLOE_OK)
    reply.str(std::string_view(out.data, out.length));
  else
    reply.str(err.message != nullptr ? err.message : floe_status_str(status));
  floe_buffer_release(&out);
  floe_error_release(&err);
  // A failed write shows as end-of-file on the next read.
  (void)wire::write_frame(request_fd_, reply.bytes(), deadline);
  reply.wipe();  // it may hold a secret
}

}  // namespace floe
