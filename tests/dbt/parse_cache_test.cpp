// The parse cache of read_dbt_project (dbt/parse_cache.hpp): a second read
// takes unchanged files' results from it and gives exactly the project a
// read without it gives; a changed, added or removed file is seen; files
// with diagnostics and files changed within the last two seconds are never
// recorded; a corrupt or foreign cache is ignored, and a symlink at the
// cache's path is replaced, not written through (nor one as its folder).
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <sstream>

#include "dbt/dbt_project.hpp"
#include "dbt/parse_cache.hpp"
#include "project_compare.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using floe::Diagnostics;
using floe::SourceLocation;
using floe::dbt::DbtProject;
using floe::dbt::ParseCacheOptions;
using floe::dbt::ParseCacheStats;
using floe::dbt::read_dbt_project;
using floe::test::described;
using floe::test::read_file;
using floe::test::TempDir;
using floe::test::write_file;

namespace parse_cache_test {

const std::string kFixture = std::string(FLOE_TEST_SOURCE_DIR) + "/tests/fixtures/dbt-enforce";

std::string at(const SourceLocation& w) { return fmt::format("{}:{}:{}", w.file, w.line, w.column); }

std::string diagnostics_of(const Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.items()) out += d.code + " " + at(d.where) + " " + d.message + "\n";
  return out;
}

struct CachedRead {
  bool ok = false;
  DbtProject project;
  Diagnostics diags;
  ParseCacheStats stats;
};

CachedRead read(const std::string& dir, const std::string& cache_path, std::int64_t settle_ns = 0) {
  CachedRead r;
  ParseCacheOptions options;
  options.path = cache_path;
  options.key = "test key";
  options.stats = &r.stats;
  options.settle_ns = settle_ns;
  r.ok = read_dbt_project(dir, r.project, r.diags, false, options);
  return r;
}

CachedRead read_without_cache(const std::string& dir) {
  CachedRead r;
  r.ok = read_dbt_project(dir, r.project, r.diags, false);
  return r;
}

// A copy of the dbt-enforce fixture and where its cache goes. These reads
// record files at once (settle_ns 0), and every edit changes a file's size,
// so no edit can look like the old file.
struct CopiedFixture {
  TempDir dir;
  fs::path project = dir.path() / "p";
  std::string cache = (dir.path() / "p.bin").string();
  CopiedFixture() { fs::copy(kFixture, project, fs::copy_options::recursive); }
};

}  // namespace parse_cache_test

using namespace parse_cache_test;

TEST_CASE("parse cache: a second read parses nothing and gives the same project", "[project][parse-cache]") {
  CopiedFixture copy;
  const fs::path& project = copy.project;
  const std::string cache = (copy.dir.path() / "cache" / "p.bin").string();  // its folder is made
  const CachedRead plain = read_without_cache(project.string());
  REQUIRE(plain.ok);

  const CachedRead first = read(project.string(), cache);
  REQUIRE(first.ok);
  CHECK(first.stats.reused == 0);
  CHECK(first.stats.files > 0);
  CHECK(first.stats.recorded == first.stats.files);
  CHECK(first.stats.saved);
  CHECK(fs::is_regular_file(cache));

  const CachedRead second = read(project.string(), cache);
  REQUIRE(second.ok);
  CHECK(second.stats.reused == second.stats.files);
  CHECK_FALSE(second.stats.saved);  // it already held exactly this
  CHECK(described(second.project) == described(plain.project));
  CHECK(described(first.project) == described(plain.project));
  CHECK(diagnostics_of(second.diags) == diagnostics_of(plain.diags));
}

TEST_CASE("parse cache: an edited, an added and a removed file are read again", "[project][parse-cache]") {
  CopiedFixture copy;
  const fs::path& project = copy.project;
  const std::string& cache = copy.cache;
  REQUIRE(read(project.string(), cache).ok);

  // A model's SQL gains a ref, a properties file a column, and a model is
  // added and another removed.
  const fs::path silver = project / "models" / "silver" / "silver_orders.sql";
  const std::string sql = read_file(silver);
  write_file(silver, "{% set accounts = ref('bronze_accounts') %}\n" + sql);
  write_file(project / "models" / "gold" / "gold_new.sql", "select * from {{ ref('silver_orders') }}\n");
  fs::remove(project / "models" / "gold" / "gold_customers.sql");

  const CachedRead again = read(project.string(), cache);
  const CachedRead plain = read_without_cache(project.string());
  REQUIRE(again.ok);
  REQUIRE(plain.ok);
  CHECK(described(again.project) == described(plain.project));
  CHECK(diagnostics_of(again.diags) == diagnostics_of(plain.diags));
  CHECK(again.stats.reused == again.stats.files - 2);  // all but the edited and the new file
  CHECK(again.stats.saved);
  const auto* orders = again.project.find_model("silver_orders");
  REQUIRE(orders != nullptr);
  CHECK(std::find(orders->refs.begin(), orders->refs.end(), "bronze_accounts") != orders->refs.end());
  CHECK(again.project.find_model("gold_new") != nullptr);
  CHECK(again.project.find_model("gold_customers") == nullptr);

  // And the cache now holds the new state.
  const CachedRead third = read(project.string(), cache);
  CHECK(third.stats.reused == third.stats.files);
  CHECK(described(third.project) == described(plain.project));
}

