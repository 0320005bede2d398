#include "core/c_memory.hpp"

#include "base/c_memory.hpp"

#include <boost/json/serialize.hpp>

#include <cstdlib>
#include <cstring>
#include <utility>

namespace floe {

// The memory itself is filled one way for both C APIs (base/c_memory.hpp).
floe_status set_c_error(floe_error* error, floe_status code, std::string_view message,
                        std::string_view detail_json) noexcept {
  return base::set_c_error(error, code, message, detail_json);
}

floe_status set_c_error(floe_error* error, const Error& e) noexcept {
  try {
    std::string detail = e.detail.empty() ? std::string() : boost::json::serialize(e.detail);
    return set_c_error(error, e.code, e.message, detail);
  } catch (...) {
    return set_c_error(error, e.code, "out of memory while reporting an error");
  }
}

floe_status set_c_buffer(floe_buffer* out, std::string_view text, floe_error* error) noexcept {
  return base::set_c_buffer(out, text, error);
}

floe_status set_c_buffer_owning(floe_buffer* out, std::string&& text, floe_error* error) noexcept {
  return base::set_c_buffer_owning(out, std::move(text), error);
}

}  // namespace floe

extern "C" {

FLOE_EXTERN(void) floe_error_release(floe_error* error) {
  if (error == nullptr) return;
  if (error->release != nullptr) error->release(error);
  uint32_t size = error->struct_size;
  *error = floe_error FLOE_ERROR_INIT;
  if (size != 0) error->struct_size = size;
}

FLOE_EXTERN(void) floe_buffer_release(floe_buffer* buffer) {
  if (buffer == nullptr) return;
  if (buffer->release != nullptr) buffer->release(buffer);
  uint32_t size = buffer->struct_size;
  *buffer = floe_buffer FLOE_BUFFER_INIT;
  if (size != 0) buffer->struct_size = size;
}

}  // extern "C"
