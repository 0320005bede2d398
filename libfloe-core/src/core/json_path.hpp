// Reading nested values of parsed documents by a key path, where absence is
// normal (optional manifest sections) rather than an error.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace floe {

// The value at root[k1][k2]..., or nullptr when a key is missing or a step is not an object.
const boost::json::value* find_path(const boost::json::value& root, std::initializer_list<std::string_view> keys);
const boost::json::value* find_path(const boost::json::object& root, std::initializer_list<std::string_view> keys);

// v[key] when v is an object that has it, else nullptr.
inline const boost::json::value* object_member(const boost::json::value& v, std::string_view key) {
  return v.is_object() ? v.get_object().if_contains(key) : nullptr;
}

// The value at the path, or null.
boost::json::value value_or_null(const boost::json::object& root, std::initializer_list<std::string_view> keys);

// The string at the path, or `fallback` when absent or not a string.
std::string string_at(const boost::json::value& root, std::initializer_list<std::string_view> keys,
                      std::string fallback = {});
std::string string_at(const boost::json::object& root, std::initializer_list<std::string_view> keys,
                      std::string fallback = {});

// The strings of the array at the path (non-strings skipped); empty when absent.
std::vector<std::string> strings_at(const boost::json::object& root, std::initializer_list<std::string_view> keys);

// A JSON array of the strings, in order (the reverse of strings_at).
inline boost::json::array json_strings(const std::vector<std::string>& items) {
  return boost::json::array(items.begin(), items.end());
}

}  // namespace floe
