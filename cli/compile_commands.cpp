#include "compile_commands.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <memory>

#include "c_api.hpp"
#include "exit_codes.hpp"
#include "result_stream.hpp"
#include "registry_flags.hpp"
#include "report_parse.hpp"
#include "report_fields.hpp"
#include "report_printer.hpp"
#include "validate_watch.hpp"

namespace floe::cli {
namespace {
namespace json = boost::json;

struct CompileOptions {
  std::string file, platform, output, orchestrator_out, format = "text", key;
  std::int64_t service_timeout_ms = 0;  // floe platform status; 0: the library's default
  bool watch = false;                   // floe validate --watch
  // floe platform deploy
  std::vector<std::string> products, images, sizes;
  std::string deploy_format = "kubernetes", namespace_name, kubectl, kubeconfig, context, dry_run;
  bool apply = false, diff = false, prune = false, force_conflicts = false, require_digests = false;
  RegistryFlags registry;  // for oci:// references
};

// --plugin-path, for the operations that load plugins (compile, validate,
// platform_test); the others take no plugin_path.
void add_plugin_path(const GlobalOptions& global, json::object& request) {
  std::string joined;
  for (const auto& p : global.plugin_paths) joined += (joined.empty() ? "" : ":") + p;
  if (!joined.empty()) request["plugin_path"] = joined;
}

// Keys the user did not give are left out: the library has the defaults.
// Operations that read no oci:// reference take no registry flags (nullptr).
// The report, as the library wrote it, in `out`.
void send_compile_request(json::object request, const RegistryFlags* registry, Buffer& out) {
  if (registry != nullptr) apply_registry_flags(*registry, request);
  Error error;
  check(floe_compile_run(json::serialize(request).c_str(), &out.raw, &error.raw), error);
}

json::value run_compile_request(json::object request, const RegistryFlags* registry) {
  Buffer out;
  send_compile_request(std::move(request), registry, out);
  return parse_output(out);
}

// Sends the request and prints its report as --format asks, parsing only
// what that format reads (finish_report_text).
void run_and_finish(json::object request, const RegistryFlags* registry, const std::string& format,
                    const Terminal& term) {
  Buffer out;
  send_compile_request(std::move(request), registry, out);
  finish_report_text(out.view(), format, term);
}

void add_format(CLI::App* cmd, CompileOptions& o) {
  cmd->add_option("--format", o.format, "Output: text (default), json (the full report) or sarif (SARIF 2.1.0)")
      ->check(CLI::IsMember({"text", "json", "sarif"}));
}

void print_explanation(const json::value& result, const Terminal& term) {
  const auto& chain = result.at("chain").as_array();
  std::vector<std::string> links;
  for (const auto& l : chain)
    links.push_back(fmt::format("{} {} {}", json::value_to<std::string>(l.at("tier")),
                                json::value_to<std::string>(l.at("name")), json::value_to<std::string>(l.at("version"))));
  fmt::print(result_stream(), "{} {}\n", term.bold("chain:"), fmt::join(links, " -> "));
  for (const auto& v : result.at("values").as_array()) {
    const auto& o = v.as_object();
    std::string origin = json::value_to<std::string>(o.at("tier"));
    if (auto* f = o.if_contains("file")) {
      origin += fmt::format(" {}", json::value_to<std::string>(*f));
      if (auto* l = o.if_contains("line")) origin += fmt::format(":{}", l->as_int64());
      if (auto* c = o.if_contains("column")) origin += fmt::format(":{}", c->as_int64());
    }
    fmt::print(result_stream(), "{} = {}  {}\n", json::value_to<std::string>(o.at("path")), json::serialize(o.at("value")),
               term.dim(fmt::format("({})", origin)));
  }
}

// floe platform status: one line per service.
void print_status_table(const json::value& result, const Terminal& term) {
  if (!result.is_object() || !result.as_object().contains("services")) return;
  if (const json::value* cluster = result.as_object().if_contains("cluster"); cluster != nullptr && cluster->is_object()) {
    fmt::print(result_stream(), "{:<12} {:<40} {:<12} {:<9}  {}\n", "KIND", "NAMESPACE/NAME", "STATE", "READY", "WHY");
    for (const auto& w : cluster->at("workloads").as_array()) {
      const json::object& o = w.as_object();
      std::string state = json::value_to<std::string>(o.at("state"));
      std::string ready = o.contains("desired") ? fmt::format("{}/{}", o.at("available").as_int64(), o.at("desired").as_int64()) : "";
      std::string why = o.contains("message") ? json::value_to<std::string>(o.at("message")) : "";
      std::string shown = o.at("healthy").as_bool() ? term.green(state) : term.red(state);
      fmt::print(result_stream(), "{:<12} {:<40} {}{} {:<9}  {}\n", json::value_to<std::string>(o.at("kind")),
                 json::value_to<std::string>(o.at("namespace")) + "/" + json::value_to<std::string>(o.at("name")), shown,
                 std::string(state.size() < 12 ? 12 - state.size() : 0, ' '), ready, why);
    }
    fmt::print(result_stream(), "\n");
  }
  fmt::print(result_stream(), "{:<16} {:<14} {:<44} {:<8} {:>8}  {}\n", "SERVICE", "PLUGIN", "ENDPOINT", "STATUS",
             "LATENCY", "VERSION");
  for (const auto& s : result.at("services").as_array()) {
    std::string status = json::value_to<std::string>(s.at("status"));
    std::string shown = status == "up" ? term.green(status) : term.red(status);
    const json::value* version = s.as_object().if_contains("version");
    fmt::print(result_stream(), "{:<16} {:<14} {:<44} {}{} {:>6}ms  {}\n", json::value_to<std::string>(s.at("service")),
               json::value_to<std::string>(s.at("plugin")), json::value_to<std::string>(s.at("endpoint")), shown,
               std::string(status.size() < 8 ? 8 - status.size() : 0, ' '), s.at("latency_ms").as_int64(),
               version != nullptr ? json::value_to<std::string>(*version) : "");
  }
}

// floe contract init | diff | lint (docs/contracts.md).
void add_contract_commands(CLI::App& app, const Terminal& term, const std::shared_ptr<CompileOptions>& o) {
  auto* contract = app.add_subcommand("contract", "Data contracts (ODCS v3) of a product's ports: init, diff, lint");
  contract->require_subcommand(1);
  auto paths = std::make_shared<std::vector<std::string>>();
  auto force = std::make_shared<bool>(false);

  auto* init = contract->add_subcommand("init", "Write the ODCS contract of an output port from the dbt model behind it");
  init->add_option("port", o->key, "The output port")->required();
  init->add_option("-f,--file", o->file, "The data product (default floe.yaml)")->type_name("PATH");
  init->add_option("-o,--output", o->output, "Where to write (default contracts/PORT.odcs.yaml beside floe.yaml; - prints it)")
      ->type_name("FILE");
  init->add_flag("--force", *force, "Replace an existing contract file");
  add_format(init, *o);
  add_registry_flags(init, o->registry, true);
  init->callback([&term, o, force] {
    json::object req{{"operation", "contract_init"}, {"port", o->key}};
    if (o->format == "sarif") req["sarif"] = true;
    if (!o->file.empty()) req["product"] = o->file;
    if (!o->output.empty()) req["output"] = o->output;
    if (*force) req["force"] = true;
    json::value report = run_compile_request(std::move(req), &o->registry);
    if (o->output == "-" && o->format == "text" && result_of(report).is_object())
      fmt::print(result_stream(), "{}", json::value_to<std::string>(result_of(report).at("yaml")));
    finish_report(report, o->format, term);
  });

  auto* diff = contract->add_subcommand("diff", "Classify every change between two contract versions: breaking or not");
  diff->add_option("old", o->file, "The contract consumers built on")->required()->type_name("OLD");
  diff->add_option("new", o->output, "The new contract")->required()->type_name("NEW");
  add_format(diff, *o);
  diff->callback([&term, o] {
    json::object req{{"operation", "contract_diff"}, {"old", o->file}, {"new", o->output}};
    if (o->format == "sarif") req["sarif"] = true;
    json::value report = run_compile_request(std::move(req), nullptr);
    if (o->format == "text" && result_of(report).is_object()) {
      const auto& r = result_of(report);
      for (const auto& c : r.at("changes").as_array())
        fmt::print(result_stream(), "{} {}\n", c.at("breaking").as_bool() ? term.red("breaking    ") : term.green("non-breaking"),
                   json::value_to<std::string>(c.at("message")));
      fmt::print(result_stream(), "{} breaking, {} non-breaking\n", r.at("breaking").as_int64(), r.at("non_breaking").as_int64());
      if (!report.at("diagnostics").as_array().empty()) print_report(report, term);
      int code = exit_code_for_outcome(report);
      if (code != kExitOk) throw CommandFailure(code, "");
      return;
    }
    finish_report(report, o->format, term);
  });

  auto* lint = contract->add_subcommand("lint", "Validate contracts against the ODCS JSON Schema of their apiVersion");
  lint->add_option("files", *paths, "Contract files")->required()->type_name("FILE...");
  add_format(lint, *o);
  lint->callback([&term, o, paths] {
    json::array list;
    for (const auto& p : *paths) list.emplace_back(p);
    json::object req{{"operation", "contract_lint"}, {"paths", std::move(list)}};
    if (o->format == "sarif") req["sarif"] = true;
    run_and_finish(std::move(req), nullptr, o->format, term);
  });
}

// floe compile (`write`) or floe validate.
void add_product_check(CLI::App& app, const GlobalOptions& global, const Terminal& term, bool write) {
  auto o = std::make_shared<CompileOptions>();
  auto* cmd = app.add_subcommand(write ? "compile" : "validate",
                                 write ? "Resolve the platform, enforce governance and write "
                                         "target/compiled_artifacts.json and target/profiles/profiles.yml"
                                       : "Everything compile does, without writing anything");
  cmd->add_option("product", o->file, "The data product file (default floe.yaml)")->type_name("FLOE_YAML");
  cmd->add_option("--platform", o->platform, "Use this platform instead of platform.ref (a path or oci://)")
      ->type_name("REF");
  if (write) cmd->add_option("-o,--output", o->output, "Output directory (default: target/ beside floe.yaml)")->type_name("DIR");
  if (write)
    cmd->add_option("--orchestrator-out", o->orchestrator_out,
                    "Also write the product's code location for the platform's orchestrator into DIR")
        ->type_name("DIR");
  add_format(cmd, *o);
  if (!write)
    cmd->add_flag("--watch", o->watch,
                  "Validate again at every save, judging only what changed (Ctrl-C to stop; docs/cli.md)");
  add_registry_flags(cmd, o->registry, true);
  cmd->callback([&global, &term, o, write] {
    json::object req{{"operation", write ? "compile" : "validate"}};
    if (o->format == "sarif") req["sarif"] = true;
    // Text and SARIF show the diagnostics; the enforcement result repeats
    // every finding (100k models: 40 MB of JSON nobody reads). compile keeps
    // it: its report is recorded for the next compile, which may ask for JSON.
    if (!write && o->format != "json") req["enforcement_result"] = false;
    if (!o->file.empty()) req["product"] = o->file;
    if (!o->platform.empty()) req["platform"] = o->platform;
    if (!o->output.empty()) req["output_dir"] = o->output;
    if (!o->orchestrator_out.empty()) req["orchestrator_out"] = o->orchestrator_out;
    add_plugin_path(global, req);
    if (o->watch) return run_validate_watch(std::move(req), o->registry, o->format, term);
    run_and_finish(std::move(req), &o->registry, o->format, term);
  });
}

}  // namespace

void add_product_compile_command(CLI::App& app, const GlobalOptions& global, const Terminal& term) {
  add_product_check(app, global, term, true);
}

void add_product_validate_command(CLI::App& app, const GlobalOptions& global, const Terminal& term) {
  add_product_check(app, global, term, false);
}

void add_explain_command(CLI::App& app, const GlobalOptions&, const Terminal& term) {
  auto o = std::make_shared<CompileOptions>();
  auto* explain = app.add_subcommand("explain", "Show the resolved platform, each value with the file line it came from");
  explain->add_option("key", o->key, "Only values under this dotted key (e.g. governance.quality_gates)");
  explain->add_option("-f,--file", o->file, "floe.yaml (its platform is explained) or a manifest (default floe.yaml)")
      ->type_name("PATH");
  explain->add_flag("--json", [o](std::int64_t) { o->format = "json"; }, "Machine-readable output");
  add_registry_flags(explain, o->registry, true);
  explain->callback([&term, o] {
    json::object req{{"operation", "explain"}};
    if (!o->file.empty()) req["path"] = o->file;
    if (!o->key.empty()) req["key"] = o->key;
    json::value report = run_compile_request(std::move(req), &o->registry);
    if (o->format == "json") {
      fmt::print(result_stream(), "{}\n", json::serialize(result_of(report)));
    } else {
      print_explanation(result_of(report), term);
      if (!report.at("diagnostics").as_array().empty()) print_report(report, term);
    }
    int code = exit_code_for_outcome(report);
    if (code != kExitOk) throw CommandFailure(code, "");
  });
}

void add_schema_command(CLI::App& app, const GlobalOptions&, const Terminal&) {
  auto o = std::make_shared<CompileOptions>();
  auto* schema = app.add_subcommand("schema", "Print the JSON Schema of a file kind (for editor validation) or of the C API's "
                                             "requests and report");
  schema->add_option("kind", o->key, "manifest, data-product, compiled-artifacts, compile-request, artifact-request, "
                                     "run-request, table-request or operation-report")
      ->required()
      ->check(CLI::IsMember({"manifest", "data-product", "compiled-artifacts", "compile-request", "artifact-request",
                             "run-request", "table-request", "operation-report"}));
  schema->callback([o] {
    Buffer out;
    Error error;
    check(floe_schema(o->key.c_str(), &out.raw, &error.raw), error);
    fmt::print(result_stream(), "{}", out.view());
  });
}

void add_product_compile_commands(CLI::App& app, const GlobalOptions& global, const Terminal& term) {
  add_product_compile_command(app, global, term);
  add_product_validate_command(app, global, term);
  add_explain_command(app, global, term);
  add_schema_command(app, global, term);
}

void add_contract_group(CLI::App& app, const GlobalOptions&, const Terminal& term) {
  add_contract_commands(app, term, std::make_shared<CompileOptions>());
}

void add_platform_commands(CLI::App& app, const GlobalOptions& global, const Terminal& term) {
  auto o = std::make_shared<CompileOptions>();
  auto* platform = app.add_subcommand("platform", "Platform team commands: compile, test, publish and pull platforms");
  platform->require_subcommand(1);
  auto* pcompile = platform->add_subcommand("compile", "Validate a manifest and its parent chain and write the platform artifact directory");
  pcompile->add_option("manifest", o->file, "The platform manifest (default manifest.yaml)")->type_name("MANIFEST");
  pcompile->add_option("-o,--output", o->output, "Output directory (default: target/platform beside the manifest)")
      ->type_name("DIR");
  add_format(pcompile, *o);
  add_registry_flags(pcompile, o->registry, true);
  pcompile->callback([&term, o] {
    json::object req{{"operation", "platform_compile"}};
    if (o->format == "sarif") req["sarif"] = true;
    if (!o->file.empty()) req["manifest"] = o->file;
    if (!o->output.empty()) req["output_dir"] = o->output;
    run_and_finish(std::move(req), &o->registry, o->format, term);
  });
  auto* pstatus = platform->add_subcommand("status", "Check from here whether each service the platform declares "
                                                    "answers (registry, catalog, collector, lineage server)");
  pstatus->add_option("manifest", o->file, "The platform manifest (default manifest.yaml)")->type_name("MANIFEST");
  pstatus->add_option("--service-timeout-ms", o->service_timeout_ms, "How long each service has to answer (default 3000)")
      ->check(CLI::Range(1, 600000));
  pstatus->add_flag("--cluster", o->apply, "Also read the platform's workloads from the cluster kubectl reaches");
  pstatus->add_option("--kubeconfig", o->kubeconfig, "The kubeconfig (implies --cluster; default: KUBECONFIG, else ~/.kube/config)")
      ->type_name("PATH");
  pstatus->add_option("--context", o->context, "The kubeconfig context (implies --cluster)");
  pstatus->add_option("--kubectl", o->kubectl, "The kubectl to run (default: kubectl on PATH)")->type_name("PATH");
  pstatus->add_flag("--json", [o](std::int64_t) { o->format = "json"; }, "Machine-readable output");
  add_timeout_flag(pstatus, o->registry.timeout_seconds);
  pstatus->callback([&term, o] {
    json::object req{{"operation", "platform_status"}};
    if (!o->file.empty()) req["manifest"] = o->file;
    if (o->service_timeout_ms > 0) req["timeout_ms"] = o->service_timeout_ms;
    if (o->apply) req["cluster"] = true;
    for (auto [value, key] : {std::pair{&o->kubectl, "kubectl"}, std::pair{&o->kubeconfig, "kubeconfig"},
                              std::pair{&o->context, "context"}})
      if (!value->empty()) req[key] = *value;
    json::value report = run_compile_request(std::move(req), &o->registry);
    if (o->format == "json") {
      fmt::print(result_stream(), "{}\n", json::serialize(report));
    } else {
      print_status_table(result_of(report), term);
      if (!report.at("diagnostics").as_array().empty()) print_report(report, term);
    }
    int code = exit_code_for_outcome(report);
    if (code != kExitOk) throw CommandFailure(code, "");
  });
  auto* pdeploy = platform->add_subcommand("deploy", "Render the platform's services and its products' runs as Kubernetes "
                                                    "manifests or a Helm chart (and apply them with --apply)");
  pdeploy->add_option("manifest", o->file, "The platform manifest (default manifest.yaml)")->type_name("MANIFEST");
  pdeploy->add_option("--product", o->products, "A product's floe.yaml: its runs become a CronJob (repeat for more)")
      ->type_name("FLOE_YAML");
  pdeploy->add_option("-o,--output", o->output, "Output directory, replaced as a whole (default: deploy/ beside the manifest)")
      ->type_name("DIR");
  pdeploy->add_option("--format", o->deploy_format, "kubernetes (default) or helm")->check(CLI::IsMember({"kubernetes", "helm"}));
  pdeploy->add_option("--namespace", o->namespace_name, "The services' namespace (default: the platform's name)");
  pdeploy->add_option("--image", o->images,
                      "NAME=IMAGE: the image a product or a workload runs (default <product>:<version>, the plugin's image)")
      ->type_name("NAME=IMAGE");
  pdeploy->add_option("--size", o->sizes, "PRODUCT=SIZE: the compute preset of a product's run pod (default small)")
      ->type_name("PRODUCT=SIZE");
  pdeploy->add_flag("--require-digests", o->require_digests, "Refuse any image not pinned by digest (@sha256:...)");
  pdeploy->add_flag("--apply", o->apply, "Then apply the manifests to the cluster (server-side apply, field manager floe)");
  pdeploy->add_option("--dry-run", o->dry_run, "With --apply: server (admission runs, nothing is stored; shows what would change)")
      ->check(CLI::IsMember({"server"}))
      ->expected(0, 1)
      ->default_str("server");
  pdeploy->add_flag("--diff", o->diff, "Show how the cluster differs from the rendered manifests (like kubectl diff)");
  pdeploy->add_flag("--prune", o->prune,
                    "With --apply: delete this platform's objects an earlier deploy applied and this one no longer renders");
  pdeploy->add_flag("--force-conflicts", o->force_conflicts, "With --apply: take fields another field manager owns");
  pdeploy->add_option("--kubeconfig", o->kubeconfig, "The kubeconfig (default: KUBECONFIG, else ~/.kube/config)")->type_name("PATH");
  pdeploy->add_option("--context", o->context, "The kubeconfig context (default: its current-context)");
  pdeploy->add_option("--kubectl", o->kubectl, "The kubectl to run (default: kubectl on PATH)")->type_name("PATH");
  pdeploy->add_option("--request-timeout-ms", o->service_timeout_ms, "How long one request to the API server may take (default 10000)")
      ->check(CLI::Range(1, 600000));
  pdeploy->add_flag("--json", [o](std::int64_t) { o->format = "json"; }, "Machine-readable output (the full report)");
  add_timeout_flag(pdeploy, o->registry.timeout_seconds);
  pdeploy->callback([&global, &term, o] {
    json::object req{{"operation", "platform_deploy"}};
    if (!o->file.empty()) req["manifest"] = o->file;
    if (!o->products.empty()) req["products"] = json::value_from(o->products);
    if (!o->output.empty()) req["output_dir"] = o->output;
    req["format"] = o->deploy_format;
    if (!o->namespace_name.empty()) req["namespace"] = o->namespace_name;
    auto pairs = [](const std::vector<std::string>& list, const char* flag, const char* shape) {
      json::object out;
      for (const auto& pair : list) {
        auto eq = pair.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size())
          throw CommandFailure(kExitUsage, fmt::format("{} '{}': expected {}", flag, pair, shape));
        out[pair.substr(0, eq)] = pair.substr(eq + 1);
      }
      return out;
    };
    if (json::object images = pairs(o->images, "--image", "NAME=IMAGE"); !images.empty()) req["images"] = std::move(images);
    if (json::object sizes = pairs(o->sizes, "--size", "PRODUCT=SIZE"); !sizes.empty()) req["sizes"] = std::move(sizes);
    if (!o->dry_run.empty() && !o->apply) throw CommandFailure(kExitUsage, "--dry-run=server goes with --apply");
    for (auto [set, flag] : {std::pair{o->prune, "--prune"}, std::pair{o->force_conflicts, "--force-conflicts"}})
      if (set && !o->apply && !(o->diff && std::string(flag) == "--prune"))
        throw CommandFailure(kExitUsage, fmt::format("{} goes with --apply", flag));
    for (auto [set, key] : {std::pair{o->require_digests, "require_digests"}, std::pair{o->apply, "apply"},
                            std::pair{!o->dry_run.empty(), "dry_run"}, std::pair{o->diff, "diff"}, std::pair{o->prune, "prune"},
                            std::pair{o->force_conflicts, "force_conflicts"}})
      if (set) req[key] = true;
    for (auto [value, key] : {std::pair{&o->kubectl, "kubectl"}, std::pair{&o->kubeconfig, "kubeconfig"},
                              std::pair{&o->context, "context"}})
      if (!value->empty()) req[key] = *value;
    if (o->service_timeout_ms > 0) req["request_timeout_ms"] = o->service_timeout_ms;
    add_plugin_path(global, req);
    json::value report = run_compile_request(std::move(req), &o->registry);
    // --diff prints the differences as kubectl diff does, then the report.
    if (o->format == "text" && result_of(report).is_object())
      if (const json::value* cluster = result_of(report).as_object().if_contains("cluster"); cluster != nullptr && cluster->is_object())
        if (const json::value* diff = cluster->as_object().if_contains("diff"); diff != nullptr && diff->is_string())
          fmt::print(result_stream(), "{}", std::string_view(diff->as_string()));
    finish_report(report, o->format, term);
  });
  auto* ptest = platform->add_subcommand("test", "Run the platform's policies against the example products in tests/ beside the manifest");
  ptest->add_option("manifest", o->file, "The platform manifest (default manifest.yaml)")->type_name("MANIFEST");
  add_format(ptest, *o);
  add_timeout_flag(ptest, o->registry.timeout_seconds);
  ptest->callback([&global, &term, o] {
    json::object req{{"operation", "platform_test"}};
    if (o->format == "sarif") req["sarif"] = true;
    if (!o->file.empty()) req["manifest"] = o->file;
    add_plugin_path(global, req);
    run_and_finish(std::move(req), nullptr, o->format, term);
  });
}

void add_compile_commands(CLI::App& app, const GlobalOptions& global, const Terminal& term) {
  add_product_compile_commands(app, global, term);
  add_contract_group(app, global, term);
  add_platform_commands(app, global, term);
}

}  // namespace floe::cli
