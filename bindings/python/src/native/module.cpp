// floe._native: the C API of libfloe-core for the floe Python package. Thin
// on purpose: JSON text in and out, statuses as integers; the typed API, the
// exception classes and the plugin category methods live in Python
// (bindings/python/src/floe/).
#include <dlfcn.h>
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>

#include <string>

#include "bindings.hpp"
#include "gil.hpp"
#include "floe/floe.h"

namespace nb = nanobind;

namespace {

// Where the libfloe-core this module uses was loaded from (for messages).
std::string library_path() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&floe_abi_version), &info) != 0 && info.dli_fname != nullptr)
    return info.dli_fname;
  return "libfloe-core.so." + std::to_string(FLOE_ABI_VERSION_MAJOR);
}

}  // namespace

NB_MODULE(_native, m) {
  floe::python::remember_main_thread();
  // Threads parked at exit (gil.hpp) and plugins kept for the whole process
  // still hold objects when nanobind checks for leaks: expected, not a bug.
  nb::set_leak_warnings(false);
  m.doc() = "libfloe-core's C API (floe.h); use the floe package, not this module.";
  m.def("abi_version", &floe_abi_version, "The ABI version of the loaded libfloe-core (MAJOR*1000000+MINOR*1000+PATCH).");
  m.def("built_abi_version", [] { return static_cast<uint32_t>(FLOE_ABI_VERSION); },
        "The ABI version of the headers this module was built with.");
  m.def("version", [] { return std::string(floe_version_string()); }, "The floe release of the loaded library.");
  m.def("library_path", &library_path, "The file the loaded libfloe-core came from.");
  m.def("prepare_exit", &floe::python::prepare_exit, "Registered with atexit by the floe package (gil.hpp).");
  m.def("status_name", [](int status) { return std::string(floe_status_str(status)); }, nb::arg("status"),
        "floe_status_str.");
  floe::python::bind_operations(m);
  floe::python::bind_registry(m);
  floe::python::bind_python_plugins(m);
}
