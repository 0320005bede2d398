#include "compile/transform_projects.hpp"

#include <boost/json.hpp>

#include <catch2/catch.hpp>

#include "temp_dir.hpp"

using namespace floe;
using floe::test::TempDir;
using floe::test::write_file;

namespace {

// A dbt project at `root` with models under models/<layer>/.
void project(const std::filesystem::path& root, const std::string& name, const std::vector<std::string>& models) {
  write_file(root / "dbt_project.yml", "name: " + name + "\nversion: '1.0.0'\nconfig-version: 2\nprofile: p\n");
  for (const auto& m : models) write_file(root / "models" / (m + ".sql"), "select 1 as id\n");
}

LocatedDocument product(const std::string& transforms_json) {
  LocatedDocument doc;
  doc.file = "floe.yaml";
  doc.root = boost::json::parse(R"({"metadata": {"name": "p"}, "transforms": )" + transforms_json + "}");
  return doc;
}

struct Read {
  bool ok = false;
  std::vector<TransformProject> projects;
  Diagnostics diags;
  Stage stage;
};

Read read(const std::filesystem::path& dir, const std::string& transforms_json) {
  Read r;
  r.ok = read_transform_projects(product(transforms_json), dir.string(), "p", r.stage, r.projects, r.diags);
  return r;
}

std::vector<std::string> names(const TransformProject& tp) {
  std::vector<std::string> out;
  for (const auto& m : tp.project.models) out.push_back(m.name);
  return out;
}

}  // namespace

TEST_CASE("a path inside a dbt project finds the project above it and selects what is under the path", "[transforms]") {
  TempDir dir;
  project(dir.path(), "shop", {"bronze/bronze_a", "bronze/bronze_b", "silver/silver_c"});
  auto r = read(dir.path(), R"([{"type": "dbt", "path": "models/bronze/"}])");
  REQUIRE(r.ok);
  REQUIRE(r.projects.size() == 1);
  CHECK(r.projects[0].path == ".");
  CHECK(r.projects[0].select == std::vector<std::string>{"models/bronze"});
  CHECK(names(r.projects[0]) == std::vector<std::string>{"bronze_a", "bronze_b"});
  CHECK(r.projects[0].project.outside_selection == std::vector<std::string>{"silver_c"});
}

TEST_CASE("several transforms into one project read it once, one naming the project selects all", "[transforms]") {
  TempDir dir;
  project(dir.path() / "shop_dbt", "shop", {"bronze/bronze_a", "silver/silver_c", "gold/gold_d"});
  auto two = read(dir.path(), R"([{"type": "dbt", "path": "shop_dbt/models/bronze"},
                                  {"type": "dbt", "path": "shop_dbt/models/gold/gold_d.sql"}])");
  REQUIRE(two.ok);
  REQUIRE(two.projects.size() == 1);
  CHECK(two.projects[0].path == "shop_dbt");
  CHECK(two.projects[0].select == std::vector<std::string>{"models/bronze", "models/gold/gold_d.sql"});
  CHECK(names(two.projects[0]) == std::vector<std::string>{"bronze_a", "gold_d"});

  auto all = read(dir.path(), R"([{"type": "dbt", "path": "shop_dbt/models/bronze"}, {"type": "dbt", "path": "shop_dbt"}])");
  REQUIRE(all.ok);
  CHECK(all.projects[0].select.empty());
  CHECK(names(all.projects[0]).size() == 3);
}

TEST_CASE("the walk stops at the product directory and at the ../ a path starts from", "[transforms]") {
  TempDir dir;
  project(dir.path(), "outer", {"x/outer_a"});  // above the product: must not be found
  std::filesystem::create_directories(dir.path() / "product" / "models");
  auto inside = read(dir.path() / "product", R"([{"type": "dbt", "path": "models"}])");
  CHECK_FALSE(inside.ok);
  REQUIRE(inside.diags.items().size() == 1);
  CHECK(inside.diags.items()[0].code == "FLOE-D001");
  CHECK(inside.diags.items()[0].message == "no dbt_project.yml in models or above it (up to the product directory)");

  project(dir.path() / "shared", "shared", {"bronze/bronze_s"});
  auto outside = read(dir.path() / "product", R"([{"type": "dbt", "path": "../shared/models/bronze"}])");
  REQUIRE(outside.ok);
  CHECK(outside.projects[0].path == "../shared");
  CHECK(names(outside.projects[0]) == std::vector<std::string>{"bronze_s"});
}
