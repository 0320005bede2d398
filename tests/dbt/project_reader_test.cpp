// read_dbt_project from files: dbt_project.yml folder configs, precedence
// (config() > yml > dbt_project.yml), locations, diagnostics D001/D002/D010/D011,
// and the choice between the files and a fresh target/manifest.json.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "dbt/dbt_project.hpp"
#include "dbt/project_normalize.hpp"
#include "project_compare.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using floe::Diagnostics;
using floe::dbt::DbtModel;
using floe::dbt::DbtProject;
using floe::dbt::read_dbt_project;
using floe::test::model_named;
using floe::test::TempDir;
using floe::test::write_file;

namespace {

const std::string kFixture = std::string(FLOE_TEST_SOURCE_DIR) + "/tests/fixtures/dbt-enforce";

std::vector<std::string> names(const DbtProject& p) {
  std::vector<std::string> out;
  for (const auto& m : p.models) out.push_back(m.name);
  return out;
}

const std::string kProjectYml = "name: demo\nversion: '1.0'\nconfig-version: 2\nprofile: demo\n";

}  // namespace

TEST_CASE("files: the dbt-enforce fixture", "[project]") {
  DbtProject p;
  Diagnostics diags;
  REQUIRE(read_dbt_project(kFixture, p, diags, false));
  CHECK(diags.empty());
  CHECK(p.name == "floe_enforce");
  CHECK(p.origin == "files");
  CHECK(p.root == kFixture);
  CHECK(p.dbt_version.empty());
  // seeds are not models; models are sorted by name
  CHECK(names(p) == std::vector<std::string>{"bronze_accounts", "bronze_customers", "bronze_orders", "gold_customers",
                                             "gold_revenue_by_country", "silver_customers", "silver_orders"});

  const auto& bronze = model_named(p, "bronze_orders");
  CHECK(bronze.unique_id == "model.floe_enforce.bronze_orders");
  CHECK(bronze.path == "models/bronze/bronze_orders.sql");
  CHECK(bronze.where.file == kFixture + "/models/bronze/bronze_orders.sql");
  CHECK(bronze.where.line == 3);  // the first token after the comment lines
  CHECK(bronze.yml_where.file == kFixture + "/models/bronze/schema.yml");
  CHECK(bronze.yml_where.line == 4);
  CHECK(bronze.materialized == "view");
  CHECK(bronze.tags == std::vector<std::string>{"bronze", "floe"});
  REQUIRE(bronze.sources.size() == 1);
  CHECK(bronze.sources[0].source_name == "raw");
  CHECK(bronze.sources[0].table_name == "orders");
  CHECK(bronze.source_locations[0].line == 8);
  REQUIRE(bronze.columns.size() == 4);
  CHECK(bronze.columns[2].name == "status");
  CHECK(bronze.columns[2].description.empty());

  const auto& silver = model_named(p, "silver_orders");
  CHECK(silver.materialized == "table");  // folder config
  CHECK(silver.tags == std::vector<std::string>{"floe", "orders", "silver"});
  CHECK(silver.meta.at("tier") == "2");
  CHECK(silver.refs == std::vector<std::string>{"bronze_orders", "bronze_customers"});
  REQUIRE(silver.ref_locations.size() == 2);
  CHECK(silver.ref_locations[0].line == 4);
  CHECK(silver.ref_locations[0].column == 9);
  CHECK(silver.ref_locations[1].line == 5);
  CHECK(silver.ref_locations[1].column == 8);

  const auto& silver_customers = model_named(p, "silver_customers");
  CHECK(silver_customers.materialized == "view");  // config() beats the folder's table
  CHECK(silver_customers.tags == std::vector<std::string>{"contacts", "floe", "silver"});

  const auto& revenue = model_named(p, "gold_revenue_by_country");
  CHECK(revenue.materialized == "incremental");
  CHECK(revenue.tags == std::vector<std::string>{"certified", "finance", "floe", "gold"});
  CHECK(revenue.meta.at("owner") == "\"finance@acme.com\"");  // yml meta beats the folder's
  CHECK(revenue.meta.at("sla_hours") == "6");
  CHECK(model_named(p, "gold_customers").meta.at("owner") == "\"analytics@acme.com\"");

  const auto& silver_tests = silver.tests;
  REQUIRE(silver_tests.size() == 4);
  CHECK(silver_tests[0].type == "has_rows");  // model-level first (column "")
  CHECK(silver_tests[0].column_name.empty());
  CHECK(silver_tests[1].type == "relationships");
  CHECK(silver_tests[1].column_name == "customer_id");

  REQUIRE(p.sources.size() == 3);
  CHECK(p.sources[0].source_name == "crm");
  CHECK(p.sources[1].table_name == "customers");
  CHECK(p.sources[2].table_name == "orders");
}

