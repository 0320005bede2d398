// The C ABI's memory for results and errors (floe/core.h's floe_buffer and
// floe_error), filled the one way both C APIs fill them: libfloe-core's
// (floe_*) and libfloe-iceberg's (floe_iceberg_*). The text is copied into
// malloc'ed memory the caller releases with the struct's own `release`; a
// buffer is wiped before it is freed, since a result may hold a secret (a
// get_secret answer, a catalog's credentials).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "floe/core.h"

namespace floe::base {

// Zeroes `size` bytes at `data` in a way the compiler may not drop
// (explicit_bzero: a volatile byte loop cost 4 ms on a 6 MB answer).
void wipe(void* data, std::size_t size) noexcept;

// Fills `error` (releasing what it held): `message` and `detail_json`
// copied. Returns `code`; nothing when `error` is NULL.
floe_status set_c_error(floe_error* error, floe_status code, std::string_view message,
                        std::string_view detail_json = {}) noexcept;

// Fills `out` with a copy of `text` (NUL-terminated; length excludes it).
// INVALID_ARGUMENT when `out` is NULL, INTERNAL when memory runs out.
floe_status set_c_buffer(floe_buffer* out, std::string_view text, floe_error* error) noexcept;

// The same without the copy: `out` takes `text` over (its `release` wipes and
// frees it). For large answers: a 100k-model validate's report is ~115 MB,
// and copying it held it twice at the process's peak.
floe_status set_c_buffer_owning(floe_buffer* out, std::string&& text, floe_error* error) noexcept;

}  // namespace floe::base
