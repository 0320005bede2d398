// floe platform deploy --apply, --diff, --prune and floe platform status
// against a REAL Kubernetes control plane (etcd, kube-apiserver with TLS,
// RBAC, anonymous auth off and Pod Security admission, and the
// kube-controller-manager; scripts/build-kubernetes builds them,
// tests/support/kube_control_plane starts them once for this program). No
// kubelet runs: pods stay Pending, which is what status must explain.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "compile_test_support.hpp"
#include "kube_control_plane.hpp"
#include "silent_port.hpp"
#include "deploy_examples.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace json = boost::json;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

KubeControlPlane& cluster() { return shared_kube_control_plane(true); }

struct Deployed {
  int exit_code;
  json::value report;
  std::string text;
};

// floe platform deploy ARGS --json, with the test cluster's admin kubeconfig
// and kubectl unless the args name others.
Deployed deploy(std::vector<std::string> args, bool with_admin = true) {
  // kubectl's discovery cache goes under the test's temporary directory, not ~/.kube.
  static TempDir cache;
  std::vector<std::string> all{"platform", "deploy"};
  all.insert(all.end(), args.begin(), args.end());
  if (with_admin) {
    all.push_back("--kubeconfig=" + cluster().admin_kubeconfig());
  }
  all.push_back("--kubectl=" + cluster().kubectl_binary());
  all.push_back("--json");
  auto r = run_floe(all, {{"KUBECACHEDIR", cache.path().string()}});
  std::error_code ec;
  json::value report = json::parse(r.out, ec);
  INFO(r.out << r.err);
  REQUIRE(!ec);
  return {r.exit_code, report, r.out + r.err};
}


json::value kubectl_json(const std::vector<std::string>& args) {
  std::vector<std::string> all = args;
  all.insert(all.end(), {"-o", "json"});
  auto r = cluster().kubectl(all);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}

// Every object of the platform in the cluster, by "Kind ns/name" -> resourceVersion.
std::map<std::string, std::string> versions_of(const std::string& platform) {
  json::value list = kubectl_json({"get", "namespaces,serviceaccounts,configmaps,services,deployments,statefulsets,cronjobs,"
                                          "roles,rolebindings,networkpolicies",
                                   "-A", "-l", "floe.dev/platform=" + platform});
  std::map<std::string, std::string> out;
  for (const auto& item : list.at("items").as_array()) {
    const auto& m = item.at("metadata").as_object();
    std::string ns = m.contains("namespace") ? std::string(m.at("namespace").as_string()) + "/" : "";
    out[std::string(item.at("kind").as_string()) + " " + ns + std::string(m.at("name").as_string())] =
        std::string(m.at("resourceVersion").as_string());
  }
  return out;
}

// Waits (bounded) until `ready` holds; the controller-manager works in the background.
template <typename F>
bool eventually(F ready, int seconds = 90) {
  for (int i = 0; i < seconds * 4; ++i) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return ready();
}

std::size_t pods_with(const std::string& ns, const std::string& app) {
  json::value pods = kubectl_json({"get", "pods", "-n", ns, "-l", "app.kubernetes.io/name=" + app});
  return pods.at("items").as_array().size();
}

std::string events_of(const std::string& ns) {
  auto r = cluster().kubectl({"get", "events", "-n", ns, "-o", "custom-columns=OBJ:.involvedObject.name,REASON:.reason,MSG:.message"});
  return r.out;
}

// The examples' enterprise with both products, applied once for the tests below.
const Deployed& enterprise_applied() {
  static TempDir tmp;
  static Deployed applied = deploy({kEnterprise, "--product", kCustomer360, "--product", kCampaigns, "-o",
                                    (tmp.path() / "k8s").string(), "--apply"});
  return applied;
}

std::string enterprise_dir() {
  return std::string(enterprise_applied().report.at("result").at("output_dir").as_string());
}

}  // namespace

