// floe platform deploy on the examples: the enterprise's services (each from
// its plugin) and two products' runs, validated offline against Kubernetes
// 1.37's schemas (kubernetes-validate), byte-identical when rendered twice,
// the Helm chart linted and templated by the real helm into exactly the same
// objects, --apply through a kubectl that records what it is asked, and the
// bad inputs of issue 14: name collisions, a product of another platform,
// no cluster.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <filesystem>

#include "compile_test_support.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace json = boost::json;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

const std::string kSource = FLOE_TEST_SOURCE_DIR;
const std::string kEnterprise = kSource + "/examples/enterprise/manifest.yaml";
const std::string kCustomer360 = kSource + "/examples/customer-360/floe.yaml";
const std::string kCampaigns = kSource + "/examples/campaign-analytics/floe.yaml";

std::map<std::string, std::string> files_under(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).string()] = read_file(e.path());
  return out;
}

json::value deploy(const std::vector<std::string>& args, int expect = 0) {
  std::vector<std::string> all{"platform", "deploy"};
  all.insert(all.end(), args.begin(), args.end());
  all.push_back("--json");
  auto r = run_floe(all);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == expect);
  return json::parse(r.out);
}

std::vector<std::string> codes_of(const json::value& report) {
  std::vector<std::string> out;
  for (const auto& d : report.at("diagnostics").as_array())
    if (d.at("severity") == "error") out.emplace_back(d.at("code").as_string());
  return out;
}

const json::object* object_named(const fs::path& dir, const std::string& kind, const std::string& name) {
  static std::vector<json::value> keep;
  auto r = run_process(std::string(FLOE_TEST_VENV) + "/bin/python",
                       {"-c", "import json,sys,yaml,pathlib; print(json.dumps([d for p in sorted(pathlib.Path(sys.argv[1]).glob('*.yaml')) "
                              "for d in yaml.safe_load_all(p.read_text()) if d]))",
                        dir.string()});
  REQUIRE(r.exit_code == 0);
  keep.push_back(json::parse(r.out));
  for (const auto& o : keep.back().as_array())
    if (o.at("kind").as_string() == kind && o.at("metadata").at("name").as_string() == name) return &o.as_object();
  return nullptr;
}

}  // namespace

