// Reading a report's fields for printing: the library's JSON reports are
// checked against their schemas, so a field that is absent or of another
// type prints as empty instead of stopping the CLI. Every string is made
// terminal-safe here (control characters escaped): reports and run events
// carry text from outside (dbt's messages, model and table names).
#pragma once

#include <boost/json.hpp>

#include <string>
#include <string_view>

#include "diag/diagnostic.hpp"

namespace floe::cli {

// A field as the report holds it, not made safe yet ("" when absent).
inline std::string_view raw_field(const boost::json::object& o, const char* key) {
  const auto* f = o.if_contains(key);
  return f != nullptr && f->is_string() ? std::string_view(f->get_string()) : std::string_view();
}

inline std::string_view raw_field(const boost::json::value& v, const char* key) {
  return v.is_object() ? raw_field(v.get_object(), key) : std::string_view();
}

inline std::string string_field(const boost::json::object& o, const char* key) {
  return terminal_safe(raw_field(o, key));
}

inline std::string string_field(const boost::json::value& v, const char* key) {
  return terminal_safe(raw_field(v, key));
}

// string_field appended to `out`, without a copy when the field needs no
// escape (a large report's fields are printed by the tens of thousands).
template <typename Buffer>
void append_field(Buffer& out, const boost::json::value& v, const char* key) {
  const std::string_view text = raw_field(v, key);
  if (is_terminal_safe(text)) out.append(text.data(), text.data() + text.size());
  else {
    const std::string safe = terminal_safe(text);
    out.append(safe.data(), safe.data() + safe.size());
  }
}

// A report's `result`: the library leaves it out when an operation failed
// before producing one (a missing input file); null then.
inline const boost::json::value& result_of(const boost::json::value& report) {
  static const boost::json::value none;
  const auto* r = report.is_object() ? report.get_object().if_contains("result") : nullptr;
  return r != nullptr ? *r : none;
}

}  // namespace floe::cli
