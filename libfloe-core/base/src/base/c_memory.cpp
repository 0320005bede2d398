#include "base/c_memory.hpp"

#include <cstdlib>
#include <cstring>
#include <utility>
#include <string>

namespace floe::base {
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

void release_buffer(floe_buffer* buffer) {
  if (buffer->data != nullptr) wipe(buffer->data, buffer->length);
  std::free(buffer->data);
  buffer->data = nullptr;
  buffer->length = 0;
  buffer->release = nullptr;
  buffer->private_data = nullptr;
}

// A buffer whose text is a std::string it owns (private_data).
void release_owned_string(floe_buffer* buffer) {
  auto* text = static_cast<std::string*>(buffer->private_data);
  if (text != nullptr) wipe(text->data(), text->size());
  delete text;
  buffer->data = nullptr;
  buffer->length = 0;
  buffer->release = nullptr;
  buffer->private_data = nullptr;
}

}  // namespace

void wipe(void* data, std::size_t size) noexcept {
  if (data != nullptr && size != 0) explicit_bzero(data, size);
}

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

floe_status set_c_buffer_owning(floe_buffer* out, std::string&& text, floe_error* error) noexcept {
  if (out == nullptr) return set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, "output buffer is NULL");
  std::string* owned = nullptr;
  try {
    owned = new std::string(std::move(text));
  } catch (...) {
    return set_c_error(error, FLOE_ERR_INTERNAL, "out of memory");
  }
  out->data = owned->data();
  out->length = owned->size();
  out->release = &release_owned_string;
  out->private_data = owned;
  return FLOE_OK;
}

}  // namespace floe::base
