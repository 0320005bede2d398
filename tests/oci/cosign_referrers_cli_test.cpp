// Signatures and sigstore bundles as cosign v2.6.5 stores them as OCI 1.1
// referrers, replayed byte for byte from a recorded real session
// (cosign_recording.hpp; fixtures/cosign-v2.6.5/README.md says how it was
// recorded, and why cosign itself is not built for the tests) onto a real docker-registry
// 2.8.2 on 127.0.0.1, which has no referrers API: the referrers live in the
// sha256-<hex> fallback index exactly as cosign's client wrote it. Then
// `floe artifact verify` and `floe platform pull` run against them with
// cosign's public key.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <filesystem>

#include "artifact_test_support.hpp"
#include "cosign_recording.hpp"
#include "remote_test_support.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;
namespace oci = floe::oci;

namespace {

// A fresh registry, a workspace for floe, and floe's client on the repository.
struct Replay {
  std::unique_ptr<RegistryServer> registry = RegistryServer::start(RegistryServer::Auth::anonymous);
  ArtifactWorkspace ws;
  TempDir docker_config;
  oci::RegistryTarget target{reference(uri()), test_options(docker_config, false)};
  std::string cosign_pub = cosign_recording_public_key();

  std::string uri() const { return registry->uri("floe/platform"); }
  void step(const std::string& name) { replay_cosign_step(target, name); }
  std::string message(const JsonRun& run, const char* key = "message") const {
    return std::string(find_diagnostic(run.report, "FLOE-R905")->at(key).as_string());
  }
};

}  // namespace

TEST_CASE("cosign: a signature stored as an OCI 1.1 referrer (tag fallback) verifies and gates pulls",
          "[oci][registry][cosign]") {
  Replay r;
  r.step("subject-1");
  r.step("oci11-signature-1");
  auto tags = r.target.list_tags();
  REQUIRE(tags.ok());
  CHECK(*tags == std::vector<std::string>{"1.0.0", "sha256-" + kCosignSubject1.substr(7)});  // no .sig tag

  std::string ref = r.uri() + ":1.0.0";
  auto verified = r.ws.floe({"artifact", "verify", ref, "--key", r.cosign_pub});
  INFO(verified.process.out << verified.process.err);
  CHECK(verified.process.exit_code == 0);
  CHECK(verified.report.at("result").at("verified") == true);

  auto pulled = r.ws.floe({"platform", "pull", ref, "--key", r.cosign_pub, "-o", r.ws.path("out")});
  INFO(pulled.process.out << pulled.process.err);
  CHECK(pulled.process.exit_code == 0);
  CHECK(pulled.report.at("result").at("verified_by").is_string());
  CHECK(read_file(r.ws.path("out/manifest.json")) == "{\"a\":1}\n");

  // Another key does not verify it, and the message says where floe found it.
  REQUIRE(r.ws.floe({"artifact", "keygen", "--prefix", r.ws.path("other")}).process.exit_code == 0);
  auto wrong = r.ws.floe({"artifact", "verify", ref, "--key", r.ws.path("other.pub")});
  CHECK(wrong.process.exit_code == 7);
  REQUIRE(codes(wrong.report) == std::vector<std::string>{"FLOE-R905"});
  CHECK_THAT(r.message(wrong), Catch::Contains("1 signature(s) (referrer " + kCosignSignatureReferrer1 + ")"));
}

TEST_CASE("cosign: a referrers index naming another manifest's signature is not a signature of this one",
          "[oci][registry][cosign][fault]") {
  Replay r;
  r.step("subject-1");
  r.step("oci11-signature-1");
  r.step("subject-2");
  // subject-1's fallback index served as subject-2's: the referrer it lists
  // has subject-1 as its subject.
  auto index = r.target.fetch_manifest("sha256-" + kCosignSubject1.substr(7));
  REQUIRE(index.ok());
  REQUIRE(r.target.push_manifest("sha256-" + kCosignSubject2.substr(7), index->bytes, oci::kImageIndex).ok());
  auto verified = r.ws.floe({"artifact", "verify", r.uri() + ":2.0.0", "--key", r.cosign_pub});
  CHECK(verified.process.exit_code == 7);
  REQUIRE(codes(verified.report) == std::vector<std::string>{"FLOE-R905"});
  CHECK_THAT(r.message(verified), Catch::Contains("no signature found"));
}

TEST_CASE("cosign: a sigstore bundle among the referrers is named, with how to get a signature floe verifies",
          "[oci][registry][cosign]") {
  Replay r;
  r.step("subject-2");
  r.step("bundle-2");
  std::string ref = r.uri() + ":2.0.0";

  auto verified = r.ws.floe({"artifact", "verify", ref, "--key", r.cosign_pub});
  INFO(verified.process.out << verified.process.err);
  CHECK(verified.process.exit_code == 7);
  REQUIRE(codes(verified.report) == std::vector<std::string>{"FLOE-R905"});
  std::string message = r.message(verified), hint = r.message(verified, "hint");
  CHECK_THAT(message, Catch::Contains("found a sigstore bundle (application/vnd.dev.sigstore.bundle.v0.3+json, "
                                      "referrer " + kCosignBundleReferrer2 + "), which floe does not verify yet"));
  CHECK(message.find("no signature found") == std::string::npos);
  CHECK_THAT(hint, Catch::Contains("--new-bundle-format=false"));
  CHECK_THAT(hint, Catch::Contains("floe artifact sign"));
  const auto& bundles = verified.report.at("result").at("sigstore_bundles").as_array();
  REQUIRE(bundles.size() == 1);
  CHECK(bundles[0].at("artifactType") == "application/vnd.dev.sigstore.bundle.v0.3+json");

  // The same under a pull's policy: enforce refuses, warn reports and goes on.
  auto enforce = r.ws.floe({"platform", "pull", ref, "--key", r.cosign_pub});
  CHECK(enforce.process.exit_code == 7);
  REQUIRE(codes(enforce.report) == std::vector<std::string>{"FLOE-R905"});
  CHECK_THAT(r.message(enforce, "hint"), Catch::Contains("--new-bundle-format=false"));
  auto warn = r.ws.floe({"platform", "pull", ref, "--key", r.cosign_pub, "--verify", "warn"});
  CHECK(warn.process.exit_code == 0);
  CHECK(codes(warn.report, "warning") == std::vector<std::string>{"FLOE-R905"});

  // cosign then signs the same manifest key-based, as a referrer beside the bundle: verified.
  r.step("oci11-signature-2");
  auto both = r.ws.floe({"artifact", "verify", ref, "--key", r.cosign_pub});
  INFO(both.process.out << both.process.err);
  CHECK(both.process.exit_code == 0);
}
