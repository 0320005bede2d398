// Credential lookup: explicit options, environment, docker config (auths,
// credHelpers, credsStore) and a fake docker-credential helper on PATH.
#include <catch2/catch.hpp>

#include <filesystem>

#include "oci/credentials.hpp"
#include "remote_test_support.hpp"

using floe::oci::Credential;
using floe::oci::CredentialQuery;
using floe::oci::find_credentials;
using floe::test::RegistryEnv;
using floe::test::TempDir;
using floe::test::write_file;
namespace fs = std::filesystem;

namespace {

const std::string kHost = "registry.example.com:5000";

CredentialQuery query_in(const TempDir& config_dir) {
  CredentialQuery q;
  q.host = kHost;
  q.docker_config_dir = config_dir.str();
  return q;
}

// Puts tests/oci/fake_credential_helper on PATH as docker-credential-floetest.
void install_fake_helper(RegistryEnv& env, const TempDir& bin, const std::string& log) {
  fs::create_symlink(fs::path(FLOE_TEST_SOURCE_DIR) / "tests/oci/fake_credential_helper",
                     bin.path() / "docker-credential-floetest");
  const char* path = std::getenv("PATH");
  env.set("PATH", bin.str() + ":" + (path ? path : "/usr/bin:/bin"));
  env.set("FLOE_FAKE_HELPER_HOST", kHost);
  env.set("FLOE_FAKE_HELPER_LOG", log);
}

}  // namespace

TEST_CASE("credentials: nothing configured means anonymous") {
  RegistryEnv env;
  TempDir config;
  auto c = find_credentials(query_in(config));
  REQUIRE(c.ok());
  CHECK(c->kind == Credential::Kind::anonymous);
}

TEST_CASE("credentials: explicit options win over the environment, which wins over the docker config") {
  RegistryEnv env;
  TempDir config;
  write_file(config.path() / "config.json",
             R"({"auths":{"registry.example.com:5000":{"auth":"Y2Z1c2VyOmNmcGFzcw=="}}})");
  env.set("FLOE_REGISTRY_USERNAME", "envuser");
  env.set("FLOE_REGISTRY_PASSWORD", "envpass");
  auto q = query_in(config);
  q.username = "optuser";
  q.password = "optpass";
  auto c = find_credentials(q);
  REQUIRE(c.ok());
  CHECK(c->username == "optuser");
  CHECK(c->source == "the given username/password");

  q.username.clear();
  c = find_credentials(q);
  REQUIRE(c.ok());
  CHECK(c->kind == Credential::Kind::basic);
  CHECK(c->username == "envuser");
  CHECK(c->secret == "envpass");
  CHECK(c->source == "FLOE_REGISTRY_USERNAME/PASSWORD");

  env.set("FLOE_REGISTRY_USERNAME", std::nullopt);
  env.set("FLOE_REGISTRY_TOKEN", "tok-123");
  c = find_credentials(q);
  REQUIRE(c.ok());
  CHECK(c->kind == Credential::Kind::refresh_token);
  CHECK(c->secret == "tok-123");

  env.set("FLOE_REGISTRY_TOKEN", std::nullopt);
  c = find_credentials(q);
  REQUIRE(c.ok());
  CHECK(c->kind == Credential::Kind::basic);
  CHECK(c->username == "cfuser");  // base64("cfuser:cfpass")
  CHECK(c->secret == "cfpass");
  CHECK(c->source.find("(auths)") != std::string::npos);
}

TEST_CASE("credentials: FLOE_REGISTRY_USERNAME without a password is a configuration error") {
  RegistryEnv env;
  TempDir config;
  env.set("FLOE_REGISTRY_USERNAME", "someone");
  auto c = find_credentials(query_in(config));
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().code == FLOE_ERR_INVALID_CONFIG);
}