TEST_CASE("deploy --apply: the enterprise and both products are accepted by a real API server, and again without change",
          "[deploy][kubernetes]") {
  const Deployed& first = enterprise_applied();
  INFO(first.text);
  REQUIRE(first.exit_code == 0);
  const json::object& result = first.report.at("result").as_object();
  CHECK(result.at("cluster").at("server_version") == "v1.37.2");
  CHECK(result.at("cluster").at("refused").as_array().empty());
  // Every rendered object was applied.
  CHECK(result.at("cluster").at("applied").as_array().size() == result.at("objects").as_array().size());

  // A second apply of the same render changes nothing: no object's resourceVersion moves.
  auto before = versions_of("acme-enterprise");
  CHECK(before.size() == result.at("objects").as_array().size());  // every rendered object, by its labels
  Deployed again = deploy({kEnterprise, "--product", kCustomer360, "--product", kCampaigns, "-o", enterprise_dir(), "--apply"});
  INFO(again.text);
  REQUIRE(again.exit_code == 0);
  CHECK(versions_of("acme-enterprise") == before);
  // And the diff against the cluster is empty.
  Deployed diff = deploy({kEnterprise, "--product", kCustomer360, "--product", kCampaigns, "-o", enterprise_dir(), "--diff"});
  INFO(diff.text);
  CHECK(diff.exit_code == 0);
  CHECK(diff.report.at("result").at("cluster").at("changed").as_array().empty());
}

TEST_CASE("deploy --apply: every namespace enforces restricted, and every pod the controllers make is admitted",
          "[deploy][kubernetes]") {
  REQUIRE(enterprise_applied().exit_code == 0);
  const json::object& result = enterprise_applied().report.at("result").as_object();
  std::set<std::string> namespaces;
  for (const auto& o : result.at("objects").as_array())
    if (o.at("kind") == "Namespace") namespaces.insert(std::string(o.at("name").as_string()));
  CHECK(namespaces.size() == 3);
  for (const auto& ns : namespaces) {
    json::value live = kubectl_json({"get", "namespace", ns});
    CHECK(live.at("metadata").at("labels").at("pod-security.kubernetes.io/enforce") == "restricted");
  }
  // Deployments and StatefulSets: the controller-manager makes their pods,
  // which Pod Security admission must let in.
  for (const auto& o : result.at("objects").as_array()) {
    std::string kind(o.at("kind").as_string());
    if (kind != "Deployment" && kind != "StatefulSet") continue;
    std::string ns(o.at("namespace").as_string()), name(o.at("name").as_string());
    INFO(kind << " " << ns << "/" << name << "\n" << events_of(ns));
    CHECK(eventually([&] { return pods_with(ns, name) >= 1; }));
  }
  // CronJobs: a Job made from each with the API (kubectl create job --from), and its pod admitted.
  for (const auto& p : result.at("products").as_array()) {
    std::string ns(p.at("namespace").as_string()), name(p.at("name").as_string());
    REQUIRE(p.at("kind") == "CronJob");
    auto made = cluster().kubectl({"create", "job", name + "-by-hand", "--from=cronjob/" + name, "-n", ns});
    INFO(made.out << made.err);
    REQUIRE(made.exit_code == 0);
    INFO(events_of(ns));
    CHECK(eventually([&] { return pods_with(ns, name) >= 1; }));
  }
  // A pod that breaks the profile is refused in the same namespaces: admission is really on.
  auto privileged = cluster().kubectl({"run", "intruder", "-n", "sales-domain-customer-360", "--image=busybox",
                                       "--overrides={\"spec\":{\"containers\":[{\"name\":\"intruder\",\"image\":\"busybox\","
                                       "\"securityContext\":{\"privileged\":true}}]}}"});
  CHECK(privileged.exit_code != 0);
  CHECK_THAT(privileged.err, Contains("violates PodSecurity \"restricted:latest\""));
}

