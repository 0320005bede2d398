#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "plugin/discovery.hpp"
#include "temp_dir.hpp"

using floe::test::TempDir;
using floe::test::write_file;

namespace {

// Writes a manifest (and an empty stand-in library: discovery only stats it).
void add_plugin(const std::filesystem::path& root, const std::string& group, const std::string& file,
                const std::string& name, const std::string& category, const std::string& abi = "1.0.0",
                bool with_library = true) {
  write_file(root / group / (file + ".plugin.json"),
             fmt::format(R"({{"manifest_version": 1, "name": "{}", "category": "{}", "version": "1.0.0",
                            "abi_version": "{}", "library": "{}.so"}})",
                         name, category, abi, file));
  if (with_library) write_file(root / group / (file + ".so"), "");
}

std::vector<floe::SearchRoot> roots_of(std::initializer_list<std::filesystem::path> paths) {
  std::vector<floe::SearchRoot> roots;
  for (const auto& p : paths) roots.push_back({p.string(), floe::RootSource::env, std::filesystem::exists(p)});
  return roots;
}

const floe::Problem* problem_of_kind(const floe::Discovery& d, const std::string& kind) {
  for (const auto& p : d.problems)
    if (p.kind == kind) return &p;
  return nullptr;
}

}  // namespace

TEST_CASE("plugins are found per category and listed in precedence order", "[discovery]") {
  TempDir dir;
  add_plugin(dir.path() / "r1", "floe.computes", "duckdb", "duckdb", "compute");
  add_plugin(dir.path() / "r1", "floe.catalogs", "polaris", "polaris", "catalog");
  add_plugin(dir.path() / "r2", "floe.secrets", "dotenv", "dotenv", "secrets");
  auto d = floe::discover(roots_of({dir.path() / "r1", dir.path() / "r2", dir.path() / "nowhere"}));
  REQUIRE(d.plugins.size() == 3);
  CHECK(d.problems.empty());
  CHECK(d.plugins[0].manifest.name == "duckdb");
  CHECK(d.plugins[1].manifest.name == "polaris");
  CHECK(d.plugins[2].manifest.name == "dotenv");
  CHECK(d.plugins[2].root->path == (dir.path() / "r2").string());
  CHECK(floe::find_discovered(d, "catalog", "polaris") != nullptr);
  CHECK(floe::find_discovered(d, "compute", "polaris") == nullptr);
}

TEST_CASE("the first root wins and later copies are reported as shadowed", "[discovery]") {
  TempDir dir;
  add_plugin(dir.path() / "r1", "floe.computes", "duckdb", "duckdb", "compute");
  add_plugin(dir.path() / "r2", "floe.computes", "duckdb", "duckdb", "compute");
  auto d = floe::discover(roots_of({dir.path() / "r1", dir.path() / "r2"}));
  REQUIRE(d.plugins.size() == 1);
  CHECK(d.plugins[0].root->path == (dir.path() / "r1").string());
  const auto* p = problem_of_kind(d, "shadowed");
  REQUIRE(p != nullptr);
  CHECK(p->severity == "warning");
  CHECK(p->message.find("compute/duckdb is shadowed by") != std::string::npos);
}

TEST_CASE("two plugins with one name in one root make the name unusable", "[discovery]") {
  TempDir dir;
  add_plugin(dir.path() / "r1", "floe.computes", "a", "duckdb", "compute");
  add_plugin(dir.path() / "r1", "floe.computes", "b", "duckdb", "compute");
  add_plugin(dir.path() / "r1", "floe.computes", "c", "duckdb", "compute");
  auto d = floe::discover(roots_of({dir.path() / "r1"}));
  CHECK(d.plugins.empty());
  REQUIRE(d.conflicts.size() == 1);
  CHECK(d.conflicts[0].files.size() == 3);
  size_t duplicates = 0;
  for (const auto& p : d.problems) duplicates += p.kind == "duplicate";
  CHECK(duplicates == 2);
  CHECK(problem_of_kind(d, "duplicate")->message.find("is provided twice in") != std::string::npos);
}

TEST_CASE("broken candidates are skipped with their reason, the rest are still found", "[discovery]") {
  TempDir dir;
  auto r = dir.path() / "r";
  add_plugin(r, "floe.catalogs", "liar", "liar", "compute");            // wrong directory
  add_plugin(r, "floe.computes", "future", "future", "compute", "2.0.0");
  add_plugin(r, "floe.computes", "newer", "newer", "compute", "1.11.0");
  add_plugin(r, "floe.computes", "ghost", "ghost", "compute", "1.0.0", false);
  write_file(r / "floe.computes" / "garbage.plugin.json", "{not json");
  write_file(r / "floe.computes" / "orphan.so", "");
  add_plugin(r, "floe.computes", "good", "good", "compute");
  auto d = floe::discover(roots_of({r}));
  REQUIRE(d.plugins.size() == 1);
  CHECK(d.plugins[0].manifest.name == "good");
  CHECK(problem_of_kind(d, "category_mismatch")->message.find("manifest declares category 'compute' but sits in "
                                                                "floe.catalogs/") != std::string::npos);
  CHECK(problem_of_kind(d, "incompatible_abi")->message.find("built for floe ABI 2.0.0; this host loads ABI 1.x up to "
                                                               "1.10.0") != std::string::npos);
  size_t incompatible = 0;
  for (const auto& p : d.problems) incompatible += p.kind == "incompatible_abi";
  CHECK(incompatible == 2);  // 2.0.0 and 1.11.0
  CHECK(problem_of_kind(d, "library_missing")->message.find("ghost.so' does not exist") != std::string::npos);
  CHECK(problem_of_kind(d, "manifest_invalid")->message.find("garbage.plugin.json:1:2: invalid JSON") !=
        std::string::npos);
  CHECK(problem_of_kind(d, "no_manifest")->path == (r / "floe.computes" / "orphan.so").string());
}

TEST_CASE("a not-found message lists every root tried and every skipped candidate", "[discovery]") {
  TempDir dir;
  add_plugin(dir.path() / "r1", "floe.computes", "duckdb", "duckdb", "compute");
  add_plugin(dir.path() / "r2", "floe.computes", "spark", "spark", "compute", "2.0.0");
  std::filesystem::create_directories(dir.path() / "r3");
  auto d = floe::discover(roots_of({dir.path() / "r1", dir.path() / "r2", dir.path() / "r3", dir.path() / "r4"}));
  std::string msg = floe::not_found_message(d, "compute", "spark");
  CHECK(msg.find("plugin compute/spark not found. Searched, in order:") == 0);
  CHECK(msg.find((dir.path() / "r1").string() + " (FLOE_PLUGIN_PATH): floe.computes/ has duckdb") != std::string::npos);
  CHECK(msg.find((dir.path() / "r2").string() + " (FLOE_PLUGIN_PATH): floe.computes/ has no usable compute plugins") !=
        std::string::npos);
  CHECK(msg.find((dir.path() / "r3").string() + " (FLOE_PLUGIN_PATH): no floe.computes/ directory") != std::string::npos);
  CHECK(msg.find((dir.path() / "r4").string() + " (FLOE_PLUGIN_PATH): does not exist") != std::string::npos);
  CHECK(msg.find("Skipped candidates:\n  [incompatible_abi]") != std::string::npos);
  CHECK(floe::not_found_message(d, "computer", "x").find("unknown plugin category 'computer'") == 0);
}
