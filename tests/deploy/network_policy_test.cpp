// The NetworkPolicies floe platform deploy renders, evaluated: no CNI runs
// here, so nothing enforces them; instead every rendered pod (the pod
// templates of the Deployments, StatefulSets and CronJobs, with their labels
// and their namespaces' labels) is put through the policies with
// network_policy_eval.hpp's reading of the NetworkPolicy API, and the
// resulting matrix (which pod may open which port of which pod) must be
// exactly the least-privilege one: each service's port only for the pods
// that need it, the product runs only to the services the manifest declares,
// nothing into a product run, DNS for all.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <boost/json.hpp>
#include <filesystem>
#include <set>
#include <sstream>
#include <tuple>

#include "compile_test_support.hpp"
#include "network_policy_eval.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
using namespace floe::test::netpol;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

const std::string kSource = FLOE_TEST_SOURCE_DIR;

// Every object of the rendered directory, through the project's PyYAML.
json::array rendered_objects(const fs::path& dir) {
  auto r = run_process(std::string(FLOE_TEST_VENV) + "/bin/python",
                       {"-c", "import json,sys,yaml,pathlib; print(json.dumps([d for p in sorted(pathlib.Path(sys.argv[1]).glob('*.yaml')) "
                              "for d in yaml.safe_load_all(p.read_text()) if d]))",
                        dir.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out).as_array();
}

Cluster render_examples(TempDir& tmp) {
  fs::path out = tmp.path() / "k8s";
  auto r = run_floe({"platform", "deploy", kSource + "/examples/enterprise/manifest.yaml", "--product",
                     kSource + "/examples/customer-360/floe.yaml", "--product", kSource + "/examples/campaign-analytics/floe.yaml",
                     "-o", out.string(), "--json"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  Cluster c;
  // What a cluster has besides floe's: its DNS, and a namespace floe knows nothing of.
  c.add_namespace("kube-system");
  c.add_pod(Pod{"kube-system", "kube-dns", json::object{{"k8s-app", "kube-dns"}}, {{"dns", 53, "UDP"}, {"dns-tcp", 53, "TCP"}}});
  c.add_namespace("default");
  c.add_pod(Pod{"default", "intruder", json::object{{"app", "intruder"}}, {}});
  // Labelled as a product run of the platform, but not in a product's namespace.
  c.add_pod(Pod{"default", "impostor",
                json::object{{"app.kubernetes.io/component", "product-run"}, {"app.kubernetes.io/part-of", "acme-enterprise"}}, {}});
  c.load(rendered_objects(out));
  // The lineage endpoint http://marquez:5000 names a service floe does not
  // deploy: one the platform team runs in the services' namespace.
  c.add_pod(Pod{"acme-enterprise", "marquez", json::object{{"app", "marquez"}}, {{"http", 5000, "TCP"}}});
  return c;
}

using Edge = std::tuple<std::string, std::string, int>;  // from pod, to pod, port

// Every floe pod to every port of every other floe pod: what is allowed.
std::set<Edge> allowed_edges(const Cluster& c, const std::vector<const Pod*>& pods) {
  std::set<Edge> out;
  for (const Pod* from : pods)
    for (const Pod* to : pods)
      if (from != to)
        for (const auto& port : to->ports)
          if (c.allowed(*from, Peer{to, ""}, port.port, port.protocol)) out.insert({from->name, to->name, port.port});
  return out;
}

std::string matrix(const Cluster& c, const std::vector<const Pod*>& pods) {
  std::vector<std::pair<const Pod*, int>> columns;
  for (const Pod* p : pods)
    for (const auto& port : p->ports) columns.emplace_back(p, port.port);
  std::ostringstream out;
  out << "rows: from; columns: to (pod:port); x = allowed\n";
  for (std::size_t i = 0; i < columns.size(); ++i)
    out << fmt::format("  [{:2}] {}:{}\n", i, columns[i].first->id(), columns[i].second);
  out << fmt::format("{:45}", "");
  for (std::size_t i = 0; i < columns.size(); ++i) out << fmt::format("{:3}", i);
  out << "\n";
  for (const Pod* from : pods) {
    out << fmt::format("{:45}", from->id());
    for (const auto& [to, port] : columns)
      out << (to == from ? "  -" : c.allowed(*from, Peer{to, ""}, port) ? "  x" : "  .");
    out << "\n";
  }
  return out.str();
}

}  // namespace

TEST_CASE("deploy: the NetworkPolicy evaluator reads the API as Kubernetes documents it", "[deploy][network]") {
  Cluster c;
  c.add_namespace("a", json::object{{"team", "red"}});
  c.add_namespace("b", json::object{{"team", "blue"}});
  c.add_pod(Pod{"a", "web", json::object{{"app", "web"}}, {{"http", 8080, "TCP"}}});
  c.add_pod(Pod{"a", "db", json::object{{"app", "db"}, {"tier", "data"}}, {{"pg", 5432, "TCP"}}});
  c.add_pod(Pod{"b", "web", json::object{{"app", "web"}}, {{"http", 8080, "TCP"}}});
  c.add_pod(Pod{"b", "job", json::object{{"app", "job"}}, {}});
  const Pod& web_a = c.pods()[0];
  const Pod& db = c.pods()[1];
  const Pod& web_b = c.pods()[2];
  const Pod& job = c.pods()[3];
  auto policy = [](const char* ns, const char* name, const char* spec) {
    return json::value{{"kind", "NetworkPolicy"}, {"metadata", {{"name", name}, {"namespace", ns}}}, {"spec", json::parse(spec)}};
  };
  // No policy: everything is allowed.
  CHECK(c.allowed(web_b, Peer{&db, ""}, 5432));
  CHECK(c.allowed(job, Peer{nullptr, "203.0.113.7"}, 443));

  Cluster d = c;
  // db: ingress on the named port pg, from web pods of namespaces labelled red
  // (pod AND namespace in one peer) or from any pod of namespace b (a second
  // peer: OR); policyTypes absent: Ingress only.
  json::array objects{policy("a", "db", R"({"podSelector": {"matchLabels": {"tier": "data"}},
      "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"team": "red"}}, "podSelector": {"matchLabels": {"app": "web"}}},
                            {"namespaceSelector": {"matchExpressions": [{"key": "team", "operator": "In", "values": ["blue"]}]},
                             "podSelector": {"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["web"]}]}}],
                   "ports": [{"port": "pg"}]}]})"),
                      // job: egress only to 10.0.0.0/8 except 10.1.0.0/16 on 443-444, and to port 8080 anywhere.
                      policy("b", "job", R"({"podSelector": {"matchLabels": {"app": "job"}}, "policyTypes": ["Egress"],
      "egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.0/8", "except": ["10.1.0.0/16"]}}], "ports": [{"protocol": "TCP", "port": 443, "endPort": 444}]},
                 {"ports": [{"port": 8080}]}]})")};
  d.load(objects);
  CHECK(d.allowed(web_a, Peer{&db, ""}, 5432));
  CHECK_FALSE(d.allowed(web_a, Peer{&db, ""}, 5433));   // not the named port's number
  CHECK_FALSE(d.allowed(web_b, Peer{&db, ""}, 5432));   // web, but in a blue namespace
  CHECK(d.allowed(job, Peer{&db, ""}, 5432) == false);  // job's egress has no rule to port 5432
  CHECK(d.ingress_allowed(Peer{&job, ""}, db, 5432));   // though db would take it: not web, in blue
  CHECK(d.allowed(job, Peer{&web_a, ""}, 8080));        // port only: any destination
  CHECK(d.allowed(job, Peer{nullptr, "10.2.3.4"}, 444));
  CHECK_FALSE(d.allowed(job, Peer{nullptr, "10.1.3.4"}, 443));   // except
  CHECK_FALSE(d.allowed(job, Peer{nullptr, "10.2.3.4"}, 445));   // past endPort
  CHECK_FALSE(d.allowed(job, Peer{nullptr, "10.2.3.4"}, 443, "UDP"));
  CHECK_FALSE(d.allowed(job, Peer{&web_a, ""}, 443));            // an ipBlock never selects a pod here
  CHECK(d.allowed(web_a, Peer{&web_b, ""}, 8080));               // neither isolated
  CHECK_FALSE(d.ingress_allowed(Peer{nullptr, "203.0.113.7"}, db, 5432));
  CHECK(in_cidr("2001:db8::1", "2001:db8::/32"));
  CHECK_FALSE(in_cidr("10.0.0.1", "2001:db8::/32"));
  CHECK(selector_matches(json::parse(R"({"matchExpressions": [{"key": "x", "operator": "DoesNotExist"}]})"), {}));
  CHECK_FALSE(selector_matches(json::parse(R"({"matchExpressions": [{"key": "x", "operator": "Exists"}]})"), {}));
}

