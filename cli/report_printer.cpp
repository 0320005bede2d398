#include "report_printer.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <cstdio>
#include <stdexcept>

#include "c_api.hpp"
#include "exit_codes.hpp"
#include "result_stream.hpp"
#include "report_fields.hpp"
#include "report_parse.hpp"

namespace floe::cli {
namespace json = boost::json;

namespace {

std::int64_t num(const json::value& v, const char* key) {
  auto* f = v.as_object().if_contains(key);
  return f && f->is_int64() ? f->as_int64() : 0;
}

std::string mark(std::string_view status, const Terminal& term) {
  if (status == "ok") return term.green("✓");
  if (status == "error") return term.red("✗");
  if (status == "warning") return term.yellow("!");
  return term.dim("-");
}

// Appends one diagnostic's text to `out`, each field terminal-safe.
void format_diagnostic(fmt::memory_buffer& out, const json::value& d, const Terminal& term) {
  auto to = std::back_inserter(out);
  if (!raw_field(d, "file").empty()) {
    append_field(out, d, "file");
    if (num(d, "line") > 0) fmt::format_to(to, ":{}", num(d, "line"));
    if (num(d, "column") > 0) fmt::format_to(to, ":{}", num(d, "column"));
    out.append(std::string_view(": "));
  }
  const std::string_view severity = raw_field(d, "severity");
  const std::string label = severity == "error"     ? term.red("error", true)
                            : severity == "warning" ? term.yellow("warning", true)
                                                    : term.dim("note", true);
  fmt::format_to(to, "{} {}: ", label, term.bold(terminal_safe(raw_field(d, "code")), true));
  append_field(out, d, "message");
  out.push_back('\n');
  for (const auto& [key, label_text] : {std::pair{"expected", "    expected: "}, std::pair{"actual", "    found:    "},
                                        std::pair{"hint", "    fix:      "},
                                        std::pair{"override_applied", "    override: "}}) {
    if (raw_field(d, key).empty()) continue;
    out.append(std::string_view(label_text));
    append_field(out, d, key);
    out.push_back('\n');
  }
  // The other places a finding is about: a contract column's model column, say.
  if (const auto* related = d.as_object().if_contains("related"); related != nullptr && related->is_array())
    for (const auto& r : related->as_array()) {
      std::string at = string_field(r, "file");
      if (num(r, "line") > 0) at += fmt::format(":{}", num(r, "line"));
      if (num(r, "column") > 0) at += fmt::format(":{}", num(r, "column"));
      std::string what = string_field(r, "what");
      fmt::format_to(to, "    see:      {}{}\n", at, what.empty() ? "" : ": " + what);
    }
}

// Writes `text` out once it holds 64 KiB (and at the end).
void flush_at(fmt::memory_buffer& text, std::FILE* stream, bool always = false) {
  if (!always && text.size() < 64 * 1024) return;
  std::fwrite(text.data(), 1, text.size(), stream);
  text.clear();
}

}  // namespace

void print_report(const json::value& report, const Terminal& term) {
  const auto& stages = report.at("stages").as_array();
  std::size_t n = stages.size();
  // A large project's governance stage has a line per finding: written in
  // 64 KiB pieces, each field without a copy where it needs no escape.
  const std::string marks[] = {mark("ok", term), mark("error", term), mark("warning", term), mark("info", term)};
  fmt::memory_buffer text;
  auto to = std::back_inserter(text);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& s = stages[i];
    fmt::format_to(to, "[{}/{}] ", i + 1, n + 1);
    append_field(text, s, "title");
    text.push_back('\n');
    for (const auto& line : s.at("lines").as_array()) {
      const std::string_view status = raw_field(line, "status");
      const std::string& shown = status == "ok" ? marks[0] : status == "error" ? marks[1] : status == "warning" ? marks[2] : marks[3];
      fmt::format_to(to, "  {} {}", shown, status == "error" ? "ERROR: " : status == "warning" ? "WARNING: " : "");
      append_field(text, line, "text");
      text.push_back('\n');
      flush_at(text, result_stream());
    }
  }
  flush_at(text, result_stream(), true);
  std::string outcome = string_field(report, "outcome");
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
  print_diagnostic_list(report.at("diagnostics").as_array(), term, stderr);
}

void print_diagnostic_list(const json::array& list, const Terminal& term, std::FILE* stream) {
  fmt::memory_buffer text;
  for (const auto& d : list) {
    format_diagnostic(text, d, term);
    flush_at(text, stream);
  }
  flush_at(text, stream, true);
}

int exit_code_for_outcome(const json::value& report) {
  std::string outcome = string_field(report, "outcome");
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

void finish_report(const json::value& report, const std::string& format, const Terminal& term) {
  if (format == "json") {
    fmt::print(result_stream(), "{}\n", json::serialize(report));
  } else if (format == "sarif") {
    fmt::print(result_stream(), "{}\n", json::serialize(report.at("sarif")));
  } else {
    print_report(report, term);
  }
  int code = exit_code_for_outcome(report);
  if (code != kExitOk) throw CommandFailure(code, "");
}

void finish_report_text(std::string_view text, const std::string& format, const Terminal& term) {
  if (format == "text") return finish_report(parse_report_without(text, {"enforcement"}), format, term);
  const json::value head = parse_report_only(text, {"outcome"});  // also checks that the whole text is JSON
  std::string_view shown = text;
  if (format == "sarif") {
    shown = raw_member(text, "sarif");
    if (shown.empty()) throw std::runtime_error("the library's report has no SARIF (\"sarif\" member)");
  }
  while (!shown.empty() && (shown.back() == '\n' || shown.back() == ' ')) shown.remove_suffix(1);
  std::fwrite(shown.data(), 1, shown.size(), result_stream());
  std::fputc('\n', result_stream());
  int code = exit_code_for_outcome(head);
  if (code != kExitOk) throw CommandFailure(code, "");
}

}  // namespace floe::cli
