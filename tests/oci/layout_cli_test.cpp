// Publish, pull, init and compile through the floe executable on the
// embedded default: OCI Image Layout directories (no server). skopeo is the
// independent reader of what floe writes.
#include <catch2/catch.hpp>

#include "artifact_test_support.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

std::string str(const json::value& v, std::initializer_list<const char*> keys) {
  const json::value* cur = &v;
  for (const char* k : keys) cur = &cur->at(k);
  return std::string(cur->as_string());
}

}  // namespace

TEST_CASE("publish to an OCI layout: skopeo reads the same bytes, republishing changes nothing", "[oci][layout]") {
  ArtifactWorkspace ws;
  std::string manifest = (ws.examples / "platform/manifest.yaml").string();
  auto first = ws.floe({"platform", "publish", "1.0.0", manifest});
  REQUIRE(first.process.exit_code == 0);
  std::string digest = str(first.report, {"result", "digest"});
  CHECK(str(first.report, {"result", "reference"}).find(":1.0.0@" + digest) != std::string::npos);
  fs::path layout = ws.examples / "registry/platform";
  REQUIRE(fs::exists(layout / "oci-layout"));

  auto skopeo = run_process("/usr/bin/skopeo", {"inspect", "--raw", "oci:" + layout.string() + ":1.0.0"});
  REQUIRE(skopeo.exit_code == 0);
  CHECK(skopeo.out == read_file(layout_blob(layout, digest)));
  json::value m = json::parse(skopeo.out);
  CHECK(m.at("artifactType") == "application/vnd.floe.platform.v1+json");
  CHECK(m.at("config").at("mediaType") == "application/vnd.oci.empty.v1+json");
  CHECK(m.at("layers").as_array().size() == 7);
  CHECK(m.at("annotations").at("org.opencontainers.image.version") == "1.0.0");
  CHECK(m.at("annotations").at("dev.floe.platform.name") == "acme-platform");

  auto again = ws.floe({"platform", "publish", "1.0.0", manifest});
  REQUIRE(again.process.exit_code == 0);
  CHECK(str(again.report, {"result", "digest"}) == digest);
  CHECK(again.report.at("result").at("unchanged") == true);
}

TEST_CASE("a published version is immutable, mutable tags move only with --force", "[oci][layout]") {
  ArtifactWorkspace ws;
  fs::path manifest = ws.examples / "platform/manifest.yaml";
  auto first = ws.floe({"platform", "publish", "1.0.0", manifest.string()});
  REQUIRE(first.process.exit_code == 0);
  std::string digest = str(first.report, {"result", "digest"});
  REQUIRE(ws.floe({"platform", "publish", "dev-preview", manifest.string()}).process.exit_code == 0);

  std::string text = read_file(manifest);
  text.replace(text.find("owner: platform-team@acme.com"), 29, "owner: data-platform@acme.com");
  write_file(manifest, text);
  auto refused = ws.floe({"platform", "publish", "1.0.0", manifest.string()});
  CHECK(refused.process.exit_code == 4);
  REQUIRE(codes(refused.report) == std::vector<std::string>{"FLOE-R906"});
  CHECK(find_diagnostic(refused.report, "FLOE-R906")->at("message").as_string().find(digest) != std::string::npos);
  auto skopeo = run_process("/usr/bin/skopeo", {"inspect", "--raw", "oci:" + (ws.examples / "registry/platform").string() + ":1.0.0"});
  CHECK(read_file(layout_blob(ws.examples / "registry/platform", digest)) == skopeo.out);  // untouched

  CHECK(ws.floe({"platform", "publish", "dev-preview", manifest.string()}).process.exit_code == 4);
  auto forced = ws.floe({"platform", "publish", "dev-preview", manifest.string(), "--force"});
  CHECK(forced.process.exit_code == 0);
  CHECK(str(forced.report, {"result", "digest"}) != digest);
  CHECK(ws.floe({"platform", "publish", "1.0.0", manifest.string(), "--force"}).process.exit_code == 4);
}

TEST_CASE("the version must be the manifest's metadata.version", "[oci][layout]") {
  ArtifactWorkspace ws;
  auto run = ws.floe({"platform", "publish", "9.9.9", (ws.examples / "platform/manifest.yaml").string()});
  CHECK(run.process.exit_code == 3);
  CHECK(codes(run.report) == std::vector<std::string>{"FLOE-R907"});
  CHECK(ws.floe({"platform", "publish", "v1.0.0", (ws.examples / "platform/manifest.yaml").string()}).process.exit_code == 0);
}

