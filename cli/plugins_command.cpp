#include "plugins_command.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "c_api.hpp"
#include "exit_codes.hpp"
#include "result_stream.hpp"
#include "report_fields.hpp"

namespace floe::cli {

void check(floe_status status, const Error& error) {
  if (status == FLOE_OK) return;
  std::string message = error.message();
  if (message.empty()) message = floe_status_str(status);
  throw CommandFailure(exit_code_for(status), message);
}

namespace {

namespace json = boost::json;

struct RegistryDeleter {
  void operator()(floe_registry* r) const { floe_registry_free(r); }
};
using RegistryPtr = std::unique_ptr<floe_registry, RegistryDeleter>;

void log_to_stderr(void* payload, int32_t level, const char* source, const char* message) {
  const auto* verbose = static_cast<const bool*>(payload);
  if (level < FLOE_LOG_WARNING && !*verbose) return;
  const char* tag = level >= FLOE_LOG_ERROR ? "error" : level >= FLOE_LOG_WARNING ? "warning" : level >= FLOE_LOG_INFO ? "info" : "debug";
  fmt::print(stderr, "{} [{}]: {}\n", tag, source, message);
}

RegistryPtr open_registry(const GlobalOptions& global) {
  std::string extra;
  for (const auto& p : global.plugin_paths) extra += (extra.empty() ? "" : ":") + p;
  floe_registry_options options = FLOE_REGISTRY_OPTIONS_INIT;
  options.extra_roots = extra.empty() ? nullptr : extra.c_str();
  options.log = &log_to_stderr;
  options.log_payload = const_cast<bool*>(&global.verbose);
  floe_registry* raw = nullptr;
  Error error;
  check(floe_registry_new(&raw, &options, &error.raw), error);
  return RegistryPtr(raw);
}

// "@path" reads a file; anything else is the JSON text itself.
std::string json_argument(const std::string& value, const char* what) {
  if (value.empty() || value[0] != '@') return value;
  std::ifstream in(value.substr(1), std::ios::binary);
  if (!in) throw CommandFailure(kExitIo, fmt::format("{}: cannot read {}", what, value.substr(1)));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string pretty(const json::value& v, int indent = 0) {
  // Small pretty printer for human output; machine output uses --json.
  std::string pad(static_cast<size_t>(indent) * 2, ' ');
  if (v.is_object() && !v.get_object().empty()) {
    std::string out = "{\n";
    size_t i = 0;
    for (const auto& [k, m] : v.get_object())
      out += fmt::format("{}  {}: {}{}\n", pad, json::serialize(json::value(k)), pretty(m, indent + 1),
                         ++i < v.get_object().size() ? "," : "");
    return out + pad + "}";
  }
  if (v.is_array() && !v.get_array().empty()) {
    std::string out = "[\n";
    const auto& a = v.get_array();
    for (size_t i = 0; i < a.size(); ++i)
      out += fmt::format("{}  {}{}\n", pad, pretty(a[i], indent + 1), i + 1 < a.size() ? "," : "");
    return out + pad + "]";
  }
  return json::serialize(v);
}

std::string joined(const json::value& list) {
  std::vector<std::string> items;
  if (list.is_array())
    for (const auto& x : list.get_array())
      if (x.is_string()) items.emplace_back(x.get_string());
  return items.empty() ? "-" : fmt::format("{}", fmt::join(items, ", "));
}

void print_plugin_table(const json::array& plugins, const Terminal& term) {
  size_t wc = 8, wn = 4, wv = 7;
  for (const auto& p : plugins) {
    wc = std::max(wc, string_field(p, "category").size());
    wn = std::max(wn, string_field(p, "name").size());
    wv = std::max(wv, string_field(p, "version").size());
  }
  fmt::print(result_stream(), "{}\n", term.bold(fmt::format("{:<{}}  {:<{}}  {:<{}}  {}", "CATEGORY", wc, "NAME", wn, "VERSION", wv,
                                           "DESCRIPTION")));
  for (const auto& p : plugins)
    fmt::print(result_stream(), "{:<{}}  {:<{}}  {:<{}}  {}\n", string_field(p, "category"), wc,
               string_field(p, "name"), wn, string_field(p, "version"), wv, string_field(p, "description"));
}

size_t error_count(const json::array& problems) {
  size_t n = 0;
  for (const auto& p : problems) n += string_field(p, "severity") == "error";
  return n;
}

// ---- commands --------------------------------------------------------------

void run_list(const GlobalOptions& global, const Terminal& term, bool as_json) {
  auto registry = open_registry(global);
  Buffer out;
  Error error;
  // doctor without loading: the list plus problems, still no plugin code run.
  check(floe_registry_doctor(registry.get(), 0, &out.raw, &error.raw), error);
  json::value doc = parse_output(out);
  const auto& plugins = doc.at("plugins").as_array();
  const auto& problems = doc.at("problems").as_array();
  if (as_json) {
    fmt::print(result_stream(), "{}\n", json::serialize(json::object{{"plugins", plugins}}));
  } else if (plugins.empty()) {
    fmt::print(stderr, "no plugins found; `floe plugins doctor` shows where floe looked\n");
  } else {
    print_plugin_table(plugins, term);
  }
  if (size_t n = error_count(problems); n > 0)
    term.warning(fmt::format("{} plugin problem(s) found; run `floe plugins doctor` for details", n));
}

void run_info(const GlobalOptions& global, const Terminal& term, const std::string& category, const std::string& name,
              bool as_json) {
  auto registry = open_registry(global);
  Buffer out;
  Error error;
  check(floe_registry_info(registry.get(), category.c_str(), name.c_str(), &out.raw, &error.raw), error);
  if (as_json) {
    fmt::print(result_stream(), "{}\n", out.view());
    return;
  }
  json::value info = parse_output(out);
  fmt::print(result_stream(), "{} {}\n",
             term.bold(fmt::format("{}/{}", string_field(info, "category"), string_field(info, "name"))),
             string_field(info, "version"));
  fmt::print(result_stream(), "  {}\n", string_field(info, "description"));
  fmt::print(result_stream(), "  ABI:          {}\n", string_field(info, "abi_version"));
  fmt::print(result_stream(), "  library:      {}\n", string_field(info, "library"));
  fmt::print(result_stream(), "  manifest:     {}\n", string_field(info, "manifest"));
  fmt::print(result_stream(), "  capabilities: {}\n", joined(info.at("capabilities")));
  fmt::print(result_stream(), "  requirements: {}\n", joined(info.at("requirements")));
  fmt::print(result_stream(), "  methods:\n");
  for (const auto& m : info.at("methods").as_array()) {
    bool implemented = m.at("implemented").as_bool();
    bool required = m.at("required").as_bool();
    fmt::print(result_stream(), "    {} {}{}\n", implemented ? term.green("✓") : term.dim("-"), string_field(m, "name"),
               required ? "" : term.dim(" (optional)"));
  }
  fmt::print(result_stream(), "  config schema:\n    {}\n", pretty(info.at("config_schema"), 2));
}

int run_doctor(const GlobalOptions& global, const Terminal& term, bool as_json, bool load_all) {
  auto registry = open_registry(global);
  Buffer out;
  Error error;
  check(floe_registry_doctor(registry.get(), load_all ? 1 : 0, &out.raw, &error.raw), error);
  json::value doc = parse_output(out);
  const auto& problems = doc.at("problems").as_array();
  int code = error_count(problems) > 0 ? kExitPlugin : kExitOk;
  if (as_json) {
    fmt::print(result_stream(), "{}\n", out.view());
    return code;
  }
  fmt::print(result_stream(), "{} (host ABI {})\n", term.bold("Search roots, in order:"),
             string_field(doc, "host_abi_version"));
  for (const auto& r : doc.at("roots").as_array())
    fmt::print(result_stream(), "  {} {} ({})\n", r.at("exists").as_bool() ? term.green("✓") : term.dim("-"),
               string_field(r, "path"), string_field(r, "source"));
  const auto& plugins = doc.at("plugins").as_array();
  fmt::print(result_stream(), "{}\n", term.bold(fmt::format("Plugins found: {}", plugins.size())));
  for (const auto& p : plugins)
    fmt::print(result_stream(), "  {}/{} {}  {}\n", string_field(p, "category"), string_field(p, "name"),
               string_field(p, "version"), term.dim(string_field(p, "manifest")));
  fmt::print(result_stream(), "{}\n", term.bold(fmt::format("Problems: {}", problems.size())));
  for (const auto& p : problems) {
    bool is_error = string_field(p, "severity") == "error";
    fmt::print(result_stream(), "  {} [{}] {}\n", is_error ? term.red("✗") : term.yellow("!"), string_field(p, "kind"),
               string_field(p, "message"));
  }
  if (!load_all) fmt::print(result_stream(), "{}\n", term.dim("(plugins were not loaded; use --load to load and initialise each one)"));
  return code;
}

void run_call(const GlobalOptions& global, const std::string& category, const std::string& name,
              const std::string& method, const std::string& config, const std::string& request, bool as_json) {
  auto registry = open_registry(global);
  std::string config_text = json_argument(config, "--config");
  std::string request_text = json_argument(request, "--request");
  floe_handle* handle = nullptr;
  Error error;
  check(floe_registry_open(registry.get(), category.c_str(), name.c_str(), config_text.c_str(), &handle, &error.raw),
        error);
  Buffer out;
  floe_status status = method == "health_check"
                           ? floe_handle_health_check(handle, &out.raw, &error.raw)
                           : floe_handle_call(handle, method.c_str(), request_text.c_str(), &out.raw, &error.raw);
  check(status, error);
  if (as_json)
    fmt::print(result_stream(), "{}\n", out.view());
  else
    fmt::print(result_stream(), "{}\n", pretty(parse_output(out)));
}

void run_compose(const GlobalOptions& global, const Terminal& term, const std::vector<std::string>& pairs) {
  json::object selection;
  for (const auto& p : pairs) {
    auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == p.size())
      throw CommandFailure(kExitUsage, fmt::format("'{}' is not CATEGORY=NAME (e.g. compute=duckdb)", p));
    selection[p.substr(0, eq)] = p.substr(eq + 1);
  }
  auto registry = open_registry(global);
  Error error;
  std::string text = json::serialize(selection);
  check(floe_registry_check_composition(registry.get(), text.c_str(), &error.raw), error);
  fmt::print(stderr, "{} every requirement of the selection is met\n", term.green("✓", true));
}

// What the author says about running the plugin, beside what its binary
// says (docs/abi.md#manifest): added to the library's manifest document.
struct ManifestExtras {
  std::string isolation;
  uint32_t call_timeout_ms = 0;
};

void run_manifest(const std::string& library, const std::string& category, const std::string& entrypoint,
                  const ManifestExtras& extras, const std::string& output) {
  Buffer out;
  Error error;
  check(floe_plugin_describe_library(library.c_str(), entrypoint.empty() ? nullptr : entrypoint.c_str(), &out.raw,
                                     &error.raw),
        error);
  json::value doc = parse_output(out);
  std::string actual = string_field(doc, "category");
  if (!category.empty() && actual != category)
    throw CommandFailure(kExitPlugin, fmt::format("{}: the plugin's descriptor says category '{}', not '{}'", library,
                                                  actual, category));
  std::string text(out.view());
  if (!extras.isolation.empty() || extras.call_timeout_ms != 0) {
    if (!extras.isolation.empty()) doc.as_object()["isolation"] = extras.isolation;
    if (extras.call_timeout_ms != 0) doc.as_object()["call_timeout_ms"] = extras.call_timeout_ms;
    text = pretty(doc) + "\n";
  }
  if (output.empty() || output == "-") {
    fmt::print(result_stream(), "{}", text);
    return;
  }
  // Write beside the target and rename, so a reader never sees half a manifest.
  std::string tmp = output + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    if (!f) throw CommandFailure(kExitIo, fmt::format("cannot write {}", tmp));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, output, ec);
  if (ec) throw CommandFailure(kExitIo, fmt::format("cannot write {}: {}", output, ec.message()));
}

}  // namespace

