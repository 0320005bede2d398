// Loading from files: FLOE-C001 and the path as given.
#include "config_test_support.hpp"
#include "fixtures.hpp"
#include "temp_dir.hpp"

using namespace floe::test;

TEST_CASE("C001: a missing file", "[loader]") {
  floe::LocatedDocument doc;
  floe::Diagnostics diags;
  CHECK_FALSE(floe::load_manifest("no/such/manifest.yaml", doc, diags));
  REQUIRE(diags.items().size() == 1);
  const auto& d = diags.items()[0];
  CHECK(d.code == "FLOE-C001");
  CHECK(d.where.file == "no/such/manifest.yaml");
  CHECK(d.message == "cannot read 'no/such/manifest.yaml': No such file or directory");
}

TEST_CASE("C001: a directory instead of a file", "[loader]") {
  TempDir dir;
  floe::LocatedDocument doc;
  floe::Diagnostics diags;
  CHECK_FALSE(floe::load_data_product(dir.str(), doc, diags));
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].code == "FLOE-C001");
  CHECK(diags.items()[0].hint == "give the path of the floe.yaml inside it");
}

TEST_CASE("files load with the path as given in every location", "[loader]") {
  TempDir dir;
  write_file(dir.path() / "manifest.yaml", kEnterpriseManifest);
  write_file(dir.path() / "floe.yaml", std::string(kFullProduct) + "extra: 1\n");
  write_file(dir.path() / "empty.yaml", "# nothing yet\n");
  floe::LocatedDocument doc;
  floe::Diagnostics diags;
  CHECK(floe::load_manifest((dir.path() / "manifest.yaml").string(), doc, diags));
  CHECK(diags.empty());
  CHECK(doc.file == (dir.path() / "manifest.yaml").string());
  CHECK(doc.at("plugins.compute.type").file == doc.file);
  CHECK(doc.at("plugins.compute.type").line == 12);

  CHECK_FALSE(floe::load_data_product((dir.path() / "floe.yaml").string(), doc, diags));
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].subject == "extra");
  CHECK(diags.items()[0].where.file == (dir.path() / "floe.yaml").string());
  CHECK(diags.items()[0].where.line == 38);

  floe::Diagnostics empty;
  CHECK_FALSE(floe::load_manifest((dir.path() / "empty.yaml").string(), doc, empty));
  REQUIRE(empty.items().size() == 1);
  CHECK(empty.items()[0].code == "FLOE-C004");
}
