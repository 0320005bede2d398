// The Kubernetes secrets plugins through `floe plugins call`: `k8s` reading
// Secrets from a stand-in of the Kubernetes API (k8s_api_stub.py: the
// Secret endpoints, bearer auth, 401/403/404, a Secret that never answers),
// and `external-secrets` rendering SecretStores and ExternalSecrets that the
// External Secrets Operator's own CRDs accept (eso_crd_check.py, CRDs from
// scripts/fetch-eso-crds), then through `floe platform deploy`. No value is
// ever in an error or a manifest.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

#include "compile_test_support.hpp"
#include "registry_fixture.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace json = boost::json;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

const std::string kSource = FLOE_TEST_SOURCE_DIR;
const std::string kVenv = FLOE_TEST_VENV;
const std::string kToken = "sa-token-0f3e9b-must-not-leak";

class ApiStub {
 public:
  ApiStub() {
    fs::path port_file = dir_.path() / "port";
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{kVenv + "/bin/python", kSource + "/tests/plugins/k8s_api_stub.py", port_file.string(), kToken},
        (dir_.path() / "stub.log").string());
    for (int i = 0; i < 200 && !fs::exists(port_file) && process_->running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    REQUIRE(fs::exists(port_file));
    port_ = std::stoi(read_file(port_file));
    write_file(token_file(), kToken + "\n");
  }
  std::string config(long timeout_ms = 3000) const {
    return json::serialize(json::object{{"api_server", "http://127.0.0.1:" + std::to_string(port_)},
                                        {"namespace", "floe"},
                                        {"token_file", token_file().string()},
                                        {"timeout_ms", timeout_ms}});
  }
  fs::path token_file() const { return dir_.path() / "token"; }

 private:
  TempDir dir_;
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
};

ProcessResult call(const std::string& name, const std::string& config, const std::string& method, const std::string& request) {
  return run_floe({"plugins", "call", "secrets", name, method, "--config", config, "--request", request, "--json"});
}

int validate_eso(const std::vector<std::string>& files, std::string& output) {
  std::vector<std::string> args{kSource + "/tests/plugins/eso_crd_check.py", kSource + "/.cache/eso-crds/v1.3.2"};
  args.insert(args.end(), files.begin(), files.end());
  auto r = run_process(kVenv + "/bin/python", args);
  output = r.out + r.err;
  return r.exit_code;
}

}  // namespace

