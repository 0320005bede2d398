// Calling libfloe-core's C API from tests: the status and the JSON answer
// (or the error message) of one call, with the buffers released.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "floe/registry.h"

namespace floe::test {

struct Outcome {
  floe_status status = FLOE_OK;
  std::string body;  // the JSON document on FLOE_OK, else the error message
};

// `call(floe_buffer* out, floe_error* error)` returns a floe_status.
template <class Call>
Outcome outcome_of(Call&& call) {
  floe_buffer out = FLOE_BUFFER_INIT;
  floe_error error = FLOE_ERROR_INIT;
  Outcome outcome;
  outcome.status = call(&out, &error);
  if (outcome.status == FLOE_OK)
    outcome.body.assign(out.data, out.length);
  else if (error.message != nullptr)
    outcome.body = error.message;
  floe_buffer_release(&out);
  floe_error_release(&error);
  return outcome;
}

using RegistryPtr = std::unique_ptr<floe_registry, decltype(&floe_registry_free)>;

// A registry that searches only <libdir of libfloe-core>/floe/plugins: in the
// build tree, where the reference plugins are built. Throws
// std::runtime_error with the library's message when it cannot be made.
inline RegistryPtr build_tree_registry(uint32_t isolation = FLOE_ISOLATION_MANIFEST) {
  floe_registry_options options = FLOE_REGISTRY_OPTIONS_INIT;
  options.search_flags = FLOE_SEARCH_PREFIX;
  options.isolation = isolation;
  floe_registry* registry = nullptr;
  floe_error error = FLOE_ERROR_INIT;
  floe_status status = floe_registry_new(&registry, &options, &error);
  std::string message = error.message != nullptr ? error.message : "";
  floe_error_release(&error);
  if (status != FLOE_OK) throw std::runtime_error("floe_registry_new failed: " + message);
  return {registry, &floe_registry_free};
}

}  // namespace floe::test
