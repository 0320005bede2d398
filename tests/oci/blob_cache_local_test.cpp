// BlobCache: fetch-once, nothing unverified ever cached, concurrency,
// references, listing and pruning.
#include <catch2/catch.hpp>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "oci/blob_cache.hpp"
#include "oci/media_types.hpp"
#include "oci/verified_file.hpp"
#include "temp_dir.hpp"

using namespace floe;
using namespace floe::oci;
using floe::test::read_file;
using floe::test::TempDir;
using floe::test::write_file;
namespace fs = std::filesystem;

namespace {

// A remote that counts fetches. It deliberately writes straight to the
// destination without checking anything (a broken ContentTarget), so these
// tests show the cache itself keeps unverified bytes out.
class CountingTarget : public ContentTarget {
 public:
  std::map<std::string, std::string> served;  // digest -> bytes sent
  std::atomic<int> fetches{0};

  std::string describe() const override { return "counting-fake"; }
  Result<bool> blob_exists(const Descriptor& d) override { return served.count(d.digest) > 0; }
  Result<Ok> push_blob(const Descriptor&, const BlobSource&, const ProgressFn&) override { return unsupported(); }
  Result<Ok> fetch_blob(const Descriptor& d, const std::string& dest_path, const ProgressFn&) override {
    ++fetches;
    auto it = served.find(d.digest);
    if (it == served.end()) return make_error(FLOE_ERR_NOT_FOUND, "no such blob");
    std::ofstream(dest_path, std::ios::binary | std::ios::trunc) << it->second;
    return Ok{};
  }
  Result<std::optional<Descriptor>> resolve(const std::string&) override { return unsupported(); }
  Result<FetchedManifest> fetch_manifest(const std::string&) override { return unsupported(); }
  Result<Ok> push_manifest(const std::string&, std::string_view, const std::string&) override { return unsupported(); }
  Result<std::vector<std::string>> list_tags() override { return unsupported(); }
  Result<std::vector<Descriptor>> referrers(const std::string&, const std::string&) override { return unsupported(); }
  Result<Ok> add_referrer(const std::string&, const Descriptor&) override { return unsupported(); }

 private:
  static Error unsupported() { return make_error(FLOE_ERR_NOT_IMPLEMENTED, "not used by these tests"); }
};

Descriptor describe_bytes(const std::string& bytes, const char* media_type = kPlatformFileLayer) {
  return Descriptor{media_type, digest_of(bytes), static_cast<std::int64_t>(bytes.size()), {}, {}};
}

std::size_t files_under(const fs::path& dir) {
  std::error_code ec;
  std::size_t n = 0;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); ++it)
    if (it->is_regular_file()) ++n;
  return n;
}

void age(const std::string& path, std::chrono::hours by) {
  fs::last_write_time(path, fs::file_time_type::clock::now() - by);
}

constexpr std::chrono::hours kForty_days{40 * 24};

}  // namespace

TEST_CASE("ensure fetches a blob once and serves it from the cache afterwards") {
  TempDir tmp;
  BlobCache cache((tmp.path() / "cache").string());
  CountingTarget remote;
  std::string bytes = R"({"policies":[1,2,3]})";
  auto d = describe_bytes(bytes);
  remote.served[d.digest] = bytes;

  CHECK_FALSE(cache.has(d));
  auto first = cache.ensure(remote, d, {});
  REQUIRE(first.ok());
  CHECK(*first == cache.blob_path(d.digest));
  CHECK(read_file(*first) == bytes);
  auto second = cache.ensure(remote, d, {});
  REQUIRE(second.ok());
  CHECK(remote.fetches == 1);
  CHECK(cache.has(d));
  // A descriptor claiming another size is not a hit.
  CHECK_FALSE(cache.has(Descriptor{kPlatformFileLayer, d.digest, d.size + 1, {}, {}}));
}

