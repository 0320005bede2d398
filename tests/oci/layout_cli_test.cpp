// Publish, pull, init and compile through the floe executable on the
// embedded default: OCI Image Layout directories (no server). skopeo is the
// independent reader of what floe writes.
#include <catch2/catch.hpp>

#include <functional>
#include <thread>

#include "artifact_test_support.hpp"
#include "core/sha256.hpp"

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

TEST_CASE("two publishes of different content to one version at once: exactly one wins", "[oci][layout][race]") {
  // Before, the tag was checked, then written without the layout's lock:
  // 19 of 20 such races had both publishes exit 0.
  ArtifactWorkspace ws;
  fs::path a = ws.examples / "platform/manifest.yaml";
  // Its own folder: each publish compiles into target/ beside its manifest,
  // and the same layout (../registry/platform) receives both.
  fs::copy(ws.examples / "platform", ws.examples / "platform-b", fs::copy_options::recursive);
  fs::path b = ws.examples / "platform-b/manifest.yaml";
  std::string text = read_file(a);
  text.replace(text.find("owner: platform-team@acme.com"), 29, "owner: data-platform@acme.com");
  write_file(b, text);
  fs::path layout = ws.examples / "registry/platform";
  for (int round = 0; round < 10; ++round) {
    fs::remove_all(layout);
    // Only the processes run on the threads: Catch2's assertions (which
    // ws.floe makes) are not thread-safe, and two at once corrupted its
    // message stack (ASan: heap-use-after-free in Catch::MessageInfo).
    ProcessResult ran_first, ran_second;
    std::thread one([&] { ran_first = ws.floe_text({"platform", "publish", "1.0.0", a.string(), "--format", "json"}); });
    std::thread two([&] { ran_second = ws.floe_text({"platform", "publish", "1.0.0", b.string(), "--format", "json"}); });
    one.join();
    two.join();
    const JsonRun first{ran_first, run_report(ran_first)};
    const JsonRun second{ran_second, run_report(ran_second)};
    INFO("round " << round << "\n" << first.process.out << first.process.err << second.process.out << second.process.err);
    REQUIRE((first.process.exit_code == 0) != (second.process.exit_code == 0));
    const JsonRun& loser = first.process.exit_code == 0 ? second : first;
    const JsonRun& winner = first.process.exit_code == 0 ? first : second;
    CHECK(loser.process.exit_code == 4);
    CHECK(codes(loser.report) == std::vector<std::string>{"FLOE-R906"});
    std::string won = str(winner.report, {"result", "digest"});
    CHECK(find_diagnostic(loser.report, "FLOE-R906")->at("message").as_string().find(won) != std::string::npos);
    auto skopeo = run_process("/usr/bin/skopeo", {"inspect", "--raw", "oci:" + layout.string() + ":1.0.0"});
    CHECK(read_file(layout_blob(layout, won)) == skopeo.out);  // the tag names the winner's content
  }
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

namespace {

// A published platform whose manifest (served as 1.0.0) is replaced by
// `change` applied to it: consistent bytes, as another tool could have pushed.
struct ForgedPlatform {
  ArtifactWorkspace ws;
  fs::path layout = ws.examples / "registry/platform";
  std::string ref = "oci-layout:" + layout.string() + ":1.0.0";

  explicit ForgedPlatform(const std::function<void(json::object&)>& change) {
    auto pub = ws.floe({"platform", "publish", "1.0.0", (ws.examples / "platform/manifest.yaml").string()});
    REQUIRE(pub.process.exit_code == 0);
    std::string digest = str(pub.report, {"result", "digest"});
    json::value m = json::parse(read_file(layout_blob(layout, digest)));
    change(m.as_object());
    forge_layout_manifest(layout, digest, json::serialize(m));
  }
};

}  // namespace

TEST_CASE("a floe artifactType with an oras directory archive layer is refused, naming the layer", "[oci][layout][interop]") {
  // What `oras push --artifact-type application/vnd.floe.platform.v1+json REF platform/` writes:
  // the directory as one tar+gzip layer (a real blob here) that oras unpacks on pull.
  std::string archive = "\x1f\x8b not really a tarball, but a real blob";
  ForgedPlatform f([&](json::object& m) {
    json::object layer{{"mediaType", "application/vnd.oci.image.layer.v1.tar+gzip"},
                       {"digest", "sha256:" + floe::sha256_hex(archive)},
                       {"size", archive.size()},
                       {"annotations", json::object{{"io.deis.oras.content.digest", "sha256:" + floe::sha256_hex("tar")},
                                                    {"io.deis.oras.content.unpack", "true"},
                                                    {"org.opencontainers.image.title", "platform"}}}};
    m["layers"] = json::array{layer};
  });
  write_file(layout_blob(f.layout, "sha256:" + floe::sha256_hex(archive)), archive);

  auto pulled = f.ws.floe({"platform", "pull", f.ref, "-o", f.ws.path("out")});
  CHECK(pulled.process.exit_code == 7);
  REQUIRE(codes(pulled.report) == std::vector<std::string>{"FLOE-R904"});
  const auto* d = find_diagnostic(pulled.report, "FLOE-R904");
  std::string message(d->at("message").as_string()), hint(d->at("hint").as_string());
  CHECK_THAT(message, Catch::Contains("layer 1 'platform'"));
  CHECK_THAT(message, Catch::Contains("application/vnd.oci.image.layer.v1.tar+gzip"));
  CHECK_THAT(message, Catch::Contains("does not unpack archives"));
  CHECK_THAT(hint, Catch::Contains("floe platform publish"));
  CHECK(hint.find("tampered") == std::string::npos);
  CHECK_FALSE(fs::exists(f.ws.path("out")));
}

TEST_CASE("a foreign artifactType is 'not a floe platform artifact', not tampering", "[oci][layout][interop]") {
  std::string type, what;
  SECTION("a Helm chart") {
    type = "application/vnd.cncf.helm.config.v1+json";
    what = "a Helm chart";
  }
  SECTION("a container image (no artifactType, an image config)") { what = "a container image"; }
  ForgedPlatform f([&](json::object& m) {
    if (type.empty()) {
      m.erase("artifactType");
      m["config"].as_object()["mediaType"] = "application/vnd.oci.image.config.v1+json";
    } else {
      m["artifactType"] = type;
    }
  });
  auto pulled = f.ws.floe({"platform", "pull", f.ref, "-o", f.ws.path("out")});
  CHECK(pulled.process.exit_code == 7);
  REQUIRE(codes(pulled.report) == std::vector<std::string>{"FLOE-R904"});
  std::string hint(find_diagnostic(pulled.report, "FLOE-R904")->at("hint").as_string());
  CHECK_THAT(hint, Catch::StartsWith("not a floe platform artifact: this is " + what));
  CHECK_THAT(hint, Catch::Contains("floe platform publish"));
  CHECK(hint.find("tampered") == std::string::npos);
  CHECK_FALSE(fs::exists(f.ws.path("out")));
}
