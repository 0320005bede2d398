#include "validate_watch.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "c_api.hpp"
#include "exit_codes.hpp"
#include "report_fields.hpp"
#include "report_printer.hpp"
#include "result_stream.hpp"
#include "stop_signals.hpp"

namespace floe::cli {
namespace {
namespace json = boost::json;

struct Printer {
  std::string format;
  const Terminal* term = nullptr;
  int exit_code = kExitOk;
};

std::string files_text(const json::array& changed) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < changed.size() && i < 3; ++i) names.push_back(terminal_safe(changed[i].as_string()));
  std::string text = fmt::format("{}", fmt::join(names, ", "));
  if (changed.size() > 3) text += fmt::format(" and {} more", changed.size() - 3);
  return text;
}

void print_round(Printer& p, const json::value& round) {
  const Terminal& term = *p.term;
  const json::object& r = round.as_object();
  p.exit_code = exit_code_for_outcome(round);
  if (r.at("round").as_int64() == 0) {
    print_report(r.at("report"), term);
  } else {
    const auto& appeared = r.at("appeared").as_array();
    const auto& resolved = r.at("resolved").as_array();
    const auto& counts = r.at("counts").as_object();
    std::time_t now = std::time(nullptr);
    fmt::print(result_stream(), "\n[{:%H:%M:%S}] {}: {} new, {} gone; {} errors, {} warnings ({}{:.1f} ms)\n",
               fmt::localtime(now), files_text(r.at("changed").as_array()), appeared.size(), resolved.size(),
               counts.at("errors").as_int64(), counts.at("warnings").as_int64(),
               r.at("full").as_bool() ? "validated whole in " : "judged in ", r.at("judged_ms").to_number<double>());
    std::fflush(result_stream());
    print_diagnostic_list(appeared, term, result_stream());
    for (const auto& d : resolved) {
      std::string at = string_field(d, "file");
      if (auto* line = d.as_object().if_contains("line"); line && line->is_int64()) at += fmt::format(":{}", line->as_int64());
      fmt::print(result_stream(), "{} {} {}: {}\n", term.green("fixed"), at, terminal_safe(string_field(d, "code")),
                 terminal_safe(string_field(d, "message")));
    }
  }
  fmt::print(result_stream(), "{}\n", term.dim("watching for changes (Ctrl-C to stop)"));
  std::fflush(result_stream());
}

void on_round(void* user_data, const char* text, size_t length) {
  auto& p = *static_cast<Printer*>(user_data);
  const std::string_view view(text, length);
  if (p.format == "json") {
    p.exit_code = exit_code_for_outcome(json::parse(view));
    std::fwrite(view.data(), 1, view.size(), result_stream());
    std::fputc('\n', result_stream());
    std::fflush(result_stream());
    return;
  }
  print_round(p, json::parse(view));
}

int32_t should_stop(void*) { return stop_requested() ? 1 : 0; }

}  // namespace

void run_validate_watch(json::object request, const RegistryFlags& registry, const std::string& format,
                        const Terminal& term) {
  if (format == "sarif") throw CommandFailure(kExitUsage, "--watch prints text or json (one line per round), not sarif");
  apply_registry_flags(registry, request);
  Printer printer{format, &term, kExitOk};
  floe_watch_observer observer = FLOE_WATCH_OBSERVER_INIT;
  observer.on_round = &on_round;
  observer.should_stop = &should_stop;
  observer.user_data = &printer;
  StopOnSignals stop;
  Error error;
  check(floe_validate_watch(json::serialize(request).c_str(), &observer, &error.raw), error);
  if (printer.exit_code != kExitOk) throw CommandFailure(printer.exit_code, "");
}

}  // namespace floe::cli
