// LayoutTarget against skopeo, an independent reader and writer of OCI
// layouts, plus tampering, concurrency and tag semantics.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <filesystem>
#include <thread>

#include "oci/layout_target.hpp"
#include "oci/media_types.hpp"
#include "artifacts/platform_artifact.hpp"
#include "oci/verified_file.hpp"
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

const std::string kSkopeo = "/usr/bin/skopeo";

// Packs a two-file platform and pushes it (blobs, then the manifest) as `tag`.
PackedArtifact push_platform(LayoutTarget& target, const fs::path& work, const std::string& tag,
                             const std::string& version = "1.0.0") {
  write_file(work / "compiled" / "manifest.json", R"({"name":"acme","version":")" + version + R"("})");
  write_file(work / "compiled" / "policies" / "naming.json", R"({"rules":[]})");
  auto packed = pack_platform_directory((work / "compiled").string(), ArtifactInfo{"acme", version, "", "", "", "", ""});
  REQUIRE(packed.ok());
  auto config = empty_config_descriptor();
  REQUIRE(target.push_blob(config, BlobSource{"", kEmptyData}, {}).ok());
  for (const auto& f : packed->files) REQUIRE(target.push_blob(f.layer, BlobSource{f.path, ""}, {}).ok());
  REQUIRE(target.push_manifest(tag, packed->manifest, kImageManifest).ok());
  return std::move(*packed);
}

std::string layout_blob(const fs::path& layout, const std::string& digest) {
  return (layout / "blobs" / "sha256" / digest_hex(digest)).string();
}

std::size_t entries_named(const fs::path& layout, const std::string& tag) {
  auto index = boost::json::parse(read_file(layout / "index.json")).as_object();
  std::size_t n = 0;
  for (const auto& e : index["manifests"].as_array())
    if (auto* an = e.as_object().if_contains("annotations"))
      if (auto* name = an->as_object().if_contains(kRefName); name && name->as_string() == tag) ++n;
  return n;
}

}  // namespace

TEST_CASE("a layout floe writes reads back byte-identical through skopeo") {
  TempDir tmp;
  fs::path layout = tmp.path() / "layout";
  LayoutTarget target(layout.string(), true);
  auto packed = push_platform(target, tmp.path(), "1.0.0");
  // Layouts get shared (copied, served, committed): blobs are world-readable like index.json.
  for (const auto& f : packed.files)
    CHECK((fs::status(layout_blob(layout, f.layer.digest)).permissions() & fs::perms::others_read) != fs::perms::none);

  auto inspect = run_process(kSkopeo, {"inspect", "--raw", "oci:" + layout.string() + ":1.0.0"});
  INFO(inspect.err);
  REQUIRE(inspect.exit_code == 0);
  CHECK(inspect.out == packed.manifest);

  fs::path other = tmp.path() / "other";
  auto copy = run_process(kSkopeo, {"--insecure-policy", "copy", "oci:" + layout.string() + ":1.0.0",
                                    "oci:" + other.string() + ":1.0.0"});
  INFO(copy.err);
  REQUIRE(copy.exit_code == 0);
  LayoutTarget copied(other.string(), false);
  auto resolved = copied.resolve("1.0.0");
  REQUIRE(resolved.ok());
  REQUIRE(resolved->has_value());
  CHECK((*resolved)->digest == packed.descriptor.digest);
}

