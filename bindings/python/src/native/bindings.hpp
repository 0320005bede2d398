// The parts of the floe._native module, one per area of the C API.
#pragma once

#include <nanobind/nanobind.h>

namespace floe::python {

void bind_operations(nanobind::module_& m);
void bind_registry(nanobind::module_& m);
void bind_python_plugins(nanobind::module_& m);

}  // namespace floe::python
