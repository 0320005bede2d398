#include "capi/report_json.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "core/json_text.hpp"

namespace floe {

namespace {

void append_member(std::string& out, std::string_view key, std::string_view text) {
  if (out.back() != '{') out += ',';
  append_json_string(out, key);
  out += ':';
  out += text;
}

void append_text_member(std::string& out, std::string_view key, std::string_view value) {
  if (out.back() != '{') out += ',';
  append_json_string(out, key);
  out += ':';
  append_json_string(out, value);
}

// diagnostic_to_json(d), serialized.
void append_diagnostic(std::string& out, const Diagnostic& d) {
  out += '{';
  append_text_member(out, "severity", severity_name(d.severity));
  append_text_member(out, "code", d.code);
  if (!d.category.empty()) append_text_member(out, "category", d.category);
  append_text_member(out, "message", d.message);
  if (!d.where.file.empty()) append_text_member(out, "file", d.where.file);
  if (d.where.line > 0) append_member(out, "line", std::to_string(d.where.line));
  if (d.where.column > 0) append_member(out, "column", std::to_string(d.where.column));
  if (!d.subject.empty()) append_text_member(out, "subject", d.subject);
  if (!d.expected.empty()) append_text_member(out, "expected", d.expected);
  if (!d.actual.empty()) append_text_member(out, "actual", d.actual);
  if (!d.hint.empty()) append_text_member(out, "hint", d.hint);
  if (!d.override_applied.empty()) append_text_member(out, "override_applied", d.override_applied);
  if (!d.related.empty()) {
    append_member(out, "related", "[");
    for (const auto& r : d.related) {
      if (out.back() != '[') out += ',';
      out += '{';
      append_text_member(out, "file", r.where.file);
      if (r.where.line > 0) append_member(out, "line", std::to_string(r.where.line));
      if (r.where.column > 0) append_member(out, "column", std::to_string(r.where.column));
      if (!r.what.empty()) append_text_member(out, "what", r.what);
      out += '}';
    }
    out += ']';
  }
  out += '}';
}

}  // namespace

std::string compile_report_json_text(const CompileReport& r, const boost::json::object& head,
                                     const boost::json::object& tail) {
  std::string out = "{";
  for (const auto& [key, value] : head) append_member(out, key, boost::json::serialize(value));
  // compile_report_to_json's members in its order, the diagnostics written
  // directly (the test compares the two).
  append_text_member(out, "outcome", outcome_name(r.outcome));
  boost::json::value stages = compile_report_to_json(CompileReport{r.outcome, r.stages, {}, nullptr, {}, {}})
                                  .as_object()
                                  .at("stages");
  append_member(out, "stages", boost::json::serialize(stages));
  append_member(out, "diagnostics", "[");
  for (const auto& d : r.diagnostics.items()) {
    if (out.back() != '[') out += ',';
    append_diagnostic(out, d);
  }
  out += ']';
  append_member(out, "counts", fmt::format(R"({{"errors":{},"warnings":{}}})", r.diagnostics.count(Severity::error),
                                           r.diagnostics.count(Severity::warning)));
  append_member(out, "enforcement", boost::json::serialize(r.enforcement));
  boost::json::array written;
  for (const auto& w : r.written) written.push_back(boost::json::string(w));
  append_member(out, "written", boost::json::serialize(written));
  for (const auto& [key, value] : tail) append_member(out, key, boost::json::serialize(value));
  out += '}';
  return valid_utf8(std::move(out));
}

}  // namespace floe
