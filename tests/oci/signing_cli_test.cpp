// Signing and verification end to end (cosign's key-based format) on an OCI
// layout, checked independently with the openssl CLI.
#include <catch2/catch.hpp>

#include "artifact_test_support.hpp"
#include "core/sha256.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

struct SignedPlatform {
  ArtifactWorkspace ws;
  fs::path layout, key, pub, other_pub;
  std::string ref, digest;

  SignedPlatform() : layout(ws.examples / "registry/platform") {
    key = ws.path("keys/floe.key");
    pub = ws.path("keys/floe.pub");
    other_pub = ws.path("keys/other.pub");
    fs::create_directories(ws.path("keys"));
    REQUIRE(ws.floe({"artifact", "keygen", "--prefix", ws.path("keys/floe")}).process.exit_code == 0);
    REQUIRE(ws.floe({"artifact", "keygen", "--prefix", ws.path("keys/other")}).process.exit_code == 0);
    auto pub_run = ws.floe({"platform", "publish", "1.0.0", (ws.examples / "platform/manifest.yaml").string(), "--sign",
                            "--key", key.string()});
    INFO(pub_run.process.err);
    REQUIRE(pub_run.process.exit_code == 0);
    digest = std::string(pub_run.report.at("result").at("digest").as_string());
    ref = "oci-layout:" + layout.string() + ":1.0.0";
  }
};

}  // namespace

