// Helpers for the iceberg tests that run against the REST fixture.
#pragma once

#include <catch2/catch.hpp>

#include <atomic>
#include <functional>
#include <string>

#include "iceberg/catalog_client.hpp"
#include "iceberg_rest_fixture.hpp"

namespace floe::test {

inline iceberg::ClientOptions options_for(const std::string& uri) {
  iceberg::ClientOptions o;
  o.uri = uri;
  o.connect_timeout = std::chrono::milliseconds(3000);
  o.request_timeout = std::chrono::milliseconds(20000);
  return o;
}

// A name no other case of the program uses.
inline std::string unique_name(const std::string& base) {
  static std::atomic<int> n{0};
  return base + "_" + std::to_string(::getpid()) + "_" + std::to_string(++n);
}

// A two-column schema (id long required, name string).
inline iceberg::Schema simple_schema() {
  iceberg::Schema s;
  iceberg::NestedField id;
  id.id = 1;
  id.name = "id";
  id.required = true;
  id.type.primitive = "long";
  iceberg::NestedField name;
  name.id = 2;
  name.name = "name";
  name.type.primitive = "string";
  s.fields = {id, name};
  return s;
}

// The error `f` throws (fails the test when it throws none).
inline iceberg::Error error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const iceberg::Error& e) {
    return e;
  }
  FAIL("no floe::iceberg::Error was thrown");
  throw std::logic_error("unreachable");
}

}  // namespace floe::test
