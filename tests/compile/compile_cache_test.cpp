// An unchanged product is answered from target/.floe-compile-cache.json, and
// any change to what the compile depends on compiles again (docs/cli.md).
#include <catch2/catch.hpp>

#include <filesystem>

#include "compile_test_support.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace fs = std::filesystem;

namespace {

// A copy of the examples (customer-360 and the 3-tier chain it references).
struct Product {
  TempDir tmp;
  fs::path root = tmp.path() / "examples";
  fs::path dir = root / "customer-360";
  std::string file = (dir / "floe.yaml").string();
  fs::path record = dir / "target" / ".floe-compile-cache.json";
  Product() { copy_tree(examples_dir(), root); }

  JsonRun compile(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args{"compile", file};
    args.insert(args.end(), extra.begin(), extra.end());
    return floe_json(args);
  }
};

bool cache_used(const JsonRun& r) {
  INFO(r.process.out);
  REQUIRE(r.report.as_object().if_contains("cache") != nullptr);
  return r.report.at("cache").at("used").as_bool();
}

std::string cache_reason(const JsonRun& r) {
  const auto* reason = r.report.at("cache").as_object().if_contains("reason");
  return reason != nullptr ? std::string(reason->as_string()) : std::string();
}

void append(const fs::path& p, const std::string& text) { write_file(p, read_file(p) + text); }

// The compile ran to its end: both outputs are accounted for, written or
// already up to date (an output whose content would not change is not
// rewritten).
bool compiled_through(const JsonRun& r) {
  std::string lines;
  for (const auto& stage : r.report.at("stages").as_array())
    for (const auto& line : stage.at("lines").as_array()) lines += std::string(line.at("text").as_string()) + "\n";
  INFO(lines);
  return lines.find("compiled_artifacts.json") != std::string::npos && lines.find("profiles.yml") != std::string::npos &&
         lines.find("is up to date") == std::string::npos;
}

}  // namespace

TEST_CASE("an unchanged product is answered from the record, and says so", "[compile][cache]") {
  Product p;
  auto first = p.compile();
  REQUIRE(first.process.exit_code == 0);
  CHECK_FALSE(cache_used(first));
  CHECK(first.report.at("written").as_array().size() == 2);
  REQUIRE(fs::exists(p.record));
  auto artifacts_time = fs::last_write_time(p.dir / "target" / "compiled_artifacts.json");

  auto second = p.compile();
  CHECK(second.process.exit_code == 0);
  CHECK(cache_used(second));
  CHECK(second.report.at("written").as_array().empty());
  CHECK(second.report.at("stages").as_array().front().at("title") == "Checking the compile cache");
  CHECK(second.report.at("diagnostics") == first.report.at("diagnostics"));
  CHECK(fs::last_write_time(p.dir / "target" / "compiled_artifacts.json") == artifacts_time);

  // Compiled again with nothing changed (the record deleted): the outputs
  // already hold exactly this, so neither is rewritten.
  fs::remove(p.record);
  auto again = p.compile();
  CHECK_FALSE(cache_used(again));
  CHECK(again.report.at("written").as_array().empty());
  CHECK(compiled_through(again));
  CHECK(fs::last_write_time(p.dir / "target" / "compiled_artifacts.json") == artifacts_time);

  // The text form says it too.
  auto text = run_floe({"compile", p.file});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("unchanged since the last compile") != std::string::npos);
  CHECK(text.out.find("target/compiled_artifacts.json is up to date") != std::string::npos);
}

TEST_CASE("touching inputs without changing them keeps the record", "[compile][cache]") {
  Product p;
  REQUIRE(p.compile().process.exit_code == 0);
  auto later = fs::file_time_type::clock::now() + std::chrono::seconds(5);
  for (const auto& e : fs::recursive_directory_iterator(p.root))
    if (e.is_regular_file() && e.path().filename() != ".floe-compile-cache.json") fs::last_write_time(e.path(), later);
  CHECK(cache_used(p.compile()));
}

