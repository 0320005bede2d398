// Catching floe::sdk::error in tests: the status code and message a call
// failed with.
#pragma once

#include <string>

#include "floe/plugin.hpp"

namespace floe::test {

struct Failure {
  floe_status code = FLOE_OK;  // FLOE_OK when the call did not throw
  std::string message;
};

template <class Call>
Failure failure_of(Call&& call) {
  try {
    call();
  } catch (const floe::sdk::error& e) {
    return {e.code(), e.what()};
  }
  return {};
}

}  // namespace floe::test
