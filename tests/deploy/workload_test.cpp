// The deploy's reading of a plugin's get_k8s_workloads answer and its
// Kubernetes names: what a plugin may not ask for is refused, naming the key;
// names normalise as docs/deploy.md#names says.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "kube/names.hpp"
#include "deploy/value_slots.hpp"
#include "deploy/workload.hpp"

namespace json = boost::json;
using Catch::Matchers::Contains;

namespace {

std::string refusal(const std::string& answer) {
  auto r = floe::read_workloads("telemetry_backend/broken", json::parse(answer));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == FLOE_ERR_PLUGIN_FAILED);
  return r.error().message;
}

}  // namespace

TEST_CASE("deploy: a plugin's workloads are read strictly", "[deploy]") {
  auto ok = floe::read_workloads("orchestrator/dagster", json::parse(R"({"workloads": [{
      "name": "dagster-webserver", "component": "webserver", "image": "docker.io/dagster/dagster-k8s:1.13.27",
      "ports": [{"name": "http", "port": 3000}], "env": {"DAGSTER_HOME": "/opt/dagster"},
      "secret_env": {"DAGSTER_PG_PASSWORD": {"secret_ref": "pg"}},
      "config_files": {"mount": "/opt/dagster", "files": {"dagster.yaml": "telemetry: {enabled: false}\n"}},
      "persistent": {"path": "/data", "size": "8Gi"}, "health": {"path": "/server_info", "port": 3000},
      "resources": {"cpu_request": "250m", "cpu_limit": "1", "memory_request": "512Mi", "memory_limit": "1Gi"},
      "run_as_user": 999, "egress": [{"host": "api.example.com", "port": 443}]}], "notes": ["a note"]})"));
  REQUIRE(ok.ok());
  const auto& w = ok.value().workloads.at(0);
  CHECK(w.plugin == "orchestrator/dagster");
  CHECK(w.ports.at(0).port == 3000);
  CHECK(w.persistent->second == "8Gi");
  CHECK(w.secret_env.at("DAGSTER_PG_PASSWORD").at("secret_ref") == "pg");
  CHECK(ok.value().notes.at(0) == "a note");

  CHECK_THAT(refusal(R"({"workloads": [{"name": "Bad_Name", "component": "x", "image": "i"}]})"),
             Contains("'workloads[0].name': expected a Kubernetes name"));
  CHECK_THAT(refusal(R"({"workloads": [{"name": "x", "component": "x", "image": "i", "privileged": true}]})"),
             Contains("'workloads[0].privileged': expected no such key"));
  CHECK_THAT(refusal(R"({"workloads": [{"name": "x", "component": "x", "image": "i", "ports": [{"name": "http", "port": 70000}]}]})"),
             Contains("'workloads[0].ports[0].port': expected an integer in 1..65535"));
  CHECK_THAT(refusal(R"({"workloads": [{"name": "x", "component": "x", "image": "i", "config_files": {"mount": "/etc", "files": {"../escape": ""}}}]})"),
             Contains("'workloads[0].config_files.files.../escape': expected a file name"));
  CHECK_THAT(refusal(R"({"workloads": [{"name": "x", "component": "x", "image": "i", "secret_env": {"1BAD": {"env": "X"}}}]})"),
             Contains("expected an environment variable name"));
  CHECK_THAT(refusal(R"({"workloads": [{"name": "x", "component": "x", "image": "i", "resources": {"cpu_request": "lots", "cpu_limit": "1", "memory_request": "1Gi", "memory_limit": "1Gi"}}]})"),
             Contains("'workloads[0].resources.cpu_request': expected a Kubernetes quantity"));
  CHECK_THAT(refusal(R"({"workloads": [{"name": "x", "component": "x", "image": "i", "writable_paths": ["relative"]}]})"),
             Contains("'workloads[0].writable_paths[0]': expected an absolute path"));
  // Who may connect: a port's clients are components of the same answer's
  // workloads; what a workload uses is one of the platform's declared services.
  auto marked = floe::read_workloads("orchestrator/dagster", json::parse(R"({"workloads": [
      {"name": "db", "component": "database", "image": "i", "ports": [{"name": "pg", "port": 5432, "clients": ["webserver"]}]},
      {"name": "web", "component": "webserver", "image": "i", "uses": ["catalog", "lineage"]}]})"));
  REQUIRE(marked.ok());
  CHECK(marked.value().workloads.at(0).ports.at(0).clients == std::vector<std::string>{"webserver"});
  CHECK(marked.value().workloads.at(1).uses == std::vector<std::string>{"catalog", "lineage"});
  CHECK_THAT(refusal(R"({"workloads": [{"name": "x", "component": "x", "image": "i", "ports": [{"name": "pg", "port": 5432, "clients": ["nobody"]}]}]})"),
             Contains("'workloads[0].ports[0].clients[0]': expected the component of one of this answer's workloads"));
  CHECK_THAT(refusal(R"({"workloads": [{"name": "x", "component": "x", "image": "i", "ports": [{"name": "pg", "port": 5432, "clients": "x"}]}]})"),
             Contains("'workloads[0].ports[0].clients': expected an array of strings"));
  CHECK_THAT(refusal(R"({"workloads": [{"name": "x", "component": "x", "image": "i", "ports": [{"name": "pg", "port": 5432, "public": true}]}]})"),
             Contains("'workloads[0].ports[0].public': expected no such key"));
  CHECK_THAT(refusal(R"({"workloads": [{"name": "x", "component": "x", "image": "i", "uses": ["catalog", "everything"]}]})"),
             Contains("'workloads[0].uses[1]': expected one of catalog, storage, telemetry, lineage"));
  CHECK_THAT(refusal(R"({"workloads": "none"})"), Contains("'workloads': expected an array"));
  CHECK_THAT(refusal(R"({"notes": []})"), Contains("'workloads': expected an array (the key is required)"));
  CHECK_THAT(refusal(R"([1, 2])"), Contains("'the answer': expected an object"));
  CHECK_THAT(refusal(R"({"workloads": [{"component": "x", "image": "i"}]})"), Contains("telemetry_backend/broken"));
}