TEST_CASE("floe platform deploy: the enterprise's services and two products validate against Kubernetes 1.37",
          "[deploy]") {
  TempDir tmp;
  fs::path out = tmp.path() / "k8s";
  json::value report = deploy({kEnterprise, "--product", kCustomer360, "--product", kCampaigns, "-o", out.string()});
  const json::object& result = report.at("result").as_object();
  CHECK(result.at("format") == "kubernetes");
  CHECK(result.at("namespace") == "acme-enterprise");
  std::vector<std::string> files;
  for (const auto& f : result.at("files").as_array()) files.emplace_back(f.as_string());
  CHECK(files == std::vector<std::string>{"00-namespaces.yaml", "10-platform-security.yaml", "20-orchestrator-dagster.yaml",
                                          "21-catalog-polaris.yaml", "22-storage-s3.yaml",
                                          "23-telemetry-backend-jaeger.yaml", "50-product-sales-domain-customer-360.yaml",
                                          "50-product-marketing-domain-campaign-analytics.yaml"});
  // Marquez has no workloads to give: said, not hidden.
  CHECK_THAT(json::serialize(result.at("notes")), Contains("lineage_backend/marquez contributes no workloads"));
  // No secrets plugin is selected: the Secrets to create are named, with their keys, never values.
  CHECK_THAT(json::serialize(result.at("notes")), Contains("create the Secret 'floe-platform-secrets' in namespace 'acme-enterprise'"));

  // Every file passes kubernetes-validate --strict for Kubernetes 1.37.
  for (const auto& f : files) {
    auto v = run_process(std::string(FLOE_TEST_VENV) + "/bin/kubernetes-validate", {"--strict", "-k", "1.37.0", (out / f).string()});
    INFO(f << ": " << v.out << v.err);
    CHECK(v.exit_code == 0);
  }

  // What the services are: each from its plugin, hardened by the host.
  const json::object* webserver = object_named(out, "Deployment", "dagster-webserver");
  REQUIRE(webserver != nullptr);
  const json::value& pod = webserver->at("spec").at("template").at("spec");
  CHECK(pod.at("automountServiceAccountToken") == false);
  CHECK(pod.at("securityContext").at("runAsNonRoot") == true);
  CHECK(pod.at("containers").at(0).at("securityContext").at("readOnlyRootFilesystem") == true);
  CHECK(pod.at("containers").at(0).at("env").at(2).at("valueFrom").at("secretKeyRef").at("name") == "floe-platform-secrets");
  REQUIRE(object_named(out, "StatefulSet", "dagster-postgresql") != nullptr);
  REQUIRE(object_named(out, "StatefulSet", "minio") != nullptr);  // the storage endpoint http://minio:9000 is in the cluster
  REQUIRE(object_named(out, "Deployment", "polaris") != nullptr);
  REQUIRE(object_named(out, "Service", "otel-collector") != nullptr);  // the traces endpoint's host
  REQUIRE(object_named(out, "Deployment", "code-sales-domain-customer-360") != nullptr);
  // The products' runs: a CronJob each, in its own namespace, in the product's timezone.
  const json::object* cron = object_named(out, "CronJob", "customer-360");
  REQUIRE(cron != nullptr);
  CHECK(cron->at("metadata").at("namespace") == "sales-domain-customer-360");
  CHECK(cron->at("spec").at("concurrencyPolicy") == "Forbid");
  CHECK(cron->at("spec").at("jobTemplate").at("spec").at("template").at("spec").at("containers").at(0).at("args") ==
        json::array{"run", "floe.yaml"});
  // A product may read its own Secret and nothing else.
  const json::object* role = object_named(out, "Role", "customer-360-secret-reader");
  REQUIRE(role != nullptr);
  CHECK(role->at("rules").at(0).at("resourceNames") == json::array{"customer-360-secrets"});
  CHECK(role->at("rules").at(0).at("verbs") == json::array{"get"});
  // Default deny in every namespace, then exactly the declared traffic.
  REQUIRE(object_named(out, "NetworkPolicy", "default-deny-all") != nullptr);
  REQUIRE(object_named(out, "NetworkPolicy", "allow-platform-traffic") != nullptr);

  // No secret value anywhere: the example's references, never what they hold.
  for (const auto& [name, text] : files_under(out)) {
    CHECK(text.find("kind: Secret\n") == std::string::npos);
    CHECK(text.find("stringData") == std::string::npos);
  }

  // The same inputs give byte-identical files.
  fs::path again = tmp.path() / "again";
  deploy({kEnterprise, "--product", kCustomer360, "--product", kCampaigns, "-o", again.string()});
  CHECK(files_under(out) == files_under(again));
}

TEST_CASE("floe platform deploy --format helm: helm lint passes and helm template gives the same objects",
          "[deploy][helm]") {
  std::string helm = kSource + "/.cache/helm/helm";
  REQUIRE(fs::exists(helm));  // scripts/build-helm, run by scripts/bootstrap-test-tools
  TempDir tmp;
  fs::path manifests = tmp.path() / "k8s", chart = tmp.path() / "chart";
  deploy({kEnterprise, "--product", kCustomer360, "-o", manifests.string()});
  json::value report = deploy({kEnterprise, "--product", kCustomer360, "-o", chart.string(), "--format", "helm"});
  CHECK(fs::exists(chart / "Chart.yaml"));
  CHECK_THAT(read_file(chart / "values.yaml"), Contains("dagster_webserver"));
  CHECK_THAT(read_file(chart / "templates/20-orchestrator-dagster.yaml"), Contains("{{ .Values.workloads.dagster_webserver.image | quote }}"));

  auto lint = run_process(helm, {"lint", "--strict", chart.string()});
  INFO(lint.out << lint.err);
  CHECK(lint.exit_code == 0);
  auto rendered = run_process(helm, {"template", "floe", chart.string()});
  INFO(rendered.err);
  REQUIRE(rendered.exit_code == 0);
  write_file(tmp.path() / "templated.yaml", rendered.out);
  auto same = run_process(std::string(FLOE_TEST_VENV) + "/bin/python",
                          {kSource + "/tests/deploy/same_objects.py", manifests.string(), (tmp.path() / "templated.yaml").string()});
  INFO(same.out << same.err);
  CHECK(same.exit_code == 0);

  // A value set at install time reaches the object.
  auto tuned = run_process(helm, {"template", "floe", chart.string(), "--set", "workloads.dagster_webserver.replicas=3"});
  REQUIRE(tuned.exit_code == 0);
  CHECK_THAT(tuned.out, Contains("replicas: 3"));
}

