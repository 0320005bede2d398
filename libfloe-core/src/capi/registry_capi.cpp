// The C API of floe/registry.h: a thin shell over floe::Registry. Every entry
// point catches everything: no exception ever leaves libfloe-core.
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <filesystem>

#include "capi/guarded.hpp"
#include "core/c_memory.hpp"
#include "base/json_text.hpp"
#include "floe/registry.h"
#include "plugin/crash_guard.hpp"
#include "plugin/loader.hpp"
#include "plugin/registry.hpp"

using floe::Registry;

struct floe_registry {
  Registry impl;
  explicit floe_registry(floe::RegistryOptions o) : impl(std::move(o)) {}
};

namespace {

floe::Instance* as_instance(floe_handle* h) { return reinterpret_cast<floe::Instance*>(h); }

using floe::guarded;

template <class T>
floe_status to_buffer(floe::Result<T>&& result, floe_buffer* out, floe_error* error) {
  if (!result) return floe::set_c_error(error, result.error());
  if constexpr (std::is_same_v<T, std::string>)
    return floe::set_c_buffer(out, result.value(), error);
  else
    return floe::set_c_buffer(out, boost::json::serialize(result.value()), error);
}

floe_status null_argument(floe_error* error, const char* what) {
  return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, fmt::format("{} must not be NULL", what));
}

}  // namespace

extern "C" {

FLOE_EXTERN(floe_status) floe_registry_new(floe_registry** out, const floe_registry_options* options,
                                           floe_error* error) {
  if (out == nullptr) return null_argument(error, "out");
  return guarded(error, [&] {
    floe::RegistryOptions o;
    if (options != nullptr) {
      // Read only the prefix of the options struct the caller knows.
      if (options->struct_size >= offsetof(floe_registry_options, search_flags) + sizeof(uint32_t))
        o.search_flags = options->search_flags;
      if (options->struct_size >= offsetof(floe_registry_options, extra_roots) + sizeof(const char*) &&
          options->extra_roots != nullptr)
        o.extra_roots = options->extra_roots;
      if (options->struct_size >= offsetof(floe_registry_options, log_payload) + sizeof(void*)) {
        o.log = options->log;
        o.log_payload = options->log_payload;
      }
      if (options->struct_size >= offsetof(floe_registry_options, isolation) + sizeof(uint32_t)) {
        if (options->isolation > FLOE_ISOLATION_IN_PROCESS)
          return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT,
                                   fmt::format("options.isolation is {}; expected FLOE_ISOLATION_MANIFEST (0), "
                                               "FLOE_ISOLATION_PROCESS (1) or FLOE_ISOLATION_IN_PROCESS (2)",
                                               options->isolation));
        o.isolation = options->isolation;
      }
      if (options->struct_size >= offsetof(floe_registry_options, call_timeout_ms) + sizeof(uint32_t)) {
        if (options->call_timeout_ms > floe::kMaxCallTimeoutMs)
          return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT,
                                   fmt::format("options.call_timeout_ms is {}; at most {} (a day), or 0 for the default",
                                               options->call_timeout_ms, floe::kMaxCallTimeoutMs));
        o.call_timeout_ms = options->call_timeout_ms;
      }
    }
    *out = new floe_registry(std::move(o));
    return FLOE_OK;
  });
}

FLOE_EXTERN(void) floe_registry_free(floe_registry* registry) { delete registry; }

FLOE_EXTERN(floe_status) floe_install_crash_handler(int exit_code, floe_error* error) {
  if (exit_code < 0 || exit_code > 255)
    return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, "exit_code must be 0..255");
  if (!floe::install_crash_handler(exit_code))
    return floe::set_c_error(error, FLOE_ERR_INTERNAL, "could not install the signal handlers or the signal stack");
  return FLOE_OK;
}

FLOE_EXTERN(floe_status) floe_registry_list(floe_registry* registry, floe_buffer* out, floe_error* error) {
  if (registry == nullptr) return null_argument(error, "registry");
  return guarded(error, [&] {
    return floe::set_c_buffer(out, registry->impl.list_json(), error);
  });
}