TEST_CASE("deploy --apply: every container's requests and limits come from the compute preset and are accepted",
          "[deploy][kubernetes]") {
  REQUIRE(enterprise_applied().exit_code == 0);
  json::value cron = kubectl_json({"get", "cronjob", "customer-360", "-n", "sales-domain-customer-360"});
  const json::value& resources =
      cron.at("spec").at("jobTemplate").at("spec").at("template").at("spec").at("containers").at(0).at("resources");
  // DuckDB's small preset (plugins/compute-duckdb).
  CHECK(resources.at("requests").at("cpu") == "100m");
  CHECK(resources.at("requests").at("memory") == "256Mi");
  CHECK(resources.at("limits").at("cpu") == "500m");
  CHECK(resources.at("limits").at("memory") == "512Mi");
  // The manifest's bare service names (http://polaris:8181) resolve from the product's namespace.
  CHECK(cron.at("spec").at("jobTemplate").at("spec").at("template").at("spec").at("dnsConfig").at("searches") ==
        json::array{"acme-enterprise.svc.cluster.local"});
  // Every container of every workload has both, as the server stored them.
  json::value workloads = kubectl_json({"get", "deployments,statefulsets", "-A", "-l", "floe.dev/platform=acme-enterprise"});
  REQUIRE(!workloads.at("items").as_array().empty());
  for (const auto& w : workloads.at("items").as_array())
    for (const auto& c : w.at("spec").at("template").at("spec").at("containers").as_array()) {
      INFO(w.at("metadata").at("name"));
      for (const char* kind : {"requests", "limits"})
        for (const char* what : {"cpu", "memory"}) CHECK_FALSE(c.at("resources").at(kind).at(what).as_string().empty());
    }
}

TEST_CASE("deploy --apply: RBAC is least privilege, as the API server's SubjectAccessReviews answer", "[deploy][kubernetes]") {
  REQUIRE(enterprise_applied().exit_code == 0);
  KubeControlPlane& k = cluster();
  const std::string runner = "system:serviceaccount:sales-domain-customer-360:customer-360-runner";
  const std::string other_runner = "system:serviceaccount:marketing-domain-campaign-analytics:campaign-analytics-runner";
  const std::string webserver = "system:serviceaccount:acme-enterprise:dagster-webserver";
  const std::string daemon = "system:serviceaccount:acme-enterprise:dagster-daemon";
  struct Row {
    std::string as, verb, resource, ns;
    bool allowed;
  };
  // A product's runner may read its own Secret and nothing else.
  const Row table[] = {
      {runner, "get", "secrets/customer-360-secrets", "sales-domain-customer-360", true},
      {runner, "get", "secrets/other", "sales-domain-customer-360", false},
      {runner, "list", "secrets", "sales-domain-customer-360", false},
      {runner, "watch", "secrets", "sales-domain-customer-360", false},
      {runner, "update", "secrets/customer-360-secrets", "sales-domain-customer-360", false},
      {runner, "get", "secrets/campaign-analytics-secrets", "marketing-domain-campaign-analytics", false},
      {runner, "get", "secrets/floe-platform-secrets", "acme-enterprise", false},
      {runner, "create", "pods", "sales-domain-customer-360", false},
      {runner, "create", "jobs", "sales-domain-customer-360", false},
      {runner, "list", "namespaces", "", false},
      {other_runner, "get", "secrets/customer-360-secrets", "sales-domain-customer-360", false},
      // Dagster's services launch runs inside their code servers (the default run
      // launcher), so they need no Kubernetes rights at all: none are granted.
      {webserver, "create", "jobs", "acme-enterprise", false},
      {webserver, "get", "secrets/floe-platform-secrets", "acme-enterprise", false},
      {daemon, "create", "jobs", "sales-domain-customer-360", false},
      {daemon, "create", "pods", "acme-enterprise", false},
      {daemon, "list", "nodes", "", false},
  };
  for (const auto& row : table) {
    INFO(row.as << " " << row.verb << " " << row.resource << " -n " << row.ns);
    CHECK(k.can_i(row.as, row.verb, row.resource, row.ns) == row.allowed);
  }
}

