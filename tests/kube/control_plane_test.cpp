// The Kubernetes control-plane harness (tests/support/kube_control_plane)
// against itself: what the deploy tests rely on it for is really enforced.
// PodSecurity refuses a privileged Pod in a restricted namespace, the
// controller-manager turns a Deployment into a ReplicaSet and a Pending Pod,
// anonymous requests get 401, and RBAC answers for service accounts and for
// users of certificates it signs. One TEST_CASE of SECTIONs: ctest runs a
// test case per process, and the plane is started once per process.
#include <catch2/catch.hpp>

#include <string>

#include "kube_control_plane.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
using Catch::Matchers::Contains;

namespace {

// A namespace whose Pods must meet the "restricted" Pod Security Standard.
std::string restricted_namespace(const std::string& name) {
  return "apiVersion: v1\n"
         "kind: Namespace\n"
         "metadata:\n"
         "  name: " + name + "\n"
         "  labels:\n"
         "    pod-security.kubernetes.io/enforce: restricted\n";
}

constexpr const char* kPrivilegedPod = R"(apiVersion: v1
kind: Pod
metadata:
  name: privileged
spec:
  containers:
  - name: main
    image: registry.example/app:1
    securityContext:
      privileged: true
)";

// What "restricted" asks of a container: non-root, no escalation, no
// capabilities, the runtime's seccomp profile.
constexpr const char* kCompliantDeployment = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        seccompProfile: {type: RuntimeDefault}
      containers:
      - name: main
        image: registry.example/app:1
        securityContext:
          allowPrivilegeEscalation: false
          capabilities: {drop: [ALL]}
)";

ProcessResult apply(const KubeControlPlane& kube, const TempDir& dir, const std::string& name,
                    const std::string& manifest, const std::string& ns = "") {
  const auto path = dir.path() / (name + ".yaml");
  write_file(path, manifest);
  std::vector<std::string> args{"apply", "--server-side", "-f", path.string()};
  if (!ns.empty()) args.insert(args.end(), {"-n", ns});
  return kube.kubectl(args);
}

bool has_output(const ProcessResult& r) { return r.exit_code == 0 && !r.out.empty(); }

}  // namespace

TEST_CASE("a real control plane enforces PodSecurity and RBAC and runs the controllers", "[kubernetes]") {
  auto& kube = shared_kube_control_plane(true);
  TempDir dir;

  SECTION("a privileged Pod in a restricted namespace is refused by PodSecurity") {
    REQUIRE(apply(kube, dir, "ns", restricted_namespace("locked")).exit_code == 0);
    REQUIRE(kube.wait_for_default_service_account("locked"));
    auto r = apply(kube, dir, "pod", kPrivilegedPod, "locked");
    CHECK(r.exit_code != 0);
    CHECK_THAT(r.err, Contains("violates PodSecurity \"restricted:latest\"") && Contains("privileged"));
    CHECK(kube.kubectl({"get", "pods", "-n", "locked", "-o", "name"}).out.empty());
  }

  SECTION("a compliant Deployment gets a ReplicaSet and a Pending Pod from the controller-manager") {
    REQUIRE(apply(kube, dir, "ns", restricted_namespace("workloads")).exit_code == 0);
    auto r = apply(kube, dir, "deployment", kCompliantDeployment, "workloads");
    REQUIRE(r.exit_code == 0);
    // Applying the same thing again changes nothing.
    CHECK(apply(kube, dir, "deployment", kCompliantDeployment, "workloads").exit_code == 0);
    CHECK(kube.wait_until({"get", "replicasets", "-n", "workloads", "-l", "app=web", "-o", "name"}, has_output));
    // No kubelet: the Pod is created, admitted and never scheduled.
    CHECK(kube.wait_until({"get", "pods", "-n", "workloads", "-l", "app=web", "-o", "jsonpath={.items[*].status.phase}"},
                          [](const ProcessResult& p) { return p.out == "Pending"; }));
  }

  SECTION("an anonymous request is unauthorized") {
    auto r = run_process("/usr/bin/curl", {"-sk", "--noproxy", "*", "-o", "/dev/null", "-w", "%{http_code}",
                                           kube.server() + "/api"});
    CHECK(r.out == "401");
  }

  SECTION("RBAC answers for a service account and for the admin") {
    CHECK_FALSE(kube.can_i("system:serviceaccount:default:app", "create", "pods", "default"));
    CHECK_FALSE(kube.can_i("system:serviceaccount:default:app", "list", "secrets"));
    CHECK(kube.can_i("", "create", "pods", "default"));
    CHECK(kube.can_i("", "delete", "clusterroles"));
  }

  SECTION("a user of a certificate the cluster CA signed has what RBAC grants its groups, and nothing else") {
    auto nobody = kube.user_kubeconfig("nobody");
    auto r = kube.kubectl_with(nobody, {"get", "pods", "-n", "default"});
    CHECK(r.exit_code != 0);
    CHECK_THAT(r.err, Contains("Forbidden") && Contains("User \"nobody\""));

    REQUIRE(kube.kubectl({"create", "rolebinding", "readers-view", "--clusterrole=view", "--group=floe-readers",
                          "-n", "default"})
                .exit_code == 0);
    auto reader = kube.user_kubeconfig("reader", {"floe-readers", "other-group"});
    CHECK(kube.kubectl_with(reader, {"get", "pods", "-n", "default"}).exit_code == 0);
    CHECK(kube.kubectl_with(reader, {"get", "pods", "-n", "kube-system"}).exit_code != 0);
    CHECK(kube.kubectl_with(nobody, {"get", "pods", "-n", "default"}).exit_code != 0);
  }
}
