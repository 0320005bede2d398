// publish / pull / init / sign / verify through the floe executable against
// real Debian docker-registry processes on 127.0.0.1 (open, htpasswd, token
// auth), with skopeo as the independent client.
#include <catch2/catch.hpp>

#include "artifact_test_support.hpp"
#include "core/sha256.hpp"
#include "registry_fixture.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

std::string digest_of(const JsonRun& run) { return std::string(run.report.at("result").at("digest").as_string()); }

std::map<std::string, std::string> creds(const char* password = RegistryServer::pass()) {
  return {{"FLOE_REGISTRY_USERNAME", RegistryServer::user()}, {"FLOE_REGISTRY_PASSWORD", password}};
}

}  // namespace

TEST_CASE("registry: what floe publishes, skopeo reads byte for byte, what skopeo copies, floe pulls", "[oci][registry]") {
  auto registry = RegistryServer::start(RegistryServer::Auth::anonymous);
  ArtifactWorkspace ws;
  auto pub = ws.floe({"platform", "publish", "1.0.0", (ws.examples / "platform/manifest.yaml").string(), "--registry",
                      registry->uri("floe/platform")});
  INFO(pub.process.err);
  REQUIRE(pub.process.exit_code == 0);
  std::string digest = digest_of(pub);

  auto raw = run_process("/usr/bin/skopeo", {"inspect", "--raw", "--tls-verify=false",
                                              "docker://" + registry->host() + "/floe/platform:1.0.0"});
  REQUIRE(raw.exit_code == 0);
  CHECK("sha256:" + floe::sha256_hex(raw.out) == digest);

  std::string copy = ws.path("skopeo-layout");
  auto copied = run_process("/usr/bin/skopeo", {"copy", "--src-tls-verify=false", "docker://" + registry->host() +
                                                                                      "/floe/platform:1.0.0",
                                                 "oci:" + copy + ":1.0.0"});
  REQUIRE(copied.exit_code == 0);
  auto pulled = ws.floe({"platform", "pull", "oci-layout:" + copy + ":1.0.0", "-o", ws.path("from-skopeo")});
  REQUIRE(pulled.process.exit_code == 0);
  CHECK(digest_of(pulled) == digest);
  CHECK(tree_of(ws.path("from-skopeo")) == tree_of(ws.examples / "platform/target/platform"));

  // Republishing is a no-op; the same version with other content is refused.
  auto again = ws.floe({"platform", "publish", "1.0.0", (ws.examples / "platform/manifest.yaml").string(), "--registry",
                        registry->uri("floe/platform")});
  CHECK(again.process.exit_code == 0);
  CHECK(again.report.at("result").at("uploaded").as_int64() == 0);
}

TEST_CASE("registry: signed publish, verify, and a 3-tier chain across two registries with init and compile", "[oci][registry]") {
  auto open = RegistryServer::start(RegistryServer::Auth::anonymous);
  auto basic = RegistryServer::start(RegistryServer::Auth::basic);
  ArtifactWorkspace ws;
  REQUIRE(ws.floe({"artifact", "keygen", "--prefix", ws.path("ent")}).process.exit_code == 0);

  auto ent = ws.floe({"platform", "publish", "2.0.0", (ws.examples / "enterprise/manifest.yaml").string(), "--registry",
                      open->uri("acme/enterprise"), "--sign", "--key", ws.path("ent.key")});
  INFO(ent.process.err);
  REQUIRE(ent.process.exit_code == 0);
  CHECK(ws.floe({"artifact", "verify", open->uri("acme/enterprise") + ":2.0.0", "--key", ws.path("ent.pub")})
            .process.exit_code == 0);

  // The domain inherits from the published, signed enterprise and requires the signature.
  fs::path domain = ws.examples / "enterprise/domains/sales/manifest.yaml";
  std::string text = read_file(domain);
  text.replace(text.find("parent_manifest: ../../manifest.yaml"), 36,
               "parent_manifest: " + open->uri("acme/enterprise") + ":2.0.0");
  text.replace(text.find("artifacts:\n"), 11,
               "artifacts:\n  verification: {policy: enforce, keys: [" + ws.path("ent.pub") + "]}\n");
  write_file(domain, text);
  auto dom = ws.floe({"platform", "publish", "1.3.0", domain.string(), "--registry", basic->uri("acme/sales")}, creds());
  INFO(dom.process.err);
  REQUIRE(dom.process.exit_code == 0);

  fs::path product = ws.examples / "customer-360/floe.yaml";
  auto init = ws.floe({"init", "--platform=" + basic->uri("acme/sales") + ":1.3.0", product.string()}, creds());
  INFO(init.process.err);
  REQUIRE(init.process.exit_code == 0);
  auto compiled = ws.floe({"compile", product.string()}, creds());
  INFO(compiled.process.err);
  REQUIRE(compiled.process.exit_code == 0);
  std::string artifacts = read_file(ws.examples / "customer-360/target/compiled_artifacts.json");
  CHECK(artifacts.find("acme-enterprise") != std::string::npos);
  CHECK(artifacts.find("sales-domain") != std::string::npos);
}

