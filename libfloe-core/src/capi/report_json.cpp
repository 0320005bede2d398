#include "capi/report_json.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "base/json_text.hpp"

namespace floe {

std::string compile_report_json_text(const CompileReport& r, const boost::json::object& head,
                                     const boost::json::object& tail, std::string_view sarif_text) {
  std::string out;
  // Roughly what it will take (a diagnostic is ~400 bytes, once in the
  // diagnostics and often again in the enforcement result), so a report of
  // thousands of findings is not copied every time the string doubles.
  out.reserve(4096 + r.diagnostics.items().size() * 800 + r.enforcement_json.size() + sarif_text.size());
  out += '{';
  for (const auto& [key, value] : head) append_json_member(out, key, boost::json::serialize(value));
  // compile_report_to_json's members in its order, written directly (the
  // test compares the two).
  append_json_string_member(out, "outcome", outcome_name(r.outcome));
  append_json_member(out, "stages", "");
  append_stages_json(out, r.stages);
  append_json_member(out, "diagnostics", "");
  append_diagnostics_json(out, r.diagnostics.items());
  append_json_member(out, "counts", fmt::format(R"({{"errors":{},"warnings":{}}})", r.diagnostics.count(Severity::error),
                                           r.diagnostics.count(Severity::warning)));
  append_json_member(out, "enforcement", r.enforcement_json);
  boost::json::array written;
  for (const auto& w : r.written) written.push_back(boost::json::string(w));
  append_json_member(out, "written", boost::json::serialize(written));
  for (const auto& [key, value] : tail) append_json_value_member(out, key, value);
  if (!sarif_text.empty()) append_json_member(out, "sarif", sarif_text);
  out += '}';
  return valid_utf8(std::move(out));
}

}  // namespace floe
