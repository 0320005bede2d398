// The identity plugin `oidc` through `floe plugins call`, against a local
// OpenID Connect provider (tests/plugins/oidc_test_provider.py: discovery,
// JWKS with an RSA and an EC key made at its start, the client-credentials
// grant): RS256 and ES256 tokens it signs are valid; expired, not yet valid,
// other audience or issuer, tampered, alg none, HS256 and unknown-key tokens
// are not, each with its reason; a provider that is down is a bounded error.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <thread>

#include "compile_test_support.hpp"
#include "registry_fixture.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const std::string kVenv = FLOE_TEST_VENV;
const std::string kClientSecret = "client-secret-81be-not-to-be-printed";

class Provider {
 public:
  Provider() : port_(free_port()) {
    setenv("OIDC_TEST_CLIENT_SECRET", kClientSecret.c_str(), 1);
    fs::path ready = dir_.path() / "ready";
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{kVenv + "/bin/python",
                                 (fs::path(FLOE_TEST_SOURCE_DIR) / "tests/plugins/oidc_test_provider.py").string(),
                                 "--port", std::to_string(port_), "--ready", ready.string()},
        (dir_.path() / "provider.log").string());
    for (int i = 0; i < 200 && !fs::exists(ready) && process_->running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    INFO(read_file(dir_.path() / "provider.log"));
    REQUIRE(fs::exists(ready));
  }
  std::string issuer() const { return fmt::format("http://127.0.0.1:{}", port_); }
  // A token signed by the provider's key `kid` with `alg`.
  std::string mint(json::object claims, const std::string& alg = "RS256", const std::string& kid = "rsa-1") const {
    fs::path request = dir_.path() / "mint.json";
    write_file(request, json::serialize(json::object{{"claims", std::move(claims)}, {"alg", alg}, {"kid", kid}}));
    auto r = run_process("/usr/bin/curl", {"-sf", "-X", "POST", "--data-binary", "@" + request.string(), issuer() + "/mint"});
    REQUIRE(r.exit_code == 0);
    return std::string(json::parse(r.out).at("token").as_string());
  }

 private:
  TempDir dir_;
  int port_;
  std::unique_ptr<ChildProcess> process_;
};

Provider& provider() {
  static Provider p;  // once per test program
  return p;
}

std::int64_t now() { return static_cast<std::int64_t>(std::time(nullptr)); }

json::object claims(std::int64_t exp_offset = 300) {
  return {{"iss", provider().issuer()}, {"aud", "floe"}, {"sub", "ada"}, {"email", "ada@example.com"},
          {"groups", json::array{"data-engineers"}}, {"iat", now() - 10}, {"exp", now() + exp_offset}};
}

ProcessResult call(const std::string& method, const json::object& request, const std::string& config = "") {
  std::string cfg = config.empty() ? fmt::format(R"({{"issuer": "{}", "audience": "floe"}})", provider().issuer()) : config;
  return run_floe({"plugins", "call", "identity", "oidc", method, "--config", cfg, "--request", json::serialize(request),
                   "--json"},
                  {{"OIDC_TEST_CLIENT_SECRET", kClientSecret}});
}

json::value validate(const std::string& token) {
  auto r = call("validate_token", {{"token", token}});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}

std::string invalid_because(const std::string& token) {
  json::value v = validate(token);
  CHECK(v.at("valid") == false);
  return v.as_object().contains("error") ? std::string(v.at("error").as_string()) : "";
}

}  // namespace

TEST_CASE("oidc: RS256 and ES256 tokens of the issuer are valid, with their subject and claims", "[plugins][oidc]") {
  json::value rs = validate(provider().mint(claims()));
  CHECK(rs.at("valid") == true);
  CHECK(rs.at("subject") == "ada");
  CHECK(std::string(rs.at("expires_at").as_string()).ends_with("Z"));
  CHECK(validate(provider().mint(claims(), "ES256", "ec-1")).at("valid") == true);

  auto info = call("get_user_info", {{"token", provider().mint(claims())}});
  REQUIRE(info.exit_code == 0);
  json::value user = json::parse(info.out);
  CHECK(user.at("email") == "ada@example.com");
  CHECK(user.at("groups").at(0) == "data-engineers");

  auto config = call("get_oidc_config", {});
  REQUIRE(config.exit_code == 0);
  CHECK(std::string(json::parse(config.out).at("jwks_uri").as_string()) == provider().issuer() + "/jwks");
}

