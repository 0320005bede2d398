// cosign legacy signatures: keys, sign/verify, and interop with the openssl
// CLI (an independent ECDSA implementation reading the same PEM and DER).
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <boost/json.hpp>
#include <filesystem>

#include "artifacts/artifact_options.hpp"
#include "oci/cosign_signature.hpp"
#include "oci/media_types.hpp"
#include "oci/reference.hpp"
#include "run_process.hpp"
#include "temp_dir.hpp"

using namespace floe;
using namespace floe::oci;
using floe::test::read_file;
using floe::test::run_process;
using floe::test::TempDir;
using floe::test::write_file;
namespace fs = std::filesystem;

namespace {

const std::string kDigest = "sha256:" + std::string(64, 'a');

// Runs a shell pipeline (openssl), requiring success.
std::string sh(const std::string& command) {
  auto r = run_process("/bin/sh", {"-c", command});
  INFO(command << "\n" << r.err);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

struct KeyPair {
  TempDir dir;
  std::string priv = (dir.path() / "k.key").string();
  std::string pub = (dir.path() / "k.pub").string();
  KeyPair() { REQUIRE(write_key_pair(priv, pub).ok()); }
};

}  // namespace

TEST_CASE("generated keys sign and verify, tampering and other keys fail") {
  KeyPair keys, other;
  auto signing = load_signing_key(keys.priv);
  auto verifying = load_verifying_key(keys.pub);
  auto stranger = load_verifying_key(other.pub);
  REQUIRE(signing.ok());
  REQUIRE(verifying.ok());
  REQUIRE(stranger.ok());

  std::string payload = simple_signing_payload("127.0.0.1:5000/acme/platform", kDigest, {});
  auto sig = sign_payload(*signing, payload);
  REQUIRE(sig.ok());
  CHECK(verify_payload(*verifying, payload, *sig));
  std::string tampered = payload;
  tampered[tampered.find("aaaa")] = 'b';
  CHECK_FALSE(verify_payload(*verifying, tampered, *sig));
  CHECK_FALSE(verify_payload(*stranger, payload, *sig));
  CHECK_FALSE(verify_payload(*verifying, payload, "not base64!"));
  CHECK_FALSE(verify_payload(*verifying, payload, ""));

  // The private key also serves as a verifying key, with the same id.
  auto from_private = load_verifying_key(keys.priv);
  REQUIRE(from_private.ok());
  CHECK(verify_payload(*from_private, payload, *sig));
  CHECK(key_id(*from_private) == key_id(*verifying));
  CHECK(key_id(*verifying) != key_id(*stranger));
  CHECK(key_id(*verifying).rfind("sha256:", 0) == 0);
}

TEST_CASE("write_key_pair writes PEM files, the private one 0600, and never overwrites") {
  KeyPair keys;
  CHECK_THAT(read_file(keys.priv), Catch::StartsWith("-----BEGIN PRIVATE KEY-----"));
  CHECK_THAT(read_file(keys.pub), Catch::StartsWith("-----BEGIN PUBLIC KEY-----"));
  struct stat st {};
  REQUIRE(::stat(keys.priv.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  std::string before = read_file(keys.priv);
  auto again = write_key_pair(keys.priv, (keys.dir.path() / "new.pub").string());
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == FLOE_ERR_ALREADY_EXISTS);
  CHECK(read_file(keys.priv) == before);
  CHECK_FALSE(fs::exists(keys.dir.path() / "new.pub"));
  auto pub_exists = write_key_pair((keys.dir.path() / "new.key").string(), keys.pub);
  REQUIRE_FALSE(pub_exists.ok());
  CHECK(pub_exists.error().code == FLOE_ERR_ALREADY_EXISTS);
  CHECK_FALSE(fs::exists(keys.dir.path() / "new.key"));
}

TEST_CASE("signatures interoperate with the openssl CLI both ways") {
  KeyPair keys;
  auto signing = load_signing_key(keys.priv);
  auto verifying = load_verifying_key(keys.pub);
  REQUIRE(signing.ok());
  REQUIRE(verifying.ok());
  fs::path d = keys.dir.path();
  std::string payload = simple_signing_payload("registry.example/acme/platform", kDigest, {{"team", "data"}});
  write_file(d / "payload.json", payload);

  auto ours = sign_payload(*signing, payload);
  REQUIRE(ours.ok());
  write_file(d / "ours.b64", *ours);
  sh("cd " + d.string() + " && openssl base64 -d -A -in ours.b64 -out ours.der");
  CHECK_THAT(sh("cd " + d.string() + " && openssl dgst -sha256 -verify k.pub -signature ours.der payload.json"),
             Catch::Contains("Verified OK"));

  std::string theirs = sh("cd " + d.string() +
                          " && openssl dgst -sha256 -sign k.key -out theirs.der payload.json && openssl base64 -A -in theirs.der");
  CHECK(verify_payload(*verifying, payload, theirs));
  CHECK_FALSE(verify_payload(*verifying, payload + " ", theirs));
}

TEST_CASE("keys written by openssl load, unsupported keys are refused without leaking them") {
  TempDir tmp;
  std::string dir = tmp.str();
  sh("cd " + dir + " && openssl ecparam -genkey -name prime256v1 | openssl pkcs8 -topk8 -nocrypt -out p256.key"
     " && openssl ec -in p256.key -pubout -out p256.pub 2>/dev/null"
     " && openssl ecparam -genkey -name prime256v1 -out sec1.key"
     " && openssl ecparam -genkey -name secp384r1 | openssl pkcs8 -topk8 -nocrypt -out p384.key"
     " && openssl genpkey -algorithm ed25519 -out ed.key"
     " && openssl pkcs8 -topk8 -in p256.key -passout pass:secret -out enc.key");
  auto signing = load_signing_key(dir + "/p256.key");
  REQUIRE(signing.ok());
  auto pub = load_verifying_key(dir + "/p256.pub");
  REQUIRE(pub.ok());
  auto sig = sign_payload(*signing, "payload");
  REQUIRE(sig.ok());
  CHECK(verify_payload(*pub, "payload", *sig));
  CHECK(load_signing_key(dir + "/sec1.key").ok());

  auto refused = [&](const std::string& file, const std::string& why) {
    auto k = load_signing_key(dir + "/" + file);
    REQUIRE_FALSE(k.ok());
    CHECK_THAT(k.error().message, Catch::Contains(why));
    std::string body = read_file(dir + "/" + file);
    CHECK_THAT(k.error().message, !Catch::Contains("BEGIN"));
    CHECK_THAT(k.error().message, !Catch::Contains(body.substr(body.find('\n') + 1, 20)));
  };
  refused("p384.key", "secp384r1");
  refused("ed.key", "ED25519");
  refused("enc.key", "encrypted");
  refused("p256.pub", "public key");
  auto missing = load_signing_key(dir + "/none.key");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == FLOE_ERR_NOT_FOUND);
  CHECK_FALSE(load_verifying_key(dir + "/p384.key").ok());
}

TEST_CASE("payloads, tags, config and signature manifests have cosign's shape") {
  std::string payload = simple_signing_payload("127.0.0.1:5000/acme/platform", kDigest, {});
  CHECK(payload == R"({"critical":{"identity":{"docker-reference":"127.0.0.1:5000/acme/platform"},)"
                   R"("image":{"docker-manifest-digest":")" + kDigest + R"("},)"
                   R"("type":"cosign container image signature"},"optional":null})");
  auto digest = payload_manifest_digest(payload);
  REQUIRE(digest.ok());
  CHECK(*digest == kDigest);
  CHECK_FALSE(payload_manifest_digest(R"({"critical":{"type":"other","image":{"docker-manifest-digest":")" + kDigest +
                                      R"("}}})")
                  .ok());
  CHECK_FALSE(payload_manifest_digest(R"({"critical":{"type":"cosign container image signature"}})").ok());
  CHECK_FALSE(payload_manifest_digest("not json").ok());

  CHECK(signature_tag(kDigest) == "sha256-" + std::string(64, 'a') + ".sig");
  std::string payload_digest = digest_of(payload);
  CHECK(cosign_config({payload_digest}) ==
        R"({"architecture":"","created":"0001-01-01T00:00:00Z","history":[{"created":"0001-01-01T00:00:00Z"}],)"
        R"("os":"","rootfs":{"type":"layers","diff_ids":[")" + payload_digest + R"("]},"config":{}})");

  std::string config = cosign_config({payload_digest});
  Descriptor config_d{kImageConfig, digest_of(config), static_cast<std::int64_t>(config.size()), {}, {}};
  Descriptor layer{kSimpleSigning, payload_digest, static_cast<std::int64_t>(payload.size()), {},
                   {{kCosignSignatureAnnotation, "MEUCIQ=="}}};
  std::string manifest = signature_manifest(config_d, {layer});
  CHECK(manifest == signature_manifest(config_d, {layer}));
  auto m = boost::json::parse(manifest).as_object();
  CHECK(m.at("mediaType") == kImageManifest);
  CHECK(m.at("config").at("mediaType") == kImageConfig);
  auto layers = read_signature_manifest(manifest);
  REQUIRE(layers.ok());
  REQUIRE(layers->size() == 1);
  CHECK(layers->front().media_type == kSimpleSigning);
  CHECK(layers->front().annotations.at(kCosignSignatureAnnotation) == "MEUCIQ==");
  CHECK_FALSE(read_signature_manifest(R"({"schemaVersion":2})").ok());
}

TEST_CASE("the docker-reference of a layout is the directory as given, never a resolved absolute path") {
  auto docker_reference = [](const std::string& text, const std::string& base) {
    auto ref = parse_reference(text);
    REQUIRE(ref.ok());
    return with_layout_base(*ref, base).docker_reference();
  };
  CHECK(docker_reference("oci-layout:../registry/platform:1.0.0", "/home/alice/work/acme") == "../registry/platform");
  CHECK(docker_reference("oci-layout:registry", "") == "registry");
  CHECK(docker_reference("oci-layout:/home/alice/work/registry/platform:1.0.0", "") == "platform");
  CHECK(docker_reference("oci-layout:/srv/registry/@" + kDigest, "/x") == "registry");
  CHECK(docker_reference("oci://127.0.0.1:5000/acme/platform:1.0.0", "/x") == "127.0.0.1:5000/acme/platform");
}
