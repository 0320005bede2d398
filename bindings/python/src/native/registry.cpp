// floe/registry.h for Python: a Registry and the plugin instances (Handles)
// opened on it. The C API lets a registry and its handles be used by one
// thread at a time, so every call takes the registry's mutex, after the GIL
// is released (a call may wait for another thread's call, which may need the
// GIL to reach a Python plugin).
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bindings.hpp"
#include "gil.hpp"
#include "floe/floe.h"
#include "native_call.hpp"

namespace nb = nanobind;

namespace floe::python {
namespace {

// Runs `work` with the GIL released when this thread holds it (destructors
// may run either way).
template <typename Work>
void without_gil(Work&& work) {
  if (PyGILState_Check() != 0) {
    GilReleased unlocked;
    work();
  } else {
    work();
  }
}

struct RegistryState {
  floe_registry* raw = nullptr;
  std::mutex lock;
  // Handles whose Python object went away while the registry was busy: freed
  // by the next call that holds `lock`. A destructor never waits for `lock`:
  // it may run on the very thread that holds it (the garbage collector,
  // started by a Python plugin's code inside a call on this registry).
  std::mutex pending_lock;
  std::vector<floe_handle*> pending;

  void free_pending() {  // with `lock` held
    std::vector<floe_handle*> handles;
    {
      std::lock_guard<std::mutex> held(pending_lock);
      handles.swap(pending);
    }
    for (floe_handle* h : handles) floe_handle_free(h);
  }

  void release(floe_handle* handle) {
    std::unique_lock<std::mutex> held(lock, std::try_to_lock);
    if (held.owns_lock()) {
      floe_handle_free(handle);
      free_pending();
      return;
    }
    std::lock_guard<std::mutex> queued(pending_lock);
    pending.push_back(handle);
  }

  ~RegistryState() {
    without_gil([this] {
      std::lock_guard<std::mutex> held(lock);
      free_pending();
      floe_registry_free(raw);
    });
  }
};

// Runs one registry call with the GIL released and the registry's mutex held.
template <typename Call>
Outcome locked(RegistryState& registry, Call&& call) {
  Buffer out;
  Error error;
  floe_status status;
  {
    GilReleased unlocked;
    std::lock_guard<std::mutex> held(registry.lock);
    status = call(out, error);
    registry.free_pending();
  }
  return outcome_of(status, out, error);
}

class Handle {
 public:
  Handle(std::shared_ptr<RegistryState> registry, floe_handle* raw) : registry_(std::move(registry)), raw_(raw) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { close(); }

  Outcome call(const std::string& method, const std::string& request) {
    return locked([&](floe_handle* h, Buffer& out, Error& error) {
      return floe_handle_call(h, method.c_str(), request.c_str(), &out.raw, &error.raw);
    });
  }
  Outcome health_check() {
    return locked([&](floe_handle* h, Buffer& out, Error& error) {
      return floe_handle_health_check(h, &out.raw, &error.raw);
    });
  }
  Outcome config() {
    return locked([&](floe_handle* h, Buffer& out, Error& error) { return floe_handle_config(h, &out.raw, &error.raw); });
  }
  void close() {
    if (floe_handle* raw = raw_.exchange(nullptr)) registry_->release(raw);
  }
  bool closed() const { return raw_ == nullptr; }

 private:
  // A closed handle answers FLOE_ERR_INVALID_STATE instead of reaching the library.
  template <typename Call>
  Outcome locked(Call&& c) {
    Outcome outcome = floe::python::locked(*registry_, [&](Buffer& out, Error& error) {
      // A handle closed meanwhile is freed after this call (free_pending), not during it.
      floe_handle* h = raw_.load();
      return h != nullptr ? c(h, out, error) : FLOE_ERR_INVALID_STATE;
    });
    if (std::get<0>(outcome) == FLOE_ERR_INVALID_STATE && raw_ == nullptr)
      return {FLOE_ERR_INVALID_STATE, std::nullopt, std::string("this plugin instance was closed"), std::nullopt};
    return outcome;
  }

  std::shared_ptr<RegistryState> registry_;
  std::atomic<floe_handle*> raw_;  // null once closed (close() may race a call on another thread)
};

class Registry {
 public:
  explicit Registry(std::shared_ptr<RegistryState> state) : state_(std::move(state)) {}

