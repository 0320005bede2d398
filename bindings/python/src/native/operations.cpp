// The operation entry points (compile, artifacts, runs, tables, schemas):
// a JSON request in, an Outcome out, the GIL released while the library
// works so other Python threads go on.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "bindings.hpp"
#include "gil.hpp"
#include "floe/floe.h"
#include "native_call.hpp"

namespace nb = nanobind;

namespace floe::python {
namespace {

// A Python callable the library calls back on the calling thread while the
// GIL is released. An exception it raises cannot cross the C API: it is kept,
// the operation is asked to stop where it can, and it is raised again once
// the library returns.
struct Callback {
  Callback() = default;
  explicit Callback(nb::object fn) : callable(std::move(fn)) {}
  nb::object callable;
  std::optional<nb::python_error> raised;  // touched with the GIL held only
  std::atomic<bool> failed{false};         // read from any thread (cancel probes)

  bool usable() const { return callable.is_valid() && !callable.is_none() && !raised; }

  // Calls it and answers whether it returned something true; its result is
  // dropped here, with the GIL held.
  template <typename... Args>
  bool call(Args&&... args) {
    GilHeld gil;
    if (!usable()) return false;
    try {
      return nb::cast<bool>(nb::bool_(callable(std::forward<Args>(args)...)));
    } catch (nb::python_error& e) {
      raised.emplace(std::move(e));
      failed = true;
      return false;
    }
  }

