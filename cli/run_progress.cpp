#include "run_progress.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <cstdio>

#include "result_stream.hpp"
#include "report_fields.hpp"

namespace floe::cli {
namespace json = boost::json;

namespace {

double seconds(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  if (v == nullptr) return 0;
  return v->is_double() ? v->as_double() : v->is_int64() ? static_cast<double>(v->as_int64()) : 0;
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

}  // namespace

void RunProgress::on_event(const json::object& e) {
  if (json_lines_) {
    fmt::print(result_stream(), "{}\n", json::serialize(e));
    std::fflush(result_stream());
    return;
  }
  const std::string type = string_field(e, "type");
  if (type == "run_started") {
    fmt::print(result_stream(), "{} {} (run {})\n", term_.bold(fmt::format("floe {}", string_field(e, "operation"))),
               string_field(e, "product_file"), string_field(e, "run_id"));
  } else if (type == "step_started") {
    fmt::print(result_stream(), "{} {}\n", term_.bold("▶"), string_field(e, "title"));
  } else if (type == "node_finished") {
    std::string status = string_field(e, "status");
    std::string resource = string_field(e, "resource_type");
    bool good = status == "success" || status == "pass";
    bool is_test = resource == "test" || resource == "unit_test";
    if (is_test && good) return;  // hundreds of passing tests are a count, not lines
    std::string mark = good ? term_.green("✓") : status == "skipped" ? term_.dim("-")
                              : status == "warn" ? term_.yellow("!") : term_.red("✗");
    std::string detail = good ? fmt::format("{:.2f}s", seconds(e, "execution_time"))
                              : fmt::format("{}: {}", status, first_line(string_field(e, "message")));
    fmt::print(result_stream(), "  {} {:<50} {}\n", mark, string_field(e, "unique_id"), term_.dim(detail));
  } else if (type == "contract_check") {
    std::string result = string_field(e, "result");
    bool blocking = string_field(e, "severity") == "error";
    std::string mark = result == "pass" ? term_.green("✓") : result == "not_run" ? term_.dim("-")
                                        : blocking ? term_.red("✗") : term_.yellow("!");
    std::string value = string_field(e, "measured").empty() ? std::string("not run") : string_field(e, "measured");
    fmt::print(result_stream(), "  {} {:<50} {}\n", mark,
               fmt::format("{}: {}", string_field(e, "port"), string_field(e, "check")), term_.dim(value));
  } else if (type == "log") {
    std::string level = string_field(e, "level");
    if (level == "error" || level == "warning")
      fmt::print(stderr, "  {} {}{}\n",
                 level == "error" ? term_.red("dbt error:", true) : term_.yellow("warning:", true),
                 string_field(e, "source").empty() ? "" : fmt::format("[{}] ", string_field(e, "source")),
                 first_line(string_field(e, "message")));
  } else if (type == "step_finished") {
    std::string status = string_field(e, "status");
    std::string message = string_field(e, "message");
    std::string mark = status == "success" ? term_.green("✓") : status == "skipped" ? term_.dim("-")
                                           : status == "cancelled" ? term_.yellow("!") : term_.red("✗");
    std::string counts;
    if (auto* summary = e.if_contains("summary"); summary != nullptr && summary->is_object()) {
      const auto& s = summary->as_object();
      auto n = [&](const char* key) { return s.contains(key) && s.at(key).is_int64() ? s.at(key).as_int64() : 0; };
      if (s.contains("tests_passed"))
        counts = fmt::format(" ({} tests passed, {} failed, {} warned)", n("tests_passed"), n("tests_failed"),
                             n("tests_warned"));
      else if (s.contains("from_cache") && s.at("from_cache").is_bool() && s.at("from_cache").as_bool())
        counts = " (unchanged since the last compile: answered from the compile cache)";
      else if (s.contains("not_run"))
        counts = fmt::format(" ({} contract checks passed, {} failed, {} warned, {} not run)", n("passed"), n("failed"),
                             n("warned"), n("not_run"));
      else if (s.contains("nodes_ok"))
        counts = fmt::format(" ({} nodes built, {} failed, {} skipped{})", n("nodes_ok"), n("nodes_failed"),
                             n("nodes_skipped"),
                             s.contains("changed_only") && s.at("changed_only") == true ? "; only what changed" : "");
      else if (const json::value* inputs = s.if_contains("inputs"); inputs != nullptr && inputs->is_array())
        counts = fmt::format(" ({} input port(s) read, each at the snapshot the run record names)",
                             inputs->as_array().size());
      else if (const json::value* tables = s.if_contains("tables"); tables != nullptr && tables->is_array() &&
                                                                   s.contains("commit"))
        counts = fmt::format(" ({} table(s) published, {} commit)", tables->as_array().size(), string_field(s, "commit"));
    }
    fmt::print(result_stream(), "  {} {} in {:.2f}s{}{}\n", mark, string_field(e, "step"), seconds(e, "duration_s"),
               counts, message.empty() ? "" : fmt::format(": {}", message));
  } else if (type == "run_finished") {
    std::string status = string_field(e, "status");
    std::string text = status == "success" ? term_.green("Succeeded")
                       : status == "cancelled" ? term_.yellow("Stopped") : term_.red("FAILED");
    fmt::print(result_stream(), "{} in {:.2f}s ({})\n", text, seconds(e, "duration_s"), string_field(e, "outcome"));
  }
  std::fflush(result_stream());
}

}  // namespace floe::cli