TEST_CASE("a layout skopeo wrote is read and verified") {
  TempDir tmp;
  fs::path source = tmp.path() / "source";
  LayoutTarget writer(source.string(), true);
  auto packed = push_platform(writer, tmp.path(), "2.0.0", "2.0.0");
  fs::path by_skopeo = tmp.path() / "by-skopeo";
  auto copy = run_process(kSkopeo, {"--insecure-policy", "copy", "oci:" + source.string() + ":2.0.0",
                                    "oci:" + by_skopeo.string() + ":2.0.0"});
  INFO(copy.err);
  REQUIRE(copy.exit_code == 0);

  LayoutTarget reader(by_skopeo.string(), false);
  auto resolved = reader.resolve("2.0.0");
  REQUIRE(resolved.ok());
  REQUIRE(resolved->has_value());
  CHECK((*resolved)->media_type == kImageManifest);
  auto fetched = reader.fetch_manifest("2.0.0");
  REQUIRE(fetched.ok());
  CHECK(fetched->bytes == packed.manifest);
  CHECK(fetched->digest == packed.descriptor.digest);
  CHECK(reader.fetch_manifest(packed.descriptor.digest).ok());
  auto tags = reader.list_tags();
  REQUIRE(tags.ok());
  CHECK(*tags == std::vector<std::string>{"2.0.0"});
  for (const auto& f : packed.files) {
    fs::path dest = tmp.path() / "out" / f.title;
    auto got = reader.fetch_blob(f.layer, dest.string(), {});
    INFO(f.title);
    REQUIRE(got.ok());
    CHECK(read_file(dest) == read_file(f.path));
  }
}

TEST_CASE("a tampered layout blob is a verification error and nothing reaches the destination") {
  TempDir tmp;
  fs::path layout = tmp.path() / "layout";
  LayoutTarget target(layout.string(), true);
  auto packed = push_platform(target, tmp.path(), "1.0.0");
  const auto& layer = packed.files.front().layer;
  std::string original = read_file(layout_blob(layout, layer.digest));
  fs::path out = tmp.path() / "out";

  SECTION("same size, one byte changed") {
    std::string changed = original;
    changed[1] = changed[1] == 'x' ? 'y' : 'x';
    write_file(layout_blob(layout, layer.digest), changed);
  }
  SECTION("truncated") { write_file(layout_blob(layout, layer.digest), original.substr(0, original.size() / 2)); }
  SECTION("longer") { write_file(layout_blob(layout, layer.digest), original + " "); }

  auto got = LayoutTarget(layout.string(), false).fetch_blob(layer, (out / "file.json").string(), {});
  REQUIRE_FALSE(got.ok());
  CHECK(is_verification_error(got.error()));
  CHECK_THAT(got.error().message, Catch::Contains(layout.string()));
  CHECK((!fs::exists(out) || fs::is_empty(out)));
}

TEST_CASE("a tampered manifest in a layout is refused") {
  TempDir tmp;
  fs::path layout = tmp.path() / "layout";
  LayoutTarget target(layout.string(), true);
  auto packed = push_platform(target, tmp.path(), "1.0.0");
  std::string changed = packed.manifest;
  changed[changed.size() - 2] = ' ';
  write_file(layout_blob(layout, packed.descriptor.digest), changed);
  auto fetched = LayoutTarget(layout.string(), false).fetch_manifest("1.0.0");
  REQUIRE_FALSE(fetched.ok());
  CHECK(is_verification_error(fetched.error()));
}

TEST_CASE("concurrent pushes of different tags keep every entry") {
  TempDir tmp;
  fs::path layout = tmp.path() / "layout";
  constexpr int kPerWriter = 15;
  // Separate targets (as separate processes would have): only the index
  // lock keeps their read-modify-write cycles apart.
  auto writer = [&](const std::string& prefix) {
    LayoutTarget target(layout.string(), true);
    for (int i = 0; i < kPerWriter; ++i) {
      std::string manifest = R"({"schemaVersion":2,"mediaType":")" + std::string(kImageManifest) + R"(","n":")" +
                             prefix + std::to_string(i) + R"("})";
      if (!target.push_manifest(prefix + std::to_string(i), manifest, kImageManifest).ok()) return false;
    }
    return true;
  };
  bool a_ok = false, b_ok = false, c_ok = false;
  std::thread a([&] { a_ok = writer("a"); });
  std::thread b([&] { b_ok = writer("b"); });
  c_ok = writer("c");
  a.join();
  b.join();
  CHECK((a_ok && b_ok && c_ok));
  auto tags = LayoutTarget(layout.string(), false).list_tags();
  REQUIRE(tags.ok());
  CHECK(tags->size() == 3 * kPerWriter);
  CHECK(std::is_sorted(tags->begin(), tags->end()));
}