TEST_CASE("keygen writes a private key only its owner can read and never overwrites", "[oci][sign]") {
  ArtifactWorkspace ws;
  auto run = ws.floe({"artifact", "keygen", "--prefix", ws.path("k")});
  REQUIRE(run.process.exit_code == 0);
  auto perms = fs::status(ws.path("k.key")).permissions();
  CHECK((perms & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
  CHECK(read_file(ws.path("k.pub")).find("-----BEGIN PUBLIC KEY-----") == 0);
  std::string before = read_file(ws.path("k.key"));
  CHECK(ws.floe({"artifact", "keygen", "--prefix", ws.path("k")}).process.exit_code == 3);
  CHECK(read_file(ws.path("k.key")) == before);
  CHECK(run.process.out.find("PRIVATE KEY") == std::string::npos);  // the key itself is never printed
}

TEST_CASE("a signature floe writes verifies with openssl, and with floe artifact verify", "[oci][sign]") {
  SignedPlatform s;
  std::string sig_tag = "sha256-" + s.digest.substr(7) + ".sig";
  auto raw = run_process("/usr/bin/skopeo", {"inspect", "--raw", "oci:" + s.layout.string() + ":" + sig_tag});
  REQUIRE(raw.exit_code == 0);
  json::value sig_manifest = json::parse(raw.out);
  const auto& layer = sig_manifest.at("layers").as_array().at(0);
  CHECK(layer.at("mediaType") == "application/vnd.dev.cosign.simplesigning.v1+json");
  std::string payload = read_file(layout_blob(s.layout, std::string(layer.at("digest").as_string())));
  CHECK(json::parse(payload).at("critical").at("image").at("docker-manifest-digest").as_string() == s.digest);
  write_file(s.ws.path("payload"), payload);
  write_file(s.ws.path("sig.b64"), std::string(layer.at("annotations").at("dev.cosignproject.cosign/signature").as_string()));
  REQUIRE(run_process("/usr/bin/openssl", {"base64", "-d", "-A", "-in", s.ws.path("sig.b64"), "-out", s.ws.path("sig.der")}).exit_code == 0);
  auto verified = run_process("/usr/bin/openssl", {"dgst", "-sha256", "-verify", s.pub.string(), "-signature",
                                                    s.ws.path("sig.der"), s.ws.path("payload")});
  CHECK(verified.out.find("Verified OK") != std::string::npos);

  auto ok = s.ws.floe({"artifact", "verify", s.ref, "--key", s.pub.string()});
  CHECK(ok.process.exit_code == 0);
  CHECK(ok.report.at("result").at("verified") == true);
  auto wrong = s.ws.floe({"artifact", "verify", s.ref, "--key", s.other_pub.string()});
  CHECK(wrong.process.exit_code == 7);
  CHECK(codes(wrong.report) == std::vector<std::string>{"FLOE-R905"});

  // An unusable key is the user's input (exit 3), not a verification verdict.
  auto missing = s.ws.floe({"artifact", "verify", s.ref, "--key", s.ws.path("keys/absent.pub")});
  CHECK(missing.process.exit_code == 3);
  CHECK(codes(missing.report) == std::vector<std::string>{"FLOE-R907"});
  auto public_as_private = s.ws.floe({"artifact", "sign", s.ref, "--key", s.pub.string()});
  CHECK(public_as_private.process.exit_code == 3);
  CHECK(codes(public_as_private.report) == std::vector<std::string>{"FLOE-R907"});

  // Signing again with the same key adds nothing.
  REQUIRE(s.ws.floe({"artifact", "sign", s.ref, "--key", s.key.string()}).process.exit_code == 0);
  auto again = run_process("/usr/bin/skopeo", {"inspect", "--raw", "oci:" + s.layout.string() + ":" + sig_tag});
  CHECK(json::parse(again.out).at("layers").as_array().size() == 1);
}

TEST_CASE("pull applies the verification policy: enforce refuses, warn reports", "[oci][sign][fault]") {
  SignedPlatform s;
  auto good = s.ws.floe({"platform", "pull", s.ref, "--key", s.pub.string()});
  REQUIRE(good.process.exit_code == 0);
  CHECK(good.report.at("result").at("verified_by").is_string());

  // Tamper with the signed artifact: one policy file changed, the tag moved
  // to the new manifest (what a compromised registry could do).
  json::value m = json::parse(read_file(layout_blob(s.layout, s.digest)));
  std::string evil = "{\"pii_encryption\": \"optional\"}\n";
  std::string evil_digest = "sha256:" + floe::sha256_hex(evil);
  write_file(layout_blob(s.layout, evil_digest), evil);
  for (auto& l : m.at("layers").as_array())
    if (l.at("annotations").at("org.opencontainers.image.title") == "policies/classification.json") {
      l.as_object()["digest"] = evil_digest;
      l.as_object()["size"] = evil.size();
    }
  forge_layout_manifest(s.layout, s.digest, json::serialize(m));

  auto enforce = s.ws.floe({"platform", "pull", s.ref, "--key", s.pub.string(), "-o", s.ws.path("out")});
  CHECK(enforce.process.exit_code == 7);
  CHECK(codes(enforce.report) == std::vector<std::string>{"FLOE-R905"});
  CHECK_FALSE(fs::exists(s.ws.path("out")));

  auto warn = s.ws.floe({"platform", "pull", s.ref, "--key", s.pub.string(), "--verify", "warn", "-o", s.ws.path("out")});
  CHECK(warn.process.exit_code == 0);
  CHECK(codes(warn.report, "warning") == std::vector<std::string>{"FLOE-R905"});
  CHECK(read_file(s.ws.path("out/policies/classification.json")) == evil);

  auto off = s.ws.floe({"platform", "pull", s.ref, "--verify", "off"});
  CHECK(off.process.exit_code == 0);
  CHECK(off.report.at("diagnostics").as_array().empty());
}

TEST_CASE("a signature in a layout names the layout as given, never the machine's absolute path", "[oci][sign]") {
  SignedPlatform s;  // published and signed through artifacts.registry: oci-layout:../registry/platform
  REQUIRE(s.ws.floe({"artifact", "keygen", "--prefix", s.ws.path("keys/third")}).process.exit_code == 0);
  // Signed again from the command line with an absolute layout path.
  REQUIRE(s.ws.floe({"artifact", "sign", s.ref, "--key", s.ws.path("keys/third.key")}).process.exit_code == 0);

  std::string sig_tag = "sha256-" + s.digest.substr(7) + ".sig";
  auto raw = run_process("/usr/bin/skopeo", {"inspect", "--raw", "oci:" + s.layout.string() + ":" + sig_tag});
  REQUIRE(raw.exit_code == 0);
  std::vector<std::string> references;
  json::value sig_manifest = json::parse(raw.out);
  for (const auto& layer : sig_manifest.at("layers").as_array()) {
    std::string payload = read_file(layout_blob(s.layout, std::string(layer.at("digest").as_string())));
    CHECK(payload.find(s.ws.tmp.str()) == std::string::npos);
    references.emplace_back(json::parse(payload).at("critical").at("identity").at("docker-reference").as_string());
  }
  CHECK(references == std::vector<std::string>{"../registry/platform", "platform"});
}
