#include "migrate_command.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <cstdio>
#include <memory>

#include "c_api.hpp"
#include "exit_codes.hpp"
#include "registry_flags.hpp"
#include "result_stream.hpp"
#include "report_printer.hpp"

namespace floe::cli {
namespace {
namespace json = boost::json;

struct MigrateOptions {
  std::string file, output, kind, platform, format = "text";
  bool force = false;
  double timeout_seconds = 0;
};

void run_migrate(const MigrateOptions& o, const Terminal& term) {
  // Keys the user did not give are left out: the library has the defaults.
  json::object request{{"operation", "migrate"}, {"path", o.file}};
  if (o.force) request["force"] = true;
  if (!o.output.empty()) request["output"] = o.output;
  if (!o.kind.empty()) request["kind"] = o.kind;
  if (!o.platform.empty()) request["platform"] = o.platform;
  apply_timeout(o.timeout_seconds, request);
  Buffer out;
  Error error;
  check(floe_compile_run(json::serialize(request).c_str(), &out.raw, &error.raw), error);
  json::value report = parse_output(out);
  int code = exit_code_for_outcome(report);
  if (o.format == "json") {
    fmt::print(result_stream(), "{}\n", json::serialize(report));
  } else if (o.output == "-") {
    // stdout carries the file and nothing else; what changed goes to stderr.
    const json::value* result = report.as_object().if_contains("result");
    if (code == kExitOk && result != nullptr && result->at("text").is_string())
      fmt::print(result_stream(), "{}", std::string_view(result->at("text").as_string()));
    std::fflush(result_stream());
    print_diagnostics(report, term);
  } else {
    print_report(report, term);
  }
  if (code != kExitOk) throw CommandFailure(code, "");
}

}  // namespace

void add_migrate_command(CLI::App& app, const Terminal& term) {
  auto o = std::make_shared<MigrateOptions>();
  auto* cmd = app.add_subcommand(
      "migrate", "Write the current format of a file in an older one (the two-tier platform.yaml/floe.yaml, the "
                 "Python alpha's files): manifest.yaml or floe.yaml, with a note per translation");
  cmd->add_option("file", o->file, "The file to migrate")->required()->type_name("FILE");
  cmd->add_option("-o,--output", o->output,
                  "Where to write (default: manifest.yaml or floe.yaml beside FILE; - for stdout)")
      ->type_name("FILE");
  cmd->add_flag("--force", o->force, "Replace the output file if it exists (also FILE itself)");
  cmd->add_option("--kind", o->kind, "manifest or data-product, when the content and file name do not say")
      ->check(CLI::IsMember({"manifest", "data-product"}));
  cmd->add_option("--platform", o->platform, "Data products: the platform.ref to write (e.g. the migrated manifest.yaml)")
      ->type_name("REF");
  cmd->add_option("--format", o->format, "Output: text (default) or json (the full report)")
      ->check(CLI::IsMember({"text", "json"}));
  add_timeout_flag(cmd, o->timeout_seconds);
  cmd->callback([&term, o] { run_migrate(*o, term); });
}

}  // namespace floe::cli