TEST_CASE("files: no dbt_project.yml is FLOE-D001 naming the path", "[project]") {
  TempDir dir;
  DbtProject p;
  Diagnostics diags;
  CHECK_FALSE(read_dbt_project(dir.str(), p, diags));
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].code == "FLOE-D001");
  CHECK(diags.items()[0].severity == floe::Severity::error);
  CHECK(diags.items()[0].where.file == dir.str() + "/dbt_project.yml");
}

TEST_CASE("files: a YAML error in schema.yml is FLOE-D002 at its line", "[project]") {
  TempDir dir;
  write_file(dir.path() / "dbt_project.yml", kProjectYml);
  write_file(dir.path() / "models/a.sql", "select 1");
  write_file(dir.path() / "models/schema.yml", "models:\n  - name: a\n    columns:\n      - name: x\n     bad: [\n");
  DbtProject p;
  Diagnostics diags;
  CHECK_FALSE(read_dbt_project(dir.str(), p, diags));
  REQUIRE(diags.items().size() == 1);
  const auto& d = diags.items()[0];
  CHECK(d.code == "FLOE-D002");
  CHECK(d.where.file == dir.str() + "/models/schema.yml");
  CHECK(d.where.line == 5);
  CHECK(d.where.column > 0);
}

TEST_CASE("files: a YAML error in dbt_project.yml is FLOE-D002", "[project]") {
  TempDir dir;
  write_file(dir.path() / "dbt_project.yml", "name: demo\nmodels: [\n");
  DbtProject p;
  Diagnostics diags;
  CHECK_FALSE(read_dbt_project(dir.str(), p, diags));
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].code == "FLOE-D002");
  CHECK(diags.items()[0].where.file == dir.str() + "/dbt_project.yml");
}

TEST_CASE("files: yml entry without a model is a FLOE-D010 warning with a suggestion", "[project]") {
  TempDir dir;
  write_file(dir.path() / "dbt_project.yml", kProjectYml);
  write_file(dir.path() / "models/orders.sql", "select 1");
  write_file(dir.path() / "models/schema.yml", "models:\n  - name: orders\n  - name: ordres\n");
  DbtProject p;
  Diagnostics diags;
  REQUIRE(read_dbt_project(dir.str(), p, diags));
  REQUIRE(diags.items().size() == 1);
  const auto& d = diags.items()[0];
  CHECK(d.code == "FLOE-D010");
  CHECK(d.severity == floe::Severity::warning);
  CHECK(d.where.line == 3);
  CHECK(d.hint == "did you mean 'orders'?");
  CHECK(p.models.size() == 1);
}

TEST_CASE("files: duplicate model names are FLOE-D011", "[project]") {
  TempDir dir;
  write_file(dir.path() / "dbt_project.yml", kProjectYml);
  write_file(dir.path() / "models/a/orders.sql", "select 1");
  write_file(dir.path() / "models/b/orders.sql", "select 2");
  write_file(dir.path() / "models/x.yml", "models:\n  - name: orders\n");
  write_file(dir.path() / "models/y.yml", "models:\n  - name: orders\n");
  DbtProject p;
  Diagnostics diags;
  CHECK_FALSE(read_dbt_project(dir.str(), p, diags));
  REQUIRE(diags.items().size() == 2);
  CHECK(diags.items()[0].code == "FLOE-D011");
  CHECK(diags.items()[0].where.file == dir.str() + "/models/b/orders.sql");
  CHECK(diags.items()[1].code == "FLOE-D011");
  CHECK(diags.items()[1].where.file == dir.str() + "/models/y.yml");
}

