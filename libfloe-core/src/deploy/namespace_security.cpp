#include "deploy/namespace_security.hpp"

#include <arpa/inet.h>

#include <boost/json.hpp>
#include <cstdlib>

namespace floe {

namespace json = boost::json;

namespace {

json::array port_list(const std::vector<int>& ports) {
  json::array out;
  for (int p : ports) out.push_back(json::object{{"protocol", "TCP"}, {"port", p}});
  return out;
}

json::object platform_namespaces(const std::string& platform) {
  return json::object{{"namespaceSelector", json::object{{"matchLabels", json::object{{"floe.dev/platform", platform}}}}}};
}

bool is_ipv4(const std::string& host) {
  in_addr a{};
  return inet_pton(AF_INET, host.c_str(), &a) == 1;
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

Result<json::object> namespace_object(SelectedPlugin& rbac, const std::string& name, const json::object& labels) {
  auto manifest = rbac.ask_for("generate_namespace", json::object{{"name", name}, {"labels", labels}}, "manifest", json::kind::object);
  if (!manifest) return manifest.error();
  return manifest.value().as_object();
}

Result<Objects> namespace_policies(SelectedPlugin& network, const std::string& ns, const std::string& platform,
                                   const std::vector<int>& service_ports, const std::vector<int>& platform_ports,
                                   const std::vector<Endpoint>& external) {
  Objects out;
  auto deny = network.ask_for("generate_default_deny_policies", json::object{{"namespace", ns}}, "manifests", json::kind::array);
  if (!deny) return deny.error();
  for (const auto& m : deny.value().as_array()) {
    if (!m.is_object()) return make_error(FLOE_ERR_PLUGIN_FAILED, network.label() + " answered generate_default_deny_policies with a manifest that is not an object");
    out.push_back(m.as_object());
  }
  auto policy = [&](const char* name, json::array ingress, json::array egress) -> Result<Ok> {
    json::object request{{"name", name}, {"namespace", ns}};
    if (!ingress.empty()) request["ingress"] = std::move(ingress);
    if (!egress.empty()) request["egress"] = std::move(egress);
    auto m = network.ask_for("generate_network_policy", request, "manifest", json::kind::object);
    if (!m) return m.error();
    out.push_back(m.value().as_object());
    return Ok{};
  };
  if (!service_ports.empty() || !platform_ports.empty()) {
    json::array ingress, egress;
    if (!service_ports.empty())
      ingress.push_back(json::object{{"from", json::array{platform_namespaces(platform)}}, {"ports", port_list(service_ports)}});
    if (!platform_ports.empty())
      egress.push_back(json::object{{"to", json::array{platform_namespaces(platform)}}, {"ports", port_list(platform_ports)}});
    if (auto ok = policy("allow-platform-traffic", std::move(ingress), std::move(egress)); !ok) return ok.error();
  }
  if (!external.empty()) {
    json::array egress;
    for (const auto& e : external) {
      json::object rule{{"ports", port_list({e.port})}};
      if (is_ipv4(e.host)) rule["to"] = json::array{json::object{{"ipBlock", json::object{{"cidr", e.host + "/32"}}}}};
      egress.push_back(std::move(rule));
    }
    if (auto ok = policy("allow-declared-egress", {}, std::move(egress)); !ok) return ok.error();
  }
  return out;
}

}  // namespace floe