TEST_CASE("deploy: the rendered NetworkPolicies allow exactly the least-privilege traffic of the examples",
          "[deploy][network]") {
  TempDir tmp;
  Cluster c = render_examples(tmp);
  std::vector<const Pod*> floe_pods;
  for (const auto& p : c.pods())
    if (p.labels.contains("app.kubernetes.io/managed-by")) floe_pods.push_back(&p);
  std::string shown = matrix(c, floe_pods);
  INFO(shown);
  REQUIRE(floe_pods.size() == 10);

  const std::string c360 = "code-sales-domain-customer-360", campaigns = "code-marketing-domain-campaign-analytics";
  std::set<Edge> expected;
  for (const std::string dagster : {"dagster-webserver", "dagster-daemon"}) {
    expected.insert({dagster, "dagster-postgresql", 5432});
    expected.insert({dagster, c360, 4000});
    expected.insert({dagster, campaigns, 4000});
  }
  // The code servers run the products' runs: the instance database and what a run uses.
  for (const std::string& server : {c360, campaigns}) {
    expected.insert({server, "dagster-postgresql", 5432});
    for (const Edge& e : {Edge{"", "polaris", 8181}, Edge{"", "minio", 9000}, Edge{"", "otel-collector", 4317}})
      expected.insert({server, std::get<1>(e), std::get<2>(e)});
  }
  expected.insert({"polaris", "minio", 9000});  // Polaris writes the tables' metadata
  for (const std::string run : {"customer-360", "campaign-analytics"})
    for (const Edge& e : {Edge{"", "polaris", 8181}, Edge{"", "minio", 9000}, Edge{"", "otel-collector", 4317}})
      expected.insert({run, std::get<1>(e), std::get<2>(e)});
  std::set<Edge> actual = allowed_edges(c, floe_pods);
  for (const auto& [from, to, port] : actual) {
    INFO(from << " -> " << to << ":" << port);
    CHECK(expected.count({from, to, port}) == 1);
  }
  for (const auto& [from, to, port] : expected) {
    INFO(from << " -> " << to << ":" << port);
    CHECK(actual.count({from, to, port}) == 1);
  }

  // The table the issue asks for, spelled out.
  const Pod& run = c.pod("customer-360");
  auto may = [&](const Pod& from, const std::string& to, int port) { return c.allowed(from, Peer{&c.pod(to), ""}, port); };
  CHECK(may(run, "polaris", 8181));
  CHECK(may(run, "minio", 9000));
  CHECK(may(run, "otel-collector", 4317));
  CHECK_FALSE(may(run, "dagster-postgresql", 5432));
  CHECK_FALSE(may(run, "dagster-webserver", 3000));
  CHECK_FALSE(may(run, "polaris", 8182));         // management
  CHECK_FALSE(may(run, "minio", 9001));           // console
  CHECK_FALSE(may(run, "otel-collector", 16686)); // Jaeger's UI
  CHECK_FALSE(may(run, c360, 4000));
  CHECK_FALSE(may(run, "campaign-analytics", 8080));
  CHECK(may(c.pod("dagster-webserver"), "dagster-postgresql", 5432));
  CHECK(may(c.pod("dagster-daemon"), "dagster-postgresql", 5432));
  CHECK_FALSE(may(c.pod("polaris"), "dagster-postgresql", 5432));
  CHECK_FALSE(may(c.pod("minio"), "dagster-postgresql", 5432));

  // Nothing reaches a product run, on any port; nothing outside floe's
  // namespaces reaches a service, not even a pod labelled as a product run.
  for (const Pod* to : {&c.pod("customer-360"), &c.pod("campaign-analytics")})
    for (const auto& from : c.pods())
      for (int port : {80, 4000, 8080, 5432}) {
        INFO(from.id() << " -> " << to->id() << ":" << port);
        CHECK_FALSE(c.allowed(from, Peer{to, ""}, port));
      }
  for (const char* outsider : {"intruder", "impostor"})
    for (const Pod* to : floe_pods)
      for (const auto& port : to->ports) {
        INFO(outsider << " -> " << to->id() << ":" << port.port);
        CHECK_FALSE(c.allowed(c.pod(outsider), Peer{to, ""}, port.port));
      }

  // DNS for every floe pod; no address outside the cluster (the example
  // declares none), whatever the port.
  for (const Pod* from : floe_pods) {
    INFO(from->id());
    CHECK(c.allowed(*from, Peer{&c.pod("kube-dns"), ""}, 53, "UDP"));
    CHECK(c.allowed(*from, Peer{&c.pod("kube-dns"), ""}, 53, "TCP"));
    CHECK_FALSE(c.allowed(*from, Peer{&c.pod("kube-dns"), ""}, 80));
    for (int port : {443, 5000, 9000, 4317})
      CHECK_FALSE(c.allowed(*from, Peer{nullptr, "203.0.113.7"}, port));
  }

  // The lineage endpoint http://marquez:5000 is a cluster-local name floe
  // does not deploy: the runs and the code servers may send to port 5000 of
  // the services' namespace only, and the service's own ingress policy (the
  // platform team's) decides; until there is one, default deny holds.
  const Pod& marquez = c.pod("marquez");
  for (const std::string& from : {std::string("customer-360"), c360}) {
    INFO(from);
    CHECK(c.egress_allowed(c.pod(from), Peer{&marquez, ""}, 5000));
    CHECK_FALSE(c.egress_allowed(c.pod(from), Peer{&marquez, ""}, 5001));
    CHECK_FALSE(c.allowed(c.pod(from), Peer{&marquez, ""}, 5000));
  }
  CHECK_FALSE(c.egress_allowed(c.pod("dagster-webserver"), Peer{&marquez, ""}, 5000));
  CHECK_FALSE(c.egress_allowed(c.pod("customer-360"), Peer{&c.pod("intruder"), ""}, 5000));
}
