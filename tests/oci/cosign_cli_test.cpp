// cosign itself, both ways, on a real registry: cosign verifies what floe
// signed, and floe verifies what cosign signed (cosign v2.6.5, built from the
// Go module proxy by scripts/build-cosign into .cache/cosign/). cosign runs
// offline: its proxies point at a closed loopback port, with the registry's
// address exempt, so a call to Sigstore's public services would fail the test.
#include <catch2/catch.hpp>

#include "artifact_test_support.hpp"
#include "registry_fixture.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

std::string cosign_binary() { return (fs::path(FLOE_TEST_SOURCE_DIR) / ".cache" / "cosign" / "cosign").string(); }

// The password of the test's cosign key (run_process removes a variable set
// to "", and cosign prompts when COSIGN_PASSWORD is unset).
constexpr const char* kCosignPassword = "floe-test-password";

// cosign with a private home, no password prompt, no network but 127.0.0.1.
ProcessResult cosign(const ArtifactWorkspace& ws, const std::vector<std::string>& args) {
  return run_process(cosign_binary(), args,
                     {{"HOME", ws.path("cosign-home")},
                      {"COSIGN_PASSWORD", kCosignPassword},
                      {"HTTPS_PROXY", "http://127.0.0.1:9"},
                      {"HTTP_PROXY", "http://127.0.0.1:9"},
                      {"NO_PROXY", "127.0.0.1,localhost"},
                      {"TUF_ROOT", ws.path("cosign-home/tuf")}},
                     std::chrono::seconds(120));
}

// The digest a floe publish reported.
std::string published_digest(const JsonRun& run) { return std::string(run.report.at("result").at("digest").as_string()); }

}  // namespace

TEST_CASE("cosign verify accepts a signature floe wrote, and refuses it with another key", "[oci][cosign]") {
  INFO("cosign is built by scripts/build-cosign (part of scripts/bootstrap-test-tools) at " << cosign_binary());
  REQUIRE(fs::exists(cosign_binary()));
  auto registry = RegistryServer::start(RegistryServer::Auth::anonymous);
  ArtifactWorkspace ws;
  REQUIRE(ws.floe({"artifact", "keygen", "--prefix", ws.path("floe")}).process.exit_code == 0);
  REQUIRE(ws.floe({"artifact", "keygen", "--prefix", ws.path("other")}).process.exit_code == 0);
  auto pub = ws.floe({"platform", "publish", "1.0.0", (ws.examples / "platform/manifest.yaml").string(), "--registry",
                      registry->uri("acme/platform"), "--sign", "--key", ws.path("floe.key")});
  INFO(pub.process.err);
  REQUIRE(pub.process.exit_code == 0);
  const std::string image = registry->host() + "/acme/platform@" + published_digest(pub);

  auto verified = cosign(ws, {"verify", "--key", ws.path("floe.pub"), "--insecure-ignore-tlog=true",
                              "--allow-http-registry", image});
  INFO(verified.out << verified.err);
  REQUIRE(verified.exit_code == 0);
  // cosign prints the verified simple-signing payloads: one, naming the manifest floe published.
  json::value payloads = json::parse(verified.out);
  REQUIRE(payloads.as_array().size() == 1);
  CHECK(payloads.at(0).at("critical").at("image").at("docker-manifest-digest").as_string() == published_digest(pub));
  CHECK(payloads.at(0).at("critical").at("type") == "cosign container image signature");

  auto wrong = cosign(ws, {"verify", "--key", ws.path("other.pub"), "--insecure-ignore-tlog=true",
                           "--allow-http-registry", image});
  CHECK(wrong.exit_code != 0);
  CHECK(wrong.err.find("no matching signatures") != std::string::npos);
}

TEST_CASE("floe verifies what cosign signed with its own key pair, and refuses another key", "[oci][cosign]") {
  INFO("cosign is built by scripts/build-cosign (part of scripts/bootstrap-test-tools) at " << cosign_binary());
  REQUIRE(fs::exists(cosign_binary()));
  auto registry = RegistryServer::start(RegistryServer::Auth::anonymous);
  ArtifactWorkspace ws;
  auto pub = ws.floe({"platform", "publish", "1.0.0", (ws.examples / "platform/manifest.yaml").string(), "--registry",
                      registry->uri("acme/platform")});
  INFO(pub.process.err);
  REQUIRE(pub.process.exit_code == 0);
  const std::string image = registry->host() + "/acme/platform@" + published_digest(pub);
  const std::string ref = registry->uri("acme/platform") + ":1.0.0";

  fs::create_directories(ws.path("cosign-home"));
  auto keys = cosign(ws, {"generate-key-pair", "--output-key-prefix", ws.path("cosign")});
  INFO(keys.out << keys.err);
  REQUIRE(keys.exit_code == 0);
  // Not signed yet: a verification failure (exit 7), not a key problem.
  CHECK(ws.floe({"artifact", "verify", ref, "--key", ws.path("cosign.pub")}).process.exit_code == 7);
  auto signed_run = cosign(ws, {"sign", "--key", ws.path("cosign.key"), "--tlog-upload=false", "--allow-http-registry",
                                "--yes", image});
  INFO(signed_run.out << signed_run.err);
  REQUIRE(signed_run.exit_code == 0);

  auto ok = ws.floe({"artifact", "verify", ref, "--key", ws.path("cosign.pub")});
  INFO(ok.process.err);
  CHECK(ok.process.exit_code == 0);
  CHECK(ok.report.at("result").at("verified") == true);
  REQUIRE(ws.floe({"artifact", "keygen", "--prefix", ws.path("floe")}).process.exit_code == 0);
  auto wrong = ws.floe({"artifact", "verify", ref, "--key", ws.path("floe.pub")});
  CHECK(wrong.process.exit_code == 7);
}
