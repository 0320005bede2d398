#include "core/c_memory.hpp"

#include <boost/json/serialize.hpp>

#include <cstdlib>
#include <cstring>

namespace floe {
namespace {

char* copy_text(std::string_view text) noexcept {
  char* p = static_cast<char*>(std::malloc(text.size() + 1));
  if (p == nullptr) return nullptr;
  if (!text.empty()) std::memcpy(p, text.data(), text.size());
  p[text.size()] = '\0';
  return p;
}

void release_error(floe_error* error) {
  std::free(error->message);
  std::free(error->detail_json);
  error->message = nullptr;
  error->detail_json = nullptr;
  error->release = nullptr;
  error->private_data = nullptr;
}

// Buffers may carry secrets (floe_host_api.get_secret): wipe before freeing.
void release_buffer(floe_buffer* buffer) {
  // Wiped before it is freed (a result may hold what a plugin answered);
  // explicit_bzero is memset that the compiler may not drop.
  if (buffer->data != nullptr) explicit_bzero(buffer->data, buffer->length);
  std::free(buffer->data);
  buffer->data = nullptr;
  buffer->length = 0;
  buffer->release = nullptr;
  buffer->private_data = nullptr;
}

}  // namespace

floe_status set_c_error(floe_error* error, floe_status code, std::string_view message,
                        std::string_view detail_json) noexcept {
  if (error == nullptr) return code;
  if (error->release != nullptr) error->release(error);
  error->code = code;
  error->message = copy_text(message);
  error->detail_json = detail_json.empty() ? nullptr : copy_text(detail_json);
  error->release = &release_error;
  error->private_data = nullptr;
  return code;
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
  if (out == nullptr) return set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, "output buffer is NULL");
  char* p = copy_text(text);
  if (p == nullptr) return set_c_error(error, FLOE_ERR_INTERNAL, "out of memory");
  out->data = p;
  out->length = text.size();
  out->release = &release_buffer;
  out->private_data = nullptr;
  return FLOE_OK;
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
