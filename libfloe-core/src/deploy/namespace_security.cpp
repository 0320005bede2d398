#include "deploy/namespace_security.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <boost/json.hpp>
#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>

#include "core/json_path.hpp"

namespace floe {

namespace json = boost::json;

namespace {

// The label every namespace carries with its own name (the API server sets
// it, and nobody can set it to another name).
constexpr const char* kNamespaceNameLabel = "kubernetes.io/metadata.name";
// The component label of a product's run pods (product_objects.cpp).
constexpr const char* kProductRunComponent = "product-run";

json::array policy_ports(const std::vector<int>& ports) {
  json::array out;
  for (int p : ports) out.push_back(json::object{{"protocol", "TCP"}, {"port", p}});
  return out;
}

// The pods of a workload: its Deployment's or StatefulSet's selector
// (workload_objects.cpp).
json::object workload_pods(const PolicyScope& s, const std::string& workload) {
  return json::object{{"matchLabels", json::object{{"app.kubernetes.io/name", workload}, {"app.kubernetes.io/part-of", s.platform}}}};
}

json::object product_run_pods(const PolicyScope& s) {
  return json::object{
      {"matchLabels", json::object{{"app.kubernetes.io/component", kProductRunComponent}, {"app.kubernetes.io/part-of", s.platform}}}};
}

json::object namespace_by_name(const std::string& ns) {
  return json::object{{"matchLabels", json::object{{kNamespaceNameLabel, ns}}}};
}

// Pods selected by `pods` in `target_ns`, as a peer of a policy in `policy_ns`
// (a peer without a namespaceSelector is the policy's own namespace).
json::object peer_pods_in(const std::string& policy_ns, const std::string& target_ns, json::object pods) {
  json::object peer;
  if (target_ns != policy_ns) peer["namespaceSelector"] = namespace_by_name(target_ns);
  peer["podSelector"] = std::move(pods);
  return peer;
}

// The run pods of every product of this deploy, in their namespaces.
json::object product_run_peer(const PolicyScope& s) {
  std::set<std::string> names(s.product_namespaces.begin(), s.product_namespaces.end());
  json::array values;
  for (const auto& n : names) values.push_back(json::string(n));
  return json::object{
      {"namespaceSelector",
       json::object{{"matchExpressions", json::array{json::object{{"key", kNamespaceNameLabel}, {"operator", "In"}, {"values", std::move(values)}}}}}},
      {"podSelector", product_run_pods(s)}};
}

// Where a (host, port) a pod sends to is, as far as a NetworkPolicy can say.
struct PolicyDestination {
  enum Kind { none, workload, cluster, address, name } kind = none;
  std::string where;  // the workload, the namespace, or the CIDR
};

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

PolicyDestination destination_of(const PolicyScope& s, const std::string& host) {
  if (host.empty() || is_loopback_host(host)) return {};  // a pod's own loopback is never filtered
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return {PolicyDestination::address, host + "/32"};
  if (host.front() == '[' && host.back() == ']') {
    std::string inner = host.substr(1, host.size() - 2);
    in6_addr v6{};
    if (inet_pton(AF_INET6, inner.c_str(), &v6) == 1) return {PolicyDestination::address, inner + "/128"};
    return {PolicyDestination::name, host};
  }
  // A cluster-local name: "polaris" (the services' namespace: where floe
  // deploys what the manifest names), "polaris.lake.svc[.cluster.local]".
  std::string name = host, ns = s.services_namespace;
  bool local = host.find('.') == std::string::npos;
  for (const char* suffix : {".svc", ".svc.cluster.local"}) {
    std::string sfx = suffix;
    if (local || host.size() <= sfx.size() || host.compare(host.size() - sfx.size(), sfx.size(), sfx) != 0) continue;
    std::string rest = host.substr(0, host.size() - sfx.size());
    auto dot = rest.find('.');
    if (dot == std::string::npos || rest.find('.', dot + 1) != std::string::npos) continue;
    name = rest.substr(0, dot);
    ns = rest.substr(dot + 1);
    local = true;
  }
  if (!local) return {PolicyDestination::name, host};
  if (ns == s.services_namespace)
    for (const auto& w : s.workloads)
      if (w.name == name) return {PolicyDestination::workload, name};
  return {PolicyDestination::cluster, ns};
}

// The egress rule that lets a pod of `policy_ns` reach host:port, if any.
std::optional<json::object> egress_rule_to(const PolicyScope& s, const std::string& policy_ns, const std::string& host, int port) {
  PolicyDestination t = destination_of(s, host);
  json::object rule;
  switch (t.kind) {
    case PolicyDestination::none: return std::nullopt;
    case PolicyDestination::workload: rule["to"] = json::array{peer_pods_in(policy_ns, s.services_namespace, workload_pods(s, t.where))}; break;
    case PolicyDestination::cluster:
      rule["to"] = json::array{t.where == policy_ns ? json::object{{"podSelector", json::object{}}}
                                                    : json::object{{"namespaceSelector", namespace_by_name(t.where)}}};
      break;
    case PolicyDestination::address: rule["to"] = json::array{json::object{{"ipBlock", json::object{{"cidr", t.where}}}}}; break;
    case PolicyDestination::name: break;  // a NetworkPolicy cannot match a host name: this port, anywhere
  }
  rule["ports"] = policy_ports({port});
  return rule;
}

// Appends `item` unless an equal one is there (rules and peers keep their
// first order: the output is deterministic).
void append_once(json::array& list, json::value item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(std::move(item));
}

bool workload_uses(const Workload& w, const std::string& service) {
  return std::find(w.uses.begin(), w.uses.end(), service) != w.uses.end();
}

bool is_port_client(const Workload& client, const Workload& server, const WorkloadPort& port) {
  return client.plugin == server.plugin &&
         std::find(port.clients.begin(), port.clients.end(), client.component) != port.clients.end();
}

json::array workload_ingress(const PolicyScope& s, const Workload& w) {
  const std::string& ns = s.services_namespace;
  json::array rules;
  for (const auto& port : w.ports) {
    json::array from;
    for (const auto& x : s.workloads)
      if (is_port_client(x, w, port)) append_once(from, peer_pods_in(ns, ns, workload_pods(s, x.name)));
    for (const auto& d : s.declared) {
      PolicyDestination t = destination_of(s, d.at.host);
      if (t.kind != PolicyDestination::workload || t.where != w.name || d.at.port != port.port) continue;
      if (!s.product_namespaces.empty()) append_once(from, product_run_peer(s));
      for (const auto& x : s.workloads)
        if (workload_uses(x, d.service)) append_once(from, peer_pods_in(ns, ns, workload_pods(s, x.name)));
    }
    if (!from.empty()) rules.push_back(json::object{{"from", std::move(from)}, {"ports", policy_ports({port.port})}});
  }
  return rules;
}

json::array workload_egress(const PolicyScope& s, const Workload& w) {
  const std::string& ns = s.services_namespace;
  json::array rules;
  for (const auto& x : s.workloads) {
    std::vector<int> ports;
    for (const auto& port : x.ports)
      if (is_port_client(w, x, port)) ports.push_back(port.port);
    if (!ports.empty())
      append_once(rules, json::object{{"to", json::array{peer_pods_in(ns, ns, workload_pods(s, x.name))}}, {"ports", policy_ports(ports)}});
  }
  for (const auto& d : s.declared)
    if (workload_uses(w, d.service))
      if (auto rule = egress_rule_to(s, ns, d.at.host, d.at.port)) append_once(rules, std::move(*rule));
  for (const auto& [host, port] : w.egress)
    if (auto rule = egress_rule_to(s, ns, host, port)) append_once(rules, std::move(*rule));
  return rules;
}

// The plugin's default deny and DNS for `ns`, then `policies` (name, pod
// selector, ingress, egress) from generate_network_policy.
struct PolicyRequest {
  std::string name;
  json::object pod_selector;
  json::array ingress, egress;
};

Result<Objects> policies_for_namespace(SelectedPlugin& network, const std::string& ns, std::vector<PolicyRequest> policies) {
  Objects out;
  auto deny = network.ask_for("generate_default_deny_policies", json::object{{"namespace", ns}}, "manifests", json::kind::array);
  if (!deny) return deny.error();
  std::set<std::string> names;
  for (const auto& m : deny.value().as_array()) {
    if (!m.is_object()) return make_error(FLOE_ERR_PLUGIN_FAILED, network.label() + " answered generate_default_deny_policies with a manifest that is not an object");
    names.insert(string_at(m, {"metadata", "name"}));
    out.push_back(m.as_object());
  }
  for (auto& p : policies) {
    if (!names.insert(p.name).second)
      return make_error(FLOE_ERR_PLUGIN_FAILED, fmt::format("{} names one of its default policies '{}', the name of the "
                                                            "policy floe renders for that workload",
                                                            network.label(), p.name));
    json::object request{{"name", p.name}, {"namespace", ns}, {"pod_selector", std::move(p.pod_selector)}};
    if (!p.ingress.empty()) request["ingress"] = std::move(p.ingress);
    if (!p.egress.empty()) request["egress"] = std::move(p.egress);
    auto m = network.ask_for("generate_network_policy", request, "manifest", json::kind::object);
    if (!m) return m.error();
    out.push_back(m.value().as_object());
  }
  return out;
}

}  // namespace

Endpoint endpoint_of(const std::string& url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return {};
  std::string scheme = url.substr(0, scheme_end);
  std::string rest = url.substr(scheme_end + 3);
  std::string authority = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
  Endpoint e;
  if (!authority.empty() && authority[0] == '[') {  // [v6]:port: kept as the host, port after it
    auto close = authority.find(']');
    e.host = authority.substr(0, close + 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') e.port = std::atoi(authority.c_str() + close + 2);
  } else if (auto colon = authority.rfind(':'); colon != std::string::npos) {
    e.host = authority.substr(0, colon);
    e.port = std::atoi(authority.c_str() + colon + 1);
  } else {
    e.host = authority;
  }
  if (e.port == 0) e.port = scheme == "https" ? 443 : scheme == "http" ? 80 : 0;
  if (e.port <= 0 || e.port > 65535 || e.host.empty()) return {};
  return e;
}

std::vector<DeclaredService> declared_service_addresses(const json::value& platform_values) {
  std::vector<DeclaredService> out;
  auto add = [&](const char* service, std::initializer_list<std::string_view> path) {
    if (Endpoint e = endpoint_of(string_at(platform_values, path)); e.port != 0) out.push_back({service, e});
  };
  add("catalog", {"plugins", "catalog", "config", "uri"});
  add("storage", {"plugins", "storage", "config", "endpoint"});
  add("telemetry", {"observability", "traces", "endpoint"});
  add("lineage", {"observability", "lineage", "endpoint"});
  return out;
}

Result<json::object> namespace_object(SelectedPlugin& rbac, const std::string& name, const json::object& labels) {
  auto manifest = rbac.ask_for("generate_namespace", json::object{{"name", name}, {"labels", labels}}, "manifest", json::kind::object);
  if (!manifest) return manifest.error();
  return manifest.value().as_object();
}

Result<Objects> services_policies(SelectedPlugin& network, const PolicyScope& scope) {
  std::vector<PolicyRequest> policies;
  // One per workload, even one that sends and receives nothing but DNS: the
  // set of policies does not change with the products deployed.
  for (const auto& w : scope.workloads)
    policies.push_back({w.name + "-traffic", workload_pods(scope, w.name), workload_ingress(scope, w), workload_egress(scope, w)});
  return policies_for_namespace(network, scope.services_namespace, std::move(policies));
}

Result<Objects> product_namespace_policies(SelectedPlugin& network, const PolicyScope& scope, const std::string& ns) {
  json::array egress;
  for (const auto& d : scope.declared)
    if (auto rule = egress_rule_to(scope, ns, d.at.host, d.at.port)) append_once(egress, std::move(*rule));
  std::vector<PolicyRequest> policies;
  if (!egress.empty()) policies.push_back({"allow-platform-traffic", product_run_pods(scope), {}, std::move(egress)});
  return policies_for_namespace(network, ns, std::move(policies));
}

}  // namespace floe
