// Authentication against real registries: htpasswd (Basic) and token
// (Bearer) modes, every credential source, the token cache, and messages
// that never contain a secret.
#include <catch2/catch.hpp>
#include <filesystem>

#include "remote_test_support.hpp"

using namespace floe;
using namespace floe::oci;
using namespace floe::test;
namespace fs = std::filesystem;

namespace {

// Everything an error carries, as text, to look for leaked secrets.
std::string everything(const Error& e) { return e.message + " " + boost::json::serialize(e.detail); }

// Pushes one small blob and a manifest tagged `tag`.
Result<Ok> push_small_artifact(RegistryTarget& target, const std::string& tag, const std::string& content) {
  auto d = blob_descriptor(content, kPlatformFileLayer, "f.json");
  for (auto& [desc, bytes] :
       std::vector<std::pair<Descriptor, std::string>>{{empty_config_descriptor(), kEmptyData}, {d, content}}) {
    auto r = target.push_blob(desc, BlobSource{"", bytes}, {});
    if (!r) return r;
  }
  return target.push_manifest(tag, artifact_manifest("application/vnd.floe.test.v1+json", {d}), kImageManifest);
}

}  // namespace

TEST_CASE("auth: Basic registry rejects a wrong password without ever showing it") {
  RegistryEnv env;
  TempDir docker_config;
  auto server = RegistryServer::start(RegistryServer::Auth::basic);
  std::vector<std::string> warnings;
  auto options = test_options(docker_config, false);
  options.warn = [&](const std::string& w) { warnings.push_back(w); };

  SECTION("explicit options") {
    options.username = RegistryServer::user();
    options.password = "wrong-Secret-123";
    RegistryTarget target(reference(server->uri("acme/platform")), options);
    auto r = target.ping();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == FLOE_ERR_UNAUTHORIZED);
    CHECK(r.error().message.find(server->host()) != std::string::npos);
    CHECK(r.error().message.find("the given username/password") != std::string::npos);
    CHECK(everything(r.error()).find("wrong-Secret-123") == std::string::npos);
  }
  SECTION("environment") {
    env.set("FLOE_REGISTRY_USERNAME", RegistryServer::user());
    env.set("FLOE_REGISTRY_PASSWORD", "wrong-Secret-456");
    RegistryTarget target(reference(server->uri("acme/platform")), options);
    auto r = target.push_blob(empty_config_descriptor(), BlobSource{"", kEmptyData}, {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == FLOE_ERR_UNAUTHORIZED);
    CHECK(r.error().message ==
          "registry " + server->host() +
              " rejected the credentials from FLOE_REGISTRY_USERNAME/PASSWORD (401 UNAUTHORIZED); check them or run "
              "docker login");
    CHECK(everything(r.error()).find("wrong-Secret-456") == std::string::npos);
  }
  for (const auto& w : warnings) CHECK(w.find("wrong-Secret") == std::string::npos);
}

TEST_CASE("auth: Basic registry without credentials says how to provide them") {
  RegistryEnv env;
  TempDir docker_config;
  auto server = RegistryServer::start(RegistryServer::Auth::basic);
  RegistryTarget target(reference(server->uri("acme/platform")), test_options(docker_config, false));
  auto r = target.list_tags();
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == FLOE_ERR_UNAUTHORIZED);
  CHECK(r.error().message.find("requires credentials") != std::string::npos);
  CHECK(r.error().message.find("docker login") != std::string::npos);
}