TEST_CASE("secrets k8s: Secrets read through the Kubernetes API, refusals bounded and named", "[plugins][secrets][k8s]") {
  ApiStub api;
  auto two = call("k8s", api.config(), "get_secret", R"({"key": "warehouse/token"})");
  INFO(two.out << two.err);
  REQUIRE(two.exit_code == 0);
  CHECK(json::parse(two.out).at("value") == "planted-warehouse-token-7731");
  // {secret_ref: single}: a Secret of one key answers that key.
  auto one = call("k8s", api.config(), "get_secret", R"({"key": "single"})");
  REQUIRE(one.exit_code == 0);
  CHECK(json::parse(one.out).at("value") == "planted-single-value-5512");
  auto all = call("k8s", api.config(), "get_multi_key_secret", R"({"name": "warehouse"})");
  REQUIRE(all.exit_code == 0);
  CHECK(json::parse(all.out).at("values").at("user") == "floe");
  auto listed = call("k8s", api.config(), "list_secrets", R"({"prefix": "w"})");
  REQUIRE(listed.exit_code == 0);
  CHECK(json::parse(listed.out).at("keys") == json::array{"warehouse"});

  struct Refusal {
    std::string key, expect;
  };
  for (const auto& r : {Refusal{"warehouse/password", "the Secret 'warehouse' in namespace 'floe' has no key 'password'"},
                        Refusal{"missing/token", "the Secret 'missing' (namespace 'floe'"},
                        Refusal{"forbidden/token", "the API refused the service account (HTTP 403)"},
                        Refusal{"Bad_Name/token", "is not a Kubernetes Secret name"}}) {
    auto refused = call("k8s", api.config(), "get_secret", json::serialize(json::object{{"key", r.key}}));
    INFO(r.key << ": " << refused.out << refused.err);
    CHECK(refused.exit_code != 0);
    CHECK_THAT(refused.err, Contains(r.expect));
    CHECK(refused.err.find(kToken) == std::string::npos);
    CHECK(refused.err.find("planted-") == std::string::npos);
  }
  // A wrong token: refused by the API, the token not repeated.
  write_file(api.token_file(), "another-token\n");
  auto unauthorized = call("k8s", api.config(), "get_secret", R"({"key": "warehouse/token"})");
  CHECK(unauthorized.exit_code != 0);
  CHECK_THAT(unauthorized.err, Contains("HTTP 401"));
  CHECK(unauthorized.err.find("another-token") == std::string::npos);
  write_file(api.token_file(), kToken + "\n");
  // A Secret that never answers: bounded by timeout_ms.
  auto start = std::chrono::steady_clock::now();
  auto slow = call("k8s", api.config(800), "get_secret", R"({"key": "slow/token"})");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(slow.exit_code == 6);
  CHECK_THAT(slow.err, Contains("no answer within 800 ms"));
  CHECK(seconds < 5);
  // No token file: says where it looked.
  auto no_token = call("k8s", R"({"api_server": "http://127.0.0.1:9", "token_file": "/nonexistent/token"})", "get_secret",
                       R"({"key": "warehouse/token"})");
  CHECK_THAT(no_token.err, Contains("no service account token at /nonexistent/token"));

  // For a deployment: no manifest (it would hold values), the keys to create.
  auto manifests = call("k8s", api.config(), "generate_secret_manifests",
                        R"({"namespace": "sales", "secret_name": "customer-360-secrets", "keys": {"LAKE_KEY": {"vault": {"path": "lake", "key": "secret"}}}})");
  REQUIRE(manifests.exit_code == 0);
  json::value m = json::parse(manifests.out);
  CHECK(m.at("manifests").as_array().empty());
  CHECK_THAT(json::serialize(m.at("notes")), Contains("kubectl create secret generic customer-360-secrets -n sales --from-literal=LAKE_KEY=..."));
  CHECK_THAT(json::serialize(m.at("notes")), Contains("LAKE_KEY: vault lake#secret"));
}

