// The vault secrets plugin through `floe plugins call`, against a real
// OpenBao 2.7.2 dev server (tests/support/openbao_server.hpp), started once
// for this test program: KV v2 reads in every key shape floe sends, token
// and AppRole logins, and the failures a platform meets (a wrong token, a
// missing secret or field, a server that is gone or never answers), each
// naming the reference and never a value or a token.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>

#include "compile_test_support.hpp"
#include "openbao_server.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace json = boost::json;

namespace {

const std::string kPlanted = "planted-vault-7c41aa-never-printed";

// The server, with secret/warehouse {password, user}, a read-only policy and
// an AppRole "floe" holding it.
struct Bao {
  std::unique_ptr<OpenBaoServer> server = OpenBaoServer::start();
  std::string role_id, secret_id;
  Bao() {
    must({"kv", "put", "-mount=secret", "warehouse", "password=" + kPlanted, "user=floe", "port=5432"});
    must({"kv", "put", "-mount=secret", "teams/finance/db", "password=" + kPlanted});
    must({"kv", "put", "-mount=secret", "warehouse-agent", "value=" + kPlanted});
    must({"auth", "enable", "approle"});
    write_file(tmp.path() / "policy.hcl",
               "path \"secret/data/*\" { capabilities = [\"read\"] }\npath \"secret/metadata/*\" { capabilities = [\"list\"] }\n");
    must({"policy", "write", "floe-read", (tmp.path() / "policy.hcl").string()});
    must({"write", "auth/approle/role/floe", "token_policies=floe-read", "token_ttl=5m"});
    role_id = must({"read", "-field=role_id", "auth/approle/role/floe/role-id"});
    secret_id = must({"write", "-f", "-field=secret_id", "auth/approle/role/floe/secret-id"});
  }
  std::string must(const std::vector<std::string>& args) {
    auto r = server->bao(args);
    INFO(args[0] << " " << args[1] << ": " << r.out << r.err);
    REQUIRE(r.exit_code == 0);
    return r.out.substr(0, r.out.find_last_not_of("\n") + 1);
  }
  TempDir tmp;
};

Bao& bao() {
  static Bao instance;  // once per test program; stopped by PID at exit
  return instance;
}

std::string token_config(const std::string& address, const std::string& extra = "") {
  return "{\"address\": \"" + address + "\", \"auth\": {\"method\": \"token\", \"token\": {\"env\": \"FLOE_TEST_BAO_TOKEN\"}}" +
         extra + "}";
}

ProcessResult call(const std::string& config, const std::string& method, const std::string& request,
                   const std::string& token) {
  return run_floe({"plugins", "call", "secrets", "vault", method, "--config", config, "--request", request, "--json"},
                  {{"FLOE_TEST_BAO_TOKEN", token}, {"FLOE_TEST_ROLE_ID", bao().role_id},
                   {"FLOE_TEST_SECRET_ID", bao().secret_id}, {"VAULT_TOKEN", ""}});
}

std::string value_of(const ProcessResult& r) {
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  return std::string(json::parse(r.out).at("value").as_string());
}

void check_no_leak(const ProcessResult& r) {
  CHECK((r.out + r.err).find(kPlanted) == std::string::npos);
  CHECK((r.out + r.err).find(bao().server->root_token()) == std::string::npos);
  CHECK((r.out + r.err).find(bao().secret_id) == std::string::npos);
}

}  // namespace

