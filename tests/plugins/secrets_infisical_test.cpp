// The infisical secrets plugin against a TEST DOUBLE of Infisical's REST API
// (infisical_api_double.py: the documented Universal Auth login and v4
// secrets endpoints; no real Infisical server runs here, see
// docs/plugins/secrets.md): token auth in every key shape floe sends,
// Universal Auth's login, token reuse and renewal (at expiry and when the
// server refuses the token), the requests themselves against golden files,
// the failures a platform meets (each naming the key and the reference),
// and the Infisical Operator objects floe platform deploy gets, checked
// against the operator's CRD. A planted value appears in no output but
// get_secret's and get_multi_key_secret's answers.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "compile_test_support.hpp"
#include "golden.hpp"
#include "infisical_api_double.hpp"
#include "registry_instance.hpp"
#include "silent_port.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

const fs::path kGolden = fs::path(kInfisicalSource) / "tests/fixtures/golden/secrets-infisical";

std::string config_of(const std::string& address, const std::string& auth, const std::string& extra = "") {
  return "{\"site_url\": \"" + address +
         "\", \"project_id\": \"proj-7f3a\", \"environment\": \"prod\", \"auth\": " + auth + extra + "}";
}
const std::string kTokenAuth = R"({"token_ref": {"env": "FLOE_TEST_INFISICAL_TOKEN"}})";
const std::string kUniversalAuth = "{\"universal_auth\": {\"client_id\": \"" + kClientId +
                                   "\", \"client_secret_ref\": {\"env\": \"FLOE_TEST_INFISICAL_CLIENT_SECRET\"}}}";

ProcessResult call(const std::string& config, const std::string& method, const std::string& request,
                   const std::string& token = kToken, const std::string& client_secret = kClientSecret) {
  return run_floe(
      {"plugins", "call", "secrets", "infisical", method, "--config", config, "--request", request, "--json"},
      {{"FLOE_TEST_INFISICAL_TOKEN", token},
       {"FLOE_TEST_INFISICAL_CLIENT_SECRET", client_secret},
       {"INFISICAL_TOKEN", ""}});
}

json::value answer_of(const ProcessResult& r) {
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}

void check_no_leak(const std::string& text) {
  CHECK(text.find(kPlanted) == std::string::npos);
  CHECK(text.find(kToken) == std::string::npos);
  CHECK(text.find(kClientSecret) == std::string::npos);
  CHECK(text.find("issued-") == std::string::npos);  // the double's access tokens
}

void check_golden(const std::string& name, const json::value& actual) {
  std::string text = render_json(actual);
  check_no_leak(text);
  CHECK(golden_text(kGolden / name, text) == text);
}

// The cached access token lives as long as the instance.
class Instance : public RegistryInstance {
 public:
  explicit Instance(const std::string& config) : RegistryInstance("secrets", "infisical", config) {}
};

}  // namespace

TEST_CASE("infisical reads secrets with an access token in every key shape floe sends",
          "[plugins][secrets][infisical]") {
  InfisicalDouble api;
  std::string config = config_of(api.address(), kTokenAuth);
  auto value = [&](const std::string& key) {
    return std::string(answer_of(call(config, "get_secret", "{\"key\": \"" + key + "\"}")).at("value").as_string());
  };
  CHECK(value("DB_PASSWORD") == kPlanted);              // {secret_ref}: secret_path
  CHECK(value("warehouse/user") == "floe");             // {k8s: {name, key}}: a folder
  CHECK(value("/teams/finance#DB_TOKEN") == kPlanted);  // {vault: {path, key}}: an absolute folder
  CHECK(value("teams/finance/API_KEY") == "finance-key");
  auto all = answer_of(call(config, "get_multi_key_secret", R"({"name": "warehouse"})"));
  CHECK(all.at("values") == json::parse(R"({"password": ")" + kPlanted + R"(", "port": "5432", "user": "floe"})"));
  auto listed = call(config, "list_secrets", R"({"prefix": "teams/finance/"})");
  CHECK(answer_of(listed).at("keys") == json::parse(R"(["teams/finance/API_KEY", "teams/finance/DB_TOKEN"])"));
  check_no_leak(listed.out + listed.err);
  auto root = answer_of(call(config, "list_secrets", R"({"prefix": "DB_"})"));
  CHECK(root.at("keys") == json::parse(R"(["DB_PASSWORD", "DB_USER"])"));
  auto health = call(config, "health_check", "{}");
  CHECK(answer_of(health).at("state") == "healthy");
  check_no_leak(health.out + health.err);
  auto set = call(config, "set_secret", R"({"key": "warehouse/port", "value": "6543"})");
  CHECK(answer_of(set) == json::object{});
  CHECK(value("warehouse/port") == "6543");
  CHECK(answer_of(call(config, "set_secret", R"({"key": "warehouse/schema", "value": "raw"})")) == json::object{});
  CHECK(value("warehouse/schema") == "raw");
  check_golden("token_requests.json", api.requests());
}

