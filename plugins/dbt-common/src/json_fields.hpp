// Lenient reads of members of dbt's JSON (its log lines, run_results.json,
// dbt Cloud's answers): a member that is absent or of another type reads as
// empty, because these documents vary between dbt versions and runtimes and
// a missing detail must not lose the rest.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>

namespace floe::dbt_common {

inline std::string str(const boost::json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

inline const boost::json::object* obj(const boost::json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? &v->get_object() : nullptr;
}

inline double number(const boost::json::value* v) {
  if (v == nullptr) return 0;
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  return 0;
}

inline double number(const boost::json::object& o, const char* key) { return number(o.if_contains(key)); }

}  // namespace floe::dbt_common
