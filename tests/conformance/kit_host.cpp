#include "kit_host.hpp"

#include <boost/json.hpp>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>

namespace floe::conformance {
namespace {

bool g_verbose = false;

void kit_release_error(floe_error* e) {
  std::free(e->message);
  std::free(e->detail_json);
  e->message = nullptr;
  e->detail_json = nullptr;
  e->release = nullptr;
}

floe_status kit_set_error(floe_error* e, floe_status code, const char* message) {
  if (e == nullptr) return code;
  if (e->release != nullptr) e->release(e);
  e->code = code;
  e->message = ::strdup(message != nullptr ? message : "");
  e->detail_json = nullptr;
  e->release = &kit_release_error;
  return code;
}

void kit_release_buffer(floe_buffer* b) {
  if (b->data != nullptr) std::memset(b->data, 0, b->length);
  std::free(b->data);
  b->data = nullptr;
  b->length = 0;
  b->release = nullptr;
}

floe_status kit_set_buffer(floe_buffer* out, const char* data, size_t length, floe_error* error) {
  if (out == nullptr) return kit_set_error(error, FLOE_ERR_INVALID_ARGUMENT, "set_buffer: out is NULL");
  char* copy = static_cast<char*>(std::malloc(length + 1));
  if (copy == nullptr) return kit_set_error(error, FLOE_ERR_INTERNAL, "out of memory");
  if (length > 0) std::memcpy(copy, data, length);
  copy[length] = '\0';
  out->data = copy;
  out->length = length;
  out->release = &kit_release_buffer;
  return FLOE_OK;
}

void kit_log(void*, int32_t level, const char* plugin, const char* message) {
  if (g_verbose) std::cerr << "[plugin " << (plugin ? plugin : "?") << " " << level << "] " << message << "\n";
}

floe_status kit_get_config(void*, const char* key, floe_buffer* out, floe_error* error) {
  if (key != nullptr && std::string_view(key) == "floe.version") {
    std::string v = boost::json::serialize(boost::json::value(floe_version_string()));
    return kit_set_buffer(out, v.data(), v.size(), error);
  }
  return kit_set_error(error, FLOE_ERR_NOT_FOUND, "the conformance kit's host knows only floe.version");
}

floe_status kit_get_secret(void*, const char* reference, floe_buffer* out, floe_error* error) {
  std::string_view ref = reference != nullptr ? reference : "";
  if (ref.rfind("env:", 0) == 0) {
    if (const char* v = std::getenv(std::string(ref.substr(4)).c_str())) return kit_set_buffer(out, v, std::strlen(v), error);
  }
  return kit_set_error(error, FLOE_ERR_NOT_FOUND, "secret reference not resolved by the conformance kit");
}

// Events go to stderr with --verbose; the kit runs no operation, so nothing
// is ever cancelled.
void kit_emit_event(void*, const char* event_json, size_t length) {
  if (g_verbose && event_json != nullptr) std::cerr << "[plugin event] " << std::string_view(event_json, length) << "\n";
}

int32_t kit_cancel_requested(void*) { return 0; }

}  // namespace

const floe_host_api kKitHost = {sizeof(floe_host_api), FLOE_ABI_VERSION, nullptr,           &kit_log,
                                &kit_get_config,       &kit_get_secret,   &kit_set_error,    &kit_set_buffer,
                                &kit_emit_event,       &kit_cancel_requested};

void set_verbose(bool v) { g_verbose = v; }
bool verbose() { return g_verbose; }

}  // namespace floe::conformance