TEST_CASE(
    "infisical logs in with Universal Auth once, reuses the token and logs in again when it expires or is refused",
    "[plugins][secrets][infisical]") {
  InfisicalDouble api(2);  // tokens live 2 s: renewed from 1.8 s on
  ::setenv("FLOE_TEST_INFISICAL_CLIENT_SECRET", kClientSecret.c_str(), 1);
  Instance plugin(config_of(api.address(), kUniversalAuth));
  auto logins = [&] {
    int n = 0;
    for (const auto& r : api.requests()) n += r.at("path") == "/api/v1/auth/universal-auth/login" ? 1 : 0;
    return n;
  };
  auto read = [&](const char* key) {
    Outcome o = plugin.call("get_secret", std::string("{\"key\": \"") + key + "\"}");
    INFO(o.body);
    REQUIRE(o.status == FLOE_OK);
    return std::string(json::parse(o.body).at("value").as_string());
  };
  CHECK(read("DB_PASSWORD") == kPlanted);
  CHECK(read("warehouse/user") == "floe");
  CHECK(read("DB_USER") == "floe");
  CHECK(logins() == 1);  // one login, its token used three times
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  CHECK(read("DB_USER") == "floe");
  CHECK(logins() == 2);  // renewed before use, not after a refusal
  api.revoke_tokens();
  CHECK(read("DB_USER") == "floe");
  CHECK(logins() == 3);  // refused (401), logged in again once, read
  check_golden("universal_auth_requests.json", api.requests());
  ::unsetenv("FLOE_TEST_INFISICAL_CLIENT_SECRET");
}

TEST_CASE("infisical: a client secret Infisical refuses, or none, is UNAUTHORIZED naming the client and the reference",
          "[plugins][secrets][infisical][bad-input]") {
  InfisicalDouble api;
  ::setenv("FLOE_TEST_INFISICAL_CLIENT_SECRET", "not-the-client-secret", 1);
  Instance wrong(config_of(api.address(), kUniversalAuth));
  Outcome o = wrong.call("get_secret", R"({"key": "DB_PASSWORD"})");
  CHECK(o.status == FLOE_ERR_UNAUTHORIZED);
  CHECK(o.body.find("Universal Auth login of client " + kClientId + ": Infisical at " + api.address() +
                    " refused the credentials from Universal Auth client " + kClientId +
                    " with env:FLOE_TEST_INFISICAL_CLIENT_SECRET (HTTP 401: Invalid credentials)") !=
        std::string::npos);
  CHECK(o.body.find("not-the-client-secret") == std::string::npos);
  ::unsetenv("FLOE_TEST_INFISICAL_CLIENT_SECRET");
  Instance unset(config_of(api.address(), kUniversalAuth));
  Outcome none = unset.call("get_secret", R"({"key": "DB_PASSWORD"})");
  CHECK(none.status == FLOE_ERR_UNAUTHORIZED);
  CHECK(none.body.find(
            "cannot log in to Infisical with Universal Auth: env:FLOE_TEST_INFISICAL_CLIENT_SECRET is not set") !=
        std::string::npos);
}