TEST_CASE("files: model-paths, nested folder configs, model-level config and enabled", "[project]") {
  TempDir dir;
  write_file(dir.path() / "dbt_project.yml", kProjectYml + R"(model-paths: ["transform"]
models:
  +tags: global
  other_package:
    +materialized: ephemeral
  demo:
    materialized: view
    staging:
      +materialized: table
      crm:
        +tags: [crm]
        stg_crm_legacy:
          +enabled: false
        stg_crm_accounts:
          +materialized: incremental
    disabled_area:
      +enabled: false
)");
  write_file(dir.path() / "transform/staging/crm/stg_crm_accounts.sql", "select 1");
  write_file(dir.path() / "transform/staging/crm/stg_crm_contacts.sql", "select 1");
  write_file(dir.path() / "transform/staging/crm/stg_crm_legacy.sql", "select 1");
  write_file(dir.path() / "transform/disabled_area/old.sql", "select 1");
  write_file(dir.path() / "transform/disabled_area/revived.sql", "{{ config(enabled=true) }} select 1");
  write_file(dir.path() / "transform/top.sql", "select 1");
  write_file(dir.path() / "models/ignored.sql", "select 1");  // not a model path here
  DbtProject p;
  Diagnostics diags;
  REQUIRE(read_dbt_project(dir.str(), p, diags));
  CHECK(diags.empty());
  CHECK(names(p) == std::vector<std::string>{"revived", "stg_crm_accounts", "stg_crm_contacts", "top"});
  CHECK(model_named(p, "stg_crm_accounts").materialized == "incremental");
  CHECK(model_named(p, "stg_crm_contacts").materialized == "table");
  CHECK(model_named(p, "stg_crm_contacts").tags == std::vector<std::string>{"crm", "global"});
  CHECK(model_named(p, "top").materialized == "view");
  CHECK(model_named(p, "top").tags == std::vector<std::string>{"global"});
  CHECK(model_named(p, "stg_crm_contacts").path == "transform/staging/crm/stg_crm_contacts.sql");
}

// dbt_project.yml outside the fast parser's subset is read from yaml-cpp's
// events into the same tree (no node graph); aliases are copies of their anchors.
TEST_CASE("files: dbt_project.yml with anchors, aliases and a multi-line scalar reads its folder configs", "[project]") {
  TempDir dir;
  write_file(dir.path() / "dbt_project.yml", R"(name: "demo"
profile: demo
models:
  demo:
    +materialized: &mat table
    staging:
      +tags: &crm [crm, "two
        words"]
    marts:
      +materialized: *mat
      +tags: *crm
      +meta: {owner: &o data-team, backup: *o}
)");
  write_file(dir.path() / "models/staging/s.sql", "select 1");
  write_file(dir.path() / "models/marts/m.sql", "select 1");
  DbtProject p;
  Diagnostics diags;
  REQUIRE(read_dbt_project(dir.str(), p, diags));
  CHECK(diags.empty());
  CHECK(model_named(p, "s").materialized == "table");
  CHECK(model_named(p, "s").tags == std::vector<std::string>{"crm", "two words"});
  CHECK(model_named(p, "m").materialized == "table");
  CHECK(model_named(p, "m").tags == std::vector<std::string>{"crm", "two words"});
  CHECK(model_named(p, "m").meta.at("backup") == "\"data-team\"");
}

TEST_CASE("files: a model without any materialization keeps the dbt default ''", "[project]") {
  TempDir dir;
  write_file(dir.path() / "dbt_project.yml", kProjectYml);
  write_file(dir.path() / "models/a.sql", "select 1");
  DbtProject p;
  Diagnostics diags;
  REQUIRE(read_dbt_project(dir.str(), p, diags));
  REQUIRE(p.models.size() == 1);
  CHECK(p.models[0].materialized.empty());
  CHECK(p.models[0].yml_where.file.empty());
}

TEST_CASE("project_path joins like a user types paths", "[project]") {
  using floe::dbt::project_path;
  CHECK(project_path(".", "models/a.sql") == "models/a.sql");
  CHECK(project_path("proj", "models/a.sql") == "proj/models/a.sql");
  CHECK(project_path("proj/", "models/a.sql") == "proj/models/a.sql");
  CHECK(project_path("../p", "target/manifest.json") == "../p/target/manifest.json");
  CHECK(project_path("", "x.yml") == "x.yml");
}

namespace {

const char* kTinyManifest = R"({"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json",
 "dbt_version": "1.11.16", "project_name": "demo"},
 "nodes": {"model.demo.from_manifest": {"resource_type": "model", "name": "from_manifest", "package_name": "demo",
   "original_file_path": "models/from_manifest.sql", "config": {"materialized": "table"}}},
 "sources": {}})";

