#include "network_policy_eval.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <stdexcept>

namespace floe::test::netpol {

namespace json = boost::json;

namespace {

const json::value* at(const json::value& v, std::initializer_list<const char*> path) {
  const json::value* cur = &v;
  for (const char* key : path) {
    if (!cur->is_object()) return nullptr;
    cur = cur->as_object().if_contains(key);
    if (cur == nullptr) return nullptr;
  }
  return cur;
}

std::string text_at(const json::value& v, std::initializer_list<const char*> path) {
  const json::value* x = at(v, path);
  return x != nullptr && x->is_string() ? std::string(x->as_string()) : std::string();
}

const json::object& object_or_empty(const json::value* v) {
  static const json::object empty;
  return v != nullptr && v->is_object() ? v->as_object() : empty;
}

// An address as its bytes (4 or 16); empty when it is not one.
std::vector<unsigned char> address_bytes(const std::string& text) {
  std::array<unsigned char, 16> buf{};
  if (inet_pton(AF_INET, text.c_str(), buf.data()) == 1) return {buf.begin(), buf.begin() + 4};
  if (inet_pton(AF_INET6, text.c_str(), buf.data()) == 1) return {buf.begin(), buf.end()};
  return {};
}

bool label_is(const json::object& labels, const std::string& key, const std::string& value) {
  const json::value* v = labels.if_contains(key);
  return v != nullptr && v->is_string() && v->as_string() == value;
}

}  // namespace

bool in_cidr(const std::string& address, const std::string& cidr) {
  auto slash = cidr.find('/');
  if (slash == std::string::npos) throw std::runtime_error("not a CIDR: " + cidr);
  std::vector<unsigned char> a = address_bytes(address), net = address_bytes(cidr.substr(0, slash));
  int bits = std::atoi(cidr.c_str() + slash + 1);
  if (net.empty()) throw std::runtime_error("not a CIDR: " + cidr);
  if (a.size() != net.size()) return false;
  for (int i = 0; i < bits; ++i) {
    int mask = 0x80 >> (i % 8);
    if ((a[i / 8] & mask) != (net[i / 8] & mask)) return false;
  }
  return true;
}

bool selector_matches(const json::value& selector, const json::object& labels) {
  if (!selector.is_object()) throw std::runtime_error("a label selector is an object: " + json::serialize(selector));
  for (const auto& [key, value] : object_or_empty(selector.as_object().if_contains("matchLabels")))
    if (!value.is_string() || !label_is(labels, std::string(key), std::string(value.as_string()))) return false;
  if (const json::value* exprs = selector.as_object().if_contains("matchExpressions")) {
    for (const auto& e : exprs->as_array()) {
      std::string key = text_at(e, {"key"}), op = text_at(e, {"operator"});
      const json::value* has = labels.if_contains(key);
      bool listed = false;
      if (const json::value* values = at(e, {"values"}))
        for (const auto& v : values->as_array()) listed = listed || (has != nullptr && *has == v);
      bool ok = op == "In"             ? listed
                : op == "NotIn"        ? !listed
                : op == "Exists"       ? has != nullptr
                : op == "DoesNotExist" ? has == nullptr
                                       : throw std::runtime_error("unknown selector operator " + op);
      if (!ok) return false;
    }
  }
  return true;
}

void Cluster::add_namespace(const std::string& name, json::object labels) {
  labels["kubernetes.io/metadata.name"] = name;  // the API server's, always
  namespaces_.emplace_back(name, std::move(labels));
}

void Cluster::add_pod(Pod pod) {
  namespace_labels(pod.ns);  // must exist
  pods_.push_back(std::move(pod));
}

void Cluster::load(const json::array& objects) {
  for (const auto& o : objects) {
    std::string kind = text_at(o, {"kind"});
    if (kind == "Namespace") add_namespace(text_at(o, {"metadata", "name"}), object_or_empty(at(o, {"metadata", "labels"})));
  }
  for (const auto& o : objects) {
    std::string kind = text_at(o, {"kind"}), ns = text_at(o, {"metadata", "namespace"});
    const json::value* tmpl = kind == "Deployment" || kind == "StatefulSet" || kind == "Job" ? at(o, {"spec", "template"})
                              : kind == "CronJob" ? at(o, {"spec", "jobTemplate", "spec", "template"})
                                                  : nullptr;
    if (kind == "NetworkPolicy") policies_.push_back(o.as_object());
    if (tmpl == nullptr) continue;
    Pod pod{ns, text_at(o, {"metadata", "name"}), object_or_empty(at(*tmpl, {"metadata", "labels"})), {}};
    if (const json::value* containers = at(*tmpl, {"spec", "containers"}))
      for (const auto& c : containers->as_array())
        if (const json::value* ports = at(c, {"ports"}))
          for (const auto& p : ports->as_array()) {
            std::string protocol = text_at(p, {"protocol"});
            pod.ports.push_back({text_at(p, {"name"}), static_cast<int>(p.at("containerPort").to_number<int64_t>()),
                                 protocol.empty() ? "TCP" : protocol});
          }
    add_pod(std::move(pod));
  }
}

const json::object& Cluster::namespace_labels(const std::string& ns) const {
  for (const auto& [name, labels] : namespaces_)
    if (name == ns) return labels;
  throw std::runtime_error("no namespace " + ns);
}

const Pod& Cluster::pod(const std::string& name) const {
  const Pod* found = nullptr;
  for (const auto& p : pods_)
    if (p.name == name) {
      if (found != nullptr) throw std::runtime_error("two pods named " + name);
      found = &p;
    }
  if (found == nullptr) throw std::runtime_error("no pod named " + name);
  return *found;
}

bool Cluster::peer_matches(const json::value& peer, const std::string& policy_ns, const Peer& other) const {
  const json::object& p = peer.as_object();
  if (const json::value* block = p.if_contains("ipBlock")) {
    if (other.pod != nullptr) return false;
    if (!in_cidr(other.address, text_at(*block, {"cidr"}))) return false;
    if (const json::value* except = block->as_object().if_contains("except"))
      for (const auto& e : except->as_array())
        if (in_cidr(other.address, std::string(e.as_string()))) return false;
    return true;
  }
  const json::value* pods = p.if_contains("podSelector");
  const json::value* namespaces = p.if_contains("namespaceSelector");
  if (pods == nullptr && namespaces == nullptr) throw std::runtime_error("a peer without a selector: " + json::serialize(peer));
  if (other.pod == nullptr) return false;  // selectors select pods
  if (namespaces != nullptr ? !selector_matches(*namespaces, namespace_labels(other.pod->ns)) : other.pod->ns != policy_ns)
    return false;
  return pods == nullptr || selector_matches(*pods, other.pod->labels);
}

bool Cluster::rule_allows(const json::object& rule, const char* peers_key, const std::string& policy_ns, const Peer& other,
                          const Pod* destination, int port, const std::string& protocol) const {
  bool port_ok = true;
  if (const json::value* ports = rule.if_contains("ports"); ports != nullptr && !ports->as_array().empty()) {
    port_ok = false;
    for (const auto& p : ports->as_array()) {
      std::string proto = text_at(p, {"protocol"});
      if ((proto.empty() ? "TCP" : proto) != protocol) continue;
      const json::value* number = at(p, {"port"});
      if (number == nullptr) {
        port_ok = true;
      } else if (number->is_string()) {  // a named port: the destination pod's
        if (destination != nullptr)
          for (const auto& cp : destination->ports)
            port_ok = port_ok || (cp.name == number->as_string() && cp.protocol == protocol && cp.port == port);
      } else {
        int low = static_cast<int>(number->to_number<int64_t>());
        const json::value* end = at(p, {"endPort"});
        int high = end != nullptr ? static_cast<int>(end->to_number<int64_t>()) : low;
        port_ok = port_ok || (low <= port && port <= high);
      }
    }
  }
  if (!port_ok) return false;
  const json::value* peers = rule.if_contains(peers_key);
  if (peers == nullptr || peers->as_array().empty()) return true;
  for (const auto& peer : peers->as_array())
    if (peer_matches(peer, policy_ns, other)) return true;
  return false;
}

bool Cluster::direction_allowed(const Pod& subject, const char* type, const char* rules_key, const char* peers_key,
                                const Peer& other, const Pod* destination, int port, const std::string& protocol) const {
  bool isolated = false;
  for (const auto& policy : policies_) {
    if (text_at(policy, {"metadata", "namespace"}) != subject.ns) continue;
    const json::value& spec = policy.at("spec");
    if (!selector_matches(spec.at("podSelector"), subject.labels)) continue;
    bool has_type = false;
    if (const json::value* types = at(spec, {"policyTypes"}))
      for (const auto& t : types->as_array()) has_type = has_type || t == type;
    else
      has_type = std::string(type) == "Ingress" || at(spec, {"egress"}) != nullptr;
    if (!has_type) continue;
    isolated = true;
    if (const json::value* rules = at(spec, {rules_key}))
      for (const auto& rule : rules->as_array())
        if (rule_allows(rule.as_object(), peers_key, subject.ns, other, destination, port, protocol)) return true;
  }
  return !isolated;
}

bool Cluster::egress_allowed(const Pod& from, const Peer& to, int port, const std::string& protocol) const {
  return direction_allowed(from, "Egress", "egress", "to", to, to.pod, port, protocol);
}

bool Cluster::ingress_allowed(const Peer& from, const Pod& to, int port, const std::string& protocol) const {
  return direction_allowed(to, "Ingress", "ingress", "from", from, &to, port, protocol);
}

bool Cluster::allowed(const Pod& from, const Peer& to, int port, const std::string& protocol) const {
  if (!egress_allowed(from, to, port, protocol)) return false;
  return to.pod == nullptr || ingress_allowed(Peer{&from, ""}, *to.pod, port, protocol);
}

}  // namespace floe::test::netpol
