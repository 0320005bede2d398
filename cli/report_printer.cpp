#include "report_printer.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <cstdio>

#include "exit_codes.hpp"
#include "result_stream.hpp"

namespace floe::cli {
namespace json = boost::json;

namespace {

std::string str(const json::value& v, const char* key) {
  auto* f = v.as_object().if_contains(key);
  return f && f->is_string() ? std::string(f->as_string()) : std::string();
}

std::int64_t num(const json::value& v, const char* key) {
  auto* f = v.as_object().if_contains(key);
  return f && f->is_int64() ? f->as_int64() : 0;
}

std::string mark(const std::string& status, const Terminal& term) {
  if (status == "ok") return term.green("✓");
  if (status == "error") return term.red("✗");
  if (status == "warning") return term.yellow("!");
  return term.dim("-");
}

// Appends one diagnostic's text to `out`.
void format_diagnostic(fmt::memory_buffer& out, const json::value& d, const Terminal& term) {
  std::string where = str(d, "file");
  if (!where.empty()) {
    if (num(d, "line") > 0) where += fmt::format(":{}", num(d, "line"));
    if (num(d, "column") > 0) where += fmt::format(":{}", num(d, "column"));
    where += ": ";
  }
  std::string severity = str(d, "severity");
  std::string label = severity == "error" ? term.red("error", true)
                      : severity == "warning" ? term.yellow("warning", true)
                                              : term.dim("note", true);
  auto to = std::back_inserter(out);
  fmt::format_to(to, "{}{} {}: {}\n", where, label, term.bold(str(d, "code"), true), str(d, "message"));
  if (auto e = str(d, "expected"); !e.empty()) fmt::format_to(to, "    expected: {}\n", e);
  if (auto a = str(d, "actual"); !a.empty()) fmt::format_to(to, "    found:    {}\n", a);
  if (auto h = str(d, "hint"); !h.empty()) fmt::format_to(to, "    fix:      {}\n", h);
  if (auto o = str(d, "override_applied"); !o.empty()) fmt::format_to(to, "    override: {}\n", o);
  // The other places a finding is about: a contract column's model column, say.
  if (const auto* related = d.as_object().if_contains("related"); related != nullptr && related->is_array())
    for (const auto& r : related->as_array()) {
      std::string at = str(r, "file");
      if (num(r, "line") > 0) at += fmt::format(":{}", num(r, "line"));
      if (num(r, "column") > 0) at += fmt::format(":{}", num(r, "column"));
      std::string what = str(r, "what");
      fmt::format_to(to, "    see:      {}{}\n", at, what.empty() ? "" : ": " + what);
    }
}

}  // namespace

void print_report(const json::value& report, const Terminal& term) {
  const auto& stages = report.at("stages").as_array();
  std::size_t n = stages.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto& s = stages[i];
    fmt::print(result_stream(), "[{}/{}] {}\n", i + 1, n + 1, str(s, "title"));
    for (const auto& line : s.at("lines").as_array()) {
      std::string status = str(line, "status");
      std::string text = str(line, "text");
      std::string prefix = status == "error" ? "ERROR: " : status == "warning" ? "WARNING: " : "";
      fmt::print(result_stream(), "  {} {}{}\n", mark(status, term), prefix, text);
    }
  }
  std::string outcome = str(report, "outcome");
  const auto& counts = report.at("counts");
  std::string summary = fmt::format("{} errors, {} warnings", num(counts, "errors"), num(counts, "warnings"));
  if (outcome == "ok")
    fmt::print(result_stream(), "[{}/{}] {} ({})\n", n + 1, n + 1, term.green("Succeeded"), summary);
  else
    fmt::print(result_stream(), "[{}/{}] {} ({}: {})\n", n + 1, n + 1, term.red("FAILED"), outcome, summary);
  if (!report.at("diagnostics").as_array().empty()) {
    std::fflush(result_stream());  // stages first, then the details, also when both streams go to one pipe
    fmt::print(stderr, "\n");
    print_diagnostics(report, term);
  }
}

// stderr is unbuffered: written a diagnostic at a time, a 10k-model project's
// findings took tens of thousands of write calls. Written in 64 KiB pieces.
void print_diagnostics(const json::value& report, const Terminal& term) {
  fmt::memory_buffer text;
  for (const auto& d : report.at("diagnostics").as_array()) {
    format_diagnostic(text, d, term);
    if (text.size() >= 64 * 1024) {
      std::fwrite(text.data(), 1, text.size(), stderr);
      text.clear();
    }
  }
  std::fwrite(text.data(), 1, text.size(), stderr);
}

int exit_code_for_outcome(const json::value& report) {
  std::string outcome = str(report, "outcome");
  if (outcome == "ok") return kExitOk;
  if (outcome == "usage") return kExitUsage;
  if (outcome == "invalid_input") return kExitInvalidInput;
  if (outcome == "policy_violation") return kExitPolicyViolation;
  if (outcome == "plugin_failure") return kExitPlugin;
  if (outcome == "io_failure") return kExitIo;
  if (outcome == "network_failure") return kExitNetwork;
  if (outcome == "verification_failure") return kExitVerification;
  if (outcome == "run_failure") return kExitRunFailed;
  if (outcome == "test_failure") return kExitTestsFailed;
  if (outcome == "busy") return kExitBusy;
  if (outcome == "interrupted") return kExitInterrupted;
  if (outcome == "timed_out") return kExitTimedOut;
  return kExitInternal;
}

}  // namespace floe::cli
