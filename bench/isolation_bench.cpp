// floe-isolation-bench: what running a plugin in a helper process costs
// (docs/performance.md#plugin-isolation). The bench plugin (bench_compute)
// is opened and called through the public C API twice in one process: in
// the host's process (FLOE_ISOLATION_IN_PROCESS) and in floe-plugin-host
// (FLOE_ISOLATION_PROCESS). Reported per mode, as min / median / p95 / max:
//   open   floe_registry_new + floe_registry_open: discovery, load + init
//          (isolated: starting the helper, which loads and initialises the
//          plugin), config validation, instance_new;
//   call   one floe_handle_call("generate_dbt_profile") on a warm instance,
//          with a small request (~50 bytes) and with a 256 KiB one (a string
//          the plugin ignores: the copy through the pipes is what differs).
// A library, once loaded in this process, stays loaded: in-process opens
// after the first do not pay dlopen again (the isolated ones do, in each new
// helper). Usage: floe-isolation-bench [--opens N] [--calls N]
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "floe/registry.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Stats {
  double min, median, p95, max;  // microseconds
};

Stats stats(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[std::min(us.size() - 1, static_cast<size_t>(q * static_cast<double>(us.size())))]; };
  return {us.front(), at(0.5), at(0.95), us.back()};
}

void check(floe_status status, floe_error& error, std::string_view what) {
  if (status == FLOE_OK) return;
  std::string message = error.message != nullptr ? error.message : floe_status_str(status);
  floe_error_release(&error);
  throw std::runtime_error(fmt::format("{}: {}", what, message));
}

struct Opened {
  floe_registry* registry = nullptr;
  floe_handle* handle = nullptr;
};

Opened open(uint32_t isolation) {
  floe_registry_options options = FLOE_REGISTRY_OPTIONS_INIT;
  options.search_flags = FLOE_SEARCH_CALLER_ONLY;
  options.extra_roots = FLOE_BENCH_PLUGIN_ROOT;
  options.isolation = isolation;
  Opened o;
  floe_error error = FLOE_ERROR_INIT;
  check(floe_registry_new(&o.registry, &options, &error), error, "floe_registry_new");
  check(floe_registry_open(o.registry, "compute", "bench_compute", R"({"threads": 2})", &o.handle, &error), error,
        "floe_registry_open");
  return o;
}

double call_us(floe_handle* handle, const std::string& request) {
  floe_buffer out = FLOE_BUFFER_INIT;
  floe_error error = FLOE_ERROR_INIT;
  auto start = Clock::now();
  floe_status status = floe_handle_call(handle, "generate_dbt_profile", request.c_str(), &out, &error);
  auto us = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
  check(status, error, "floe_handle_call");
  floe_buffer_release(&out);
  return us;
}

void report(std::string_view mode, std::string_view what, const Stats& s) {
  fmt::print("{:<11} {:<22} {:>10.1f} {:>10.1f} {:>10.1f} {:>10.1f}\n", mode, what, s.min, s.median, s.p95, s.max);
}

}  // namespace

int main(int argc, char** argv) {
  int opens = 50, calls = 2000;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view arg = argv[i];
    if (arg == "--opens") opens = std::atoi(argv[i + 1]);
    else if (arg == "--calls") calls = std::atoi(argv[i + 1]);
  }
  if (opens < 1 || calls < 1) {
    fmt::print(stderr, "usage: floe-isolation-bench [--opens N] [--calls N]\n");
    return 2;
  }
  const std::string small = R"({"profile_name": "bench", "target": "dev"})";
  const std::string large = R"({"profile_name": "bench", "target": "dev", "padding": ")" +
                            std::string(256 * 1024, 'x') + "\"}";
  try {
    fmt::print("{:<11} {:<22} {:>10} {:>10} {:>10} {:>10}   (microseconds)\n", "mode", "figure", "min", "median",
               "p95", "max");
    for (uint32_t isolation : {FLOE_ISOLATION_IN_PROCESS, FLOE_ISOLATION_PROCESS}) {
      const char* mode = isolation == FLOE_ISOLATION_PROCESS ? "process" : "in-process";
      std::vector<double> open_us;
      for (int i = 0; i < opens; ++i) {
        auto start = Clock::now();
        Opened o = open(isolation);
        open_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
        floe_registry_free(o.registry);
      }
      report(mode, "open (new + open)", stats(open_us));
      Opened o = open(isolation);
      for (const auto& [name, request] : {std::pair<const char*, const std::string&>{"call, 50 B request", small},
                                          {"call, 256 KiB request", large}}) {
        for (int i = 0; i < 20; ++i) call_us(o.handle, request);  // warm-up
        std::vector<double> us;
        int n = request.size() > 1024 ? std::max(1, calls / 10) : calls;
        for (int i = 0; i < n; ++i) us.push_back(call_us(o.handle, request));
        report(mode, name, stats(us));
      }
      floe_registry_free(o.registry);
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "floe-isolation-bench: {}\n", e.what());
    return 1;
  }
  return 0;
}
