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
#include "deploy_examples.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace json = boost::json;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

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

TEST_CASE("floe platform deploy --apply without a kubectl to run: R911, the manifests written all the same", "[deploy]") {
  // The cluster itself is tests/deploy/cluster_deploy_test.cpp (a real control plane).
  TempDir tmp;
  fs::path out = tmp.path() / "k8s";
  auto r = run_floe({"platform", "deploy", kEnterprise, "-o", out.string(), "--apply", "--kubectl",
                     (tmp.path() / "no-such-kubectl").string(), "--json"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 6);
  CHECK(error_codes(json::parse(r.out)) == std::vector<std::string>{"FLOE-R911"});
  CHECK_THAT(r.out, Contains("no-such-kubectl cannot be run"));
  CHECK(fs::exists(out / "00-namespaces.yaml"));
  // --apply and --diff take the Kubernetes format only.
  json::value helm = deploy({kEnterprise, "-o", (tmp.path() / "chart").string(), "--format", "helm", "--diff"}, 6);
  CHECK(error_codes(helm) == std::vector<std::string>{"FLOE-R911"});
}

TEST_CASE("floe platform deploy: a product's run pod gets its compute plugin's preset, by --size", "[deploy]") {
  TempDir tmp;
  auto resources_of = [&](const fs::path& out) {
    const json::object* cron = object_named(out, "CronJob", "customer-360");
    REQUIRE(cron != nullptr);
    return cron->at("spec").at("jobTemplate").at("spec").at("template").at("spec").at("containers").at(0).at("resources");
  };
  // No --size: DuckDB's small preset, never empty (an empty quantity is refused by the API server).
  json::value small = deploy({kEnterprise, "--product", kCustomer360, "-o", (tmp.path() / "small").string()});
  json::value r = resources_of(tmp.path() / "small");
  CHECK(r.at("requests") == json::object{{"cpu", "100m"}, {"memory", "256Mi"}});
  CHECK(r.at("limits") == json::object{{"cpu", "500m"}, {"memory", "512Mi"}});
  CHECK(small.at("result").at("products").at(0).at("resources").at("cpu_limit") == "500m");
  // --size picks another preset of the same plugin.
  deploy({kEnterprise, "--product", kCustomer360, "--size", "customer-360=large", "-o", (tmp.path() / "large").string()});
  r = resources_of(tmp.path() / "large");
  CHECK(r.at("requests") == json::object{{"cpu", "2000m"}, {"memory", "4Gi"}});
  // A size the plugin does not know is its refusal, naming the sizes it knows; nothing is written.
  json::value huge = deploy({kEnterprise, "--product", kCustomer360, "--size", "customer-360=huge", "-o",
                             (tmp.path() / "huge").string()},
                            3);
  CHECK(error_codes(huge) == std::vector<std::string>{"FLOE-P611"});
  CHECK_THAT(json::serialize(huge), Contains("unknown size 'huge'"));
  CHECK_FALSE(fs::exists(tmp.path() / "huge"));
  // --size of a product not given.
  json::value stray = deploy({kEnterprise, "--product", kCustomer360, "--size", "nobody=small", "-o",
                              (tmp.path() / "stray").string()},
                             3);
  CHECK(error_codes(stray) == std::vector<std::string>{"FLOE-P611"});
}

TEST_CASE("floe platform deploy --image and --require-digests: images pinned by digest everywhere, tags refused",
          "[deploy]") {
  TempDir tmp;
  const std::string digest = "@sha256:" + std::string(64, 'a');
  // Tags everywhere: each workload and the product is named, with the --image to give.
  json::value refused = deploy({kEnterprise, "--product", kCustomer360, "--require-digests", "-o", (tmp.path() / "a").string()}, 3);
  std::vector<std::string> codes = error_codes(refused);
  CHECK(codes.size() >= 6);  // the enterprise's five service plugins' workloads and the product
  for (const auto& c : codes) CHECK(c == "FLOE-P612");
  std::string text = json::serialize(refused);
  CHECK_THAT(text, Contains("customer-360 runs 'customer-360:1.0.0', which is not pinned by digest"));
  CHECK_THAT(text, Contains("--image dagster-webserver=<repository>@sha256:<digest>"));
  CHECK_FALSE(fs::exists(tmp.path() / "a"));

  // Every image given by digest: accepted, and the pods run exactly those.
  json::value rendered = deploy({kEnterprise, "--product", kCustomer360, "-o", (tmp.path() / "b").string()});
  std::vector<std::string> args{kEnterprise, "--product", kCustomer360, "--require-digests", "-o", (tmp.path() / "c").string(),
                                "--image", "customer-360=registry.example.com/c360" + digest};
  for (const auto& s : rendered.at("result").at("services").as_array())
    for (const auto& w : s.at("workloads").as_array())
      if (w.as_string() != "code-sales-domain-customer-360")  // the product's code server runs the product's image
        args.insert(args.end(), {"--image", std::string(w.as_string()) + "=registry.example.com/" + std::string(w.as_string()) + digest});
  deploy(args);
  const json::object* cron = object_named(tmp.path() / "c", "CronJob", "customer-360");
  REQUIRE(cron != nullptr);
  CHECK(cron->at("spec").at("jobTemplate").at("spec").at("template").at("spec").at("containers").at(0).at("image") ==
        json::value("registry.example.com/c360" + digest));
  const json::object* web = object_named(tmp.path() / "c", "Deployment", "dagster-webserver");
  REQUIRE(web != nullptr);
  CHECK(web->at("spec").at("template").at("spec").at("containers").at(0).at("image") ==
        json::value("registry.example.com/dagster-webserver" + digest));

  // A name that is neither a product nor a workload, and a malformed digest.
  json::value typo = deploy({kEnterprise, "--product", kCustomer360, "--image", "customer360=x:1", "--image",
                             "customer-360=x@sha256:short", "-o", (tmp.path() / "d").string()},
                            3);
  CHECK(error_codes(typo) == std::vector<std::string>{"FLOE-P612", "FLOE-P612"});
  CHECK_THAT(json::serialize(typo), Contains("no product or workload is named 'customer360'"));
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
  CHECK(error_codes(report) == std::vector<std::string>{"FLOE-P610"});
  CHECK_THAT(json::serialize(report), Contains("'sales-domain-customer-360' (" + (tmp.path() / "a/floe.yaml").string() +
                                               ") and 'sales-domain-customer-360' (" + (tmp.path() / "b/floe.yaml").string() +
                                               ") would all become the namespace 'sales-domain-customer-360'"));
  CHECK_FALSE(fs::exists(out));

  // A product on another platform.
  json::value other = deploy({kSource + "/examples/platform/manifest.yaml", "--product", kCustomer360, "-o", out.string()}, 3);
  CHECK(error_codes(other) == std::vector<std::string>{"FLOE-P611"});
  CHECK_THAT(json::serialize(other), Contains("runs on another platform than acme-platform 1.0.0"));
  CHECK_FALSE(fs::exists(out));

  // A namespace that is not a Kubernetes name.
  json::value bad_ns = deploy({kEnterprise, "--namespace", "Acme_Data", "-o", out.string()}, 3);
  CHECK(error_codes(bad_ns) == std::vector<std::string>{"FLOE-P610"});
  CHECK_THAT(json::serialize(bad_ns), Contains("use 'acme-data'"));
  CHECK_FALSE(fs::exists(out));
}