TEST_CASE("secrets external-secrets: a SecretStore and an ExternalSecret the operator's CRDs accept", "[plugins][secrets][eso]") {
  REQUIRE(fs::exists(kSource + "/.cache/eso-crds/v1.3.2/external-secrets.io_externalsecrets.yaml"));  // scripts/fetch-eso-crds
  TempDir tmp;
  const std::string keys = R"({"namespace": "sales-domain-customer-360", "secret_name": "customer-360-secrets", "keys": {
      "LAKE_KEY": {"vault": {"path": "lake/s3", "key": "secret_access_key"}},
      "WAREHOUSE_TOKEN": {"secret_ref": "warehouse-token"},
      "DB_PASSWORD": {"k8s": {"name": "db", "key": "password"}},
      "POLARIS_CLIENT_SECRET": {"env": "POLARIS_CLIENT_SECRET"},
      "CA_BUNDLE": {"file": "/etc/ssl/bundle.pem"}}})";
  int n = 0;
  for (const std::string config : {
           R"({"provider": {"vault": {"server": "https://vault.acme.com", "path": "secret", "auth": {"kubernetes": {"role": "floe", "service_account": "floe-eso"}}}}})",
           R"({"provider": {"vault": {"server": "https://vault.acme.com", "auth": {"app_role": {"role_id": "floe-role", "secret": {"name": "vault-approle", "key": "secret-id"}}}}}, "refresh_interval": "15m"})",
           R"({"provider": {"vault": {"server": "http://127.0.0.1:8200", "auth": {"token_secret": {"name": "vault-token", "key": "token"}}}}})",
           R"({"provider": {"aws": {"region": "eu-west-1", "service_account": "floe-eso"}}})",
           R"({"provider": {"gcp": {"project_id": "acme-data"}}})",
           R"({"store": {"kind": "ClusterSecretStore", "name": "platform-vault"}})"}) {
    auto r = call("external-secrets", config, "generate_secret_manifests", keys);
    INFO(config << "\n" << r.out << r.err);
    REQUIRE(r.exit_code == 0);
    json::value answer = json::parse(r.out);
    fs::path file = tmp.path() / ("eso-" + std::to_string(n++) + ".json");
    write_file(file, json::serialize(answer.at("manifests")));
    std::string output;
    CHECK(validate_eso({file.string()}, output) == 0);
    INFO(output);
    const json::value& external = answer.at("manifests").as_array().back();
    CHECK(external.at("kind") == "ExternalSecret");
    CHECK(external.at("spec").at("target").at("name") == "customer-360-secrets");
    CHECK(external.at("spec").at("data").as_array().size() == 4);  // the file reference is left out, with a note
    CHECK_THAT(json::serialize(answer.at("notes")), Contains("CA_BUNDLE ({file: /etc/ssl/bundle.pem}) is a file on the pod"));
    CHECK(external.at("spec").at("data").at(0).at("remoteRef") == json::value{{"key", "lake/s3"}, {"property", "secret_access_key"}});
  }
  // The checker can fail: a field the CRD does not declare.
  fs::path broken = tmp.path() / "broken.json";
  write_file(broken, R"([{"apiVersion": "external-secrets.io/v1", "kind": "ExternalSecret", "metadata": {"name": "x"},
                         "spec": {"secretStoreRef": {"name": "s", "kind": "SecretStore"}, "target": {"name": "x"},
                                  "data": [{"secretKey": "A", "remoteRef": {"key": "a", "attribute": "b"}}]}}])");
  std::string output;
  CHECK(validate_eso({broken.string()}, output) == 1);
  CHECK_THAT(output, Contains("attribute: not a field of the schema"));

  // Bad configuration names the key.
  for (const auto& [config, expect] : std::vector<std::pair<std::string, std::string>>{
           {R"({})", "key 'store': expected an existing store"},
           {R"({"provider": {"vault": {"server": "vault.acme.com", "auth": {"kubernetes": {"role": "r"}}}}})", "key 'provider.vault.server'"},
           {R"({"provider": {"vault": {"server": "https://v", "auth": {}}}})", "key 'provider.vault.auth'"},
           {R"({"provider": {"azure": {}}})", "key 'provider': expected one of vault, aws, gcp"},
           {R"({"store": {"name": "s"}, "provider": {"gcp": {"project_id": "p"}}})", "key 'provider': expected no provider"}}) {
    auto r = call("external-secrets", config, "generate_secret_manifests", keys);
    INFO(config << ": " << r.err);
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Contains(expect));
  }
}

TEST_CASE("floe platform deploy with external-secrets: each namespace's Secret synced by an ExternalSecret", "[plugins][secrets][eso][deploy]") {
  TempDir tmp;
  std::string enterprise = read_file(kSource + "/examples/enterprise/manifest.yaml");
  std::string anchor = "  telemetry_backend:\n    type: jaeger\n";
  auto at = enterprise.find(anchor);
  REQUIRE(at != std::string::npos);
  enterprise.insert(at, "  secrets:\n    type: external-secrets\n    config:\n      provider:\n        vault:\n"
                        "          server: https://vault.acme.com\n          auth: {kubernetes: {role: floe}}\n");
  write_file(tmp.path() / "enterprise.yaml", enterprise);  // its one relative path (the registry) is not used here
  fs::path out = tmp.path() / "k8s";
  auto r = run_floe({"platform", "deploy", (tmp.path() / "enterprise.yaml").string(), "-o", out.string(), "--json"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  std::string output;
  CHECK(validate_eso({(out / "10-platform-security.yaml").string()}, output) == 0);
  INFO(output);
  CHECK_THAT(output, Contains("2 external-secrets.io object(s) checked"));  // the store and the ExternalSecret
  std::string text = read_file(out / "10-platform-security.yaml");
  CHECK_THAT(text, Contains("name: floe-platform-secrets"));
  CHECK_THAT(text, Contains("key: lake-secret-access-key"));  // {secret_ref: lake-secret-access-key}
  auto v = run_process(kVenv + "/bin/kubernetes-validate", {"--strict", "-k", "1.37.0", (out / "00-namespaces.yaml").string()});
  CHECK(v.exit_code == 0);
}