TEST_CASE("oidc: every way a token can be wrong is refused with its reason", "[plugins][oidc][bad-input]") {
  CHECK(invalid_because(provider().mint(claims(-3600))) == "expired");
  json::object early = claims();
  early["nbf"] = now() + 3600;
  CHECK(invalid_because(provider().mint(early)) == "not valid yet (nbf)");
  json::object other_aud = claims();
  other_aud["aud"] = "someone-else";
  CHECK(invalid_because(provider().mint(other_aud)) == "not for audience 'floe'");
  json::object other_iss = claims();
  other_iss["iss"] = "https://evil.example.com";
  CHECK(invalid_because(provider().mint(other_iss)).starts_with("issued by 'https://evil.example.com'"));
  // A signature changed after signing (another key's, in effect).
  std::string forged = provider().mint(claims());
  std::size_t at = forged.size() - 10;
  forged[at] = forged[at] == 'A' ? 'B' : 'A';
  CHECK(invalid_because(forged).find("does not verify") != std::string::npos);
  CHECK(invalid_because(provider().mint(claims(), "none")).find("algorithm 'none' is not accepted") != std::string::npos);
  CHECK(invalid_because(provider().mint(claims(), "HS256")).find("algorithm 'HS256' is not accepted") != std::string::npos);
  CHECK(invalid_because(provider().mint(claims(), "RS256", "rotated-away")) == "no key 'rotated-away' in the issuer's JWKS");
  CHECK(invalid_because("not.a-jwt") .find("not a JWT") != std::string::npos);
  // get_user_info refuses what is not valid.
  auto refused = call("get_user_info", {{"token", provider().mint(claims(-3600))}});
  CHECK(refused.exit_code == 6);  // UNAUTHORIZED: credentials refused (docs/cli.md)
}

TEST_CASE("oidc: the client-credentials grant gives a token that validates, and the secret is never printed",
          "[plugins][oidc]") {
  auto r = call("authenticate", {{"credentials", json::object{{"client_id", "floe"}, {"client_secret", "env:OIDC_TEST_CLIENT_SECRET"}}}});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK((r.out + r.err).find(kClientSecret) == std::string::npos);
  CHECK(validate(std::string(json::parse(r.out).at("token").as_string())).at("valid") == true);
  auto wrong = call("authenticate", {{"credentials", json::object{{"client_id", "intruder"}, {"client_secret", "env:OIDC_TEST_CLIENT_SECRET"}}}});
  CHECK(wrong.exit_code == 6);
  CHECK(wrong.err.find("refused client 'intruder'") != std::string::npos);
}

TEST_CASE("oidc: presets place the issuer, and a provider that is down fails within the timeout",
          "[plugins][oidc][bad-input]") {
  auto down = call("validate_token", {{"token", provider().mint(claims())}},
                   fmt::format(R"({{"issuer": "http://127.0.0.1:{}", "audience": "floe", "timeout_seconds": 1}})", free_port()));
  CHECK(down.exit_code == 6);
  CHECK(down.err.find("could not be reached") != std::string::npos);
  // Keycloak's issuer is <base_url>/realms/<realm>: the provider here is not it.
  auto keycloak = call("get_oidc_config", {},
                       fmt::format(R"({{"preset": "keycloak", "base_url": "{}", "realm": "acme", "audience": "floe"}})",
                                   provider().issuer()));
  CHECK(keycloak.exit_code == 6);
  CHECK(keycloak.err.find("/realms/acme/.well-known/openid-configuration") != std::string::npos);
  auto incomplete = call("get_oidc_config", {}, R"({"preset": "keycloak", "audience": "floe"})");
  CHECK(incomplete.exit_code != 0);
  CHECK(incomplete.err.find("base_url") != std::string::npos);
}