TEST_CASE("pull writes exactly the compiled files, from the cache when pinned", "[oci][layout]") {
  ArtifactWorkspace ws;
  std::string manifest = (ws.examples / "platform/manifest.yaml").string();
  auto pub = ws.floe({"platform", "publish", "1.0.0", manifest});
  REQUIRE(pub.process.exit_code == 0);
  std::string digest = str(pub.report, {"result", "digest"});
  std::string ref = "oci-layout:" + (ws.examples / "registry/platform").string() + ":1.0.0";
  auto pulled = ws.floe({"platform", "pull", ref, "-o", ws.path("out")});
  REQUIRE(pulled.process.exit_code == 0);
  CHECK(tree_of(ws.path("out")) == tree_of(ws.examples / "platform/target/platform"));
  CHECK(str(pulled.report, {"result", "digest"}) == digest);

  // Pinned and cached: the layout may vanish (offline), the pull still works.
  fs::remove_all(ws.examples / "registry");
  auto offline = ws.floe({"platform", "pull", ref + "@" + digest, "-o", ws.path("out2")});
  REQUIRE(offline.process.exit_code == 0);
  CHECK(offline.report.at("result").at("network") == false);
  CHECK(tree_of(ws.path("out2")) == tree_of(ws.path("out")));
  // A tag needs the target: gone now.
  CHECK(ws.floe({"platform", "pull", ref}).process.exit_code == 3);
}

TEST_CASE("a tampered layout is rejected and nothing reaches the cache or the output", "[oci][layout][fault]") {
  ArtifactWorkspace ws;
  auto pub = ws.floe({"platform", "publish", "1.0.0", (ws.examples / "platform/manifest.yaml").string()});
  REQUIRE(pub.process.exit_code == 0);
  fs::path layout = ws.examples / "registry/platform";
  json::value m = json::parse(read_file(layout_blob(layout, str(pub.report, {"result", "digest"}))));
  std::string layer = std::string(m.at("layers").as_array()[1].at("digest").as_string());
  fs::path blob = layout_blob(layout, layer);
  std::string bytes = read_file(blob);

  SECTION("same size, one byte changed") { bytes[bytes.size() / 2] ^= 0x20; }
  SECTION("truncated") { bytes.resize(bytes.size() - 3); }
  write_file(blob, bytes);
  auto pulled = ws.floe({"platform", "pull", "oci-layout:" + layout.string() + ":1.0.0", "-o", ws.path("out")});
  CHECK(pulled.process.exit_code == 7);
  CHECK(codes(pulled.report) == std::vector<std::string>{"FLOE-R904"});
  CHECK_FALSE(fs::exists(ws.path("out")));
  CHECK_FALSE(fs::exists(ws.cache / "floe/oci/blobs/sha256" / layer.substr(7)));
  CHECK_FALSE(fs::exists(ws.cache / "floe/oci/platforms"));
}

TEST_CASE("layer titles that escape the output directory are refused", "[oci][layout][fault]") {
  ArtifactWorkspace ws;
  auto pub = ws.floe({"platform", "publish", "1.0.0", (ws.examples / "platform/manifest.yaml").string()});
  REQUIRE(pub.process.exit_code == 0);
  fs::path layout = ws.examples / "registry/platform";
  std::string digest = str(pub.report, {"result", "digest"});
  std::string manifest = read_file(layout_blob(layout, digest));
  std::string title;
  SECTION("parent directory") { title = "../../evil.json"; }
  SECTION("absolute path") { title = "/tmp/evil.json"; }
  std::string forged = manifest;
  auto at = forged.find("\"policies/access-control.json\"");
  REQUIRE(at != std::string::npos);
  forged.replace(at, std::string("\"policies/access-control.json\"").size(), "\"" + title + "\"");
  forge_layout_manifest(layout, digest, forged);  // served as 1.0.0, as a hostile registry would

  auto pulled = ws.floe({"platform", "pull", "oci-layout:" + layout.string() + ":1.0.0", "-o", ws.path("out/inner")});
  CHECK(pulled.process.exit_code == 7);
  CHECK(codes(pulled.report) == std::vector<std::string>{"FLOE-R904"});
  CHECK(find_diagnostic(pulled.report, "FLOE-R904")->at("message").as_string().find(title) != std::string::npos);
  CHECK_FALSE(fs::exists(ws.path("out")));
  CHECK_FALSE(fs::exists(ws.path("evil.json")));
  CHECK_FALSE(fs::exists("/tmp/evil.json"));
}
