#include "status/platform_status.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <cctype>
#include <chrono>
#include <thread>
#include <vector>

#include "core/json_path.hpp"
#include "diag/codes.hpp"
#include "oci/http_transport.hpp"
#include "kube/names.hpp"
#include "resolve/resolver.hpp"
#include "status/cluster_workloads.hpp"

namespace floe {

namespace json = boost::json;

namespace {

struct Service {
  std::string service, plugin, endpoint, url;
  std::string key;  // the manifest key that declares the endpoint, for the diagnostic's line
  std::string workload;  // with a cluster: the workload serving a cluster-local address
  // filled by the check
  std::string status, version, message;
  long http_status = 0;
  double latency_ms = 0;
};

Service declared(std::string service, std::string plugin, std::string endpoint, std::string url, std::string key) {
  Service s;
  s.service = std::move(service);
  s.plugin = std::move(plugin);
  s.endpoint = std::move(endpoint);
  s.url = std::move(url);
  s.key = std::move(key);
  return s;
}

std::string trimmed_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// oci://host[:port]/repo -> the registry's /v2/ (plain HTTP for loopback
// registries, as floe's OCI client talks to them).
std::string registry_v2(const std::string& ref) {
  std::string rest = ref.substr(6);
  std::string host = rest.substr(0, rest.find('/'));
  bool loopback = host.rfind("127.", 0) == 0 || host.rfind("localhost", 0) == 0 || host.rfind("[::1]", 0) == 0;
  return (loopback ? "http://" : "https://") + host + "/v2/";
}

std::vector<Service> services_to_check(const json::value& v) {
  std::vector<Service> out;
  const json::value* registry = find_path(v, {"artifacts", "registry"});
  std::string ref = registry == nullptr ? "" : registry->is_string() ? std::string(registry->as_string())
                                                                     : string_at(*registry, {"uri"});
  if (ref.rfind("oci://", 0) == 0) out.push_back(declared("oci_registry", "oci", ref, registry_v2(ref), "artifacts.registry"));
  if (std::string uri = string_at(v, {"plugins", "catalog", "config", "uri"}); !uri.empty())
    out.push_back(declared("catalog", string_at(v, {"plugins", "catalog", "type"}), uri, trimmed_slash(uri) + "/v1/config",
                   "plugins.catalog.config.uri"));
  if (std::string traces = string_at(v, {"observability", "traces", "endpoint"}); !traces.empty())
    out.push_back(declared("otlp_collector", string_at(v, {"plugins", "telemetry_backend", "type"}, "otlp"), traces, traces,
                   "observability.traces.endpoint"));
  if (std::string lineage = string_at(v, {"observability", "lineage", "endpoint"}); !lineage.empty())
    out.push_back(declared("lineage", string_at(v, {"plugins", "lineage_backend", "type"}, "http"), lineage, lineage,
                   "observability.lineage.endpoint"));
  return out;
}

void check(Service& s, long timeout_ms) {
  oci::TransportOptions options;
  options.connect_timeout_ms = timeout_ms;
  options.timeout_ms = timeout_ms;
  options.max_retries = 0;
  options.follow_redirects = false;
  options.peer = s.service == "oci_registry"     ? "registry"
                 : s.service == "otlp_collector" ? "collector"
                 : s.service == "lineage"        ? "lineage server"
                                                 : s.service;
  oci::HttpTransport transport(options);
  oci::HttpRequest request;
  request.url = s.url;
  auto start = std::chrono::steady_clock::now();
  auto answer = transport.send(request);
  s.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!answer) {
    s.status = answer.error().code == FLOE_ERR_TIMEOUT ? "timeout" : "down";
    s.message = answer.error().message;
    return;
  }
  s.http_status = answer.value().status;
  s.status = s.http_status >= 500 ? "error" : "up";
  if (s.http_status == 401) s.message = "answers; credentials needed";
  if (s.http_status >= 500) s.message = fmt::format("answered HTTP {}", s.http_status);
  s.version = answer.value().header("Docker-Distribution-Api-Version");
  if (s.version.empty()) s.version = answer.value().header("Server");
}

// The workload a cluster-local address names: "polaris" of
// http://polaris:8181/x and of http://polaris.acme.svc:8181; "" for an
// address outside the cluster.
std::string cluster_local_workload(const std::string& url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return "";
  std::string host = url.substr(scheme_end + 3);
  host = host.substr(0, host.find_first_of(":/?#"));
  if (auto at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  if (host.empty() || host == "localhost" || host[0] == '[' || std::isdigit(static_cast<unsigned char>(host[0]))) return "";
  auto dot = host.find('.');
  bool local = dot == std::string::npos || host.find(".svc") != std::string::npos;
  return local ? host.substr(0, dot) : "";
}

// The cluster's view: every workload of the platform, and the services
// whose addresses are cluster-local judged by their workloads.
void check_cluster(const PlatformStatusRequest& request, const ResolvedPlatform& platform, std::vector<Service>& services,
                   CompileReport& report, json::object& result) {
  Stage& stage = report.stage("Reading the platform's workloads from the cluster");
  auto unreachable = [&](const Error& e) {
    report.diagnostics.add(make_diagnostic(codes::R911, "status", e.message, {request.manifest_path, 0, 0},
                                           "a Kubernetes API server kubectl can reach",
                                           "check `kubectl version` with the same --kubeconfig/--context"));
    stage.ok = false;
    stage.lines.push_back({"error", e.message});
  };
  auto version = kube_server_version(request.kube);
  if (!version) return unreachable(version.error());
  std::string label = k8s_label_name(platform.name);
  auto workloads = cluster_workloads(request.kube, label, request.timeout_ms + request.kube.request_timeout_ms);
  if (!workloads) return unreachable(workloads.error());
  stage.lines.push_back({"ok", fmt::format("Kubernetes {}: {} workload(s) of platform {}", version.value(),
                                           workloads.value().size(), label)});
  if (workloads.value().empty())
    report.diagnostics.add(make_diagnostic(codes::R913, "status",
                                           fmt::format("nothing of the platform {} is deployed in the cluster", label),
                                           {request.manifest_path, 0, 0}, "the platform's workloads in the cluster",
                                           "floe platform deploy --apply"));
  for (const auto& w : workloads.value()) {
    stage.lines.push_back({w.healthy ? "ok" : "error", fmt::format("{} {}/{}: {}{}", w.kind, w.ns, w.name, w.state,
                                                                   w.message.empty() ? "" : " - " + w.message)});
    if (!w.healthy)
      report.diagnostics.add(make_diagnostic(codes::R913, "status",
                                             fmt::format("{} {}/{} is {}: {}", w.kind, w.ns, w.name, w.state, w.message),
                                             {request.manifest_path, 0, 0}, "every workload available",
                                             fmt::format("kubectl describe {} {} -n {} shows the events", w.kind, w.name, w.ns)));
  }
  for (auto& s : services) {
    if (s.workload.empty()) continue;
    const WorkloadStatus* w = nullptr;
    for (const auto& candidate : workloads.value())
      if (candidate.name == s.workload && (candidate.kind == "Deployment" || candidate.kind == "StatefulSet")) w = &candidate;
    s.status = w != nullptr && w->healthy ? "up" : "down";
    s.message = w == nullptr ? fmt::format("no workload '{}' of the platform is in the cluster", s.workload)
                : w->healthy ? fmt::format("in the cluster: {} {}/{} available", w->kind, w->ns, w->name)
                             : fmt::format("in the cluster: {} {}/{}: {}", w->kind, w->ns, w->name, w->message);
  }
  result["cluster"] = json::object{{"server_version", version.value()}, {"workloads", workloads_json(workloads.value())}};
  report.conclude(stage);
}

}  // namespace

CompileReport platform_status(const PlatformStatusRequest& request, json::value& result) {
  CompileReport report;
  Stage& load = report.stage(fmt::format("Resolving {}", request.manifest_path));
  ResolvedPlatform platform;
  if (!resolve_platform(request.manifest_path, ".", SourceLocation{}, request.sources, platform, report.diagnostics)) {
    load.ok = false;
    load.lines.push_back({"error", "the manifest chain has errors (see the problems below)"});
    report.conclude(load);
    return report;
  }
  for (const auto& l : platform.chain) load.lines.push_back({"ok", fmt::format("{} {} {}", l.tier, l.name, l.version)});

  std::vector<Service> services = services_to_check(platform.values);
  if (request.cluster)
    for (auto& s : services) s.workload = s.service == "oci_registry" ? "" : cluster_local_workload(s.endpoint);
  json::object out;
  if (request.cluster) check_cluster(request, platform, services, report, out);
  Stage& checked = report.stage(fmt::format("Checking {} service(s), {} ms each at most", services.size(), request.timeout_ms));
  {
    std::vector<std::thread> checks;
    for (auto& s : services)
      if (s.workload.empty()) checks.emplace_back([&s, &request] { check(s, request.timeout_ms); });
    for (auto& t : checks) t.join();
  }
  json::array rows;
  for (const auto& s : services) {
    json::object row{{"service", s.service}, {"plugin", s.plugin}, {"endpoint", s.endpoint}, {"status", s.status},
                     {"latency_ms", static_cast<std::int64_t>(s.latency_ms + 0.5)}};
    if (s.http_status != 0) row["http_status"] = s.http_status;
    if (!s.version.empty()) row["version"] = s.version;
    if (!s.message.empty()) row["message"] = s.message;
    rows.push_back(std::move(row));
    bool up = s.status == "up";
    checked.lines.push_back({up ? "ok" : "error", fmt::format("{} ({}) {}: {}{}", s.service, s.plugin, s.endpoint,
                                                              s.status, s.message.empty() ? "" : " - " + s.message)});
    if (!up) {
      const Provenance* origin = platform.origin_of(s.key);
      report.diagnostics.add(make_diagnostic(
          codes::R910, "status", fmt::format("{} at {} is {}: {}", s.service, s.endpoint, s.status,
                                             s.message.empty() ? "no answer" : s.message),
          origin != nullptr ? origin->where : SourceLocation{request.manifest_path, 0, 0},
          "the service answering from this machine", "start the service, or fix its address in the manifest"));
    }
  }
  if (services.empty()) checked.lines.push_back({"info", "the platform declares no service floe can check"});
  out["services"] = std::move(rows);
  result = std::move(out);
  report.conclude(checked);
  return report;
}

}  // namespace floe
