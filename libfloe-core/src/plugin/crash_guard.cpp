// Crash attribution for in-process plugins. Only async-signal-safe calls in
// the handler: write(2), _exit(2), sigaction(2), raise(3).
#include "plugin/crash_guard.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

namespace floe {
namespace {

thread_local const PluginCallContext* t_current = nullptr;
std::atomic<int> g_exit_code{0};
constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};

void put(const char* s) {
  ssize_t ignored = ::write(STDERR_FILENO, s, std::strlen(s));
  (void)ignored;
}

void on_fatal_signal(int sig) {
  const PluginCallContext* c = t_current;
  if (c == nullptr) {
    // Not in plugin code: floe's own crash. Let it happen as it would have
    // (default action: core dump where enabled) instead of hiding it.
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, nullptr);
    raise(sig);
    return;
  }
  put("error: the plugin ");
  put(c->category);
  put("/");
  put(c->plugin);
  put(" crashed with ");
  const char* name = fatal_signal_description(sig);
  put(name != nullptr ? name : "a fatal signal");
  put(" in ");
  put(c->method);
  put("; floe stopped. Report it to the plugin's authors; `floe plugins doctor --load` checks the "
      "other plugins, each in its own process (docs/abi.md#crashes)\n");
  _exit(g_exit_code.load());
}

}  // namespace

const char* fatal_signal_description(int sig) {
  switch (sig) {
    case SIGSEGV: return "SIGSEGV (invalid memory access)";
    case SIGBUS: return "SIGBUS (bus error)";
    case SIGILL: return "SIGILL (illegal instruction)";
    case SIGFPE: return "SIGFPE (arithmetic error)";
    case SIGABRT: return "SIGABRT (abort)";
  }
  return nullptr;
}

PluginCallScope::PluginCallScope(const PluginCallContext& context) : previous_(t_current) { t_current = &context; }
PluginCallScope::~PluginCallScope() { t_current = previous_; }

bool install_crash_handler(int exit_code) {
  g_exit_code.store(exit_code);
  // A stack overflow in a plugin needs a stack to run the handler on. This
  // covers the installing thread (the CLI's main thread); other threads get
  // the handler on their own stack.
  static bool stack_ready = [] {
    // Static storage: it lives as long as the process, and is no leak.
    alignas(64) static char stack[64 * 1024];
    stack_t ss{};
    ss.ss_sp = stack;
    ss.ss_size = sizeof(stack);
    ss.ss_flags = 0;
    return sigaltstack(&ss, nullptr) == 0;
  }();
  bool ok = stack_ready;
  for (int sig : kSignals) {
    struct sigaction sa {};
    sa.sa_handler = &on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
    ok = sigaction(sig, &sa, nullptr) == 0 && ok;
  }
  return ok;
}

}  // namespace floe