TEST_CASE("floe platform deploy --apply: kubectl apply --server-side when a cluster answers, R911 when none",
          "[deploy]") {
  TempDir tmp;
  fs::path log = tmp.path() / "kubectl.log";
  fs::path kubectl = tmp.path() / "kubectl";
  write_file(kubectl, "#!/bin/sh\necho \"$*\" >> '" + log.string() + "'\n"
                      "if [ \"$1\" = version ] && [ -n \"$NO_CLUSTER\" ]; then echo 'Unable to connect to the server' >&2; exit 1; fi\n"
                      "echo applied\n");
  fs::permissions(kubectl, fs::perms::owner_all);
  fs::path out = tmp.path() / "k8s";
  json::value report = deploy({kEnterprise, "--product", kCustomer360, "-o", out.string(), "--apply", "--kubectl", kubectl.string()});
  CHECK(report.at("result").at("applied") == true);
  CHECK(read_file(log) == "version --request-timeout=10s -o json\napply --server-side --field-manager=floe -f " + out.string() + "\n");

  // No cluster: exit 6, the manifests are written all the same.
  fs::remove(log);
  auto r = run_floe({"platform", "deploy", kEnterprise, "-o", (tmp.path() / "k8s2").string(), "--apply", "--kubectl",
                     kubectl.string(), "--json"},
                    {{"NO_CLUSTER", "1"}});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 6);
  CHECK(codes_of(json::parse(r.out)) == std::vector<std::string>{"FLOE-R911"});
  CHECK_THAT(r.out, Contains("Unable to connect to the server"));
  CHECK(fs::exists(tmp.path() / "k8s2" / "00-namespaces.yaml"));
  CHECK(read_file(log) == "version --request-timeout=10s -o json\n");
}

TEST_CASE("floe platform deploy refuses colliding names and products of another platform, writing nothing",
          "[deploy]") {
  TempDir tmp;
  // The same product twice (two checkouts of customer-360): one namespace, one CronJob.
  for (const char* copy : {"a", "b"}) {
    fs::copy(kSource + "/examples/customer-360", tmp.path() / copy, fs::copy_options::recursive);
    std::string product = read_file(tmp.path() / copy / "floe.yaml");
    std::string from = "ref: ../enterprise/domains/sales/manifest.yaml";
    auto at = product.find(from);
    REQUIRE(at != std::string::npos);
    product.replace(at, from.size(), "ref: " + kSource + "/examples/enterprise/domains/sales/manifest.yaml");
    write_file(tmp.path() / copy / "floe.yaml", product);
  }
  fs::path out = tmp.path() / "k8s";
  json::value report = deploy({kEnterprise, "--product", (tmp.path() / "a/floe.yaml").string(), "--product",
                               (tmp.path() / "b/floe.yaml").string(), "-o", out.string()},
                              3);
  CHECK(codes_of(report) == std::vector<std::string>{"FLOE-P610"});
  CHECK_THAT(json::serialize(report), Contains("'sales-domain-customer-360' (" + (tmp.path() / "a/floe.yaml").string() +
                                               ") and 'sales-domain-customer-360' (" + (tmp.path() / "b/floe.yaml").string() +
                                               ") would all become the namespace 'sales-domain-customer-360'"));
  CHECK_FALSE(fs::exists(out));

  // A product on another platform.
  json::value other = deploy({kSource + "/examples/platform/manifest.yaml", "--product", kCustomer360, "-o", out.string()}, 3);
  CHECK(codes_of(other) == std::vector<std::string>{"FLOE-P611"});
  CHECK_THAT(json::serialize(other), Contains("runs on another platform than acme-platform 1.0.0"));
  CHECK_FALSE(fs::exists(out));

  // A namespace that is not a Kubernetes name.
  json::value bad_ns = deploy({kEnterprise, "--namespace", "Acme_Data", "-o", out.string()}, 3);
  CHECK(codes_of(bad_ns) == std::vector<std::string>{"FLOE-P610"});
  CHECK_THAT(json::serialize(bad_ns), Contains("use 'acme-data'"));
  CHECK_FALSE(fs::exists(out));
}
