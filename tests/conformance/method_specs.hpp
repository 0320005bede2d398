// What the category spec (libfloe-core/abi/categories.py) says about each
// method, as scripts/gen-abi derives it for the kit: a valid sample request
// and the response's required top-level keys with their JSON kinds. Part of
// floe-conformance.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "floe/core.h"

namespace floe::conformance {

// The JSON kinds a documented value may have (a bit set).
enum JsonKind : unsigned {
  kString = 1,
  kInteger = 2,
  kNumber = 4,  // integer or not
  kBoolean = 8,
  kObject = 16,
  kArray = 32,
  kAnyKind = 63,
};

struct ResponseKey {
  const char* name;
  unsigned kinds;                     // JsonKind bits
  std::vector<std::string> literals;  // the only strings allowed; empty: any
};

struct MethodSpec {
  const char* category;
  const char* method;
  const char* sample_request;          // JSON object: every required key, plausible values
  std::vector<ResponseKey> keys;       // the response's required top-level keys
  std::vector<floe_status> refusals;   // documented with "| error STATUS"
};

// NULL when the spec has no such method.
const MethodSpec* method_spec(std::string_view category, std::string_view method);

// "a string", "an integer or a string", ... for messages.
std::string kinds_text(unsigned kinds);

}  // namespace floe::conformance