void add_plugins_command(CLI::App& app, const GlobalOptions& global, const Terminal& term) {
  auto* plugins = app.add_subcommand("plugins", "Discover, inspect and call plugins");
  plugins->require_subcommand(1);

  struct State {
    bool json = false, load = false;
    std::string category, name, method, config, request, library, entrypoint, output;
    std::vector<std::string> pairs;
    ManifestExtras extras;
  };
  auto s = std::make_shared<State>();

  auto* list = plugins->add_subcommand("list", "List installed plugins (reads manifests; loads nothing)");
  list->add_flag("--json", s->json, "Machine-readable output on stdout");
  list->callback([&global, &term, s] { run_list(global, term, s->json); });

  auto* info = plugins->add_subcommand("info", "Load a plugin and show its descriptor, methods and config schema");
  info->add_option("CATEGORY", s->category, "Plugin category, e.g. compute")->required();
  info->add_option("NAME", s->name, "Plugin name, e.g. duckdb")->required();
  info->add_flag("--json", s->json, "Machine-readable output on stdout");
  info->callback([&global, &term, s] { run_info(global, term, s->category, s->name, s->json); });

  auto* doctor = plugins->add_subcommand("doctor", "Show search roots, plugins found and every problem with its reason");
  doctor->add_flag("--json", s->json, "Machine-readable output on stdout");
  doctor->add_flag("--load", s->load, "Also load and initialise every plugin");
  doctor->callback([&global, &term, s] {
    int code = run_doctor(global, term, s->json, s->load);
    if (code != kExitOk) throw CommandFailure(code, "");
  });

  auto* call = plugins->add_subcommand("call", "Configure a plugin and call one of its methods");
  call->add_option("CATEGORY", s->category, "Plugin category")->required();
  call->add_option("NAME", s->name, "Plugin name")->required();
  call->add_option("METHOD", s->method, "Method name (see `floe plugins info`), or health_check")->required();
  call->add_option("--config", s->config, "Plugin configuration: JSON text or @FILE")->default_val("{}");
  call->add_option("--request", s->request, "Method request: JSON text or @FILE")->default_val("{}");
  call->add_flag("--json", s->json, "Compact JSON on stdout");
  call->callback([&global, s] { run_call(global, s->category, s->name, s->method, s->config, s->request, s->json); });

  auto* compose = plugins->add_subcommand("compose", "Check that a selection of plugins satisfies their requirements");
  compose->add_option("SELECTION", s->pairs, "CATEGORY=NAME pairs, e.g. compute=duckdb catalog=polaris")->required();
  compose->callback([&global, &term, s] { run_compose(global, term, s->pairs); });

  auto* manifest = plugins->add_subcommand("manifest", "Write the manifest for a plugin library (used by floe_add_plugin)");
  manifest->add_option("LIBRARY", s->library, "Path of the plugin .so")->required();
  manifest->add_option("--category", s->category, "Expected category; refuse a library of another");
  manifest->add_option("--entrypoint", s->entrypoint, "Init symbol, if not floe_plugin_init");
  manifest->add_option("--isolation", s->extras.isolation,
                       "Where the plugin runs unless the user says otherwise: in-process (default) or process")
      ->check(CLI::IsMember({"in-process", "process"}));
  manifest->add_option("--call-timeout-ms", s->extras.call_timeout_ms,
                       "Per-call limit when the plugin runs isolated (default 60000)")
      ->check(CLI::Range(1u, 86'400'000u));
  manifest->add_option("-o,--output", s->output, "Manifest file to write (default: stdout)");
  manifest->callback([s] { run_manifest(s->library, s->category, s->entrypoint, s->extras, s->output); });
}

}  // namespace floe::cli
