// The data team's side: floe init against a published (3-tier) platform,
// then compile resolving oci-layout: references, pinned by floe.lock, also
// with the layout gone (offline, from the cache).
#include <catch2/catch.hpp>

#include "artifact_test_support.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

void publish(const ArtifactWorkspace& ws, const std::string& version, const std::string& manifest) {
  auto run = ws.floe({"platform", "publish", version, (ws.examples / manifest).string()});
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
}

}  // namespace

TEST_CASE("floe init pulls the platform, points floe.yaml at it and pins it, compile then works offline", "[oci][init]") {
  ArtifactWorkspace ws;
  publish(ws, "2.0.0", "enterprise/manifest.yaml");
  publish(ws, "1.3.0", "enterprise/domains/sales/manifest.yaml");
  fs::path product = ws.examples / "customer-360/floe.yaml";

  auto init = ws.floe({"init", "--platform=oci-layout:../registry/sales:1.3.0", product.string()});
  INFO(init.process.out << init.process.err);
  REQUIRE(init.process.exit_code == 0);
  std::string digest = std::string(init.report.at("result").at("digest").as_string());
  CHECK(read_file(product).find("ref: \"oci-layout:../registry/sales:1.3.0\"") != std::string::npos);
  json::value lock = json::parse(read_file(ws.examples / "customer-360/floe.lock"));
  CHECK(lock.at("pins").as_array().at(0).at("digest").as_string() == digest);
  CHECK(lock.at("pins").as_array().at(0).at("reference") == "oci-layout:../registry/sales:1.3.0");
  CHECK(fs::exists(ws.examples / "customer-360/.floe/platform/manifest.json"));

  auto compiled = ws.floe({"compile", product.string()});
  INFO(compiled.process.err);
  REQUIRE(compiled.process.exit_code == 0);
  json::value artifacts = json::parse(read_file(ws.examples / "customer-360/target/compiled_artifacts.json"));
  CHECK(json::serialize(artifacts).find("sales-domain") != std::string::npos);

  // The registry disappears: the pinned digest is served from the cache.
  fs::remove_all(ws.examples / "registry");
  CHECK(ws.floe({"compile", product.string()}).process.exit_code == 0);
  // Without the lock the tag cannot be resolved any more.
  fs::remove(ws.examples / "customer-360/floe.lock");
  auto unpinned = ws.floe({"validate", product.string()});
  CHECK(unpinned.process.exit_code == 3);
  CHECK(codes(unpinned.report) == std::vector<std::string>{"FLOE-R903"});
}

TEST_CASE("floe init never writes through a .floe that is a symlink", "[oci][init]") {
  ArtifactWorkspace ws;
  publish(ws, "2.0.0", "enterprise/manifest.yaml");
  publish(ws, "1.3.0", "enterprise/domains/sales/manifest.yaml");
  fs::path product = ws.examples / "customer-360/floe.yaml";
  fs::path elsewhere = ws.examples / "elsewhere";
  fs::create_directories(elsewhere / "platform");
  write_file(elsewhere / "platform" / "keep.txt", "not floe's\n");
  fs::create_directory_symlink(elsewhere, ws.examples / "customer-360/.floe");
  auto init = ws.floe({"init", "--platform=oci-layout:../registry/sales:1.3.0", product.string()});
  INFO(init.process.out << init.process.err);
  CHECK(init.process.exit_code != 0);
  CHECK((init.process.out + init.process.err).find("is a symbolic link") != std::string::npos);
  CHECK(fs::exists(elsewhere / "platform" / "keep.txt"));
  CHECK_FALSE(fs::exists(elsewhere / "platform" / "manifest.json"));
}

TEST_CASE("floe init --platform=VERSION takes the repository from platform.ref", "[oci][init]") {
  ArtifactWorkspace ws;
  publish(ws, "2.0.0", "enterprise/manifest.yaml");
  publish(ws, "1.3.0", "enterprise/domains/sales/manifest.yaml");
  fs::path product = ws.examples / "customer-360/floe.yaml";
  REQUIRE(ws.floe({"init", "--platform=oci-layout:../registry/sales:1.3.0", product.string()}).process.exit_code == 0);
  auto again = ws.floe({"init", "--platform=1.3.0", product.string()});
  CHECK(again.process.exit_code == 0);
  auto missing = ws.floe({"init", "--platform=7.7.7", product.string()});
  CHECK(missing.process.exit_code == 3);
  CHECK(codes(missing.report) == std::vector<std::string>{"FLOE-R903"});

  // A bare version with no OCI platform.ref and no FLOE_PLATFORM_REGISTRY says what to do.
  auto fresh = ws.floe({"init", "--platform=1.3.0", (ws.examples / "quickstart-dbt/floe.yaml").string()});
  CHECK(fresh.process.exit_code == 3);
  CHECK(codes(fresh.report) == std::vector<std::string>{"FLOE-R907"});
}

TEST_CASE("3-tier across artifacts: a domain's parent_manifest names the published enterprise", "[oci][init]") {
  ArtifactWorkspace ws;
  publish(ws, "2.0.0", "enterprise/manifest.yaml");
  fs::path domain = ws.examples / "enterprise/domains/sales/manifest.yaml";
  std::string text = read_file(domain);
  text.replace(text.find("parent_manifest: ../../manifest.yaml"), 36, "parent_manifest: oci-layout:../../../registry/enterprise:2.0.0");
  write_file(domain, text);
  auto compiled = ws.floe({"platform", "compile", domain.string()});
  INFO(compiled.process.err);
  REQUIRE(compiled.process.exit_code == 0);
  json::value m = json::parse(read_file(domain.parent_path() / "target/platform/manifest.json"));
  CHECK(m.at("chain").as_array().at(0).at("name") == "acme-enterprise");
  CHECK(m.at("chain").as_array().at(0).at("ref") == "oci-layout:../../../registry/enterprise:2.0.0");

  // The enterprise may require signatures for its children: artifacts.verification.
  std::string with_policy = read_file(domain);
  with_policy.replace(with_policy.find("artifacts:\n"), 11, "artifacts:\n  verification: {policy: enforce, keys: [../../../nokey.pub]}\n");
  write_file(domain, with_policy);
  REQUIRE(ws.floe({"artifact", "keygen", "--prefix", (ws.examples / "nokey").string()}).process.exit_code == 0);
  auto refused = ws.floe({"platform", "compile", domain.string()});
  CHECK(refused.process.exit_code == 7);
  CHECK(codes(refused.report) == std::vector<std::string>{"FLOE-R905"});
}
