// The platform artifact format: deterministic packing and a strict reader.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <filesystem>

#include "oci/media_types.hpp"
#include "artifacts/platform_artifact.hpp"
#include "temp_dir.hpp"

using namespace floe;
using namespace floe::oci;
using floe::test::TempDir;
using floe::test::write_file;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

std::vector<std::string> titles_of(const PackedArtifact& p) {
  std::vector<std::string> out;
  for (const auto& f : p.files) out.push_back(f.title);
  return out;
}

// A manifest with the given layers (title "" = no title annotation).
std::string manifest_with(const std::vector<std::string>& titles, const std::string& artifact_type = kPlatformArtifact) {
  json::array layers;
  for (const auto& t : titles) {
    Descriptor d{kPlatformFileLayer, digest_of(t), static_cast<std::int64_t>(t.size()), {}, {}};
    if (!t.empty()) d.annotations[kTitle] = t;
    layers.push_back(descriptor_to_json(d));
  }
  json::object m{{"schemaVersion", 2}, {"mediaType", kImageManifest}, {"artifactType", artifact_type},
                 {"config", descriptor_to_json(empty_config_descriptor())}, {"layers", std::move(layers)}};
  return json::serialize(m);
}

std::string problem_of(const std::string& manifest) {
  auto r = read_platform_manifest(manifest);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == FLOE_ERR_INVALID_ARGUMENT);
  return r.error().message;
}

}  // namespace

TEST_CASE("packing is deterministic and independent of file creation order") {
  TempDir tmp;
  ArtifactInfo info{"acme", "1.2.3", "org", "", "2026-01-01T00:00:00Z", "", ""};
  write_file(tmp.path() / "one" / "z.json", "{}");
  write_file(tmp.path() / "one" / "a" / "c.json", R"({"c":1})");
  write_file(tmp.path() / "one" / "a" / "b.json", R"({"b":1})");
  write_file(tmp.path() / "two" / "a" / "b.json", R"({"b":1})");
  write_file(tmp.path() / "two" / "a" / "c.json", R"({"c":1})");
  write_file(tmp.path() / "two" / "z.json", "{}");

  auto first = pack_platform_directory((tmp.path() / "one").string(), info);
  auto again = pack_platform_directory((tmp.path() / "one").string(), info);
  auto other = pack_platform_directory((tmp.path() / "two").string(), info);
  REQUIRE(first.ok());
  REQUIRE(again.ok());
  REQUIRE(other.ok());
  CHECK(first->manifest == again->manifest);
  CHECK(first->descriptor.digest == other->descriptor.digest);
  CHECK(first->descriptor.digest == digest_of(first->manifest));
  CHECK(first->descriptor.artifact_type == kPlatformArtifact);
  CHECK(titles_of(*first) == std::vector<std::string>{"a/b.json", "a/c.json", "z.json"});
  CHECK(first->files[2].layer.digest == digest_of("{}"));
  CHECK(fs::path(first->files[0].path).is_absolute());

  auto read = read_platform_manifest(first->manifest);
  REQUIRE(read.ok());
  CHECK(read->layers.size() == 3);
  CHECK(read->layers[1].title == "a/c.json");
  CHECK(read->annotations.at(kVersion) == "1.2.3");

  ArtifactInfo changed = info;
  changed.version = "1.2.4";
  auto bumped = pack_platform_directory((tmp.path() / "one").string(), changed);
  REQUIRE(bumped.ok());
  CHECK(bumped->descriptor.digest != first->descriptor.digest);
}

TEST_CASE("manifest annotations are omitted when empty and keep a fixed order") {
  TempDir tmp;
  write_file(tmp.path() / "dir" / "f.json", "{}");
  auto bare = pack_platform_directory((tmp.path() / "dir").string(), ArtifactInfo{});
  REQUIRE(bare.ok());
  auto bare_json = json::parse(bare->manifest).as_object();
  CHECK_FALSE(bare_json.contains("annotations"));
  CHECK(bare_json.at("artifactType") == kPlatformArtifact);
  CHECK(bare_json.at("config").at("digest") == kEmptyDigest);

  ArtifactInfo info{"acme", "1.0.0", "", "base", "2026-01-01T00:00:00Z", "https://git/acme", ""};
  auto full = pack_platform_directory((tmp.path() / "dir").string(), info);
  REQUIRE(full.ok());
  std::vector<std::string> keys;
  json::value parsed = json::parse(full->manifest);
  for (const auto& kv : parsed.at("annotations").as_object()) keys.emplace_back(kv.key());
  CHECK(keys == std::vector<std::string>{kCreated, kVersion, kSource, kFloePlatformName, kFloePlatformParent});
}