TEST_CASE("deploy --diff shows a hand edit in the cluster, --dry-run=server reports what would change and stores nothing",
          "[deploy][kubernetes]") {
  REQUIRE(enterprise_applied().exit_code == 0);
  std::vector<std::string> base{kEnterprise, "--product", kCustomer360, "--product", kCampaigns, "-o", enterprise_dir()};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> a = base;
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  };
  // A dry run of a new image: reported, accepted by admission, not stored.
  Deployed dry = deploy(with({"--apply", "--dry-run=server", "--image", "customer-360=registry.example.com/c360:2.0.0"}));
  INFO(dry.text);
  CHECK(dry.exit_code == 0);
  CHECK(dry.report.at("result").at("cluster").at("dry_run") == true);
  CHECK_THAT(json::serialize(dry.report.at("result").at("cluster").at("changed")), Contains("CronJob.sales-domain-customer-360.customer-360"));
  json::value live = kubectl_json({"get", "cronjob", "customer-360", "-n", "sales-domain-customer-360"});
  CHECK(live.at("spec").at("jobTemplate").at("spec").at("template").at("spec").at("containers").at(0).at("image") ==
        "customer-360:1.0.0");

  // A hand edit: someone changes the product's schedule in the cluster.
  auto edit = cluster().kubectl({"patch", "cronjob", "customer-360", "-n", "sales-domain-customer-360", "--type=merge", "-p",
                                 R"({"spec":{"schedule":"*/5 * * * *"}})"});
  REQUIRE(edit.exit_code == 0);
  Deployed drift = deploy(with({"--diff"}));
  INFO(drift.text);
  CHECK(drift.exit_code == 0);
  CHECK(drift.report.at("result").at("cluster").at("changed") == json::array{"batch.v1.CronJob.sales-domain-customer-360.customer-360"});
  CHECK_THAT(std::string(drift.report.at("result").at("cluster").at("diff").as_string()), Contains("*/5 * * * *"));

  // The hand edit took the field: a plain apply reports the conflict, --force-conflicts wins it back.
  Deployed conflict = deploy(with({"--apply"}));
  INFO(conflict.text);
  CHECK(conflict.exit_code == 6);
  CHECK(error_codes(conflict.report) == std::vector<std::string>{"FLOE-R912"});
  CHECK_THAT(conflict.text, Contains("conflict"));
  CHECK_THAT(conflict.text, Contains("--force-conflicts"));
  Deployed forced = deploy(with({"--apply", "--force-conflicts"}));
  INFO(forced.text);
  CHECK(forced.exit_code == 0);
  CHECK(kubectl_json({"get", "cronjob", "customer-360", "-n", "sales-domain-customer-360"}).at("spec").at("schedule") != "*/5 * * * *");
}

TEST_CASE("deploy --apply --prune: a product no longer deployed is removed, nothing else", "[deploy][kubernetes]") {
  TempDir tmp;
  std::string out = (tmp.path() / "two-tier").string();
  // The 2-tier platform, with one product.
  Deployed applied = deploy({kTwoTier, "--product", kTwoTierProduct, "-o", out, "--apply"});
  INFO(applied.text);
  REQUIRE(applied.exit_code == 0);
  std::string product_ns(applied.report.at("result").at("products").at(0).at("namespace").as_string());
  CHECK(kubectl_json({"get", "namespace", product_ns}).at("metadata").at("labels").at("floe.dev/platform") == "acme-platform");
  // The product has no schedule: it runs as a Job.
  CHECK(applied.report.at("result").at("products").at(0).at("kind") == "Job");

  // The product is dropped: a dry run lists what would go, then the prune removes it.
  Deployed would = deploy({kTwoTier, "-o", out, "--apply", "--dry-run=server", "--prune"});
  INFO(would.text);
  CHECK(would.exit_code == 0);
  // The product's namespace goes, and with it the code server Dagster ran for it in the platform's namespace.
  auto only_the_product = [&](const json::value& list) {
    std::string all = json::serialize(list);
    CHECK_THAT(all, Contains("\"Namespace " + product_ns + "\""));
    CHECK_THAT(all, Contains("Deployment.v1.apps acme-platform/code-" + product_ns + "\""));
    for (const char* kept : {"dagster-webserver", "dagster-daemon", "dagster-postgresql", "polaris", "minio", "jaeger"})
      CHECK_THAT(all, !Contains(std::string("/") + kept + "\""));
  };
  only_the_product(would.report.at("result").at("cluster").at("would_prune"));
  CHECK(kubectl_json({"get", "namespace", product_ns}).at("status").at("phase") == "Active");
  Deployed pruned = deploy({kTwoTier, "-o", out, "--apply", "--prune"});
  INFO(pruned.text);
  CHECK(pruned.exit_code == 0);
  CHECK(pruned.report.at("result").at("cluster").at("pruned") == would.report.at("result").at("cluster").at("would_prune"));
  only_the_product(pruned.report.at("result").at("cluster").at("pruned"));
  CHECK(cluster().kubectl({"get", "deployment", "code-" + product_ns, "-n", "acme-platform"}).exit_code != 0);
  CHECK(eventually([&] {
    auto r = cluster().kubectl({"get", "namespace", product_ns, "-o", "jsonpath={.status.phase}"});
    return r.exit_code != 0 || r.out == "Terminating";
  }));
  // The platform's services stay, and the enterprise's objects were never touched.
  CHECK(cluster().kubectl({"get", "namespace", "acme-platform"}).exit_code == 0);
  if (enterprise_applied().exit_code == 0)
    CHECK(cluster().kubectl({"get", "namespace", "sales-domain-customer-360"}).exit_code == 0);
}