TEST_CASE("vault reads a KV v2 field in every key shape floe sends", "[plugins][secrets][vault]") {
  std::string config = token_config(bao().server->address());
  const std::string& root = bao().server->root_token();
  CHECK(value_of(call(config, "get_secret", R"({"key": "warehouse/password"})", root)) == kPlanted);  // {k8s}
  CHECK(value_of(call(config, "get_secret", R"({"key": "secret/data/warehouse#user"})", root)) == "floe");  // {vault}
  CHECK(value_of(call(config, "get_secret", R"({"key": "warehouse#port"})", root)) == "5432");
  CHECK(value_of(call(config, "get_secret", R"({"key": "teams/finance/db/password"})", root)) == kPlanted);
  CHECK(value_of(call(config, "get_secret", R"({"key": "warehouse-agent"})", root)) == kPlanted);  // {secret_ref}
  auto all = call(config, "get_multi_key_secret", R"({"name": "warehouse"})", root);
  REQUIRE(all.exit_code == 0);
  CHECK(json::parse(all.out).at("values") == json::parse(R"({"password": ")" + kPlanted + R"(", "user": "floe", "port": "5432"})"));
  auto listed = call(config, "list_secrets", R"({"prefix": "teams/"})", root);
  REQUIRE(listed.exit_code == 0);
  CHECK(json::parse(listed.out).at("keys") == json::parse(R"(["teams/finance/"])"));
  auto health = call(config, "health_check", "{}", root);
  REQUIRE(health.exit_code == 0);
  CHECK(json::parse(health.out).at("state") == "healthy");
}

TEST_CASE("vault logs in with AppRole and reads with the policy's token", "[plugins][secrets][vault]") {
  std::string config = "{\"address\": \"" + bao().server->address() +
                       "\", \"auth\": {\"method\": \"approle\", \"role_id\": {\"env\": \"FLOE_TEST_ROLE_ID\"}, "
                       "\"secret_id\": {\"env\": \"FLOE_TEST_SECRET_ID\"}}}";
  CHECK(value_of(call(config, "get_secret", R"({"key": "warehouse/password"})", "")) == kPlanted);
  auto refused = run_floe({"plugins", "call", "secrets", "vault", "get_secret", "--config", config, "--request",
                           R"({"key": "warehouse/password"})"},
                          {{"FLOE_TEST_ROLE_ID", bao().role_id}, {"FLOE_TEST_SECRET_ID", "not-the-secret-id"}});
  CHECK(refused.exit_code == 6);
  CHECK(refused.err.find("AppRole login with env:FLOE_TEST_ROLE_ID") != std::string::npos);
  CHECK(refused.err.find("invalid role or secret ID") != std::string::npos);
  check_no_leak(refused);
}

TEST_CASE("vault refusals name the secret and the reference, never a value or a token",
          "[plugins][secrets][vault][bad-input]") {
  std::string config = token_config(bao().server->address());
  SECTION("a wrong token") {
    auto r = call(config, "get_secret", R"({"key": "warehouse/password"})", "s.wrong-token-4711");
    CHECK(r.exit_code == 6);
    CHECK(r.err.find("secret 'warehouse/password'") != std::string::npos);
    CHECK(r.err.find("refused the credentials from env:FLOE_TEST_BAO_TOKEN (HTTP 403") != std::string::npos);
    CHECK(r.err.find("wrong-token-4711") == std::string::npos);
    check_no_leak(r);
  }
  SECTION("no token at all") {
    auto r = call(config, "get_secret", R"({"key": "warehouse/password"})", "");
    CHECK(r.exit_code == 6);
    CHECK(r.err.find("no Vault token: env:FLOE_TEST_BAO_TOKEN is not set") != std::string::npos);
  }
  SECTION("a missing secret, a missing field") {
    auto missing = call(config, "get_secret", R"({"key": "nowhere/password"})", bao().server->root_token());
    CHECK(missing.exit_code == 5);
    CHECK(missing.err.find("secret 'nowhere/password'") != std::string::npos);
    CHECK(missing.err.find("has no secret/data/nowhere") != std::string::npos);
    auto field = call(config, "get_secret", R"({"key": "warehouse/api_key"})", bao().server->root_token());
    CHECK(field.exit_code == 5);
    CHECK(field.err.find("secret/data/warehouse has no field 'api_key'") != std::string::npos);
    check_no_leak(field);
  }
  SECTION("a key that would leave the mount") {
    auto r = call(config, "get_secret", R"({"key": "../sys/seal#x"})", bao().server->root_token());
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("without '..'") != std::string::npos);
  }
  SECTION("a {vault} path of another mount") {
    auto r = call(config, "get_secret", R"({"key": "kv/data/warehouse#password"})", bao().server->root_token());
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("the path names the KV mount 'kv', the plugin reads 'secret' (plugins.secrets.config.mount)") !=
          std::string::npos);
  }
  SECTION("http:// to another machine would carry the token in clear") {
    auto r = call(token_config("http://vault.example.com:8200"), "get_secret", R"({"key": "a/b"})", "t");
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("plugins.secrets.config.address") != std::string::npos);
  }
}

TEST_CASE("vault fails within its timeout when the server is gone or never answers",
          "[plugins][secrets][vault][bad-input]") {
  SECTION("nothing listens") {
    auto gone = OpenBaoServer::start();
    std::string address = gone->address();
    gone->stop();
    auto r = call(token_config(address), "get_secret", R"({"key": "warehouse/password"})", "t");
    CHECK(r.exit_code == 6);
    CHECK(r.err.find("Vault at " + address + " could not be reached") != std::string::npos);
    CHECK(r.seconds < 5);
  }
  SECTION("a listener that never answers") {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&at), sizeof at) == 0);
    REQUIRE(listen(fd, 8) == 0);  // connections complete in the backlog; nobody reads
    socklen_t len = sizeof at;
    getsockname(fd, reinterpret_cast<sockaddr*>(&at), &len);
    std::string address = "http://127.0.0.1:" + std::to_string(ntohs(at.sin_port));
    auto r = call(token_config(address, ", \"timeout_ms\": 700"), "get_secret", R"({"key": "warehouse/password"})", "t");
    close(fd);
    CHECK(r.exit_code == 6);
    CHECK(r.err.find("no answer within 700 ms") != std::string::npos);
    CHECK(r.seconds < 4);
  }
}

TEST_CASE("vault passes the conformance kit with real requests to the server", "[plugins][secrets][vault][conformance]") {
  std::string config = token_config(bao().server->address());
  auto r = run_process(std::string(FLOE_TEST_BIN_DIR) + "/floe-conformance",
                       {"secrets", "vault", "--plugin-path", std::string(FLOE_TEST_LIB_DIR) + "/floe/plugins", "--config",
                        config, "--request", R"(get_secret={"key": "warehouse/password"})", "--request",
                        R"(get_multi_key_secret={"name": "warehouse"})", "--request", R"(list_secrets={"prefix": "teams"})"},
                       {{"FLOE_TEST_BAO_TOKEN", bao().server->root_token()}, {"FLOE_PLUGIN_PATH", ""}});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("PASS plugin.get_secret(--request): answered with every documented key") != std::string::npos);
  CHECK(r.out.find(" 0 failed") != std::string::npos);
  check_no_leak(r);
}