  Outcome list() {
    return locked([&](Buffer& out, Error& error) { return floe_registry_list(state_->raw, &out.raw, &error.raw); });
  }
  Outcome doctor(bool load_all) {
    return locked([&](Buffer& out, Error& error) {
      return floe_registry_doctor(state_->raw, load_all ? 1 : 0, &out.raw, &error.raw);
    });
  }
  Outcome info(const std::string& category, const std::string& name) {
    return locked([&](Buffer& out, Error& error) {
      return floe_registry_info(state_->raw, category.c_str(), name.c_str(), &out.raw, &error.raw);
    });
  }
  Outcome check_composition(const std::string& selection) {
    return locked([&](Buffer&, Error& error) {
      return floe_registry_check_composition(state_->raw, selection.c_str(), &error.raw);
    });
  }
  // (status, the Handle or None, error message, error detail).
  std::tuple<int, Handle*, std::optional<std::string>, std::optional<std::string>> open(
      const std::string& category, const std::string& name, const std::string& config) {
    floe_handle* raw = nullptr;
    Error error;
    floe_status status;
    {
      GilReleased unlocked;
      std::lock_guard<std::mutex> held(state_->lock);
      status = floe_registry_open(state_->raw, category.c_str(), name.c_str(), config.c_str(), &raw, &error.raw);
    }
    if (status != FLOE_OK) return {status, nullptr, text_of(error.raw.message), text_of(error.raw.detail_json)};
    return {status, new Handle(state_, raw), std::nullopt, std::nullopt};
  }

 private:
  template <typename Call>
  Outcome locked(Call&& c) {
    return floe::python::locked(*state_, std::forward<Call>(c));
  }

  std::shared_ptr<RegistryState> state_;
};

using Opened = std::tuple<int, Registry*, std::optional<std::string>, std::optional<std::string>>;

// floe_registry_new: (status, the Registry or None, error message, detail).
Opened new_registry(std::optional<std::string> extra_roots, bool caller_only, uint32_t isolation,
                    uint32_t call_timeout_ms) {
  auto state = std::make_shared<RegistryState>();
  floe_registry_options options = FLOE_REGISTRY_OPTIONS_INIT;
  options.extra_roots = extra_roots ? extra_roots->c_str() : nullptr;
  options.search_flags = caller_only ? FLOE_SEARCH_CALLER_ONLY : 0u;
  options.isolation = isolation;
  options.call_timeout_ms = call_timeout_ms;
  Error error;
  floe_status status;
  {
    GilReleased unlocked;
    status = floe_registry_new(&state->raw, &options, &error.raw);
  }
  if (status != FLOE_OK) return {status, nullptr, text_of(error.raw.message), text_of(error.raw.detail_json)};
  return {status, new Registry(std::move(state)), std::nullopt, std::nullopt};
}

}  // namespace

void bind_registry(nb::module_& m) {
  nb::class_<Handle>(m, "Handle", "A configured plugin instance (floe_handle).")
      .def("call", &Handle::call, nb::arg("method"), nb::arg("request"), "floe_handle_call.")
      .def("health_check", &Handle::health_check, "floe_handle_health_check.")
      .def("config", &Handle::config, "floe_handle_config: the configuration with defaults filled in.")
      .def("close", &Handle::close, "floe_handle_free; later calls fail with FLOE_ERR_INVALID_STATE.")
      .def_prop_ro("closed", &Handle::closed);

  nb::class_<Registry>(m, "Registry", "Plugin discovery and loading (floe_registry).")
      .def("list", &Registry::list, "floe_registry_list.")
      .def("doctor", &Registry::doctor, nb::arg("load_all") = false, "floe_registry_doctor.")
      .def("info", &Registry::info, nb::arg("category"), nb::arg("name"), "floe_registry_info.")
      .def("check_composition", &Registry::check_composition, nb::arg("selection"),
           "floe_registry_check_composition.")
      .def("open", &Registry::open, nb::arg("category"), nb::arg("name"), nb::arg("config"), nb::rv_policy::take_ownership,
           "floe_registry_open: (status, Handle or None, error message, error detail).");
  m.def("new_registry", &new_registry, nb::arg("extra_roots").none() = nb::none(), nb::arg("caller_only") = false,
        nb::arg("isolation") = 0u, nb::arg("call_timeout_ms") = 0u, nb::rv_policy::take_ownership,
        "floe_registry_new: (status, Registry or None, error message, error detail).");
}

}  // namespace floe::python
