// Errors are values inside the library: a Result<T> carries either a value or
// an Error with a floe status code, a message that says what to do, and
// optional structured detail that the C API hands out as detail_json.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <utility>
#include <variant>

#include "floe/core.h"

namespace floe {

struct Error {
  floe_status code = FLOE_ERR_UNKNOWN;
  std::string message;
  boost::json::object detail;
};

inline Error make_error(floe_status code, std::string message, boost::json::object detail = {}) {
  return Error{code, std::move(message), std::move(detail)};
}

template <class T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT

  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  T& value() & { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const T& value() const& { return std::get<0>(state_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const Error& error() const& { return std::get<1>(state_); }
  Error&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

// For operations that produce no value.
struct Ok {};

}  // namespace floe
