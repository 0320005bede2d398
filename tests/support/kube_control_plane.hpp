// A real Kubernetes control plane for tests: etcd, kube-apiserver and
// (optionally) kube-controller-manager, built by scripts/build-kubernetes
// into .cache/kubernetes/, on free loopback ports with certificates made by
// the openssl CLI in a temporary directory. There is no kubelet, so Pods
// stay Pending; everything else is the real thing: RBAC (Node,RBAC), the
// admission chain with PodSecurity, server-side apply, and the controllers
// that turn a Deployment into a ReplicaSet and Pods. Nothing binds or
// contacts another address than 127.0.0.1. Every process is started by
// fork/exec and stopped by PID (ChildProcess).
//
//   auto& kube = floe::test::shared_kube_control_plane();  // once per test process
//   kube.kubectl({"apply", "--server-side", "-f", path});
//   REQUIRE_FALSE(kube.can_i("system:serviceaccount:ns:sa", "delete", "pods", "ns"));
//
// Start-up on the 2-core test VM with a C++ build alongside (v1.37.2, etcd
// v3.7.3; each start prints its figures to stderr): certificates 0.1 s,
// etcd 0.3-1.1 s until /health, kube-apiserver 3.5-4.7 s until /readyz and
// RBAC answer, kube-controller-manager 5.3-5.5 s until every controller runs
// (its /healthz passes after 0.4 s; the controllers are set up one by one):
// ~10 s in all, ~4.5 s without the controller-manager. Stopping takes 1.5 s.
// RSS: etcd ~42 MB, kube-apiserver ~290 MB, kube-controller-manager ~100 MB.
//
// ctest runs each TEST_CASE that catch_discover_tests registers in a process
// of its own, so the shared plane is started once per test case; test cases
// that should share one plane are SECTIONs of one TEST_CASE.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "registry_fixture.hpp"
#include "run_process.hpp"

namespace floe::test {

struct KubeControlPlaneOptions {
  // Also run kube-controller-manager (Deployments get ReplicaSets and Pods,
  // namespaces get their default ServiceAccount, deleted namespaces empty).
  bool controller_manager = false;
};

class KubeControlPlane {
 public:
  // Throws std::runtime_error naming scripts/build-kubernetes when a binary
  // is missing, else with the component's log tail when it does not become
  // ready in time.
  static std::unique_ptr<KubeControlPlane> start(KubeControlPlaneOptions options = {});
  ~KubeControlPlane();  // stops controller-manager, apiserver, etcd by PID; removes the temp dir
  KubeControlPlane(const KubeControlPlane&) = delete;
  KubeControlPlane& operator=(const KubeControlPlane&) = delete;

  std::string server() const;            // "https://127.0.0.1:PORT"
  std::string admin_kubeconfig() const;  // user CN=floe-admin, O=system:masters; context "floe-test"
  std::string ca_file() const;           // the cluster CA (it signs the serving and client certs)
  std::string kubectl_binary() const;
  const std::string& bin_dir() const { return bin_dir_; }
  const std::string& dir() const { return dir_; }  // the temp dir: certificates, kubeconfigs, logs, etcd data

  // kubectl --kubeconfig=<admin> ARGS... (killed after 2 minutes).
  ProcessResult kubectl(const std::vector<std::string>& args) const;
  // The same with another kubeconfig, e.g. one of user_kubeconfig().
  ProcessResult kubectl_with(const std::string& kubeconfig, const std::vector<std::string>& args) const;

  // A kubeconfig for another user: a client certificate signed by the
  // cluster CA with CN=user and O=each group (what the apiserver reads as
  // the user name and groups). RBAC grants it nothing until a test does.
  std::string user_kubeconfig(const std::string& user, const std::vector<std::string>& groups = {}) const;

  // kubectl auth can-i VERB RESOURCE [-n NS] --as=AS, answered by the real
  // RBAC evaluator: true on "yes", false on "no"; throws on anything else.
  // An empty `as` asks for the admin itself (--as=floe-admin alone would
  // drop its group system:masters).
  bool can_i(const std::string& as, const std::string& verb, const std::string& resource,
             const std::string& ns = "") const;

  // Runs kubectl ARGS (as admin) every 250 ms until `done` holds for its
  // result or `timeout` passes; true when it held. For what controllers do
  // in their own time, e.g. until a Deployment's Pods exist.
  bool wait_until(const std::vector<std::string>& args, const std::function<bool(const ProcessResult&)>& done,
                  std::chrono::seconds timeout = std::chrono::seconds(60)) const;

  // Waits until the controller-manager has made namespace `ns`'s "default"
  // ServiceAccount: until then the ServiceAccount admission plugin refuses
  // every Pod there, before PodSecurity looks at it.
  bool wait_for_default_service_account(const std::string& ns) const;

  // Starts kube-controller-manager if it is not running (start() does when asked).
  void start_controller_manager();
  bool has_controller_manager() const { return controller_manager_ != nullptr; }

  // "etcd", "kube-apiserver" or "kube-controller-manager": the end of its log.
  std::string log_tail(const std::string& component) const;
  // How long each component took to start, in seconds, in start order.
  const std::vector<std::pair<std::string, double>>& startup_seconds() const { return startup_seconds_; }

 private:
  KubeControlPlane() = default;
  void make_certificates();
  void start_etcd();
  void start_apiserver();
  void wait_for_rbac();
  void record_startup(const std::string& component, double seconds_taken);
  std::unique_ptr<ChildProcess> launch(const std::string& component,
                                       const std::function<std::vector<std::string>()>& make_argv,
                                       const std::function<bool()>& ready, std::chrono::seconds timeout);
  std::string write_kubeconfig(const std::string& name, const std::string& cert_name) const;
  void sign_certificate(const std::string& name, const std::string& subject, const std::string& extensions) const;
  std::string binary(const std::string& name) const { return bin_dir_ + "/" + name; }

  std::string bin_dir_;
  std::string dir_;
  int etcd_client_port_ = 0;
  int etcd_peer_port_ = 0;
  int apiserver_port_ = 0;
  int controller_manager_port_ = 0;
  std::vector<std::pair<std::string, double>> startup_seconds_;
  std::unique_ptr<ChildProcess> etcd_;
  std::unique_ptr<ChildProcess> apiserver_;
  std::unique_ptr<ChildProcess> controller_manager_;
};

// The directory of the binaries: $FLOE_KUBE_BIN_DIR, else <source>/.cache/kubernetes.
std::string kube_bin_dir();

// One control plane per test process, started by the first call and stopped
// at exit; a later call that asks for the controller-manager starts it on
// the running plane.
KubeControlPlane& shared_kube_control_plane(bool controller_manager = true);

}  // namespace floe::test
