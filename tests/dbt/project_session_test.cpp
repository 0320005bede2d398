// ProjectSession (dbt/project_session.hpp), the edit loop's kept project:
// after every kind of edit, the project it holds is exactly what
// read_dbt_project reads from the files now, field by field, locations
// included; an edit of a model's .sql or of a properties file is patched
// (only its models merged again), anything it cannot patch with certainty
// is read whole.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "dbt/dbt_project.hpp"
#include "dbt/project_session.hpp"
#include "project_compare.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using floe::Diagnostics;
using floe::dbt::DbtProject;
using floe::dbt::ParseCacheOptions;
using floe::dbt::ProjectSession;
using floe::test::described;
using floe::test::read_file;
using floe::test::TempDir;
using floe::test::write_file;

namespace project_session_test {

const std::string kFixture = std::string(FLOE_TEST_SOURCE_DIR) + "/tests/fixtures/dbt-enforce";

std::string fresh(const std::string& dir) {
  DbtProject project;
  Diagnostics diags;
  read_dbt_project(dir, project, diags, false);
  return described(project);
}

}  // namespace project_session_test

using namespace project_session_test;

TEST_CASE("project session: each edit leaves the project a fresh read gives, patched where it can be",
          "[project][session]") {
  TempDir tmp;
  const fs::path dir = tmp.path() / "p";
  fs::copy(project_session_test::kFixture, dir, fs::copy_options::recursive);
  ParseCacheOptions cache;
  cache.path = (tmp.path() / "p.bin").string();
  cache.key = "test key";
  cache.settle_ns = 0;
  ProjectSession session;
  REQUIRE(session.open(dir.string(), cache));
  REQUIRE(session.diagnostics().empty());
  CHECK(described(session.project()) == fresh(dir.string()));

  const fs::path orders_sql = dir / "models/silver/silver_orders.sql";
  const fs::path silver_yml = dir / "models/silver/schema.yml";
  const std::string orders_text = read_file(orders_sql), yml_text = read_file(silver_yml);

  SECTION("a model's SQL: its refs, location and config() change, only it is merged again") {
    write_file(orders_sql, "\n\n{{ config(materialized='incremental', tags=['late']) }}\nselect * from {{ ref('bronze_accounts') }}\n");
    ProjectSession::Change change = session.update({"models/silver/silver_orders.sql"});
    CHECK_FALSE(change.whole);
    CHECK(change.models == std::vector<std::string>{"silver_orders"});
    CHECK(described(session.project()) == fresh(dir.string()));
    CHECK(session.project().find_model("silver_orders")->materialized == "incremental");
  }
  SECTION("a properties file: descriptions, tests, tags and meta of the models it describes") {
    std::string edited = yml_text;
    edited.replace(edited.find("Orders with their customer's country."), 37, "Orders, edited.");
    edited.replace(edited.find("tier: 2"), 7, "tier: 3\n        team: web");
    edited.replace(edited.find("          - unique\n          - not_null"), 40, "          - not_null");
    write_file(silver_yml, edited);
    ProjectSession::Change change = session.update({"models/silver/schema.yml"});
    CHECK_FALSE(change.whole);
    CHECK(change.models == std::vector<std::string>{"silver_customers", "silver_orders"});
    CHECK(described(session.project()) == fresh(dir.string()));
    CHECK(session.project().find_model("silver_orders")->description == "Orders, edited.");
  }
  SECTION("two files at once, then back as they were") {
    write_file(orders_sql, orders_text + "-- saved\n");
    write_file(silver_yml, yml_text + "\n");
    CHECK_FALSE(session.update({"models/silver/silver_orders.sql", "models/silver/schema.yml"}).whole);
    CHECK(described(session.project()) == fresh(dir.string()));
    write_file(orders_sql, orders_text);
    write_file(silver_yml, yml_text);
    CHECK_FALSE(session.update({"models/silver/silver_orders.sql", "models/silver/schema.yml"}).whole);
    CHECK(described(session.project()) == fresh(dir.string()));
  }
  SECTION("what it cannot patch is read whole, and still the fresh read's") {
    // A new model.
    write_file(dir / "models/gold/gold_margin.sql", "select * from {{ ref('silver_orders') }}\n");
    CHECK(session.update({"models/gold/gold_margin.sql"}).whole);
    CHECK(described(session.project()) == fresh(dir.string()));
    // A model disabled in its SQL.
    write_file(orders_sql, "{{ config(enabled=false) }}\n" + orders_text);
    CHECK(session.update({"models/silver/silver_orders.sql"}).whole);
    CHECK(session.project().find_model("silver_orders") == nullptr);
    CHECK(described(session.project()) == fresh(dir.string()));
    // ... and enabled again (it is not a model of the project meanwhile).
    write_file(orders_sql, orders_text);
    CHECK(session.update({"models/silver/silver_orders.sql"}).whole);
    CHECK(described(session.project()) == fresh(dir.string()));
    // A properties file that describes another set of models.
    write_file(silver_yml, yml_text + "  - name: gold_margin\n    description: Margins.\n");
    CHECK(session.update({"models/silver/schema.yml"}).whole);
    CHECK(described(session.project()) == fresh(dir.string()));
    // Sources.
    write_file(dir / "models/sources.yml", read_file(dir / "models/sources.yml") + "\n");
    CHECK(session.update({"models/sources.yml"}).whole);
    CHECK(described(session.project()) == fresh(dir.string()));
    // A removed model.
    fs::remove(dir / "models/gold/gold_margin.sql");
    CHECK(session.update({"models/gold/gold_margin.sql"}).whole);
    CHECK(described(session.project()) == fresh(dir.string()));
    // dbt_project.yml.
    CHECK(session.update({"dbt_project.yml"}).whole);
    CHECK(described(session.project()) == fresh(dir.string()));
  }
  SECTION("a file with a problem: read whole, its diagnostics kept, and patching resumes once fixed") {
    write_file(silver_yml, "version: 2\nmodels: [\n");
    CHECK(session.update({"models/silver/schema.yml"}).whole);
    CHECK_FALSE(session.diagnostics().empty());
    write_file(silver_yml, yml_text);
    CHECK(session.update({"models/silver/schema.yml"}).whole);
    CHECK(session.diagnostics().empty());
    CHECK(described(session.project()) == fresh(dir.string()));
    write_file(orders_sql, orders_text + "-- saved\n");
    CHECK_FALSE(session.update({"models/silver/silver_orders.sql"}).whole);
    CHECK(described(session.project()) == fresh(dir.string()));
  }
}
