// Failure handling through the fault proxy in front of a real registry:
// retries (5xx, 429 + Retry-After), truncated and corrupted blobs, refused
// connections, timeouts, blob redirects that must not carry Authorization,
// and a registry with the referrers API.
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>

#include "oci/verified_file.hpp"
#include "remote_test_support.hpp"

using namespace floe;
using namespace floe::oci;
using namespace floe::test;
namespace fs = std::filesystem;

namespace {

struct Fixture {
  RegistryEnv env;
  TempDir docker_config, tmp;
  std::unique_ptr<RegistryServer> server;
  std::vector<std::string> warnings;
  std::string content = R"({"policies":[{"id":"p1","effect":"deny","match":"*.tmp"}]})";
  Descriptor blob = blob_descriptor(content, kPlatformFileLayer, "policies.json");
  std::string manifest = artifact_manifest("application/vnd.floe.test.v1+json", {blob});

  explicit Fixture(RegistryServer::Auth auth = RegistryServer::Auth::anonymous)
      : server(RegistryServer::start(auth)) {
    RegistryTarget direct(reference(server->uri("acme/platform")), options());
    REQUIRE(direct.push_blob(empty_config_descriptor(), BlobSource{"", kEmptyData}, {}).ok());
    REQUIRE(direct.push_blob(blob, BlobSource{"", content}, {}).ok());
    REQUIRE(direct.push_manifest("v1", manifest, kImageManifest).ok());
    warnings.clear();
  }
  RegistryOptions options() {
    auto o = test_options(docker_config, server->auth() != RegistryServer::Auth::anonymous);
    o.warn = [this](const std::string& w) { warnings.push_back(w); };
    return o;
  }
  bool dir_is_empty(const fs::path& dir) { return !fs::exists(dir) || fs::is_empty(dir); }
};

int count(const std::vector<ProxyLogEntry>& log, const std::string& method, const std::string& path_part, int status) {
  int n = 0;
  for (const auto& e : log)
    n += e.method == method && e.path.find(path_part) != std::string::npos && e.status == status;
  return n;
}

}  // namespace

TEST_CASE("faults: two 500s then success is retried and succeeds") {
  Fixture f;
  FaultScenario s;
  s.match = "/manifests/v1";
  s.fail_first = 2;
  s.fail_status = 500;
  auto proxy = FaultProxy::start(*f.server, s);
  RegistryTarget target(reference(proxy->uri("acme/platform")), f.options());
  auto m = target.fetch_manifest("v1");
  INFO((m ? "" : m.error().message));
  REQUIRE(m.ok());
  CHECK(m->bytes == f.manifest);
  auto log = proxy->requests();
  CHECK(count(log, "GET", "/manifests/v1", 500) == 2);
  CHECK(count(log, "GET", "/manifests/v1", 200) == 1);
  for (const auto& w : f.warnings) INFO(w);
  CHECK(f.warnings.size() == 2);
}

TEST_CASE("faults: 5xx beyond the retry budget is UNAVAILABLE") {
  Fixture f;
  FaultScenario s;
  s.match = "/manifests/v1";
  s.fail_first = 100;
  s.fail_status = 503;
  auto proxy = FaultProxy::start(*f.server, s);
  auto options = f.options();
  options.max_retries = 2;
  RegistryTarget target(reference(proxy->uri("acme/platform")), options);
  auto m = target.fetch_manifest("v1");
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().code == FLOE_ERR_UNAVAILABLE);
  CHECK(m.error().message.find("503") != std::string::npos);
  CHECK(count(proxy->requests(), "GET", "/manifests/v1", 503) == 3);
}

TEST_CASE("faults: 429 with Retry-After waits as told, then succeeds") {
  Fixture f;
  FaultScenario s;
  s.match = "/blobs/";
  s.fail_first = 1;
  s.fail_status = 429;
  s.retry_after_s = 1;
  auto proxy = FaultProxy::start(*f.server, s);
  RegistryTarget target(reference(proxy->uri("acme/platform")), f.options());
  auto start = std::chrono::steady_clock::now();
  auto dest = f.tmp.path() / "policies.json";
  auto r = target.fetch_blob(f.blob, dest.string(), {});
  auto elapsed = std::chrono::steady_clock::now() - start;
  INFO((r ? "" : r.error().message));
  REQUIRE(r.ok());
  CHECK(read_file(dest) == f.content);
  CHECK(elapsed >= std::chrono::milliseconds(900));  // the test backoff alone is 20 ms
  CHECK(count(proxy->requests(), "GET", "/blobs/", 429) == 1);
}

TEST_CASE("faults: a truncated blob is a verification error and leaves nothing behind") {
  Fixture f;
  FaultScenario s;
  s.truncate_blobs = true;
  auto proxy = FaultProxy::start(*f.server, s);
  RegistryTarget target(reference(proxy->uri("acme/platform")), f.options());
  auto dir = f.tmp.path() / "out";
  auto r = target.fetch_blob(f.blob, (dir / "policies.json").string(), {});
  REQUIRE_FALSE(r.ok());
  CHECK(is_verification_error(r.error()));
  CHECK(r.error().message.find("truncated") != std::string::npos);
  CHECK(f.dir_is_empty(dir));
}

TEST_CASE("faults: a corrupted blob is a digest mismatch and leaves nothing behind") {
  Fixture f;
  FaultScenario s;
  s.corrupt_blobs = true;
  auto proxy = FaultProxy::start(*f.server, s);
  RegistryTarget target(reference(proxy->uri("acme/platform")), f.options());
  auto dir = f.tmp.path() / "out";
  auto r = target.fetch_blob(f.blob, (dir / "policies.json").string(), {});
  REQUIRE_FALSE(r.ok());
  CHECK(is_verification_error(r.error()));
  CHECK(r.error().message.find("digest mismatch") != std::string::npos);
  CHECK(f.dir_is_empty(dir));
}