FLOE_EXTERN(floe_status) floe_registry_doctor(floe_registry* registry, int load_all, floe_buffer* out,
                                              floe_error* error) {
  if (registry == nullptr) return null_argument(error, "registry");
  return guarded(error, [&] {
    return floe::set_c_buffer(out, registry->impl.doctor_json(load_all != 0), error);
  });
}

FLOE_EXTERN(floe_status) floe_registry_info(floe_registry* registry, const char* category, const char* name,
                                            floe_buffer* out, floe_error* error) {
  if (registry == nullptr || category == nullptr || name == nullptr)
    return null_argument(error, "registry, category and name");
  return guarded(error, [&] { return to_buffer(registry->impl.info_json(category, name), out, error); });
}

FLOE_EXTERN(floe_status) floe_registry_check_composition(floe_registry* registry, const char* selection_json,
                                                         floe_error* error) {
  if (registry == nullptr || selection_json == nullptr) return null_argument(error, "registry and selection_json");
  return guarded(error, [&] {
    auto parsed = floe::parse_json(selection_json, "selection");
    if (!parsed) return floe::set_c_error(error, parsed.error());
    if (!parsed->is_object())
      return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT,
                               "selection must be a JSON object such as {\"compute\": \"duckdb\"}");
    auto result = registry->impl.check_composition(parsed->get_object());
    return result ? FLOE_OK : floe::set_c_error(error, result.error());
  });
}

FLOE_EXTERN(floe_status) floe_registry_open(floe_registry* registry, const char* category, const char* name,
                                            const char* config_json, floe_handle** out, floe_error* error) {
  if (registry == nullptr || category == nullptr || name == nullptr || out == nullptr)
    return null_argument(error, "registry, category, name and out");
  return guarded(error, [&] {
    auto result = registry->impl.open(category, name, config_json != nullptr ? config_json : "");
    if (!result) return floe::set_c_error(error, result.error());
    *out = reinterpret_cast<floe_handle*>(result.value());
    return FLOE_OK;
  });
}

FLOE_EXTERN(floe_status) floe_handle_call(floe_handle* handle, const char* method, const char* request_json,
                                          floe_buffer* out, floe_error* error) {
  if (handle == nullptr || method == nullptr) return null_argument(error, "handle and method");
  return guarded(error, [&] {
    floe::Instance* i = as_instance(handle);
    return to_buffer(i->registry->call(*i, method, request_json != nullptr ? request_json : ""), out, error);
  });
}

FLOE_EXTERN(floe_status) floe_handle_health_check(floe_handle* handle, floe_buffer* out, floe_error* error) {
  if (handle == nullptr) return null_argument(error, "handle");
  return guarded(error, [&] {
    floe::Instance* i = as_instance(handle);
    return to_buffer(i->registry->health_check(*i), out, error);
  });
}

FLOE_EXTERN(floe_status) floe_handle_config(floe_handle* handle, floe_buffer* out, floe_error* error) {
  if (handle == nullptr) return null_argument(error, "handle");
  return guarded(error, [&] {
    return floe::set_c_buffer(out, boost::json::serialize(as_instance(handle)->config), error);
  });
}

FLOE_EXTERN(void) floe_handle_free(floe_handle* handle) {
  if (handle == nullptr) return;
  try {
    floe::Instance* i = as_instance(handle);
    i->registry->close(i);
  } catch (...) {
    // Nothing sensible to report from a void destructor-like call.
  }
}

FLOE_EXTERN(floe_status) floe_plugin_describe_library(const char* library_path, const char* entrypoint,
                                                      floe_buffer* out, floe_error* error) {
  if (library_path == nullptr) return null_argument(error, "library_path");
  return guarded(error, [&] {
    static auto* host = new floe::HostApi(nullptr, nullptr);  // never freed: the plugin may keep the table
    std::string path = std::filesystem::absolute(library_path).lexically_normal().string();
    std::string kind;
    auto loaded = floe::load_library(path, entrypoint != nullptr ? entrypoint : "", host->table(), kind);
    if (!loaded) return floe::set_c_error(error, loaded.error());
    auto doc = floe::manifest_document(*loaded->plugin.descriptor, loaded->plugin.min_host_abi, loaded->category->name,
                                       std::filesystem::path(path).filename().string(), loaded->manifest.entrypoint);
    return floe::set_c_buffer(out, floe::pretty_json(doc), error);
  });
}

}  // extern "C"