TEST_CASE("credentials: docker config auths keys written as URLs, tokens and legacy fields") {
  RegistryEnv env;
  TempDir config;
  write_file(config.path() / "config.json", R"({"auths":{
      "https://registry.example.com:5000/v1/": {"identitytoken": "idtok"},
      "other.example.com": {"registrytoken": "regtok"},
      "legacy.example.com": {"username": "old", "password": "oldpass"},
      "broken.example.com": {"auth": "bm8tY29sb24="}}})");
  auto q = query_in(config);
  auto c = find_credentials(q);
  REQUIRE(c.ok());
  CHECK(c->kind == Credential::Kind::refresh_token);
  CHECK(c->secret == "idtok");
  q.host = "other.example.com";
  c = find_credentials(q);
  REQUIRE(c.ok());
  CHECK(c->kind == Credential::Kind::registry_token);
  q.host = "legacy.example.com";
  c = find_credentials(q);
  REQUIRE(c.ok());
  CHECK(c->username == "old");
  CHECK(c->secret == "oldpass");
  q.host = "broken.example.com";  // "no-colon": not user:password
  c = find_credentials(q);
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().code == FLOE_ERR_INVALID_CONFIG);
  CHECK(floe::oci::normalize_registry_key("https://index.docker.io/v1/") == "index.docker.io");
  CHECK(floe::oci::normalize_registry_key("http://127.0.0.1:5000") == "127.0.0.1:5000");
  CHECK(floe::oci::normalize_registry_key("127.0.0.1:5000") == "127.0.0.1:5000");
}

TEST_CASE("credentials: a malformed docker config is reported") {
  RegistryEnv env;
  TempDir config;
  write_file(config.path() / "config.json", "{not json");
  auto c = find_credentials(query_in(config));
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().code == FLOE_ERR_INVALID_CONFIG);
  CHECK(c.error().message.find("config.json") != std::string::npos);
}

TEST_CASE("credentials: credHelpers runs docker-credential-<name> get with the host on stdin") {
  RegistryEnv env;
  TempDir config, bin;
  std::string log = (bin.path() / "helper.log").string();
  install_fake_helper(env, bin, log);
  // credHelpers wins over auths for its host.
  write_file(config.path() / "config.json",
             R"({"credHelpers":{"registry.example.com:5000":"floetest"},)"
             R"("auths":{"registry.example.com:5000":{"auth":"eDp5"}}})");
  auto c = find_credentials(query_in(config));
  REQUIRE(c.ok());
  CHECK(c->kind == Credential::Kind::basic);
  CHECK(c->username == "ciuser");
  CHECK(c->secret == "cipass");
  CHECK(c->source == "credential helper docker-credential-floetest");
  CHECK(floe::test::read_file(log) == "get registry.example.com:5000\n");

  // Username "<token>": the secret is an identity token.
  env.set("FLOE_FAKE_HELPER_USER", "<token>");
  c = find_credentials(query_in(config));
  REQUIRE(c.ok());
  CHECK(c->kind == Credential::Kind::refresh_token);
  CHECK(c->username.empty());
}

TEST_CASE("credentials: a credential helper that never answers is stopped at its time limit, naming it") {
  RegistryEnv env;
  TempDir config, bin;
  install_fake_helper(env, bin, (bin.path() / "helper.log").string());
  env.set("FLOE_FAKE_HELPER_HANG", "1");
  write_file(config.path() / "config.json", R"({"credsStore":"floetest"})");
  auto q = query_in(config);
  q.helper_timeout = std::chrono::milliseconds(500);
  auto started = std::chrono::steady_clock::now();
  auto c = find_credentials(q);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().code == FLOE_ERR_UNAUTHORIZED);
  CHECK(c.error().message.find("docker-credential-floetest gave no answer") != std::string::npos);
}

TEST_CASE("credentials: credsStore is used for every host, 'not found' means anonymous") {
  RegistryEnv env;
  TempDir config, bin;
  install_fake_helper(env, bin, (bin.path() / "helper.log").string());
  write_file(config.path() / "config.json", R"({"credsStore":"floetest"})");
  auto q = query_in(config);
  auto c = find_credentials(q);
  REQUIRE(c.ok());
  CHECK(c->username == "ciuser");
  q.host = "unknown.example.com";
  c = find_credentials(q);
  REQUIRE(c.ok());
  CHECK(c->kind == Credential::Kind::anonymous);
}

TEST_CASE("credentials: a helper that cannot be run is a clear error") {
  RegistryEnv env;
  TempDir config;
  write_file(config.path() / "config.json", R"({"credsStore":"floe-no-such-helper"})");
  auto c = find_credentials(query_in(config));
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().code == FLOE_ERR_UNAUTHORIZED);
  CHECK(c.error().message.find("docker-credential-floe-no-such-helper") != std::string::npos);
}
