// One running floe-plugin-host: the helper process an isolated plugin runs
// in (docs/abi.md#isolation). It is started beside libfloe-core
// (<libdir>/floe/floe-plugin-host), talks over three pipes (helper_protocol.hpp),
// and is stopped by PID when this object goes. A helper that crashes or
// misses a deadline is reaped, and the error says which plugin, method and
// signal or limit; floe goes on.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "plugin/helper_protocol.hpp"
#include "plugin/host_api.hpp"

namespace floe {

class PluginProcess {
 public:
  // Starts the helper for the plugin whose manifest is `manifest_file`
  // (`label` is "compute/duckdb", for messages).
  static Result<std::unique_ptr<PluginProcess>> start(const std::string& manifest_file, std::string label);
  ~PluginProcess();
  PluginProcess(const PluginProcess&) = delete;
  PluginProcess& operator=(const PluginProcess&) = delete;

  // Sends `request` and serves the helper (its log lines and get_config /
  // get_secret queries go to `host`, the plugin's own host table) until it
  // answers. An E answer is returned as the error it carries, its problem
  // kind in `kind`. If the helper dies, or no answer comes within
  // `timeout_ms`, it is stopped and reaped: running() is false afterwards,
  // ended() says why, and the error names "<label>.<method>" (kind
  // "crashed" or "timeout").
  Result<wire::FrameReader> exchange(wire::FrameWriter& request, std::string_view method, uint32_t timeout_ms,
                                     const HostApi& host, std::string* kind = nullptr);

  bool running() const { return pid_ > 0; }
  // Why the helper is gone, e.g. "crashed with SIGSEGV (invalid memory
  // access) in validate_connection"; empty while it runs.
  const std::string& ended() const { return ended_; }

 private:
  PluginProcess(pid_t pid, int request_fd, int answer_fd, int lifeline_fd, std::string label);
  void answer_query(wire::FrameReader& query, const HostApi& host, wire::Deadline deadline);
  void close_pipes();

  pid_t pid_;
  int request_fd_, answer_fd_, lifeline_fd_;
  std::string label_;
  std::string ended_;
};

// Where floe-plugin-host is: <directory of libfloe-core>/floe/floe-plugin-host.
std::string plugin_host_path();

}  // namespace floe
