// floe-plugin-host: runs one isolated plugin for libfloe-core
// (docs/abi.md#isolation). Started by the library with its pipes on fds 3-5;
// not meant to be run by hand.
#include <fmt/format.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "plugin/helper_protocol.hpp"
#include "plugin/plugin_server.hpp"

int main(int argc, char** argv) {
  std::string manifest, protocol;
  long parent = 0;
  bool death_signal = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--manifest" && i + 1 < argc)
      manifest = argv[++i];
    else if (arg == "--protocol" && i + 1 < argc)
      protocol = argv[++i];
    else if (arg == "--parent" && i + 1 < argc)
      parent = std::strtol(argv[++i], nullptr, 10);
    else if (arg == "--parent-death-signal")
      death_signal = true;
  }
  if (manifest.empty() || protocol != std::to_string(floe::wire::kProtocolVersion)) {
    fmt::print(stderr,
               "floe-plugin-host: started by libfloe-core to run an isolated plugin, with --manifest FILE "
               "--protocol {} (got protocol '{}'); not meant to be run by hand\n",
               floe::wire::kProtocolVersion, protocol);
    return 2;
  }
  // Never outlive floe: the kernel ends us when the thread that started us
  // ends (only asked for when that is floe's main thread), and if floe is
  // already gone we were re-parented and stop here.
  if (death_signal) ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (parent != 0 && ::getppid() != parent) return 0;
  // A crash in the plugin must end this process with its signal, so floe can
  // name it: no handler of a runtime (a sanitizer's) may turn it into an exit.
  for (int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) ::signal(sig, SIG_DFL);
  return floe::serve_plugin(manifest);
}
