#include "diag/compile_report.hpp"

#include <boost/json.hpp>

namespace floe {

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::ok: return "ok";
    case Outcome::usage: return "usage";
    case Outcome::invalid_input: return "invalid_input";
    case Outcome::verification_failure: return "verification_failure";
    case Outcome::policy_violation: return "policy_violation";
    case Outcome::plugin_failure: return "plugin_failure";
    case Outcome::network_failure: return "network_failure";
    case Outcome::io_failure: return "io_failure";
  }
  return "ok";
}

namespace {
Outcome outcome_of_code(const std::string& code) {
  // FLOE-<letter><digits>
  if (code.size() < 6) return Outcome::invalid_input;
  char kind = code[5];
  if (kind == 'C' || kind == 'D') return Outcome::invalid_input;
  if (kind == 'I') {
    if (code == "FLOE-I401" || code == "FLOE-I402" || code == "FLOE-I403" || code == "FLOE-I410")
      return Outcome::invalid_input;
    return Outcome::policy_violation;
  }
  if (kind == 'E' || kind == 'S') return Outcome::policy_violation;
  if (kind == 'P') return Outcome::plugin_failure;
  if (kind == 'O') return Outcome::io_failure;
  if (kind == 'U') return Outcome::usage;
  if (kind == 'T') return Outcome::policy_violation;
  if (kind == 'R') {
    // Artifacts on OCI targets (docs/user-guide.md#artifact-codes).
    if (code == "FLOE-R901" || code == "FLOE-R902") return Outcome::network_failure;
    if (code == "FLOE-R904" || code == "FLOE-R905") return Outcome::verification_failure;
    if (code == "FLOE-R906") return Outcome::policy_violation;
    if (code == "FLOE-R908") return Outcome::io_failure;
    return Outcome::invalid_input;  // R903 not found, R907 bad reference or version
  }
  return Outcome::invalid_input;
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
  return make_diagnostic("FLOE-O801", "io", message, SourceLocation{path, 0, 0}, {},
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
  o["enforcement"] = r.enforcement;
  boost::json::array written;
  for (const auto& w : r.written) written.push_back(boost::json::string(w));
  o["written"] = std::move(written);
  return o;
}

}  // namespace floe
