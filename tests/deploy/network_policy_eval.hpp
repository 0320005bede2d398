// NetworkPolicy semantics (networking.k8s.io/v1, as the API documents them)
// evaluated over pods given by their namespace, labels and container ports:
// which pod may open a connection to which pod or address, on which port.
// What a CNI enforces, decided here without one, so the rendered policies'
// selectors can be tested (tests/deploy/network_policy_test.cpp).
//
// - A pod is isolated for ingress (egress) when a policy of its namespace
//   selects it and has that policyType (policyTypes absent: Ingress, and
//   Egress when the policy has egress rules).
// - A -> B:port is allowed iff (A is not egress-isolated, or a rule of a
//   policy selecting A allows B:port) and (B is not ingress-isolated, or a
//   rule of a policy selecting B allows A:port).
// - A rule allows when one of its ports matches (none: every port; a named
//   port is the destination pod's container port of that name and protocol;
//   endPort makes a range) and one of its peers matches (none: everything).
//   A peer's podSelector and namespaceSelector must both match; without a
//   namespaceSelector, the policy's own namespace; without a podSelector,
//   every pod of the selected namespaces. Selectors: matchLabels and
//   matchExpressions (In, NotIn, Exists, DoesNotExist), all of them.
// - ipBlock (cidr minus except) matches addresses outside the cluster only:
//   whether it matches pod IPs is left to the implementation by the API, and
//   the pods here have none.
#pragma once

#include <boost/json.hpp>

#include <deque>
#include <string>
#include <vector>

namespace floe::test::netpol {

struct ContainerPort {
  std::string name;
  int port = 0;
  std::string protocol = "TCP";
};

struct Pod {
  std::string ns, name;  // name: the controller's (Deployment, StatefulSet, CronJob, Job) or given
  boost::json::object labels;
  std::vector<ContainerPort> ports;
  std::string id() const { return ns + "/" + name; }
};

// A connection's other end: a pod, or an IP address outside the cluster.
struct Peer {
  const Pod* pod = nullptr;
  std::string address;
};

class Cluster {
 public:
  // Namespaces, pods (one per pod template of a Deployment, StatefulSet,
  // CronJob or Job) and NetworkPolicies among `objects`; other kinds are
  // ignored. A namespace gets kubernetes.io/metadata.name as the API server
  // sets it.
  void load(const boost::json::array& objects);
  void add_namespace(const std::string& name, boost::json::object labels = {});
  void add_pod(Pod pod);  // its namespace must have been added

  const std::deque<Pod>& pods() const { return pods_; }  // a deque: a Pod's address never changes
  const Pod& pod(const std::string& name) const;  // by name; throws when absent or ambiguous

  bool egress_allowed(const Pod& from, const Peer& to, int port, const std::string& protocol = "TCP") const;
  bool ingress_allowed(const Peer& from, const Pod& to, int port, const std::string& protocol = "TCP") const;
  bool allowed(const Pod& from, const Peer& to, int port, const std::string& protocol = "TCP") const;

 private:
  const boost::json::object& namespace_labels(const std::string& ns) const;
  bool peer_matches(const boost::json::value& peer, const std::string& policy_ns, const Peer& other) const;
  bool rule_allows(const boost::json::object& rule, const char* peers_key, const std::string& policy_ns, const Peer& other,
                   const Pod* destination, int port, const std::string& protocol) const;
  bool direction_allowed(const Pod& subject, const char* type, const char* rules_key, const char* peers_key,
                         const Peer& other, const Pod* destination, int port, const std::string& protocol) const;

  std::vector<std::pair<std::string, boost::json::object>> namespaces_;
  std::deque<Pod> pods_;
  std::vector<boost::json::object> policies_;
};

// A Kubernetes label selector over `labels` ({} selects everything).
bool selector_matches(const boost::json::value& selector, const boost::json::object& labels);

// Whether `address` (IPv4 or IPv6) lies in `cidr`.
bool in_cidr(const std::string& address, const std::string& cidr);

}  // namespace floe::test::netpol
