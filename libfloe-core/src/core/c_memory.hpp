// Filling the caller-owned C structs (floe_error, floe_buffer) with memory
// owned by libfloe-core, released through libfloe-core's own callbacks.
#pragma once

#include <string>
#include <string_view>

#include "base/result.hpp"
#include "floe/core.h"

namespace floe {

// Fills `error` (if non-NULL) and returns `code`. An error that already holds
// something is released first, so callers may reuse one struct.
floe_status set_c_error(floe_error* error, floe_status code, std::string_view message,
                        std::string_view detail_json = {}) noexcept;
floe_status set_c_error(floe_error* error, const Error& e) noexcept;

// Fills `out` with a NUL-terminated copy of `text`. Returns FLOE_ERR_INTERNAL
// (and fills `error`) only when memory runs out.
floe_status set_c_buffer(floe_buffer* out, std::string_view text, floe_error* error) noexcept;
// The same, taking `text` over instead of copying it (base/c_memory.hpp).
floe_status set_c_buffer_owning(floe_buffer* out, std::string&& text, floe_error* error) noexcept;

}  // namespace floe