TEST_CASE("platform status --kubeconfig: each workload's rollout from the API server, and why its pods are Pending",
          "[deploy][kubernetes]") {
  REQUIRE(enterprise_applied().exit_code == 0);
  auto r = run_floe({"platform", "status", kEnterprise, "--kubeconfig=" + cluster().admin_kubeconfig(),
                     "--kubectl=" + cluster().kubectl_binary(), "--service-timeout-ms", "1000", "--json"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 6);  // nothing can run without a kubelet
  json::value report = json::parse(r.out);
  const json::value& cluster_view = report.at("result").at("cluster");
  CHECK(cluster_view.at("server_version") == "v1.37.2");
  const json::object* webserver = nullptr;
  const json::object* cron = nullptr;
  for (const auto& w : cluster_view.at("workloads").as_array()) {
    if (w.at("name") == "dagster-webserver") webserver = &w.as_object();
    if (w.at("name") == "customer-360") cron = &w.as_object();
  }
  REQUIRE(webserver != nullptr);
  CHECK(webserver->at("kind") == "Deployment");
  CHECK(webserver->at("desired") == 1);
  CHECK(webserver->at("available") == 0);
  CHECK(webserver->at("healthy") == false);
  REQUIRE(!webserver->at("waiting_pods").as_array().empty());
  CHECK_THAT(std::string(webserver->at("waiting_pods").at(0).as_string()), Contains("Pending: no node has taken it"));
  REQUIRE(cron != nullptr);
  CHECK(cron->at("kind") == "CronJob");
  CHECK(cron->at("schedule") == "0 6 * * *");
  // The catalog at http://polaris:8181 is judged by its workload in the cluster, not by a request from here.
  for (const auto& s : report.at("result").at("services").as_array())
    if (s.at("service") == "catalog") CHECK_THAT(std::string(s.at("message").as_string()), Contains("in the cluster: Deployment acme-enterprise/polaris"));
  std::vector<std::string> codes = error_codes(report);
  CHECK(std::find(codes.begin(), codes.end(), "FLOE-R913") != codes.end());
  // The text table says the same.
  auto text = run_floe({"platform", "status", kEnterprise, "--kubeconfig=" + cluster().admin_kubeconfig(),
                        "--kubectl=" + cluster().kubectl_binary(), "--service-timeout-ms", "1000"});
  CHECK_THAT(text.out, Contains("acme-enterprise/dagster-webserver"));
  CHECK_THAT(text.out, Contains("0/1"));
}

TEST_CASE("deploy --apply faults: a forbidden verb, a weaker namespace, no server, a slow server, broken credentials",
          "[deploy][kubernetes]") {
  KubeControlPlane& k = cluster();
  TempDir tmp;
  std::string out = (tmp.path() / "k8s").string();

  SECTION("a user who may not write NetworkPolicies: R912 names the object and verb, the rest is applied and listed") {
    // Everything floe renders except NetworkPolicies (get/list only).
    std::string role = R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"floe-deployer-no-netpol"},
      "rules":[{"apiGroups":["","apps","batch","rbac.authorization.k8s.io"],"resources":["*"],"verbs":["*"]},
               {"apiGroups":["networking.k8s.io"],"resources":["networkpolicies"],"verbs":["get","list","watch"]}]})";
    std::string binding = R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"floe-deployer-no-netpol"},
      "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"floe-deployer-no-netpol"},
      "subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"limited-deployer"}]})";
    write_file(tmp.path() / "rbac.json", "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + role + "," + binding + "]}");
    REQUIRE(k.kubectl({"apply", "-f", (tmp.path() / "rbac.json").string()}).exit_code == 0);
    Deployed limited = deploy({kTwoTier, "-o", out, "--namespace", "limited-platform", "--apply",
                               "--kubeconfig=" + k.user_kubeconfig("limited-deployer")},
                              false);
    INFO(limited.text);
    CHECK(limited.exit_code == 6);
    std::vector<std::string> codes = error_codes(limited.report);
    REQUIRE(!codes.empty());
    for (const auto& c : codes) CHECK(c == "FLOE-R912");
    CHECK_THAT(limited.text, Contains("networkpolicies"));
    CHECK_THAT(limited.text, Contains("limited-deployer"));
    CHECK_THAT(limited.text, Contains("cannot patch resource"));
    // What was applied is listed: the namespaces and the workloads went in.
    CHECK_THAT(json::serialize(limited.report.at("result").at("cluster").at("applied")), Contains("namespace/limited-platform"));
  }

  SECTION("a namespace that exists with a weaker Pod Security level: a conflict, fixed by --force-conflicts") {
    REQUIRE(k.kubectl({"create", "namespace", "weak-platform"}).exit_code == 0);
    REQUIRE(k.kubectl({"label", "namespace", "weak-platform", "pod-security.kubernetes.io/enforce=privileged"}).exit_code == 0);
    Deployed weak = deploy({kTwoTier, "-o", out, "--namespace", "weak-platform", "--apply"});
    INFO(weak.text);
    CHECK(weak.exit_code == 6);
    CHECK(error_codes(weak.report) == std::vector<std::string>{"FLOE-R912"});
    CHECK_THAT(weak.text, Contains("pod-security.kubernetes.io/enforce"));
    CHECK(kubectl_json({"get", "namespace", "weak-platform"}).at("metadata").at("labels").at("pod-security.kubernetes.io/enforce") ==
          "privileged");
    Deployed fixed = deploy({kTwoTier, "-o", out, "--namespace", "weak-platform", "--apply", "--force-conflicts"});
    INFO(fixed.text);
    CHECK(fixed.exit_code == 0);
    CHECK(kubectl_json({"get", "namespace", "weak-platform"}).at("metadata").at("labels").at("pod-security.kubernetes.io/enforce") ==
          "restricted");
  }

  // The admin kubeconfig pointed at another port of this machine.
  auto pointed_at = [&](int port, const std::string& name) {
    std::string config = read_file(k.admin_kubeconfig());
    config.replace(config.find(k.server()), k.server().size(), "https://127.0.0.1:" + std::to_string(port));
    write_file(tmp.path() / name, config);
    return "--kubeconfig=" + (tmp.path() / name).string();
  };
  // A kubeconfig of the cluster whose user is `user_block` (YAML under "user:").
  auto with_user = [&](const std::string& user_block, const std::string& name) {
    write_file(tmp.path() / name, "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: " + k.server() +
                                      "\n    insecure-skip-tls-verify: true\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\n"
                                      "current-context: x\nusers:\n- name: u\n  user:\n" + user_block);
    return "--kubeconfig=" + (tmp.path() / name).string();
  };

  SECTION("no server: R911, the manifests written all the same") {
    Deployed down = deploy({kTwoTier, "-o", out, "--apply", pointed_at(free_port(), "down.kubeconfig")}, false);
    INFO(down.text);
    CHECK(down.exit_code == 6);
    CHECK(error_codes(down.report) == std::vector<std::string>{"FLOE-R911"});
    CHECK_THAT(down.text, Contains("was refused"));
    CHECK(fs::exists(fs::path(out) / "00-namespaces.yaml"));
  }

  SECTION("a server that never answers: R911 within the request timeout") {
    SilentPort silent;
    auto start = std::chrono::steady_clock::now();
    Deployed slow = deploy({kTwoTier, "-o", out, "--apply", "--request-timeout-ms", "2000", pointed_at(silent.port, "slow.kubeconfig")},
                           false);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO(slow.text);
    CHECK(slow.exit_code == 6);
    CHECK(error_codes(slow.report) == std::vector<std::string>{"FLOE-R911"});
    CHECK(seconds < 60);
  }

  SECTION("a kubeconfig whose key file cannot be read, and one whose credential plugin fails: R911 with kubectl's reason") {
    // The certificate and key are given by path, and the paths are not readable files.
    Deployed nokey = deploy({kTwoTier, "-o", out, "--apply",
                             with_user("    client-certificate: " + (tmp.path() / "missing.crt").string() +
                                           "\n    client-key: " + (tmp.path() / "missing.key").string() + "\n",
                                       "nokey.kubeconfig")},
                            false);
    INFO(nokey.text);
    CHECK(nokey.exit_code == 6);
    CHECK(error_codes(nokey.report) == std::vector<std::string>{"FLOE-R911"});
    CHECK_THAT(nokey.text, Contains("missing.crt"));

    Deployed plugin = deploy({kTwoTier, "-o", out, "--apply",
                              with_user("    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: /bin/false\n"
                                        "      interactiveMode: Never\n",
                                        "exec.kubeconfig")},
                             false);
    INFO(plugin.text);
    CHECK(plugin.exit_code == 6);
    CHECK(error_codes(plugin.report) == std::vector<std::string>{"FLOE-R911"});
    CHECK_THAT(plugin.text, Contains("/bin/false"));
  }
}

