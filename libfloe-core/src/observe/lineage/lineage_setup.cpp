#include "observe/lineage/lineage_setup.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <optional>

#include "core/environment.hpp"
#include "core/json_path.hpp"
#include "core/secret_reference.hpp"
#include "diag/codes.hpp"
#include "observe/lineage/file_event_sink.hpp"
#include "observe/lineage/http_event_sink.hpp"
#include "observe/lineage/lineage_observer.hpp"
#include "plugin/host_api.hpp"

namespace floe::observe {
namespace json = boost::json;

namespace {

// OpenLineage clients' own switch, honoured the same way here.
bool disabled_by_environment() { return environment_flag("OPENLINEAGE_DISABLED"); }

class Setup {
 public:
  Setup(const ObserverSetup& setup, std::string label) : setup_(setup), label_(std::move(label)) {}

  // X121: the run goes on without lineage.
  void unavailable(const std::string& why) {
    Diagnostic d = make_diagnostic(
        codes::X121, "lineage", fmt::format("lineage is off for this run: {}: {}", label_, why),
        {(std::filesystem::path(setup_.product_dir) / "target" / "compiled_artifacts.json").string(), 0, 0}, {},
        "fix plugins.lineage_backend in the platform manifest (floe plugins info lineage_backend <type> shows its "
        "configuration), or set OPENLINEAGE_DISABLED=true to run without lineage");
    d.severity = Severity::warning;
    d.subject = "plugins.lineage_backend";
    setup_.report.diagnostics.add(std::move(d));
  }

  std::optional<json::object> call(Instance& plugin, const char* method, const json::object& request) {
    auto answer = setup_.registry.call_value(plugin, method, request);
    if (!answer) {
      unavailable(fmt::format("{} failed: {}", method, answer.error().message));
      return std::nullopt;
    }
    json::value parsed = std::move(answer).value();
    if (!parsed.is_object()) {
      unavailable(fmt::format("{} answered with something other than a JSON object", method));
      return std::nullopt;
    }
    return std::move(parsed.as_object());
  }

 private:
  const ObserverSetup& setup_;
  std::string label_;
};

std::chrono::milliseconds seconds_at(const json::object& o, const char* key, double fallback) {
  const json::value* v = o.if_contains(key);
  double s = v != nullptr && v->is_number() ? v->to_number<double>() : fallback;
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::max(0.0, s) * 1000));
}

// The sink the transport describes, or why there is none.
std::unique_ptr<EventSink> make_sink(const json::object& transport, Setup& setup) {
  std::string type = string_at(transport, {"type"});
  if (type == "file") {
    std::string path = string_at(transport, {"path"});
    if (!path.starts_with("/")) {
      setup.unavailable("get_transport_config gave a file transport without an absolute path");
      return nullptr;
    }
    return std::make_unique<FileEventSink>(path);
  }
  if (type != "http") {
    setup.unavailable(fmt::format("get_transport_config gave transport type '{}'; floe delivers http and file", type));
    return nullptr;
  }
  HttpSinkOptions options;
  options.url = string_at(transport, {"url"});
  if (!options.url.starts_with("http://") && !options.url.starts_with("https://")) {
    setup.unavailable("get_transport_config gave an http transport without an http(s) url");
    return nullptr;
  }
  options.timeout = seconds_at(transport, "timeout_s", 5);
  options.drain_timeout = seconds_at(transport, "drain_timeout_s", 10);
  if (std::string reference = string_at(transport, {"api_key"}); !reference.empty()) {
    std::string key, problem;
    if (resolve_secret_reference(reference, key, problem) != FLOE_OK) {
      setup.unavailable("the API key cannot be read: " + problem);
      return nullptr;
    }
    options.headers.push_back("Authorization: Bearer " + key);
  }
  return std::make_unique<HttpEventSink>(std::move(options));
}

std::optional<LineageNames> names_from(const json::object& mapping, Setup& setup) {
  LineageNames n{string_at(mapping, {"namespace"}), string_at(mapping, {"mapping", "run"}),
                 string_at(mapping, {"mapping", "model_prefix"}), string_at(mapping, {"mapping", "ingestion_prefix"}),
                 string_at(mapping, {"mapping", "quality"})};
  if (n.job_namespace.empty() || n.run_job.empty() || n.quality_job.empty()) {
    setup.unavailable("get_namespace_mapping gave no namespace, run or quality job name");
    return std::nullopt;
  }
  return n;
}

}  // namespace

std::unique_ptr<RunObserver> make_lineage_observer(const ObserverSetup& setup) {
  const json::value* selection = find_path(setup.artifacts, {"plugins", "lineage_backend"});
  std::string type = selection != nullptr ? string_at(*selection, {"type"}) : "";
  if (type.empty() || disabled_by_environment()) return nullptr;
  Setup checks(setup, "lineage_backend/" + type);

  json::object config;
  if (auto* c = find_path(*selection, {"config"}); c != nullptr && c->is_object()) config = c->as_object();
  auto opened = setup.registry.open("lineage_backend", type, json::serialize(config));
  if (!opened) {
    checks.unavailable(opened.error().message);
    return nullptr;
  }
  Instance* plugin = opened.value();

  json::object transport_request{{"project_dir", setup.product_dir}};
  // OPENLINEAGE_URL, as OpenLineage clients read it, replaces the platform's
  // lineage endpoint for this run (a local Marquez, a test receiver).
  std::string endpoint = environment_value("OPENLINEAGE_URL");
  if (endpoint.empty()) endpoint = string_at(setup.artifacts, {"lineage", "endpoint"});
  if (!endpoint.empty()) transport_request["endpoint"] = endpoint;
  if (json::object refs = selection_secret_references(*selection); !refs.empty()) transport_request["secrets"] = std::move(refs);
  json::object mapping_request{{"product", string_at(setup.artifacts, {"product", "name"})},
                               {"mode", string_at(setup.artifacts, {"inheritance", "mode"}, "2-tier")}};
  for (auto [key, path] : {std::pair{"domain", "product"}, std::pair{"namespace", "lineage"}})
    if (std::string v = string_at(setup.artifacts, {path, key}); !v.empty()) mapping_request[key] = v;

  auto transport = checks.call(*plugin, "get_transport_config", transport_request);
  auto mapping = transport ? checks.call(*plugin, "get_namespace_mapping", mapping_request) : std::nullopt;
  setup.registry.close(plugin);
  if (!transport || !mapping) return nullptr;
  auto names = names_from(*mapping, checks);
  if (!names) return nullptr;
  auto sink = make_sink(*transport, checks);
  if (!sink) return nullptr;
  return std::make_unique<LineageObserver>(std::move(*names), std::move(sink), setup.artifacts, setup.product_dir,
                                           setup.report);
}

}  // namespace floe::observe