TEST_CASE("parse cache: files with diagnostics and files changed in the last seconds are not recorded",
          "[project][parse-cache]") {
  TempDir dir;
  const fs::path project = dir.path() / "p";
  write_file(project / "dbt_project.yml", "name: demo\nversion: '1.0'\nconfig-version: 2\nprofile: demo\n");
  write_file(project / "models" / "a.sql", "select 1\n");
  write_file(project / "models" / "b.sql", "select * from {{ ref('a') }}\n");
  // A properties entry for a model that does not exist: FLOE-D010 comes
  // from the merge, not this file's parse, so the file is recorded; a YAML
  // error would not be.
  write_file(project / "models" / "schema.yml", "models:\n  - name: a\n    description: the first\n");
  const std::string cache = (dir.path() / "p.bin").string();

  // With the default grace, files written just now are read but not recorded.
  const CachedRead fresh = read(project.string(), cache, std::int64_t{2'000'000'000});
  REQUIRE(fresh.ok);
  CHECK(fresh.stats.files == 3);
  CHECK(fresh.stats.recorded == 0);

  write_file(project / "models" / "broken.yml", "models:\n  - name: b\n    columns: [\n");
  const CachedRead first = read(project.string(), cache);
  CHECK_FALSE(first.ok);
  CHECK(first.stats.recorded == 3);  // not broken.yml
  const CachedRead second = read(project.string(), cache);
  CHECK_FALSE(second.ok);
  CHECK(second.stats.reused == 3);
  CHECK(diagnostics_of(second.diags) == diagnostics_of(first.diags));
  REQUIRE(second.diags.items().size() == 1);
  CHECK(second.diags.items()[0].code == "FLOE-D002");
}

TEST_CASE("parse cache: a corrupt, truncated or foreign cache is ignored", "[project][parse-cache]") {
  CopiedFixture copy;
  const fs::path& project = copy.project;
  const std::string& cache = copy.cache;
  const CachedRead plain = read_without_cache(project.string());
  REQUIRE(read(project.string(), cache).ok);
  const std::string bytes = read_file(cache);
  REQUIRE(bytes.size() > 200);

  SECTION("truncated") { write_file(cache, bytes.substr(0, bytes.size() / 2)); }
  SECTION("a byte flipped in every 97") {
    std::string flipped = bytes;
    for (std::size_t i = 40; i < flipped.size(); i += 97) flipped[i] = static_cast<char>(flipped[i] ^ 0x5A);
    write_file(cache, flipped);
  }
  SECTION("huge counts") {
    std::string huge = bytes;
    for (std::size_t i = 60; i + 4 < huge.size(); i += 211) huge.replace(i, 4, "\xff\xff\xff\x7f");
    write_file(cache, huge);
  }
  SECTION("another key") {
    ParseCacheOptions other;
    other.path = cache;
    other.key = "another build";
    other.settle_ns = 0;
    DbtProject p;
    Diagnostics d;
    REQUIRE(read_dbt_project(project.string(), p, d, false, other));
  }
  const CachedRead again = read(project.string(), cache);
  REQUIRE(again.ok);
  CHECK(described(again.project) == described(plain.project));
  CHECK(diagnostics_of(again.diags) == diagnostics_of(plain.diags));
}

TEST_CASE("parse cache: a symlink at the cache's path is replaced, never written through", "[project][parse-cache]") {
  CopiedFixture copy;
  const fs::path victim = copy.dir.path() / "victim.txt";
  write_file(victim, "keep me\n");
  const fs::path cache = copy.cache;
  fs::create_symlink(victim, cache);

  const CachedRead r = read(copy.project.string(), copy.cache);
  REQUIRE(r.ok);
  CHECK(r.stats.saved);
  CHECK_FALSE(fs::is_symlink(cache));
  CHECK(read_file(victim) == "keep me\n");
  // And the symlink was not read as a cache either.
  CHECK(r.stats.reused == 0);
}

TEST_CASE("parse cache: a symlink as the cache's folder gets no cache and keeps its target's mode",
          "[project][parse-cache]") {
  CopiedFixture copy;
  const fs::path elsewhere = copy.dir.path() / "elsewhere";
  fs::create_directory(elsewhere);
  fs::permissions(elsewhere, fs::perms(0755));
  fs::create_directory_symlink(elsewhere, copy.dir.path() / "dbt-parse");
  const std::string cache = (copy.dir.path() / "dbt-parse" / "p.bin").string();

  const CachedRead r = read(copy.project.string(), cache);
  REQUIRE(r.ok);
  CHECK_FALSE(r.stats.saved);
  CHECK(fs::is_empty(elsewhere));
  CHECK(fs::status(elsewhere).permissions() == fs::perms(0755));
  // Without a cache the read is still the read without one.
  CHECK(described(r.project) == described(read_without_cache(copy.project.string()).project));
}

TEST_CASE("parse cache: a FIFO or a folder at the cache's path is no cache, and nothing waits on it",
          "[project][parse-cache]") {
  CopiedFixture copy;
  const std::string plain = described(read_without_cache(copy.project.string()).project);

  REQUIRE(::mkfifo(copy.cache.c_str(), 0600) == 0);
  const CachedRead through_fifo = read(copy.project.string(), copy.cache);
  REQUIRE(through_fifo.ok);
  CHECK(through_fifo.stats.reused == 0);
  CHECK(described(through_fifo.project) == plain);
  CHECK(through_fifo.stats.saved);  // the FIFO is replaced by a cache
  CHECK(fs::is_regular_file(copy.cache));

  fs::remove(copy.cache);
  fs::create_directory(copy.cache);
  const CachedRead through_folder = read(copy.project.string(), copy.cache);
  REQUIRE(through_folder.ok);
  CHECK(through_folder.stats.reused == 0);
  CHECK_FALSE(through_folder.stats.saved);  // a folder is not replaced
  CHECK(described(through_folder.project) == plain);
  CHECK(fs::is_directory(copy.cache));
}

TEST_CASE("parse cache: encoded results decode to themselves", "[project][parse-cache]") {
  floe::dbt::SqlScan scan;
  scan.refs.push_back({"pkg", "orders", "2", 3, 9});
  scan.sources.push_back({"raw", "orders", 5, 1});
  scan.config.materialized = "table";
  scan.config.enabled = false;
  scan.config.tags = {"a", "b"};
  scan.config.meta = {{"owner", "\"x@y\""}};
  scan.first_line = 2;
  scan.first_column = 4;
  floe::dbt::SqlScan back;
  REQUIRE(floe::dbt::decode_sql_scan(floe::dbt::encode_sql_scan(scan), back));
  CHECK(back.refs.size() == 1);
  CHECK(back.refs[0].package == "pkg");
  CHECK(back.refs[0].version == "2");
  CHECK(back.refs[0].column == 9);
  CHECK(back.sources[0].table_name == "orders");
  CHECK(back.config.materialized == std::optional<std::string>("table"));
  CHECK(back.config.enabled == std::optional<bool>(false));
  CHECK(back.config.tags == scan.config.tags);
  CHECK(back.config.meta == scan.config.meta);
  CHECK(back.first_column == 4);

  floe::dbt::SchemaYml yml;
  floe::dbt::YmlModelEntry m;
  m.name = "orders";
  m.where = {"models/s.yml", 2, 11};
  m.enabled = true;
  floe::dbt::DbtColumn c;
  c.name = "id";
  c.line = 7;
  c.column = 3;
  m.columns.push_back(c);
  m.tests.push_back({"not_null", "id"});
  yml.models.push_back(m);
  floe::dbt::SchemaYml yml_back;
  REQUIRE(floe::dbt::decode_schema_yml(floe::dbt::encode_schema_yml(yml, "models/s.yml"), "models/s.yml", yml_back));
  REQUIRE(yml_back.models.size() == 1);
  CHECK(yml_back.models[0].where.file == "models/s.yml");
  CHECK(yml_back.models[0].columns[0].line == 7);
  CHECK(yml_back.models[0].columns[0].column == 3);
  CHECK(yml_back.models[0].enabled == std::optional<bool>(true));
  CHECK(yml_back.models[0].tests[0].column_name == "id");
  // The marker for "this file" means nothing without the file's name.
  floe::dbt::SchemaYml without;
  CHECK_FALSE(floe::dbt::decode_schema_yml(floe::dbt::encode_schema_yml(yml, "models/s.yml"), "", without));
}

TEST_CASE("parse cache: caches unused for 30 days are forgotten, a used one is kept", "[project][parse-cache]") {
  CopiedFixture copy;
  const fs::path folder = copy.dir.path() / "dbt-parse";
  const std::string cache = (folder / "p.bin").string();
  auto days_ago = [](const fs::path& p, int days) {
    fs::last_write_time(p, fs::file_time_type::clock::now() - std::chrono::hours(24 * days));
  };
  write_file(folder / "moved-project.bin", "an old cache");
  write_file(folder / "recent.bin", "a cache used yesterday");
  write_file(folder / "crashed.bin.tmp-42-7", "a writer that died");
  write_file(folder / "notes.txt", "not floe's");
  days_ago(folder / "moved-project.bin", 40);
  days_ago(folder / "recent.bin", 1);
  days_ago(folder / "crashed.bin.tmp-42-7", 2);
  days_ago(folder / "notes.txt", 40);

  REQUIRE(read(copy.project.string(), cache).stats.saved);
  CHECK_FALSE(fs::exists(folder / "moved-project.bin"));
  CHECK_FALSE(fs::exists(folder / "crashed.bin.tmp-42-7"));
  CHECK(fs::exists(folder / "recent.bin"));
  CHECK(fs::exists(folder / "notes.txt"));

  // A read that finds the cache as it would write it marks it used.
  days_ago(cache, 10);
  const CachedRead again = read(copy.project.string(), cache);
  CHECK_FALSE(again.stats.saved);
  CHECK(fs::last_write_time(cache) > fs::file_time_type::clock::now() - std::chrono::hours(1));
}