TEST_CASE("a blob that does not match its descriptor never enters the cache") {
  TempDir tmp;
  BlobCache cache((tmp.path() / "cache").string());
  CountingTarget remote;
  std::string bytes = R"({"a":1})";
  auto d = describe_bytes(bytes);
  SECTION("changed byte") { remote.served[d.digest] = R"({"a":2})"; }
  SECTION("truncated") { remote.served[d.digest] = R"({"a")"; }
  auto got = cache.ensure(remote, d, {});
  REQUIRE_FALSE(got.ok());
  CHECK(is_verification_error(got.error()));
  CHECK_FALSE(cache.has(d));
  CHECK(files_under(tmp.path() / "cache") == 0);
}

TEST_CASE("concurrent ensure of the same blob succeeds everywhere") {
  TempDir tmp;
  std::string root = (tmp.path() / "cache").string();
  CountingTarget remote;
  std::string bytes(200000, 'x');
  auto d = describe_bytes(bytes);
  remote.served[d.digest] = bytes;
  constexpr int kThreads = 6;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&] {
      BlobCache cache(root);
      if (auto p = cache.ensure(remote, d, {}); p.ok() && read_file(*p) == bytes) ++ok;
    });
  for (auto& t : threads) t.join();
  CHECK(ok == kThreads);
  CHECK(files_under(tmp.path() / "cache") == 1);  // no temporary files left behind
}

TEST_CASE("put and read round-trip, a corrupt cached blob is dropped") {
  TempDir tmp;
  BlobCache cache((tmp.path() / "cache").string());
  std::string manifest = R"({"schemaVersion":2})";
  auto d = describe_bytes(manifest, kImageManifest);
  REQUIRE(cache.put(d, manifest).ok());
  auto back = cache.read(d);
  REQUIRE(back.ok());
  CHECK(*back == manifest);

  auto wrong = cache.put(describe_bytes("other"), manifest);
  REQUIRE_FALSE(wrong.ok());
  CHECK(is_verification_error(wrong.error()));

  write_file(cache.blob_path(d.digest), R"({"schemaVersion":3})");
  auto corrupt = cache.read(d);
  REQUIRE_FALSE(corrupt.ok());
  CHECK(is_verification_error(corrupt.error()));
  CHECK_FALSE(fs::exists(cache.blob_path(d.digest)));
}

TEST_CASE("remember, recall and list") {
  TempDir tmp;
  BlobCache cache((tmp.path() / "cache").string());
  std::string manifest = R"({"schemaVersion":2,"n":1})";
  auto d = describe_bytes(manifest, kImageManifest);
  REQUIRE(cache.put(d, manifest).ok());
  CHECK_FALSE(cache.recall("oci://r/acme:1.0.0").has_value());
  REQUIRE(cache.remember("oci://r/acme:1.0.0", d.digest).ok());
  REQUIRE(cache.remember("oci://r/acme:latest", d.digest).ok());
  CHECK(cache.recall("oci://r/acme:1.0.0") == d.digest);
  CHECK_FALSE(cache.remember("oci://r/acme:bad", "sha256:nothex").ok());

  auto entries = cache.list();
  REQUIRE(entries.ok());
  REQUIRE(entries->size() == 1);
  CHECK(entries->front().digest == d.digest);
  CHECK(entries->front().size == d.size);
  CHECK(entries->front().last_used > 0);
  CHECK(entries->front().references == std::vector<std::string>{"oci://r/acme:1.0.0", "oci://r/acme:latest"});
}

