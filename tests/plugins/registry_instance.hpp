// One plugin instance in the test process, found by libfloe-core's registry
// in the build tree: for plugins whose state lives as long as the instance
// (a cached access token, pipeline ids), which `floe plugins call` (an
// instance per call) cannot show.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "floe/registry.h"
#include "registry_outcome.hpp"

namespace floe::test {

class RegistryInstance {
 public:
  RegistryInstance(const char* category, const char* type, const std::string& config) {
    static RegistryPtr registry = build_tree_registry();
    auto opened = outcome_of([&](floe_buffer*, floe_error* error) {
      return floe_registry_open(registry.get(), category, type, config.c_str(), &handle_, error);
    });
    INFO(opened.body);
    REQUIRE(opened.status == FLOE_OK);
  }
  ~RegistryInstance() { floe_handle_free(handle_); }
  RegistryInstance(const RegistryInstance&) = delete;
  RegistryInstance& operator=(const RegistryInstance&) = delete;

  Outcome call(const std::string& method, const std::string& request) const {
    return outcome_of([&](floe_buffer* out, floe_error* error) {
      return floe_handle_call(handle_, method.c_str(), request.c_str(), out, error);
    });
  }

 private:
  floe_handle* handle_ = nullptr;
};

}  // namespace floe::test