TEST_CASE("packing refuses symlinks and empty directories") {
  TempDir tmp;
  write_file(tmp.path() / "dir" / "f.json", "{}");
  fs::create_symlink("f.json", tmp.path() / "dir" / "link.json");
  auto r = pack_platform_directory((tmp.path() / "dir").string(), ArtifactInfo{});
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::Contains("link.json is a symbolic link"));

  fs::create_directories(tmp.path() / "empty");
  CHECK_FALSE(pack_platform_directory((tmp.path() / "empty").string(), ArtifactInfo{}).ok());
  auto missing = pack_platform_directory((tmp.path() / "missing").string(), ArtifactInfo{});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == FLOE_ERR_NOT_FOUND);
}

TEST_CASE("read_platform_manifest rejects unsafe or ambiguous layers") {
  CHECK(read_platform_manifest(manifest_with({"a.json", "dir/b.json"})).ok());
  CHECK_THAT(problem_of(manifest_with({"../evil.json"})), Catch::Contains("'..' component"));
  CHECK_THAT(problem_of(manifest_with({"/etc/passwd"})), Catch::Contains("absolute path"));
  CHECK_THAT(problem_of(manifest_with({"dir\\x.json"})), Catch::Contains("backslash"));
  CHECK_THAT(problem_of(manifest_with({"a.json", "a.json"})), Catch::Contains("duplicate title 'a.json'"));
  // A file and a folder of one name could not both be written out: refused before anything is
  // fetched, so such a pull leaves nothing in the cache (the oci_layout fuzzer checks that).
  CHECK_THAT(problem_of(manifest_with({"a", "a/b.json"})),
             Catch::Contains("layer titles 'a' and 'a/b.json' make 'a' both a file and a folder"));
  CHECK(read_platform_manifest(manifest_with({"a", "a.json", "ab/c.json"})).ok());
  CHECK_THAT(problem_of(manifest_with({""})), Catch::Contains("has no org.opencontainers.image.title"));
  CHECK_THAT(problem_of(manifest_with({"a.json"}, "application/vnd.example")),
             Catch::Contains("not a floe platform artifact (artifactType application/vnd.example)"));

  std::string all = problem_of(manifest_with({"../x", "/y", "ok.json", "ok.json", ""}, "application/other"));
  for (const char* expected : {"artifactType application/other", "'..' component", "absolute path", "duplicate", "no org"})
    CHECK_THAT(all, Catch::Contains(expected));
  CHECK_THAT(problem_of("[1]"), Catch::Contains("not a JSON object"));
  CHECK_THAT(problem_of(R"({"schemaVersion":1})"), Catch::Contains("schemaVersion is not 2"));
}

TEST_CASE("read_platform_manifest refuses layers that are not floe files, naming layer and media type") {
  // What `oras push --artifact-type application/vnd.floe.platform.v1+json REF platform/` writes:
  // the directory as one tar+gzip layer that oras unpacks on pull.
  Descriptor archive{"application/vnd.oci.image.layer.v1.tar+gzip", digest_of("tgz"), 3, {}, {}};
  archive.annotations[kTitle] = "platform";
  archive.annotations[kOrasUnpackAnnotation] = "true";
  archive.annotations["io.deis.oras.content.digest"] = digest_of("tar");
  json::object m = json::parse(manifest_with({"manifest.json"})).as_object();
  m["layers"].as_array().push_back(descriptor_to_json(archive));
  auto r = read_platform_manifest(json::serialize(m));
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::Contains("layer 2 'platform' (" + archive.digest + ")"));
  CHECK_THAT(r.error().message, Catch::Contains("media type application/vnd.oci.image.layer.v1.tar+gzip"));
  CHECK_THAT(r.error().message, Catch::Contains("io.deis.oras.content.unpack"));
  CHECK(r.error().detail.at("reason") == kForeignLayer);

  // A foreign artifactType says so, with what the artifact is.
  auto foreign = read_platform_manifest(manifest_with({"a.json"}, "application/vnd.cncf.helm.config.v1+json"));
  REQUIRE_FALSE(foreign.ok());
  CHECK(foreign.error().detail.at("reason") == kForeignArtifact);
  CHECK(foreign.error().detail.at("artifact_type") == "application/vnd.cncf.helm.config.v1+json");
}

TEST_CASE("check_title accepts clean relative paths only") {
  for (const char* ok : {"a", "a.json", "dir/sub/file.json", ".hidden", "a..b"}) CHECK(check_title(ok).ok());
  std::string long_component(256, 'x');
  for (const std::string& bad : {std::string(""), std::string("/a"), std::string("a/../b"), std::string("./a"),
                                std::string("a//b"), std::string("a/"), std::string("a\\b"), std::string("a\0b", 3),
                                long_component, "d/" + long_component})
    CHECK_FALSE(check_title(bad).ok());
  CHECK(check_title(std::string(255, 'x')).ok());
}
