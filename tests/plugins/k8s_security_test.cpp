// The Kubernetes rbac and network_security plugins (`k8s`) through `floe
// plugins call`: every manifest they render passes kubernetes-validate's
// strict check against the Kubernetes 1.37 OpenAPI schemas (PyPI, the
// project virtualenv); a namespace carries the Pod Security Standards'
// restricted labels; wildcards and names Kubernetes refuses are refused.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>

#include "compile_test_support.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

json::value call(const std::string& category, const std::string& method, const std::string& request, int expect = 0) {
  auto r = run_floe({"plugins", "call", category, "k8s", method, "--request", request, "--json"});
  INFO(method << ": " << r.out << r.err);
  REQUIRE(r.exit_code == expect);
  return expect == 0 ? json::parse(r.out) : json::value(r.err);
}

// kubernetes-validate --strict on one manifest; its output when it refuses.
std::string validate(const json::value& manifest) {
  TempDir tmp;
  fs::path file = tmp.path() / "manifest.json";
  write_file(file, json::serialize(manifest));
  std::string venv = FLOE_TEST_VENV;
  REQUIRE(fs::exists(venv + "/bin/kubernetes-validate"));  // scripts/requirements.txt pins it
  auto r = run_process(venv + "/bin/kubernetes-validate", {"--strict", "-k", "1.37.0", file.string()});
  return r.exit_code == 0 ? std::string() : r.out + r.err;
}

}  // namespace

TEST_CASE("rbac k8s: namespace, service account, role and binding validate against Kubernetes 1.37",
          "[plugins][k8s]") {
  json::value ns = call("rbac", "generate_namespace", R"({"name": "sales-customer-360", "labels": {"floe.dev/domain": "sales"}})");
  CHECK(validate(ns.at("manifest")).empty());
  CHECK(ns.at("manifest").at("metadata").at("labels").at("pod-security.kubernetes.io/enforce") == "restricted");
  json::value sa = call("rbac", "generate_service_account", R"({"name": "customer-360", "namespace": "sales-customer-360"})");
  CHECK(validate(sa.at("manifest")).empty());
  CHECK(sa.at("manifest").at("automountServiceAccountToken") == false);
  json::value role = call("rbac", "generate_role",
                          R"({"name": "read-own-secrets", "namespace": "sales-customer-360", "rules": [
                                {"resources": ["secrets"], "verbs": ["get"], "resourceNames": ["customer-360-warehouse"]}]})");
  CHECK(validate(role.at("manifest")).empty());
  json::value binding = call("rbac", "generate_role_binding",
                             R"({"name": "customer-360-reads-secrets", "namespace": "sales-customer-360",
                                 "role": "read-own-secrets", "subjects": ["customer-360"]})");
  CHECK(validate(binding.at("manifest")).empty());
  CHECK(binding.at("manifest").at("subjects").at(0).at("namespace") == "sales-customer-360");
}

TEST_CASE("network_security k8s: default deny, DNS egress, explicit rules and restricted contexts validate",
          "[plugins][k8s]") {
  json::value deny = call("network_security", "generate_default_deny_policies", R"({"namespace": "sales"})");
  REQUIRE(deny.at("manifests").as_array().size() == 2);
  for (const auto& m : deny.at("manifests").as_array()) CHECK(validate(m).empty());
  json::value egress = call("network_security", "generate_network_policy",
                            R"({"name": "to-catalog", "namespace": "sales", "egress": [
                                  {"to": [{"ipBlock": {"cidr": "10.20.0.0/16"}}], "ports": [{"protocol": "TCP", "port": 8181}]}]})");
  CHECK(validate(egress.at("manifest")).empty());
  CHECK(egress.at("manifest").at("spec").at("podSelector") == json::object{});  // every pod of the namespace
  // On the pods a selector picks (floe platform deploy: one policy per workload).
  json::value selected = call("network_security", "generate_network_policy",
                              R"({"name": "db-traffic", "namespace": "sales", "pod_selector": {"matchLabels": {"app": "db"}},
                                  "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "web"}}}], "ports": [{"port": 5432}]}]})");
  CHECK(validate(selected.at("manifest")).empty());
  CHECK(selected.at("manifest").at("spec").at("podSelector").at("matchLabels").at("app") == "db");
  // A pod spec with the restricted contexts and writable volumes passes too.
  json::value pod_ctx = call("network_security", "generate_pod_security_context", "{}");
  json::value ctr_ctx = call("network_security", "generate_container_security_context", "{}");
  json::value volumes = call("network_security", "generate_writable_volumes", R"({"paths": ["/tmp", "/home/floe/.dbt"]})");
  json::object container{{"name", "run"}, {"image", "floe:1"}, {"securityContext", ctr_ctx.at("security_context")},
                         {"volumeMounts", volumes.at("mounts")}};
  json::object pod{{"apiVersion", "v1"},
                   {"kind", "Pod"},
                   {"metadata", json::object{{"name", "run"}, {"namespace", "sales"}}},
                   {"spec", json::object{{"securityContext", pod_ctx.at("security_context")},
                                         {"containers", json::array{container}},
                                         {"volumes", volumes.at("volumes")}}}};
  CHECK(validate(pod).empty());
}

TEST_CASE("k8s plugins refuse wildcards, names Kubernetes refuses and unknown keys", "[plugins][k8s][bad-input]") {
  std::string wildcard = std::string(call("rbac", "generate_role",
                                          R"({"name": "r", "namespace": "n", "rules": [{"resources": ["*"], "verbs": ["get"]}]})",
                                          3).as_string());
  CHECK(wildcard.find("least privilege") != std::string::npos);
  std::string name = std::string(call("rbac", "generate_namespace", R"({"name": "Sales_Domain"})", 3).as_string());
  CHECK(name.find("normalised it would be 'sales-domain'") != std::string::npos);
  std::string unknown =
      std::string(call("network_security", "generate_default_deny_policies", R"({"namespace": "n", "pods": 1})", 3).as_string());
  CHECK(unknown.find("unknown key 'pods'") != std::string::npos);
  std::string selector = std::string(call("network_security", "generate_network_policy",
                                          R"({"name": "p", "namespace": "n", "pod_selector": {"app": "db"}})", 3).as_string());
  CHECK(selector.find("key 'pod_selector.app'") != std::string::npos);
}