void set_age(const fs::path& p, std::chrono::seconds age) {
  fs::last_write_time(p, fs::file_time_type::clock::now() - age);
}

}  // namespace

TEST_CASE("selection: target/manifest.json is used only when newer than every project file", "[project][manifest]") {
  TempDir dir;
  write_file(dir.path() / "dbt_project.yml", kProjectYml);
  write_file(dir.path() / "models/from_files.sql", "select 1");
  write_file(dir.path() / "models/schema.yml", "models:\n  - name: from_files\n");
  write_file(dir.path() / "target/manifest.json", kTinyManifest);
  for (const char* f : {"dbt_project.yml", "models/from_files.sql", "models/schema.yml"}) {
    set_age(dir.path() / f, std::chrono::seconds(100));
  }

  SECTION("fresh manifest wins") {
    set_age(dir.path() / "target/manifest.json", std::chrono::seconds(50));
    DbtProject p;
    Diagnostics diags;
    REQUIRE(read_dbt_project(dir.str(), p, diags));
    CHECK(p.origin == "manifest");
    CHECK(p.dbt_version == "1.11.16");
    CHECK(names(p) == std::vector<std::string>{"from_manifest"});
    CHECK(p.models[0].materialized == "table");
    CHECK(p.models[0].where.file == dir.str() + "/models/from_manifest.sql");
  }
  SECTION("the profile comes from dbt_project.yml whichever source the models come from") {
    write_file(dir.path() / "dbt_project.yml", "name: demo\nprofile: warehouse_profile\n");
    set_age(dir.path() / "dbt_project.yml", std::chrono::seconds(100));
    set_age(dir.path() / "target/manifest.json", std::chrono::seconds(50));
    for (bool prefer_manifest : {true, false}) {
      DbtProject p;
      Diagnostics diags;
      REQUIRE(read_dbt_project(dir.str(), p, diags, prefer_manifest));
      CHECK(p.origin == (prefer_manifest ? "manifest" : "files"));
      CHECK(p.profile == "warehouse_profile");
    }
  }
  SECTION("prefer_manifest=false reads the files") {
    set_age(dir.path() / "target/manifest.json", std::chrono::seconds(50));
    DbtProject p;
    Diagnostics diags;
    REQUIRE(read_dbt_project(dir.str(), p, diags, false));
    CHECK(p.origin == "files");
    CHECK(names(p) == std::vector<std::string>{"from_files"});
  }
  for (const char* edited : {"dbt_project.yml", "models/from_files.sql", "models/schema.yml"}) {
    DYNAMIC_SECTION("a file edited after dbt parse makes the manifest stale: " << edited) {
      set_age(dir.path() / "target/manifest.json", std::chrono::seconds(50));
      set_age(dir.path() / edited, std::chrono::seconds(10));
      DbtProject p;
      Diagnostics diags;
      REQUIRE(read_dbt_project(dir.str(), p, diags));
      CHECK(p.origin == "files");
      CHECK(names(p) == std::vector<std::string>{"from_files"});
    }
  }
  SECTION("a broken fresh manifest falls back to the files with a D003 warning") {
    write_file(dir.path() / "target/manifest.json", "{\"metadata\": {\"dbt_schema_version\": ");
    set_age(dir.path() / "target/manifest.json", std::chrono::seconds(50));
    DbtProject p;
    Diagnostics diags;
    REQUIRE(read_dbt_project(dir.str(), p, diags));
    CHECK(p.origin == "files");
    CHECK(names(p) == std::vector<std::string>{"from_files"});
    REQUIRE(diags.items().size() == 1);
    CHECK(diags.items()[0].code == "FLOE-D003");
    CHECK(diags.items()[0].severity == floe::Severity::warning);
    CHECK_FALSE(diags.has_errors());
  }
  SECTION("target-path in dbt_project.yml is honoured") {
    write_file(dir.path() / "dbt_project.yml", kProjectYml + "target-path: build\n");
    set_age(dir.path() / "dbt_project.yml", std::chrono::seconds(100));
    fs::create_directories(dir.path() / "build");
    fs::rename(dir.path() / "target/manifest.json", dir.path() / "build/manifest.json");
    set_age(dir.path() / "build/manifest.json", std::chrono::seconds(50));
    DbtProject p;
    Diagnostics diags;
    REQUIRE(read_dbt_project(dir.str(), p, diags));
    CHECK(p.origin == "manifest");
  }
}
