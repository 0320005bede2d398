// Internal: a read-only view of a Boost.JSON value that knows its JSON
// pointer (built only when an error needs it) and turns every type or
// presence problem into Error{malformed} at that pointer.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

#include "iceberg/error.hpp"

namespace floe::iceberg::detail {

class Node {
 public:
  Node(const boost::json::value& value, std::string_view source, std::string_view operation)
      : value_(&value), source_(source), operation_(operation) {}

  const boost::json::value& value() const { return *value_; }
  std::string pointer() const;
  [[noreturn]] void fail(const std::string& what) const;

  const boost::json::object& object() const;
  const boost::json::array& array() const;
  std::string string() const;
  std::string_view string_view() const;
  int64_t int64() const;
  int int32() const;
  bool boolean() const;
  bool is_null() const { return value_->is_null(); }

  // A member: nullopt when absent (or null, if null_is_absent).
  std::optional<Node> find(std::string_view key, bool null_is_absent = true) const;
  // A required member: fails "missing required key" at this object's pointer.
  Node at(std::string_view key) const;
  Node at(size_t index) const;  // array element (the caller checks the size)

 private:
  Node(const boost::json::value& value, const Node* parent, std::string_view key, size_t index)
      : value_(&value), parent_(parent), key_(key), index_(index), source_(parent->source_),
        operation_(parent->operation_) {}
  static const char* kind_name(const boost::json::value& v);

  const boost::json::value* value_;
  const Node* parent_ = nullptr;
  std::string_view key_;
  size_t index_ = 0;
  std::string_view source_;
  std::string_view operation_;
};

// Parses JSON text with a depth bound; a syntax error is Error{malformed}
// located at "byte N (line L, column C)".
boost::json::value parse_json(std::string_view text, std::string_view source, std::string_view operation,
                              int max_depth, boost::json::storage_ptr storage = {});

// The same over a stream read in chunks (a file): the text is never held
// whole. Errors locate the byte, line and column in the stream.
boost::json::value parse_json(std::istream& in, std::string_view source, std::string_view operation, int max_depth,
                              boost::json::storage_ptr storage = {});

}  // namespace floe::iceberg::detail