TEST_CASE("faults: a closed port is UNAVAILABLE at once, with a clear message") {
  RegistryEnv env;
  TempDir docker_config;
  std::string host = "127.0.0.1:" + std::to_string(free_port());
  RegistryTarget target(reference("oci://" + host + "/acme/platform"), test_options(docker_config, false));
  auto start = std::chrono::steady_clock::now();
  auto r = target.ping();
  auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == FLOE_ERR_UNAVAILABLE);
  CHECK(r.error().message == "cannot connect to " + host + ": connection refused; is the registry running?");
  CHECK(elapsed < std::chrono::seconds(2));
}

TEST_CASE("faults: a registry slower than the timeout is TIMEOUT") {
  Fixture f;
  FaultScenario s;
  s.match = "/manifests/v1";
  s.delay_s = 3;
  auto proxy = FaultProxy::start(*f.server, s);
  auto options = f.options();
  options.timeout_ms = 500;
  options.max_retries = 1;
  RegistryTarget target(reference(proxy->uri("acme/platform")), options);
  auto start = std::chrono::steady_clock::now();
  auto m = target.fetch_manifest("v1");
  auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().code == FLOE_ERR_TIMEOUT);
  CHECK(elapsed < std::chrono::seconds(3));
  CHECK(f.warnings.size() == 1);  // the one retry
}

TEST_CASE("faults: a blob redirected to another port is fetched without Authorization") {
  Fixture f(RegistryServer::Auth::basic);
  FaultScenario s;
  s.redirect_blobs = true;
  auto proxy = FaultProxy::start(*f.server, s);
  RegistryTarget target(reference(proxy->uri("acme/platform")), f.options());
  auto dest = f.tmp.path() / "policies.json";
  auto r = target.fetch_blob(f.blob, dest.string(), {});
  INFO((r ? "" : r.error().message));
  REQUIRE(r.ok());
  CHECK(read_file(dest) == f.content);
  int proxied_with_auth = 0, redirected = 0;
  for (const auto& e : proxy->requests()) {
    if (e.server == "proxy" && e.status == 307) proxied_with_auth += e.authorization;
    if (e.server == "redirect") {
      ++redirected;
      CHECK_FALSE(e.authorization);
    }
  }
  CHECK(proxied_with_auth == 1);  // the registry got our credentials...
  CHECK(redirected == 1);         // ...the other host did not
}

TEST_CASE("faults: a registry with the referrers API is used, paged, and filtered") {
  Fixture f;
  std::string subject = digest_of(f.manifest);
  auto ref = [](const std::string& digest_seed, const std::string& type) {
    return R"({"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":")" + digest_of(digest_seed) +
           R"(","size":100,"artifactType":")" + type + R"("})";
  };
  FaultScenario s;
  s.referrers_json = "[" + ref("a", "application/vnd.test.sig") + "," + ref("b", "application/vnd.test.sbom") + "," +
                     ref("c", "application/vnd.test.sig") + "]";
  SECTION("client-side filtering") {}
  SECTION("server-side filtering") { s.referrers_filter = true; }
  auto proxy = FaultProxy::start(*f.server, s);
  RegistryTarget target(reference(proxy->uri("acme/platform")), f.options());
  auto all = target.referrers(subject, "");
  REQUIRE(all.ok());
  REQUIRE(all->size() == 3);
  CHECK((*all)[1].digest == digest_of("b"));
  auto sigs = target.referrers(subject, "application/vnd.test.sig");
  REQUIRE(sigs.ok());
  REQUIRE(sigs->size() == 2);
  CHECK((*sigs)[0].digest == digest_of("a"));
  CHECK((*sigs)[1].digest == digest_of("c"));
  // With the API the registry indexes referrers itself: no fallback tag.
  Descriptor d{kImageManifest, digest_of("d"), 100, "application/vnd.test.sig", {}};
  REQUIRE(target.add_referrer(subject, d).ok());
  for (const auto& e : proxy->requests()) CHECK(e.path.find("/manifests/sha256-") == std::string::npos);
  CHECK(count(proxy->requests(), "GET", "/referrers/", 200) >= 3);  // paged
}

TEST_CASE("faults: a download cut midway restarts from nothing and succeeds") {
  Fixture f;
  FaultScenario s;
  s.cut_blobs_first = 2;
  auto proxy = FaultProxy::start(*f.server, s);
  RegistryTarget target(reference(proxy->uri("acme/platform")), f.options());
  auto dest = f.tmp.path() / "out" / "policies.json";
  auto r = target.fetch_blob(f.blob, dest.string(), {});
  INFO((r ? "" : r.error().message));
  REQUIRE(r.ok());
  CHECK(read_file(dest) == f.content);  // not the halves appended to each other
  CHECK(count(proxy->requests(), "GET", "/blobs/", 0) == 2);
  CHECK(f.warnings.size() == 2);
  CHECK(std::distance(fs::directory_iterator(dest.parent_path()), fs::directory_iterator()) == 1);
}

TEST_CASE("faults: registry Warning headers reach the warn callback") {
  Fixture f;
  FaultScenario s;
  s.warning = "this repository is deprecated";
  auto proxy = FaultProxy::start(*f.server, s);
  RegistryTarget target(reference(proxy->uri("acme/platform")), f.options());
  REQUIRE(target.fetch_manifest("v1").ok());
  REQUIRE(f.warnings.size() == 1);
  CHECK(f.warnings[0] == "registry " + proxy->host() + " warns: this repository is deprecated");
}
