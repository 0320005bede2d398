// The registry client against real docker-registry 2.8.2 processes, in the
// three auth modes: blobs (monolithic and chunked), mounts, manifests read
// back byte-identical by skopeo, tags, and the referrers tag fallback.
#include <sys/resource.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "artifacts/artifact_options.hpp"
#include "core/sha256.hpp"
#include "remote_test_support.hpp"
#include "run_process.hpp"

using namespace floe;
using namespace floe::oci;
using namespace floe::test;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kMiB = 1024 * 1024;
const std::string kArtifactType = "application/vnd.floe.test.bundle.v1+json";

// A file of `size` pseudo-random bytes, written 1 MiB at a time.
Descriptor write_big_file(const fs::path& path, std::int64_t size) {
  std::ofstream out(path, std::ios::binary);
  std::string chunk(static_cast<std::size_t>(kMiB), '\0');
  std::uint32_t x = 2463534242u;
  for (std::int64_t done = 0; done < size; done += kMiB) {
    for (char& c : chunk) {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      c = static_cast<char>(x);
    }
    out.write(chunk.data(), static_cast<std::streamsize>(std::min(kMiB, size - done)));
  }
  out.close();
  return Descriptor{kPlatformFileLayer, "sha256:" + *sha256_file_hex(path.string()), size, {}, {}};
}

std::string skopeo_raw(const RegistryServer& server, const std::string& repo_tag) {
  std::vector<std::string> args{"inspect", "--raw", "--tls-verify=false"};
  if (server.auth() != RegistryServer::Auth::anonymous)
    args.insert(args.end(), {"--creds", std::string(RegistryServer::user()) + ":" + RegistryServer::pass()});
  args.push_back("docker://" + server.host() + "/" + repo_tag);
  auto r = run_process("/usr/bin/skopeo", args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

void exercise(RegistryServer::Auth mode) {
  RegistryEnv env;
  TempDir tmp, docker_config;
  auto server = RegistryServer::start(mode);
  INFO(server->log_tail());
  auto options = test_options(docker_config, mode != RegistryServer::Auth::anonymous);
  options.chunk_size = 4 * kMiB;
  RegistryTarget target(reference(server->uri("acme/platform")), options);
  CHECK(target.describe() == server->uri("acme/platform"));
  auto pinged = target.ping();
  INFO((pinged ? "" : pinged.error().message));
  REQUIRE(pinged.ok());

  // Small blobs (monolithic POST then PUT), including the empty config.
  std::string manifest_json = R"({"name":"acme-platform","version":"1.2.3"})";
  std::string policies_json = R"({"policies":[{"id":"p1","effect":"deny"}]})";
  auto d_manifest = blob_descriptor(manifest_json, kPlatformFileLayer, "manifest.json");
  auto d_policies = blob_descriptor(policies_json, kPlatformFileLayer, "policies.json");
  auto d_empty = empty_config_descriptor();
  CHECK_FALSE(target.blob_exists(d_manifest).value());
  for (auto& [d, bytes] : std::vector<std::pair<Descriptor, std::string>>{
           {d_empty, kEmptyData}, {d_manifest, manifest_json}, {d_policies, policies_json}}) {
    auto pushed = target.push_blob(d, BlobSource{"", bytes}, {});
    INFO((pushed ? "" : pushed.error().message));
    REQUIRE(pushed.ok());
    CHECK(target.blob_exists(d).value());
  }
  // Pushing again is a no-op (HEAD says it is there).
  REQUIRE(target.push_blob(d_manifest, BlobSource{"", manifest_json}, {}).ok());

  // A 20 MiB blob from a file, in 4 MiB PATCH chunks.
  auto d_big = write_big_file(tmp.path() / "big.bin", 20 * kMiB);
  d_big.annotations[kTitle] = "big.bin";
  std::uint64_t last_done = 0;
  auto pushed = target.push_blob(d_big, BlobSource{(tmp.path() / "big.bin").string(), ""},
                                 [&](const std::string& label, std::uint64_t done, std::uint64_t) {
                                   CHECK(label == "big.bin");
                                   last_done = std::max(last_done, done);
                                 });
  INFO((pushed ? "" : pushed.error().message));
  REQUIRE(pushed.ok());
  CHECK(last_done == static_cast<std::uint64_t>(d_big.size));

  // Both pulled back, verified.
  auto small_dest = tmp.path() / "out" / "policies.json";
  REQUIRE(target.fetch_blob(d_policies, small_dest.string(), {}).ok());
  CHECK(read_file(small_dest) == policies_json);
  auto big_dest = tmp.path() / "out" / "big.bin";
  REQUIRE(target.fetch_blob(d_big, big_dest.string(), {}).ok());
  CHECK("sha256:" + *sha256_file_hex(big_dest.string()) == d_big.digest);

  // Cross-repository mount: a blob we have mounts (201); one nobody has is
  // declined (202, session cancelled).
  RegistryTarget other(reference(server->uri("acme/other")), options);
  auto mounted = other.mount_blob(d_policies, "acme/platform");
  INFO((mounted ? "" : mounted.error().message));
  REQUIRE(mounted.ok());
  CHECK(*mounted);
  CHECK(other.blob_exists(d_policies).value());
  auto unknown = blob_descriptor("nobody has this", kPlatformFileLayer);
  auto declined = other.mount_blob(unknown, "acme/platform");
  REQUIRE(declined.ok());
  CHECK_FALSE(*declined);

  // The manifest, stored byte-exact: skopeo reads the same bytes.
  std::string manifest = artifact_manifest(kArtifactType, {d_manifest, d_policies, d_big});
  std::string digest = digest_of(manifest);
  auto put = target.push_manifest("1.2.3", manifest, kImageManifest);
  INFO((put ? "" : put.error().message));
  REQUIRE(put.ok());
  CHECK(skopeo_raw(*server, "acme/platform:1.2.3") == manifest);

  auto resolved = target.resolve("1.2.3");
  REQUIRE(resolved.ok());
  REQUIRE(resolved->has_value());
  CHECK((*resolved)->digest == digest);
  CHECK((*resolved)->size == static_cast<std::int64_t>(manifest.size()));
  CHECK((*resolved)->media_type == kImageManifest);
  auto by_digest = target.fetch_manifest(digest);
  REQUIRE(by_digest.ok());
  CHECK(by_digest->bytes == manifest);
  CHECK(by_digest->digest == digest);
  CHECK(by_digest->media_type == kImageManifest);
  CHECK_FALSE(target.resolve("9.9.9")->has_value());
  auto missing = target.fetch_manifest("9.9.9");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == FLOE_ERR_NOT_FOUND);

  // Tags come back sorted (2.8.2 does not sort them).
  for (const char* tag : {"2.0.0", "0.1.0", "latest", "1.10.0"})
    REQUIRE(target.push_manifest(tag, manifest, kImageManifest).ok());
  auto tags = target.list_tags();
  REQUIRE(tags.ok());
  CHECK(*tags == std::vector<std::string>{"0.1.0", "1.10.0", "1.2.3", "2.0.0", "latest"});

  // Referrers through the sha256-<hex> fallback index (2.8.2 has no API).
  Descriptor subject{kImageManifest, digest, static_cast<std::int64_t>(manifest.size()), {}, {}};
  auto push_referrer = [&](const std::string& type) {
    std::string m = artifact_manifest(type, {d_policies}, &subject);
    REQUIRE(target.push_manifest(digest_of(m), m, kImageManifest).ok());
    Descriptor d{kImageManifest, digest_of(m), static_cast<std::int64_t>(m.size()), type, {}};
    auto added = target.add_referrer(digest, d);
    INFO((added ? "" : added.error().message));
    REQUIRE(added.ok());
    return d;
  };
  CHECK(target.referrers(digest, "")->empty());
  auto sig = push_referrer("application/vnd.floe.test.signature.v1+json");
  auto sbom = push_referrer("application/vnd.floe.test.sbom.v1+json");
  REQUIRE(target.add_referrer(digest, sig).ok());  // no duplicates
  auto all = target.referrers(digest, "");
  REQUIRE(all.ok());
  REQUIRE(all->size() == 2);
  CHECK((*all)[0].digest == sig.digest);
  CHECK((*all)[1].artifact_type == sbom.artifact_type);
  auto only_sbom = target.referrers(digest, sbom.artifact_type);
  REQUIRE(only_sbom.ok());
  REQUIRE(only_sbom->size() == 1);
  CHECK((*only_sbom)[0].digest == sbom.digest);
  auto index = target.fetch_manifest("sha256-" + digest_hex(digest));
  REQUIRE(index.ok());
  CHECK(index->media_type == kImageIndex);
}

}  // namespace