  void rethrow() {
    if (raised) {
      nb::python_error e = std::move(*raised);
      raised.reset();
      throw e;
    }
  }
};

// An entry point of the shape floe_compile_run(argument, &out, &error).
Outcome call_entry(floe_status (*entry)(const char*, floe_buffer*, floe_error*), const std::string& argument) {
  return call_unlocked([&](Buffer& out, Error& error) { return entry(argument.c_str(), &out.raw, &error.raw); });
}

Outcome compile_run(const std::string& request) { return call_entry(&floe_compile_run, request); }
Outcome table_run(const std::string& request) { return call_entry(&floe_table_run, request); }
Outcome schema(const std::string& kind) { return call_entry(&floe_schema, kind); }

void on_progress(void* user_data, const char* label, uint64_t done, uint64_t total) {
  static_cast<Callback*>(user_data)->call(std::string(label != nullptr ? label : ""), done, total);
}

// A callable that may be absent, as an object (None when absent).
nb::object callable_or_none(std::optional<nb::callable> fn) { return fn ? nb::object(*fn) : nb::none(); }

Outcome artifact_run(const std::string& request, std::optional<nb::callable> progress_fn) {
  Callback progress{callable_or_none(std::move(progress_fn))};
  floe_progress sink = FLOE_PROGRESS_INIT;
  sink.on_progress = &on_progress;
  sink.user_data = &progress;
  Outcome outcome = call_unlocked([&](Buffer& out, Error& error) {
    return floe_artifact_run(request.c_str(), progress.usable() ? &sink : nullptr, &out.raw, &error.raw);
  });
  progress.rethrow();
  return outcome;
}

struct RunCallbacks {
  Callback on_event;
  Callback should_cancel;
};

void on_run_event(void* user_data, const char* event_json, size_t length) {
  static_cast<RunCallbacks*>(user_data)->on_event.call(std::string(event_json, length));
}

// Stops the run when the event callback raised (so its exception is not lost
// behind a run that goes on) or the cancel callable answers true.
int32_t run_should_cancel(void* user_data) {
  auto* callbacks = static_cast<RunCallbacks*>(user_data);
  if (callbacks->on_event.failed) return 1;
  bool stop = callbacks->should_cancel.call();
  return stop || callbacks->should_cancel.failed ? 1 : 0;
}

Outcome product_run(const std::string& request, std::optional<nb::callable> on_event,
                    std::optional<nb::callable> should_cancel) {
  RunCallbacks callbacks;
  callbacks.on_event.callable = callable_or_none(std::move(on_event));
  callbacks.should_cancel.callable = callable_or_none(std::move(should_cancel));
  floe_run_observer observer = FLOE_RUN_OBSERVER_INIT;
  observer.on_event = &on_run_event;
  observer.should_cancel = &run_should_cancel;
  observer.user_data = &callbacks;
  Outcome outcome = call_unlocked([&](Buffer& out, Error& error) {
    return floe_product_run(request.c_str(), &observer, &out.raw, &error.raw);
  });
  callbacks.on_event.rethrow();
  callbacks.should_cancel.rethrow();
  return outcome;
}

struct WatchCallbacks {
  Callback on_round;
  Callback should_stop;
};

void on_watch_round(void* user_data, const char* round_json, size_t length) {
  static_cast<WatchCallbacks*>(user_data)->on_round.call(std::string(round_json, length));
}

// Ends the watch when a callback raised (its exception is raised once the
// library returns) or should_stop answers true.
int32_t watch_should_stop(void* user_data) {
  auto* callbacks = static_cast<WatchCallbacks*>(user_data);
  if (callbacks->on_round.failed) return 1;
  bool stop = callbacks->should_stop.call();
  return stop || callbacks->should_stop.failed ? 1 : 0;
}

Outcome validate_watch(const std::string& request, nb::callable on_round, nb::callable should_stop,
                       std::uint32_t settle_ms) {
  WatchCallbacks callbacks;
  callbacks.on_round.callable = std::move(on_round);
  callbacks.should_stop.callable = std::move(should_stop);
  floe_watch_observer observer = FLOE_WATCH_OBSERVER_INIT;
  observer.settle_ms = settle_ms;
  observer.on_round = &on_watch_round;
  observer.should_stop = &watch_should_stop;
  observer.user_data = &callbacks;
  Outcome outcome = call_unlocked(
      [&](Buffer&, Error& error) { return floe_validate_watch(request.c_str(), &observer, &error.raw); });
  callbacks.on_round.rethrow();
  callbacks.should_stop.rethrow();
  return outcome;
}

}  // namespace

void bind_operations(nb::module_& m) {
  m.def("compile_run", &compile_run, nb::arg("request"),
        "floe_compile_run: (status, report, error message, error detail).");
  m.def("artifact_run", &artifact_run, nb::arg("request"), nb::arg("progress").none() = nb::none(),
        nb::sig("def artifact_run(request: str, progress: collections.abc.Callable[[str, int, int], object] | None = "
                "None) -> tuple[int, str | None, str | None, str | None]"),
        "floe_artifact_run; progress(label, done, total) is called on this thread.");
  m.def("product_run", &product_run, nb::arg("request"), nb::arg("on_event").none() = nb::none(),
        nb::arg("should_cancel").none() = nb::none(),
        nb::sig("def product_run(request: str, on_event: collections.abc.Callable[[str], object] | None = None, "
                "should_cancel: collections.abc.Callable[[], object] | None = None) -> "
                "tuple[int, str | None, str | None, str | None]"),
        "floe_product_run; on_event(event_json) per event, should_cancel() polled about every 100 ms.");
  m.def("validate_watch", &validate_watch, nb::arg("request"), nb::arg("on_round"), nb::arg("should_stop"),
        nb::arg("settle_ms"),
        nb::sig("def validate_watch(request: str, on_round: collections.abc.Callable[[str], object], "
                "should_stop: collections.abc.Callable[[], object], settle_ms: int) -> "
                "tuple[int, str | None, str | None, str | None]"),
        "floe_validate_watch; on_round(round_json) per round, should_stop() polled about every 100 ms.");
  m.def("table_run", &table_run, nb::arg("request"), "floe_table_run.");
  m.def("schema", &schema, nb::arg("kind"), "floe_schema: a JSON Schema floe ships.");
}

}  // namespace floe::python
