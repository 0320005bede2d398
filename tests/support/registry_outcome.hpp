// Calling libfloe-core's C API from tests: the status and the JSON answer
// (or the error message) of one call, with the buffers released.
#pragma once

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

}  // namespace floe::test
