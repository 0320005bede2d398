// floe._iceberg: libfloe-iceberg's C API (floe/iceberg.h) for floe.iceberg. A
// module of its own so that `import floe` never loads libfloe-iceberg and the
// libcurl it links: only `import floe.iceberg` does. JSON text in and out,
// the GIL released during every call; one catalog handle may serve several
// threads at once (docs/iceberg.md).
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>

#include <atomic>
#include <optional>
#include <string>
#include <tuple>

#include "floe/iceberg.h"
#include "gil.hpp"
#include "native_call.hpp"

namespace nb = nanobind;

namespace floe::python {
namespace {

class Catalog {
 public:
  explicit Catalog(floe_iceberg_catalog* raw) : raw_(raw) {}
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;
  ~Catalog() { floe_iceberg_catalog_close(raw_.exchange(nullptr)); }

  Outcome call(const std::string& request) {
    floe_iceberg_catalog* raw = raw_.load();
    if (raw == nullptr) return {FLOE_ERR_INVALID_STATE, std::nullopt, std::string("this catalog was closed"), std::nullopt};
    return call_unlocked([&](Buffer& out, Error& error) {
      return floe_iceberg_catalog_call(raw, request.c_str(), &out.raw, &error.raw);
    });
  }
  // Closing while another thread's call runs is the caller's mistake, as in C.
  void close() { floe_iceberg_catalog_close(raw_.exchange(nullptr)); }

 private:
  std::atomic<floe_iceberg_catalog*> raw_;
};

std::tuple<int, Catalog*, std::optional<std::string>, std::optional<std::string>> catalog_open(
    const std::string& config) {
  floe_iceberg_catalog* raw = nullptr;
  Error error;
  floe_status status;
  {
    GilReleased released;
    status = floe_iceberg_catalog_open(config.c_str(), &raw, &error.raw);
  }
  if (status != FLOE_OK) return {status, nullptr, text_of(error.raw.message), text_of(error.raw.detail_json)};
  return {status, new Catalog(raw), std::nullopt, std::nullopt};
}

}  // namespace
}  // namespace floe::python

NB_MODULE(_iceberg, m) {
  using namespace floe::python;
  nb::set_leak_warnings(false);  // as floe._native (gil.hpp)
  remember_main_thread();
  m.def("prepare_exit", &prepare_exit, "Registered with atexit by floe.iceberg (gil.hpp).");
  m.doc() = "libfloe-iceberg's C API (floe/iceberg.h); use floe.iceberg, not this module.";
  m.def("abi_version", &floe_iceberg_abi_version, "floe_iceberg_abi_version.");
  nb::class_<Catalog>(m, "Catalog", "An Iceberg REST catalog client (floe_iceberg_catalog).")
      .def("call", &Catalog::call, nb::arg("request"), "floe_iceberg_catalog_call.")
      .def("close", &Catalog::close, "floe_iceberg_catalog_close.");
  m.def("catalog_open", &catalog_open, nb::arg("config"), nb::rv_policy::take_ownership,
        "floe_iceberg_catalog_open: (status, Catalog or None, error message, error detail).");
  m.def("parse_metadata", [](const std::string& text) {
    return call_unlocked([&](Buffer& out, Error& error) {
      return floe_iceberg_parse_metadata(text.data(), text.size(), &out.raw, &error.raw);
    });
  }, nb::arg("metadata"), "floe_iceberg_parse_metadata.");
  m.def("plan_expiry", [](const std::string& request) {
    return call_unlocked([&](Buffer& out, Error& error) { return floe_iceberg_plan_expiry(request.c_str(), &out.raw, &error.raw); });
  }, nb::arg("request"), "floe_iceberg_plan_expiry.");
}