TEST_CASE("infisical refusals name the key and the reference, never a value or a credential",
          "[plugins][secrets][infisical][bad-input]") {
  InfisicalDouble api;
  std::string config = config_of(api.address(), kTokenAuth);
  SECTION("a token Infisical refuses") {
    auto r = call(config, "get_secret", R"({"key": "DB_PASSWORD"})", "st.wrong-token-4711");
    CHECK(r.exit_code == 6);
    CHECK(r.err.find("secret 'DB_PASSWORD': Infisical at " + api.address() +
                     " refused the credentials from env:FLOE_TEST_INFISICAL_TOKEN (HTTP 401") != std::string::npos);
    CHECK(r.err.find("wrong-token-4711") == std::string::npos);
    check_no_leak(r.out + r.err);
  }
  SECTION("no token at all") {
    auto r = call(config, "get_secret", R"({"key": "DB_PASSWORD"})", "");
    CHECK(r.exit_code == 6);
    CHECK(r.err.find("no Infisical access token: env:FLOE_TEST_INFISICAL_TOKEN is not set") != std::string::npos);
  }
  SECTION("a missing secret names the key and the folder") {
    auto r = call(config, "get_secret", R"({"key": "warehouse/api_key"})");
    CHECK(r.exit_code == 5);
    CHECK(r.err.find("secret 'warehouse/api_key': Infisical at " + api.address() +
                     " has no secret api_key in folder /warehouse of environment prod") != std::string::npos);
    auto folder = call(config, "get_multi_key_secret", R"({"name": "nowhere"})");
    CHECK(folder.exit_code == 5);
    CHECK(folder.err.find("secrets of 'nowhere': Infisical at " + api.address() +
                          " has no secrets in folder /nowhere") != std::string::npos);
    check_no_leak(r.out + r.err + folder.out + folder.err);
  }
  SECTION("a folder the identity may not read, a value it may not see") {
    auto r = call(config, "get_secret", R"({"key": "restricted/ROOT_KEY"})");
    CHECK(r.exit_code == 6);
    CHECK(r.err.find("(HTTP 403: You are not allowed to read secrets in this folder)") != std::string::npos);
    auto masked = call(config, "get_secret", R"({"key": "masked/HIDDEN"})");
    CHECK(masked.exit_code == 6);
    CHECK(masked.err.find("env:FLOE_TEST_INFISICAL_TOKEN may not read the value of HIDDEN in folder /masked") !=
          std::string::npos);
    check_no_leak(r.out + r.err + masked.out + masked.err);
  }
  SECTION("a write a change policy holds for approval") {
    auto r = call(config, "set_secret", "{\"key\": \"approval/GUARDED\", \"value\": \"" + kPlanted + "\"}");
    CHECK(r.exit_code == 5);
    CHECK(r.err.find("storing secret 'approval/GUARDED': a change policy of Infisical protects folder /approval") !=
          std::string::npos);
    check_no_leak(r.out + r.err);
  }
  SECTION("keys that would leave the folder tree") {
    for (const char* key : {"../prod/DB_PASSWORD", "warehouse//user", "a/b c", "x?y=1"}) {
      auto r = call(config, "get_secret", std::string("{\"key\": \"") + key + "\"}");
      INFO(key);
      CHECK(r.exit_code == 3);
      CHECK(r.err.find("expected NAME, FOLDER/NAME or PATH#NAME") != std::string::npos);
    }
  }
  SECTION("configurations refused before any request, naming the key") {
    auto remote = call(config_of("http://infisical.example.com", kTokenAuth), "get_secret", R"({"key": "A"})");
    CHECK(remote.exit_code == 3);
    CHECK(
        remote.err.find(
            "plugins.secrets.config.site_url: http://infisical.example.com would carry the access token unencrypted") !=
        std::string::npos);
    auto api_suffix = call(config_of("https://app.infisical.com/api", kTokenAuth), "get_secret", R"({"key": "A"})");
    CHECK(api_suffix.exit_code == 3);
    CHECK(api_suffix.err.find("site_url: https://app.infisical.com/api ends with /api") != std::string::npos);
    auto both = call(
        config_of(
            api.address(),
            R"({"token_ref": {"env": "T"}, "universal_auth": {"client_id": "c", "client_secret_ref": {"env": "S"}}})"),
        "get_secret", R"({"key": "A"})");
    CHECK(both.exit_code == 3);
    CHECK(both.err.find("auth") != std::string::npos);
    auto value_not_reference =
        call(config_of(api.address(), R"({"token_ref": "st.literal-token"})"), "get_secret", R"({"key": "A"})");
    CHECK(value_not_reference.exit_code == 3);
    CHECK(value_not_reference.err.find("auth.token_ref") != std::string::npos);
    CHECK(value_not_reference.err.find("st.literal-token") == std::string::npos);
    auto missing =
        call("{\"site_url\": \"" + api.address() + "\", \"environment\": \"prod\"}", "get_secret", R"({"key": "A"})");
    CHECK(missing.exit_code == 3);
    CHECK(missing.err.find("project_id") != std::string::npos);
  }
}

