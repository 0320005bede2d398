#include "run_commands.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <csignal>
#include <memory>

#include "c_api.hpp"
#include "exit_codes.hpp"
#include "registry_flags.hpp"
#include "report_printer.hpp"
#include "result_stream.hpp"
#include "stop_signals.hpp"
#include "run_progress.hpp"

namespace floe::cli {
namespace {
namespace json = boost::json;

struct RunOptions {
  std::string file, platform;
  std::vector<std::string> select, exclude;
  bool full_refresh = false, fail_fast = false, wait = false, local = false, json = false, events = false,
       changed = false;
  std::string checks;  // floe test: all, tests or contracts ("" = all)
  RegistryFlags registry;
};

void on_event(void* user_data, const char* text, size_t length) {
  boost::system::error_code ec;
  json::value event = json::parse(std::string_view(text, length), ec);
  if (!ec && event.is_object()) static_cast<RunProgress*>(user_data)->on_event(event.as_object());
}

int32_t should_cancel(void*) { return stop_requested() ? 1 : 0; }

void run_product_command(const char* operation, const RunOptions& o, const GlobalOptions& global,
                         const Terminal& term) {
  json::object req{{"operation", operation}};
  if (!o.file.empty()) req["product"] = o.file;
  if (!o.platform.empty()) req["platform"] = o.platform;
  if (!o.select.empty()) req["select"] = json::value_from(o.select);
  if (!o.exclude.empty()) req["exclude"] = json::value_from(o.exclude);
  if (o.full_refresh) req["full_refresh"] = true;
  if (o.fail_fast) req["fail_fast"] = true;
  if (o.local) req["local"] = true;
  if (o.wait) req["wait"] = true;
  if (o.changed) req["changed"] = true;
  if (!o.checks.empty()) req["checks"] = o.checks;
  std::string roots;
  for (const auto& p : global.plugin_paths) roots += (roots.empty() ? "" : ":") + p;
  if (!roots.empty()) req["plugin_path"] = roots;
  apply_registry_flags(o.registry, req);

  RunProgress progress(term, o.events);
  floe_run_observer observer = FLOE_RUN_OBSERVER_INIT;
  if (!o.json) observer.on_event = &on_event;
  observer.should_cancel = &should_cancel;
  observer.user_data = &progress;
  StopOnSignals stop;
  Buffer out;
  Error error;
  check(floe_product_run(json::serialize(req).c_str(), &observer, &out.raw, &error.raw), error);
  json::value report = parse_output(out);

  if (o.json || o.events) {
    if (o.events) report.as_object()["type"] = "report";
    fmt::print(result_stream(), "{}\n", json::serialize(report));
  } else {
    const auto& r = report.as_object();
    // The compile's stages matter when the run stopped there (or never got
    // the product's lock); after that the live lines have said it all.
    // A run refused before it started (another run holds the product:
    // outcome busy) has an empty result: no steps, no record.
    const json::value* result = r.if_contains("result");
    const json::value* steps = result != nullptr && result->is_object() ? result->as_object().if_contains("steps") : nullptr;
    bool compiled = false;
    if (steps != nullptr && steps->is_array())
      for (const auto& s : steps->as_array())
        compiled = compiled || (s.at("name") == "compile" && s.at("status") == "success");
    if (!compiled) {
      print_report(report, term);  // the compile (or the lock) stopped the run: show its stages
    } else if (!r.at("diagnostics").as_array().empty()) {
      std::fflush(result_stream());
      fmt::print(stderr, "\n");
      print_diagnostics(report, term);
    }
    if (steps != nullptr)
      fmt::print(result_stream(), "{}\n", term.dim("run record: target/floe_run.json beside the product file"));
  }
  int code = exit_code_for_outcome(report);
  if (code != kExitOk) throw CommandFailure(code, "");
}

void add_run_options(CLI::App* cmd, RunOptions& o, bool is_run) {
  cmd->add_option("product", o.file, "The data product file (default floe.yaml)")->type_name("FLOE_YAML");
  cmd->add_option("--platform", o.platform, "Use this platform instead of platform.ref (a path or oci://)")
      ->type_name("REF");
  cmd->add_option("-s,--select", o.select,
                  "dbt node selectors (passed to dbt), or ingestion:SOURCE to run ingestion sources only (repeatable)")
      ->type_name("SELECTOR");
  cmd->add_option("--exclude", o.exclude, "dbt selectors or ingestion:SOURCE items to leave out (repeatable)")
      ->type_name("SELECTOR");
  if (is_run) cmd->add_flag("--full-refresh", o.full_refresh, "Rebuild incremental models from scratch (dbt --full-refresh)");
  cmd->add_flag("-x,--fail-fast", o.fail_fast, "Stop at the first failure");
  cmd->add_flag("--local", o.local,
                "Build into the local database only: do not write the product's tables to the platform's Iceberg catalog");
  cmd->add_flag("--wait", o.wait, "Wait for another run of the same product instead of refusing");
  cmd->add_flag("--changed", o.changed,
                "Only what changed since the last successful run and its downstream (dbt state:modified+); no ingestion");
  auto* json_flag = cmd->add_flag("--json", o.json, "Print only the report (JSON) on stdout when the run ends");
  cmd->add_flag("--events", o.events, "Print every event as one JSON line while running, then the report")
      ->excludes(json_flag);
  add_registry_flags(cmd, o.registry, true);
}

}  // namespace

void add_run_commands(CLI::App& app, const GlobalOptions& global, const Terminal& term) {
  auto o = std::make_shared<RunOptions>();
  auto* run_cmd = app.add_subcommand("run", "Compile the product, then run it: ingestion, dbt transforms, quality checks "
                                            "(writes target/floe_run.json)");
  add_run_options(run_cmd, *o, true);
  run_cmd->callback([&global, &term, o] { run_product_command("run", *o, global, term); });

  auto* test_cmd = app.add_subcommand("test", "Compile the product, then run its dbt tests and quality gates against the "
                                              "data already built");
  add_run_options(test_cmd, *o, false);
  test_cmd->add_option("--checks", o->checks,
                       "Which checks: tests (dbt's, judged by the quality gates), contracts (the output ports' data "
                       "contracts on the built tables) or all (default)")
      ->check(CLI::IsMember({"all", "tests", "contracts"}))
      ->type_name("WHICH");
  test_cmd->callback([&global, &term, o] { run_product_command("test", *o, global, term); });

  // floe contract test: floe test --checks contracts, where the contract
  // commands are (add_contract_group made `contract` before this).
  for (CLI::App* contract : app.get_subcommands([](CLI::App* sub) { return sub->get_name() == "contract"; })) {
    auto* contract_test = contract->add_subcommand(
        "test", "Check the output ports' data contracts on the tables the product built (floe test --checks contracts)");
    add_run_options(contract_test, *o, false);
    contract_test->callback([&global, &term, o] {
      RunOptions only = *o;
      only.checks = "contracts";
      run_product_command("test", only, global, term);
    });
  }
}

}  // namespace floe::cli
