#include "stop_signals.hpp"

#include <csignal>

namespace floe::cli {

namespace {

volatile std::sig_atomic_t g_stop_requested = 0;

extern "C" void request_stop(int sig) {
  g_stop_requested = 1;
  std::signal(sig, SIG_DFL);
}

}  // namespace

StopOnSignals::StopOnSignals() {
  g_stop_requested = 0;
  previous_int_ = std::signal(SIGINT, request_stop);
  previous_term_ = std::signal(SIGTERM, request_stop);
}

StopOnSignals::~StopOnSignals() {
  std::signal(SIGINT, previous_int_);
  std::signal(SIGTERM, previous_term_);
}

bool stop_requested() { return g_stop_requested != 0; }

}  // namespace floe::cli