TEST_CASE("infisical fails within its timeout when the server is gone or never answers",
          "[plugins][secrets][infisical][bad-input]") {
  SECTION("nothing listens") {
    InfisicalDouble gone;
    std::string address = gone.address();
    gone.stop();
    auto r = call(config_of(address, kTokenAuth), "get_secret", R"({"key": "DB_PASSWORD"})");
    CHECK(r.exit_code == 6);
    CHECK(r.err.find("secret 'DB_PASSWORD': Infisical at " + address + " could not be reached") != std::string::npos);
    CHECK(r.seconds < 5);
  }
  SECTION("a listener that never answers") {
    SilentPort silent;
    std::string address = "http://127.0.0.1:" + std::to_string(silent.port);
    auto r =
        call(config_of(address, kUniversalAuth, ", \"timeout_ms\": 700"), "get_secret", R"({"key": "DB_PASSWORD"})");
    CHECK(r.exit_code == 6);
    CHECK(r.err.find("Universal Auth login of client " + kClientId + ": Infisical at " + address +
                     " could not be reached (no answer within 700 ms)") != std::string::npos);
    CHECK(r.seconds < 4);
  }
}

TEST_CASE("infisical renders the Infisical Operator's InfisicalSecret, which the operator's CRD accepts",
          "[plugins][secrets][infisical][deploy]") {
  const std::string keys =
      R"({"namespace": "sales-customer-360", "secret_name": "customer-360-secrets", "keys": {
    "FLOE_SECRET_WAREHOUSE_PASSWORD": {"k8s": {"name": "warehouse", "key": "password"}},
    "FLOE_SECRET_DB_TOKEN": {"vault": {"path": "warehouse/replica", "key": "password"}},
    "FLOE_SECRET_AGENT": {"secret_ref": "warehouse-agent"},
    "DBT_ENV_SECRET_USER": {"env": "WAREHOUSE_USER"},
    "TLS_CA": {"file": "/etc/ssl/ca.pem"}}})";
  TempDir tmp;
  std::vector<std::string> files;
  for (const auto& [name, auth] : {std::pair{"universal_auth", kUniversalAuth}, std::pair{"token", kTokenAuth}}) {
    std::string config = config_of(
        "https://infisical.acme.example", auth,
        R"(, "secret_path": "/platform", "operator": {"credentials_secret": "infisical-machine-identity", "resync_interval": 120})");
    auto r = call(config, "generate_secret_manifests", keys);
    json::value answer = answer_of(r);
    check_golden(std::string("manifests_") + name + ".json", answer);
    fs::path file = tmp.path() / (std::string(name) + ".json");
    write_file(file, json::serialize(answer.at("manifests")));
    files.push_back(file.string());
  }
  std::vector<std::string> args{kInfisicalSource + "/tests/plugins/infisical_crd_check.py",
                                kInfisicalSource + "/tests/fixtures/infisical-operator"};
  args.insert(args.end(), files.begin(), files.end());
  auto check = run_process(venv_python(), args);
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
  CHECK(check.out.find("2 secrets.infisical.com object(s) checked") != std::string::npos);

  SECTION("references that are not a Secret's keys, or not references, are refused naming the entry") {
    auto bad_key = call(config_of("https://i.example", kTokenAuth), "generate_secret_manifests",
                        R"({"namespace": "n", "secret_name": "s", "keys": {"A B": {"secret_ref": "x"}}})");
    CHECK(bad_key.exit_code == 3);
    CHECK(bad_key.err.find("key 'keys.A B': not a Kubernetes Secret key") != std::string::npos);
    auto leaves = call(config_of("https://i.example", kTokenAuth), "generate_secret_manifests",
                       R"({"namespace": "n", "secret_name": "s", "keys": {"A": {"secret_ref": "../x"}}})");
    CHECK(leaves.exit_code == 3);
    CHECK(leaves.err.find("key 'keys.A': secret '../x'") != std::string::npos);
  }
}

TEST_CASE("infisical passes the conformance kit with real requests to the double",
          "[plugins][secrets][infisical][conformance]") {
  InfisicalDouble api;
  auto r = run_process(
      std::string(FLOE_TEST_BIN_DIR) + "/floe-conformance",
      {"secrets", "infisical", "--plugin-path", std::string(FLOE_TEST_LIB_DIR) + "/floe/plugins", "--config",
       config_of(api.address(), kTokenAuth), "--request", R"(get_secret={"key": "warehouse/password"})", "--request",
       R"(get_multi_key_secret={"name": "warehouse"})", "--request", R"(list_secrets={"prefix": "teams/finance/"})",
       "--request", R"(set_secret={"key": "warehouse/port", "value": "5432"})"},
      {{"FLOE_TEST_INFISICAL_TOKEN", kToken}, {"FLOE_PLUGIN_PATH", ""}});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("PASS plugin.get_secret(--request): answered with every documented key") != std::string::npos);
  CHECK(r.out.find(" 0 failed") != std::string::npos);
  check_no_leak(r.out + r.err);
}