TEST_CASE("auth: Basic credentials from the environment, a docker config and a credential helper") {
  RegistryEnv env;
  TempDir docker_config;
  auto server = RegistryServer::start(RegistryServer::Auth::basic);
  auto options = test_options(docker_config, false);

  SECTION("FLOE_REGISTRY_USERNAME/PASSWORD") {
    env.set("FLOE_REGISTRY_USERNAME", RegistryServer::user());
    env.set("FLOE_REGISTRY_PASSWORD", RegistryServer::pass());
  }
  SECTION("docker config auths (key written as a URL)") {
    // base64("ciuser:cipass")
    write_file(docker_config.path() / "config.json",
               R"({"auths":{"http://)" + server->host() + R"(/":{"auth":"Y2l1c2VyOmNpcGFzcw=="}}})");
  }
  SECTION("DOCKER_CONFIG") {
    TempDir other;
    write_file(other.path() / "config.json",
               R"({"auths":{")" + server->host() + R"(":{"auth":"Y2l1c2VyOmNpcGFzcw=="}}})");
    options.docker_config_dir.clear();
    env.set("DOCKER_CONFIG", other.str());
    RegistryTarget target(reference(server->uri("acme/platform")), options);
    auto r = push_small_artifact(target, "v1", "{\"a\":1}");
    INFO((r ? "" : r.error().message));
    CHECK(r.ok());
    return;
  }
  SECTION("credential helper") {
    TempDir bin;
    fs::create_symlink(fs::path(FLOE_TEST_SOURCE_DIR) / "tests/oci/fake_credential_helper",
                       bin.path() / "docker-credential-floetest");
    env.set("PATH", bin.str() + ":" + std::getenv("PATH"));
    env.set("FLOE_FAKE_HELPER_HOST", server->host());
    env.set("FLOE_FAKE_HELPER_LOG", (docker_config.path() / "helper.log").string());
    write_file(docker_config.path() / "config.json",
               R"({"credHelpers":{")" + server->host() + R"(":"floetest"}})");
    RegistryTarget target(reference(server->uri("acme/platform")), options);
    auto r = push_small_artifact(target, "v1", "{\"a\":1}");
    INFO((r ? "" : r.error().message));
    CHECK(r.ok());
    CHECK(read_file(docker_config.path() / "helper.log") == "get " + server->host() + "\n");  // looked up once
    return;
  }
  RegistryTarget target(reference(server->uri("acme/platform")), options);
  auto r = push_small_artifact(target, "v1", "{\"a\":1}");
  INFO((r ? "" : r.error().message));
  CHECK(r.ok());
  auto tags = target.list_tags();
  REQUIRE(tags.ok());
  CHECK(*tags == std::vector<std::string>{"v1"});
}

TEST_CASE("auth: token registry: push with credentials, anonymous pull, anonymous push refused") {
  RegistryEnv env;
  TempDir docker_config;
  auto server = RegistryServer::start(RegistryServer::Auth::token);
  INFO(server->log_tail());
  RegistryTarget pusher(reference(server->uri("acme/platform")), test_options(docker_config, true));
  auto pushed = push_small_artifact(pusher, "v1", "{\"a\":1}");
  INFO((pushed ? "" : pushed.error().message));
  REQUIRE(pushed.ok());

  RegistryTarget anonymous(reference(server->uri("acme/platform")), test_options(docker_config, false));
  auto m = anonymous.fetch_manifest("v1");
  INFO((m ? "" : m.error().message));
  REQUIRE(m.ok());
  CHECK(m->media_type == kImageManifest);

  auto refused = push_small_artifact(anonymous, "v2", "{\"b\":2}");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == FLOE_ERR_UNAUTHORIZED);
  CHECK(refused.error().message.find("anonymous") != std::string::npos);
  CHECK(refused.error().message.find(server->host()) != std::string::npos);
}

TEST_CASE("auth: token registry: tokens are cached per scope set") {
  RegistryEnv env;
  TempDir docker_config;
  auto server = RegistryServer::start(RegistryServer::Auth::token);
  RegistryTarget target(reference(server->uri("acme/platform")), test_options(docker_config, true));
  REQUIRE(push_small_artifact(target, "v1", "{\"a\":1}").ok());
  int after_first = server->token_requests();
  CHECK(after_first >= 1);
  REQUIRE(push_small_artifact(target, "v2", "{\"a\":2}").ok());
  CHECK(server->token_requests() == after_first);  // the second push reused the token
  // A pull needs another scope set: one more token, then cached too.
  REQUIRE(target.fetch_manifest("v1").ok());
  REQUIRE(target.fetch_manifest("v2").ok());
  CHECK(server->token_requests() == after_first + 1);
}

TEST_CASE("auth: token registry: an identity token is traded with a refresh-token grant") {
  RegistryEnv env;
  TempDir docker_config;
  auto server = RegistryServer::start(RegistryServer::Auth::token);
  env.set("FLOE_REGISTRY_TOKEN", RegistryServer::refresh_token());
  RegistryTarget target(reference(server->uri("acme/platform")), test_options(docker_config, false));
  auto r = push_small_artifact(target, "v1", "{\"a\":1}");
  INFO((r ? "" : r.error().message));
  REQUIRE(r.ok());
  CHECK(read_file(fs::path(server->dir()) / "token-requests.log").find("\"POST\"") != std::string::npos);

  env.set("FLOE_REGISTRY_TOKEN", "not-a-valid-refresh-token");
  RegistryTarget bad(reference(server->uri("acme/platform")), test_options(docker_config, false));
  auto refused = push_small_artifact(bad, "v2", "{\"a\":2}");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == FLOE_ERR_UNAUTHORIZED);
  CHECK(refused.error().message.find("FLOE_REGISTRY_TOKEN") != std::string::npos);
  CHECK(everything(refused.error()).find("not-a-valid-refresh-token") == std::string::npos);
}

TEST_CASE("auth: token registry: a token with a CR LF from the token service is refused, never sent as a header") {
  RegistryEnv env;
  TempDir docker_config;
  auto server = RegistryServer::start(RegistryServer::Auth::token);
  auto options = test_options(docker_config, true);
  options.username = "injector";
  options.password = "injectpass";
  RegistryTarget target(reference(server->uri("acme/platform")), options);
  auto r = push_small_artifact(target, "v1", "{\"a\":1}");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(r.error().message.find("characters a header cannot carry") != std::string::npos);
  CHECK(server->token_requests() >= 1);  // the token service was asked, the registry never got the token
}

TEST_CASE("auth: token registry: the realm refusing a password is UNAUTHORIZED, secret not shown") {
  RegistryEnv env;
  TempDir docker_config;
  auto server = RegistryServer::start(RegistryServer::Auth::token);
  auto options = test_options(docker_config, true);
  options.password = "Wrong-Token-Pass-789";
  RegistryTarget target(reference(server->uri("acme/platform")), options);
  auto r = target.fetch_manifest("v1");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == FLOE_ERR_UNAUTHORIZED);
  CHECK(r.error().message.find("rejected the credentials") != std::string::npos);
  CHECK(everything(r.error()).find("Wrong-Token-Pass-789") == std::string::npos);
}