TEST_CASE("prune by age, with --all, and as a dry run") {
  TempDir tmp;
  BlobCache cache((tmp.path() / "cache").string());
  // An old platform (manifest + layer + extracted dir) and a recent loose blob.
  std::string layer = R"({"old":true})";
  auto layer_d = describe_bytes(layer);
  boost::json::object m{{"schemaVersion", 2}, {"layers", boost::json::array{descriptor_to_json(layer_d)}}};
  std::string manifest = boost::json::serialize(m);
  auto manifest_d = describe_bytes(manifest, kImageManifest);
  std::string fresh = R"({"fresh":true})";
  auto fresh_d = describe_bytes(fresh);
  for (const auto& [d, bytes] : {std::pair{manifest_d, manifest}, {layer_d, layer}, {fresh_d, fresh}})
    REQUIRE(cache.put(d, bytes).ok());
  write_file(fs::path(cache.platform_dir(manifest_d.digest)) / "manifest.json", "{}");
  REQUIRE(cache.remember("oci://r/acme:1.0.0", manifest_d.digest).ok());
  age(cache.blob_path(manifest_d.digest), kForty_days);
  age(cache.blob_path(layer_d.digest), kForty_days);

  SECTION("dry run changes nothing") {
    auto r = cache.prune({false, 30 * 86400, true});
    REQUIRE(r.ok());
    CHECK(r->removed == 2);
    CHECK(r->bytes == static_cast<std::int64_t>(manifest.size() + layer.size() + 2));
    CHECK(cache.has(manifest_d));
    CHECK(fs::exists(cache.platform_dir(manifest_d.digest)));
    CHECK(cache.recall("oci://r/acme:1.0.0").has_value());
  }
  SECTION("old blobs go with their platform and references") {
    auto r = cache.prune({});
    REQUIRE(r.ok());
    CHECK(r->removed == 2);
    CHECK_FALSE(fs::exists(cache.blob_path(manifest_d.digest)));
    CHECK_FALSE(fs::exists(cache.blob_path(layer_d.digest)));
    CHECK_FALSE(fs::exists(cache.platform_dir(manifest_d.digest)));
    CHECK_FALSE(cache.recall("oci://r/acme:1.0.0").has_value());
    CHECK(cache.has(fresh_d));
  }
  SECTION("a recently used manifest keeps its old layers") {
    REQUIRE(cache.has(manifest_d));  // a use
    auto r = cache.prune({});
    REQUIRE(r.ok());
    CHECK(r->removed == 0);
    CHECK(fs::exists(cache.blob_path(layer_d.digest)));
  }
  SECTION("--all removes everything") {
    auto r = cache.prune({true, 0, false});
    REQUIRE(r.ok());
    CHECK(r->removed == 3);
    auto entries = cache.list();
    REQUIRE(entries.ok());
    CHECK(entries->empty());
    CHECK_FALSE(fs::exists(cache.platform_dir(manifest_d.digest)));
  }
}

TEST_CASE("the default cache root follows XDG_CACHE_HOME, then HOME") {
  std::string saved_xdg = std::getenv("XDG_CACHE_HOME") ? std::getenv("XDG_CACHE_HOME") : "";
  std::string saved_home = std::getenv("HOME") ? std::getenv("HOME") : "";
  ::setenv("XDG_CACHE_HOME", "/x/cache", 1);
  ::setenv("HOME", "/home/u", 1);
  CHECK(BlobCache::default_root() == "/x/cache/floe/oci");
  ::unsetenv("XDG_CACHE_HOME");
  CHECK(BlobCache::default_root() == "/home/u/.cache/floe/oci");
  if (saved_xdg.empty()) ::unsetenv("XDG_CACHE_HOME");
  else ::setenv("XDG_CACHE_HOME", saved_xdg.c_str(), 1);
  ::setenv("HOME", saved_home.c_str(), 1);
}

TEST_CASE("a cache hit is cheap") {
  TempDir tmp;
  BlobCache cache((tmp.path() / "cache").string());
  CountingTarget remote;
  std::string bytes = "{}";
  auto d = describe_bytes(bytes);
  remote.served[d.digest] = bytes;
  REQUIRE(cache.ensure(remote, d, {}).ok());
  REQUIRE(cache.remember("oci://r/acme:1", d.digest).ok());
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) {
    REQUIRE(cache.ensure(remote, d, {}).ok());
    REQUIRE(cache.recall("oci://r/acme:1").has_value());
  }
  auto each = (std::chrono::steady_clock::now() - start) / 100;
  CHECK(each < std::chrono::milliseconds(2));
}