TEST_CASE("registry: full client flow against an anonymous docker-registry") {
  exercise(RegistryServer::Auth::anonymous);
}

TEST_CASE("registry: full client flow against an htpasswd (Basic) docker-registry") {
  exercise(RegistryServer::Auth::basic);
}

TEST_CASE("registry: full client flow against a token-auth docker-registry") {
  exercise(RegistryServer::Auth::token);
}

TEST_CASE("registry: tags of a repository that does not exist are an empty list") {
  RegistryEnv env;
  TempDir docker_config;
  auto server = RegistryServer::start(RegistryServer::Auth::anonymous);
  RegistryTarget target(reference(server->uri("acme/nothing-here")), test_options(docker_config, false));
  auto tags = target.list_tags();
  REQUIRE(tags.ok());
  CHECK(tags->empty());
  auto refs = target.referrers(kEmptyDigest, "");
  REQUIRE(refs.ok());
  CHECK(refs->empty());
}

TEST_CASE("registry: a fallback tag holding the subject itself is not taken for an index") {
  RegistryEnv env;
  TempDir docker_config;
  auto server = RegistryServer::start(RegistryServer::Auth::anonymous);
  auto options = test_options(docker_config, false);
  std::vector<std::string> warnings;
  options.warn = [&](const std::string& w) { warnings.push_back(w); };
  RegistryTarget target(reference(server->uri("acme/platform")), options);
  REQUIRE(target.push_blob(empty_config_descriptor(), BlobSource{"", kEmptyData}, {}).ok());
  std::string manifest = artifact_manifest(kArtifactType, {empty_config_descriptor()});
  std::string digest = digest_of(manifest);
  // What GitLab does: the sha256-<hex> tag resolves to the subject.
  REQUIRE(target.push_manifest("sha256-" + digest_hex(digest), manifest, kImageManifest).ok());
  auto refs = target.referrers(digest, "");
  REQUIRE(refs.ok());
  CHECK(refs->empty());
  CHECK(warnings.size() == 1);
  Descriptor d{kImageManifest, digest, static_cast<std::int64_t>(manifest.size()), kArtifactType, {}};
  auto added = target.add_referrer(digest, d);
  REQUIRE_FALSE(added.ok());
  CHECK(added.error().code == FLOE_ERR_CONFLICT);
}