TEST_CASE("deploy --context picks the kubeconfig's context as kubectl does", "[deploy][kubernetes]") {
  KubeControlPlane& k = cluster();
  TempDir tmp;
  // Two contexts: the current one points nowhere, "real" at the cluster.
  std::string config = read_file(k.admin_kubeconfig());
  write_file(tmp.path() / "two.kubeconfig", config);
  std::string kc = "--kubeconfig=" + (tmp.path() / "two.kubeconfig").string();
  REQUIRE(k.kubectl({kc, "config", "set-cluster", "nowhere", "--server=https://127.0.0.1:" + std::to_string(free_port())}).exit_code == 0);
  auto current = k.kubectl({kc, "config", "current-context"});
  std::string real_context = current.out.substr(0, current.out.find('\n'));
  auto user = k.kubectl({kc, "config", "view", "-o", "jsonpath={.contexts[0].context.user}"});
  REQUIRE(k.kubectl({kc, "config", "set-context", "elsewhere", "--cluster=nowhere", "--user=" + user.out}).exit_code == 0);
  REQUIRE(k.kubectl({kc, "config", "use-context", "elsewhere"}).exit_code == 0);
  std::string out = (tmp.path() / "k8s").string();
  Deployed wrong = deploy({kTwoTier, "-o", out, "--diff", kc}, false);
  CHECK(wrong.exit_code == 6);
  Deployed right = deploy({kTwoTier, "-o", out, "--diff", kc, "--context", real_context}, false);
  INFO(right.text);
  CHECK(right.exit_code == 0);
  // KUBECONFIG is honoured too, when no --kubeconfig is given.
  auto via_env = run_floe({"platform", "deploy", kTwoTier, "-o", out, "--diff", "--context", real_context,
                           "--kubectl=" + k.kubectl_binary(), "--json"},
                          {{"KUBECONFIG", (tmp.path() / "two.kubeconfig").string()}});
  INFO(via_env.out << via_env.err);
  CHECK(via_env.exit_code == 0);
}