TEST_CASE("deploy: Kubernetes names normalise stably and collisions are found", "[deploy]") {
  CHECK(floe::k8s_label_name("customer_360") == "customer-360");
  CHECK(floe::k8s_label_name("Sales Domain--Customer 360!") == "sales-domain-customer-360");
  CHECK(floe::k8s_label_name("__x__") == "x");
  std::string longer(80, 'a');
  std::string name = floe::k8s_label_name(longer);
  CHECK(name.size() == 63);
  CHECK(name != floe::k8s_label_name(longer + "b"));  // the hash keeps long names apart
  CHECK(name == floe::k8s_label_name(longer));        // and stable

  floe::K8sNameTable table;
  table.add("customer-360", "a/floe.yaml");
  table.add("customer_360", "b/floe.yaml");
  table.add("orders", "c/floe.yaml");
  auto collisions = table.collisions();
  REQUIRE(collisions.size() == 1);
  CHECK(collisions[0].name == "customer-360");
  CHECK(collisions[0].originals == std::vector<std::string>{"'customer-360' (a/floe.yaml)", "'customer_360' (b/floe.yaml)"});
}

TEST_CASE("deploy: value slots are values for manifests and template expressions for Helm", "[deploy]") {
  floe::ValueSlots plain(false);
  CHECK(plain.slot({"workloads", "x", "replicas"}, 2) == json::value(2));
  floe::ValueSlots helm(true);
  json::value image = helm.slot({"workloads", "dagster_webserver", "image"}, "dagster:1");
  json::value replicas = helm.slot({"workloads", "dagster_webserver", "replicas"}, 1);
  std::string yaml = "image: " + std::string(image.as_string()) + "\nreplicas: \"" + std::string(replicas.as_string()) + "\"\n";
  CHECK(helm.templated(yaml) ==
        "image: {{ .Values.workloads.dagster_webserver.image | quote }}\nreplicas: {{ .Values.workloads.dagster_webserver.replicas }}\n");
  CHECK(json::serialize(helm.values()) == R"({"workloads":{"dagster_webserver":{"image":"dagster:1","replicas":1}}})");
}