TEST_CASE("registry: a descriptor that does not match the bytes is refused before any upload") {
  RegistryEnv env;
  TempDir docker_config, tmp;
  auto server = RegistryServer::start(RegistryServer::Auth::anonymous);
  RegistryTarget target(reference(server->uri("acme/platform")), test_options(docker_config, false));
  auto d = blob_descriptor("abc", kPlatformFileLayer);
  d.size = 4;
  auto r = target.push_blob(d, BlobSource{"", "abc"}, {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == FLOE_ERR_INVALID_ARGUMENT);
  write_file(tmp.path() / "f", "abcd");
  d = blob_descriptor("abc", kPlatformFileLayer);
  r = target.push_blob(d, BlobSource{(tmp.path() / "f").string(), ""}, {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == FLOE_ERR_INVALID_ARGUMENT);
  std::string m = artifact_manifest(kArtifactType, {});
  auto put = target.push_manifest(kEmptyDigest, m, kImageManifest);
  REQUIRE_FALSE(put.ok());
  CHECK(put.error().code == FLOE_ERR_INVALID_ARGUMENT);
}

TEST_CASE("registry: a large blob goes up in PATCH chunks and memory stays flat") {
  RegistryEnv env;
  TempDir docker_config, tmp;
  auto server = RegistryServer::start(RegistryServer::Auth::anonymous);
  auto proxy = FaultProxy::start(*server, FaultScenario{});  // no faults: only the request log
  auto options = test_options(docker_config, false);
  options.chunk_size = 4 * kMiB;
  RegistryTarget target(reference(proxy->uri("acme/platform")), options);
  auto d = write_big_file(tmp.path() / "big.bin", 20 * kMiB);
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  REQUIRE(target.push_blob(d, BlobSource{(tmp.path() / "big.bin").string(), ""}, {}).ok());
  REQUIRE(target.fetch_blob(d, (tmp.path() / "copy.bin").string(), {}).ok());
  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  CHECK(after.ru_maxrss - before.ru_maxrss < 12 * 1024);  // KiB: well under the 20 MiB blob

  int patches = 0, puts = 0;
  for (const auto& e : proxy->requests()) {
    if (e.method == "PATCH") ++patches;
    if (e.method == "PUT" && e.path.find("digest=sha256") != std::string::npos) ++puts;
  }
  CHECK(patches == 5);
  CHECK(puts == 1);
}

// What floe product publish lists to find consumers: the repositories one
// level under the product's prefix, the product's own included.
TEST_CASE("registry: the repositories beside one are the catalog's under the same prefix") {
  RegistryEnv env;
  TempDir docker_config;
  auto server = RegistryServer::start(RegistryServer::Auth::anonymous);
  ArtifactOptions options;
  options.registry = test_options(docker_config, false);
  for (const char* repo : {"acme/products/customer-360", "acme/products/campaign-analytics",
                           "acme/products/campaign-analytics/old", "acme/platforms/sales"}) {
    RegistryTarget target(reference(server->uri(repo)), options.registry);
    REQUIRE(target.push_blob(empty_config_descriptor(), BlobSource{"", kEmptyData}, {}).ok());
    REQUIRE(target.push_manifest("1.0.0", artifact_manifest(kArtifactType, {empty_config_descriptor()}), kImageManifest).ok());
  }
  auto siblings = sibling_repositories(reference(server->uri("acme/products/customer-360")), options);
  REQUIRE(siblings.ok());
  std::vector<std::string> uris;
  for (const auto& r : *siblings) uris.push_back(r.repository_uri());
  CHECK(uris == std::vector<std::string>{server->uri("acme/products/campaign-analytics"), server->uri("acme/products/customer-360")});
}

TEST_CASE("registry: a catalog the token service does not grant is refused as unauthorized") {
  RegistryEnv env;
  TempDir docker_config;
  auto server = RegistryServer::start(RegistryServer::Auth::token);
  // tests/oci/token_server.py grants pull and push, never registry:catalog:*.
  auto catalog = RegistryTarget(reference(server->uri("acme/products/customer-360")), test_options(docker_config, true)).catalog();
  REQUIRE_FALSE(catalog.ok());
  CHECK(catalog.error().code == FLOE_ERR_UNAUTHORIZED);
}