TEST_CASE("pushing a tag again replaces its entry, and a push by digest adds one untagged entry") {
  TempDir tmp;
  fs::path layout = tmp.path() / "layout";
  LayoutTarget target(layout.string(), true);
  std::string first = R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","n":1})";
  std::string second = R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","n":2})";
  REQUIRE(target.push_manifest("v1", first, kImageManifest).ok());
  REQUIRE(target.push_manifest("v1", second, kImageManifest).ok());
  auto resolved = target.resolve("v1");
  REQUIRE(resolved.ok());
  REQUIRE(resolved->has_value());
  CHECK((*resolved)->digest == digest_of(second));
  CHECK(entries_named(layout, "v1") == 1);

  REQUIRE(target.push_manifest(digest_of(first), first, kImageManifest).ok());
  REQUIRE(target.push_manifest(digest_of(first), first, kImageManifest).ok());
  auto index = boost::json::parse(read_file(layout / "index.json")).as_object();
  CHECK(index["manifests"].as_array().size() == 2);
  auto by_digest = target.fetch_manifest(digest_of(first));
  REQUIRE(by_digest.ok());
  CHECK(by_digest->bytes == first);

  auto wrong = target.push_manifest(digest_of(second), first, kImageManifest);
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().code == FLOE_ERR_INVALID_ARGUMENT);
}

TEST_CASE("a missing layout is not found unless created") {
  TempDir tmp;
  std::string dir = (tmp.path() / "nowhere").string();
  auto tags = LayoutTarget(dir, false).list_tags();
  REQUIRE_FALSE(tags.ok());
  CHECK(tags.error().code == FLOE_ERR_NOT_FOUND);
  CHECK_THAT(tags.error().message, Catch::Contains(dir));
  CHECK_FALSE(fs::exists(dir));

  LayoutTarget created(dir, true);
  auto none = created.resolve("1.0.0");
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
  CHECK(read_file(fs::path(dir) / "oci-layout") == R"({"imageLayoutVersion":"1.0.0"})");
  auto missing = created.fetch_manifest("1.0.0");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == FLOE_ERR_NOT_FOUND);
}

TEST_CASE("referrers are found by subject and through the fallback index") {
  TempDir tmp;
  fs::path layout = tmp.path() / "layout";
  LayoutTarget target(layout.string(), true);
  auto packed = push_platform(target, tmp.path(), "1.0.0");
  const std::string& subject = packed.descriptor.digest;
  boost::json::object referrer_manifest{
      {"schemaVersion", 2}, {"mediaType", kImageManifest}, {"artifactType", "application/vnd.example.sbom"},
      {"config", descriptor_to_json(empty_config_descriptor())}, {"layers", boost::json::array()},
      {"subject", descriptor_to_json(packed.descriptor)}, {"annotations", {{"k", "v"}}}};
  std::string bytes = boost::json::serialize(referrer_manifest);
  Descriptor referrer{kImageManifest, digest_of(bytes), static_cast<std::int64_t>(bytes.size()),
                      "application/vnd.example.sbom", {{"k", "v"}}};
  REQUIRE(target.push_manifest(referrer.digest, bytes, kImageManifest).ok());
  REQUIRE(target.add_referrer(subject, referrer).ok());
  REQUIRE(target.add_referrer(subject, referrer).ok());  // no duplicate

  auto found = target.referrers(subject, "");
  REQUIRE(found.ok());
  REQUIRE(found->size() == 1);
  CHECK(found->front().digest == referrer.digest);
  CHECK(found->front().artifact_type == "application/vnd.example.sbom");
  auto filtered = target.referrers(subject, "application/vnd.other");
  REQUIRE(filtered.ok());
  CHECK(filtered->empty());

  // The fallback index alone (a referrer pushed without an index entry of its own).
  Descriptor unlisted{kImageManifest, digest_of("x"), 1, "application/vnd.example.sig", {}};
  REQUIRE(target.add_referrer(subject, unlisted).ok());
  auto tags = target.list_tags();
  REQUIRE(tags.ok());
  CHECK(std::count(tags->begin(), tags->end(), "sha256-" + digest_hex(subject)) == 1);
  auto both = target.referrers(subject, "");
  REQUIRE(both.ok());
  CHECK(both->size() == 2);
}