TEST_CASE("one byte changed in any input compiles again and says which", "[compile][cache]") {
  Product p;
  REQUIRE(p.compile().process.exit_code == 0);
  struct Case {
    fs::path file;
    const char* what;
  };
  for (const auto& [file, what] : {Case{p.dir / "floe.yaml", "floe.yaml"},
                                   Case{p.dir / "models" / "silver" / "silver_orders.sql", "a dbt model"},
                                   Case{p.dir / "dbt_project.yml", "dbt_project.yml"},
                                   Case{p.root / "enterprise" / "domains" / "sales" / "manifest.yaml", "the domain"},
                                   Case{p.root / "enterprise" / "manifest.yaml", "the enterprise"}}) {
    INFO(what);
    REQUIRE(fs::exists(file));
    append(file, "\n");
    auto r = p.compile();
    CHECK(r.process.exit_code == 0);
    CHECK_FALSE(cache_used(r));
    CHECK(cache_reason(r).find(file.filename().string()) != std::string::npos);
    CHECK(compiled_through(r));
    CHECK(cache_used(p.compile()));  // and the new state is recorded
  }
}

TEST_CASE("a new dbt file, a changed output or different options compile again", "[compile][cache]") {
  Product p;
  REQUIRE(p.compile().process.exit_code == 0);
  SECTION("a model added") {
    write_file(p.dir / "models" / "gold" / "gold_extra.sql", "select 1 as id\n");
    auto r = p.compile();
    CHECK_FALSE(cache_used(r));
    CHECK(cache_reason(r).find("gold_extra.sql is new") != std::string::npos);
  }
  SECTION("an output edited") {
    append(p.dir / "target" / "profiles" / "profiles.yml", "# edited\n");
    auto r = p.compile();
    CHECK_FALSE(cache_used(r));
    CHECK(cache_reason(r).find("profiles.yml changed") != std::string::npos);
  }
  // Outputs are written without fsync (atomic_file.hpp): what a machine
  // crash can leave of one (an empty file, or none) is found and written again.
  SECTION("an output a crash left empty, or lost") {
    fs::path artifacts = p.dir / "target" / "compiled_artifacts.json";
    std::string before = read_file(artifacts);
    REQUIRE_FALSE(before.empty());
    write_file(artifacts, "");
    auto r = p.compile();
    CHECK_FALSE(cache_used(r));
    CHECK(cache_reason(r).find("compiled_artifacts.json changed") != std::string::npos);
    CHECK(read_file(artifacts) == before);
    fs::remove(p.dir / "target" / "dbt_packages" / "floe_lake" / "dbt_project.yml");
    auto gone = p.compile();
    CHECK_FALSE(cache_used(gone));
    CHECK(cache_reason(gone).find("dbt_project.yml is gone") != std::string::npos);
    CHECK(fs::is_regular_file(p.dir / "target" / "dbt_packages" / "floe_lake" / "dbt_project.yml"));
  }
  SECTION("other flags") {
    auto r = p.compile({"--platform", (p.root / "enterprise" / "domains" / "sales" / "manifest.yaml").string()});
    CHECK_FALSE(cache_used(r));
    CHECK(cache_reason(r).find("options") != std::string::npos);
  }
  SECTION("another floe environment") {
    auto r = floe_json({"compile", p.file}, {{"SOURCE_DATE_EPOCH", "1767312000"}});
    CHECK_FALSE(cache_used(r));
  }
}

TEST_CASE("a corrupt record is ignored with a note, and replaced", "[compile][cache]") {
  Product p;
  REQUIRE(p.compile().process.exit_code == 0);
  // The last one: a record whose key and files match, with a report that has no stages.
  std::string valid = read_file(p.record);
  std::string no_stages = valid;
  auto at = no_stages.find("\"stages\":");
  REQUIRE(at != std::string::npos);
  no_stages.replace(at, 9, "\"stagez\":");
  for (std::string garbage : {std::string("not json at all"), std::string("{\"format\": 1}"),
                              std::string("{\"format\": 1, \"report\": {}, \"key\": 3}"), no_stages}) {
    INFO(garbage);
    write_file(p.record, garbage);
    auto r = p.compile();
    CHECK(r.process.exit_code == 0);
    CHECK_FALSE(cache_used(r));
    CHECK_FALSE(cache_reason(r).empty());
    CHECK(compiled_through(r));
    CHECK(cache_used(p.compile()));
  }
}

TEST_CASE("validate and failed compiles leave no record to reuse", "[compile][cache]") {
  Product p;
  REQUIRE(run_floe({"validate", p.file}).exit_code == 0);
  CHECK_FALSE(fs::exists(p.record));
  REQUIRE(p.compile().process.exit_code == 0);
  append(p.dir / "floe.yaml", "unknown_key_here: 1\n");
  auto failed = p.compile();
  CHECK(failed.process.exit_code == 3);
  CHECK_FALSE(fs::exists(p.record));
}