TEST_CASE("registry: wrong credentials are an authentication problem, and the password is never shown", "[oci][registry][fault]") {
  auto basic = RegistryServer::start(RegistryServer::Auth::basic);
  ArtifactWorkspace ws;
  const char* secret = "not-the-password-Zq81";
  auto run = ws.floe({"platform", "publish", "1.0.0", (ws.examples / "platform/manifest.yaml").string(), "--registry",
                      basic->uri("floe/platform")},
                     creds(secret));
  CHECK(run.process.exit_code == 6);
  CHECK(codes(run.report) == std::vector<std::string>{"FLOE-R902"});
  CHECK(run.process.out.find(secret) == std::string::npos);
  CHECK(run.process.err.find(secret) == std::string::npos);
  auto text = ws.floe_text({"platform", "pull", basic->uri("floe/platform") + ":1.0.0"}, creds(secret));
  CHECK(text.exit_code == 6);
  CHECK(text.err.find("FLOE-R902") != std::string::npos);
  CHECK(text.err.find(secret) == std::string::npos);
}

TEST_CASE("registry: token auth pushes with credentials and pulls anonymously", "[oci][registry]") {
  auto token = RegistryServer::start(RegistryServer::Auth::token);
  ArtifactWorkspace ws;
  auto anonymous_push = ws.floe({"platform", "publish", "1.0.0", (ws.examples / "platform/manifest.yaml").string(),
                                 "--registry", token->uri("floe/platform")});
  CHECK(anonymous_push.process.exit_code == 6);
  auto pub = ws.floe({"platform", "publish", "1.0.0", (ws.examples / "platform/manifest.yaml").string(), "--registry",
                      token->uri("floe/platform")},
                     creds());
  INFO(pub.process.err);
  REQUIRE(pub.process.exit_code == 0);
  auto pulled = ws.floe({"platform", "pull", token->uri("floe/platform") + ":1.0.0", "-o", ws.path("out")});
  CHECK(pulled.process.exit_code == 0);
  CHECK(digest_of(pulled) == digest_of(pub));
}

