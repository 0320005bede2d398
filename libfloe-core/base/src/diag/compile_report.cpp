#include "diag/compile_report.hpp"

#include "base/json_text.hpp"

#include <boost/json.hpp>

#include "diag/code_catalog.hpp"
#include "diag/codes.hpp"

namespace floe {

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::ok: return "ok";
    case Outcome::usage: return "usage";
    case Outcome::interrupted: return "interrupted";
    case Outcome::timed_out: return "timed_out";
    case Outcome::busy: return "busy";
    case Outcome::invalid_input: return "invalid_input";
    case Outcome::verification_failure: return "verification_failure";
    case Outcome::policy_violation: return "policy_violation";
    case Outcome::plugin_failure: return "plugin_failure";
    case Outcome::network_failure: return "network_failure";
    case Outcome::io_failure: return "io_failure";
    case Outcome::run_failure: return "run_failure";
    case Outcome::test_failure: return "test_failure";
  }
  return "ok";
}

namespace {
// A code no table declares (a plugin's own) counts as invalid input.
Outcome outcome_of_code(const std::string& code) {
  const CodeInfo* info = describe_code(code);
  return info != nullptr ? info->outcome : Outcome::invalid_input;
}
}  // namespace

Outcome outcome_from(const Diagnostics& diags) {
  Outcome worst = Outcome::ok;
  for (const auto& d : diags.items()) {
    if (d.severity != Severity::error) continue;
    Outcome o = outcome_of_code(d.code);
    // Invalid input is reported before policy: a policy verdict on a broken
    // file would be noise.
    if (worst == Outcome::ok || static_cast<int>(o) < static_cast<int>(worst)) worst = o;
  }
  return worst;
}

Diagnostic output_write_failure(const std::string& path, const std::string& message) {
  return make_diagnostic(codes::O801, "io", message, SourceLocation{path, 0, 0}, {},
                         "check that the output directory is writable (-o DIR chooses another)");
}

boost::json::value compile_report_to_json(const CompileReport& r) {
  boost::json::object o;
  o["outcome"] = outcome_name(r.outcome);
  boost::json::array stages;
  for (const auto& s : r.stages) {
    boost::json::array lines;
    for (const auto& l : s.lines) lines.push_back(boost::json::object{{"status", l.status}, {"text", l.text}});
    stages.push_back(boost::json::object{{"title", s.title}, {"ok", s.ok}, {"lines", std::move(lines)}});
  }
  o["stages"] = std::move(stages);
  boost::json::array diags;
  for (const auto& d : r.diagnostics.items()) diags.push_back(diagnostic_to_json(d));
  o["diagnostics"] = std::move(diags);
  o["counts"] = boost::json::object{{"errors", r.diagnostics.count(Severity::error)},
                                    {"warnings", r.diagnostics.count(Severity::warning)}};
  o["enforcement"] = boost::json::parse(r.enforcement_json);
  boost::json::array written;
  for (const auto& w : r.written) written.push_back(boost::json::string(w));
  o["written"] = std::move(written);
  return o;
}

void append_stages_json(std::string& out, const std::deque<Stage>& stages) {
  out += '[';
  for (const auto& s : stages) {
    if (out.back() != '[') out += ',';
    out += '{';
    append_json_string_member(out, "title", s.title);
    append_json_member(out, "ok", s.ok ? "true" : "false");
    append_json_member(out, "lines", "[");
    for (const auto& l : s.lines) {
      if (out.back() != '[') out += ',';
      out += '{';
      append_json_string_member(out, "status", l.status);
      append_json_string_member(out, "text", l.text);
      out += '}';
    }
    out += "]}";
  }
  out += ']';
}

CompileReport compile_report_from_json(const boost::json::value& json) {
  CompileReport r;
  const boost::json::object& o = json.as_object();
  if (auto* stages = o.if_contains("stages"); stages != nullptr && stages->is_array())
    for (const auto& s : stages->as_array()) {
      const auto& stage = s.as_object();
      Stage& st = r.stage(std::string(stage.at("title").as_string()));
      st.ok = stage.at("ok").as_bool();
      for (const auto& l : stage.at("lines").as_array())
        st.lines.push_back({std::string(l.at("status").as_string()), std::string(l.at("text").as_string())});
    }
  if (auto* diags = o.if_contains("diagnostics"); diags != nullptr && diags->is_array())
    for (const auto& d : diags->as_array()) r.diagnostics.add(diagnostic_from_json(d.as_object()));
  if (auto* e = o.if_contains("enforcement")) r.enforcement_json = boost::json::serialize(*e);
  if (auto* w = o.if_contains("written"); w != nullptr && w->is_array())
    for (const auto& path : w->as_array()) r.written.emplace_back(path.as_string());
  r.outcome = outcome_from(r.diagnostics);
  return r;
}

}  // namespace floe
