#include "core/json_path.hpp"

#include <boost/json.hpp>

namespace floe {

const boost::json::value* find_path(const boost::json::object& root, std::initializer_list<std::string_view> keys) {
  const boost::json::object* obj = &root;
  const boost::json::value* v = nullptr;
  for (std::string_view k : keys) {
    if (!obj) return nullptr;
    v = obj->if_contains(k);
    if (!v) return nullptr;
    obj = v->if_object();
  }
  return v;
}

const boost::json::value* find_path(const boost::json::value& root, std::initializer_list<std::string_view> keys) {
  const auto* obj = root.if_object();
  return obj ? find_path(*obj, keys) : nullptr;
}

boost::json::value value_or_null(const boost::json::object& root, std::initializer_list<std::string_view> keys) {
  const boost::json::value* v = find_path(root, keys);
  return v ? *v : boost::json::value(nullptr);
}

std::string string_at(const boost::json::object& root, std::initializer_list<std::string_view> keys,
                      std::string fallback) {
  const boost::json::value* v = find_path(root, keys);
  return v && v->is_string() ? std::string(v->as_string()) : fallback;
}

std::string string_at(const boost::json::value& root, std::initializer_list<std::string_view> keys,
                      std::string fallback) {
  const auto* obj = root.if_object();
  return obj ? string_at(*obj, keys, std::move(fallback)) : fallback;
}

std::vector<std::string> strings_at(const boost::json::object& root, std::initializer_list<std::string_view> keys) {
  std::vector<std::string> out;
  if (const boost::json::value* v = find_path(root, keys); v && v->is_array())
    for (const auto& e : v->as_array())
      if (e.is_string()) out.emplace_back(e.as_string());
  return out;
}

}  // namespace floe