TEST_CASE("registry: unreachable registry and corrupted transfers", "[oci][registry][fault]") {
  ArtifactWorkspace ws;
  SECTION("connection refused: network exit code, clear message") {
    auto registry = RegistryServer::start(RegistryServer::Auth::anonymous);
    std::string host = registry->host();
    registry.reset();  // stopped: the port is closed now
    auto run = ws.floe({"platform", "pull", "oci://" + host + "/floe/platform:1.0.0", "--timeout", "5"},
                       {{"FLOE_REGISTRY_RETRY_BASE_MS", "1"}});
    CHECK(run.process.exit_code == 6);
    CHECK(codes(run.report) == std::vector<std::string>{"FLOE-R901"});
  }
  SECTION("a proxy corrupting blobs: refused, nothing cached or written") {
    auto registry = RegistryServer::start(RegistryServer::Auth::anonymous);
    REQUIRE(ws.floe({"platform", "publish", "1.0.0", (ws.examples / "platform/manifest.yaml").string(), "--registry",
                     registry->uri("floe/platform")})
                .process.exit_code == 0);
    FaultScenario corrupt;
    corrupt.match = "/blobs/";
    corrupt.corrupt_blobs = true;
    auto proxy = FaultProxy::start(*registry, corrupt);
    auto run = ws.floe({"platform", "pull", proxy->uri("floe/platform") + ":1.0.0", "-o", ws.path("out")});
    CHECK(run.process.exit_code == 7);
    CHECK(codes(run.report) == std::vector<std::string>{"FLOE-R904"});
    CHECK_FALSE(fs::exists(ws.path("out")));
    CHECK_FALSE(fs::exists(ws.cache / "floe/oci/platforms"));
  }
  SECTION("500s, then success: retried") {
    auto registry = RegistryServer::start(RegistryServer::Auth::anonymous);
    REQUIRE(ws.floe({"platform", "publish", "1.0.0", (ws.examples / "platform/manifest.yaml").string(), "--registry",
                     registry->uri("floe/platform")})
                .process.exit_code == 0);
    FaultScenario flaky;
    flaky.match = "/manifests/";
    flaky.fail_first = 2;
    flaky.fail_status = 503;
    auto proxy = FaultProxy::start(*registry, flaky);
    auto run = ws.floe({"platform", "pull", proxy->uri("floe/platform") + ":1.0.0"}, {{"FLOE_REGISTRY_RETRY_BASE_MS", "1"}});
    CHECK(run.process.exit_code == 0);
  }
}

TEST_CASE("registry: TLS is verified, --ca-file trusts a private CA, --insecure skips the check", "[oci][registry][tls]") {
  auto tls = RegistryServer::start(RegistryServer::Auth::tls);
  auto other = RegistryServer::start(RegistryServer::Auth::tls);  // a CA that did not sign tls's certificate
  ArtifactWorkspace ws;
  std::string manifest = (ws.examples / "platform/manifest.yaml").string();
  auto pub = ws.floe({"platform", "publish", "1.0.0", manifest, "--registry", tls->uri("floe/platform"), "--ca-file",
                      tls->ca_file()});
  INFO(pub.process.err);
  REQUIRE(pub.process.exit_code == 0);

  auto untrusted = ws.floe({"platform", "pull", tls->uri("floe/platform") + ":1.0.0", "--ca-file", other->ca_file()},
                           {{"FLOE_REGISTRY_RETRY_BASE_MS", "1"}});
  CHECK(untrusted.process.exit_code == 6);
  REQUIRE(codes(untrusted.report) == std::vector<std::string>{"FLOE-R901"});
  CHECK(find_diagnostic(untrusted.report, "FLOE-R901")->at("message").as_string().find("TLS") != std::string::npos);

  auto trusted = ws.floe({"platform", "pull", tls->uri("floe/platform") + ":1.0.0", "--ca-file", tls->ca_file()});
  CHECK(trusted.process.exit_code == 0);
  CHECK(digest_of(trusted) == digest_of(pub));
  fs::remove_all(ws.cache);
  CHECK(ws.floe({"platform", "pull", tls->uri("floe/platform") + ":1.0.0", "--insecure"}).process.exit_code == 0);
}

TEST_CASE("registry: the manifest's artifacts.registry.tls_verify: false is honoured when publishing", "[oci][registry][tls]") {
  auto tls = RegistryServer::start(RegistryServer::Auth::tls);
  ArtifactWorkspace ws;
  fs::path manifest = ws.examples / "platform/manifest.yaml";
  std::string text = read_file(manifest);
  std::string old_registry = "registry: oci-layout:../registry/platform   # relative to this file";
  REQUIRE(text.find(old_registry) != std::string::npos);
  text.replace(text.find(old_registry), old_registry.size(),
               "registry: {uri: \"" + tls->uri("floe/platform") + "\", tls_verify: false}");
  write_file(manifest, text);
  auto pub = ws.floe({"platform", "publish", "1.0.0", manifest.string()});
  INFO(pub.process.err);
  REQUIRE(pub.process.exit_code == 0);
  CHECK(json::serialize(pub.report).find("tls_verify is false") != std::string::npos);
  auto pulled = ws.floe({"platform", "pull", tls->uri("floe/platform") + ":1.0.0", "--ca-file", tls->ca_file()});
  CHECK(pulled.process.exit_code == 0);
}
