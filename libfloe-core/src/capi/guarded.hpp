// The boundary rule of every C API entry point: no exception crosses it.
// A body that throws becomes FLOE_ERR_INTERNAL with the reason in `error`.
#pragma once

#include <fmt/format.h>

#include <exception>
#include <new>

#include "core/c_memory.hpp"

namespace floe {

template <class Body>
floe_status guarded(floe_error* error, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return set_c_error(error, FLOE_ERR_INTERNAL, "out of memory");
  } catch (const std::exception& e) {
    return set_c_error(error, FLOE_ERR_INTERNAL, fmt::format("internal error: {}", e.what()));
  } catch (...) {
    return set_c_error(error, FLOE_ERR_INTERNAL, "internal error of unknown type");
  }
}

}  // namespace floe
