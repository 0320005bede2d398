// floe compile checks the selected plugins' requirements against each other
// (the composition floe plugins compose checks): a catalog that needs a
// storage binding with none selected, or a storage it cannot use, is
// FLOE-P605 at the catalog's manifest line, naming both and the fix.
#include <catch2/catch.hpp>

#include <string>

#include "compile_test_support.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace json = boost::json;

namespace {

// The example platform with its catalog and storage blocks replaced.
std::string platform_with(const std::string& catalog_and_storage) {
  std::string text = read_file(examples_dir() / "platform/manifest.yaml");
  auto from = text.find("  catalog:\n    type: polaris");
  auto to = text.find("  # Where traces and metrics go");
  REQUIRE(from != std::string::npos);
  REQUIRE(to != std::string::npos);
  text.replace(from, to - from, catalog_and_storage);
  // The OCI layout it publishes to is relative to the example's directory.
  auto registry = text.find("artifacts:\n  registry:");
  if (registry != std::string::npos) text.erase(registry);
  return text;
}

JsonRun compile_against(const TempDir& dir, const std::string& platform) {
  write_file(dir.path() / "manifest.yaml", platform);
  return floe_json({"compile", example("customer-360/floe.yaml"), "--platform", (dir.path() / "manifest.yaml").string(),
                    "-o", (dir.path() / "out").string()});
}

}  // namespace

TEST_CASE("a catalog that needs a storage binding with none selected fails the compile (FLOE-P605)",
          "[compile][composition]") {
  TempDir dir;
  auto r = compile_against(dir, platform_with("  catalog:\n    type: glue\n    config:\n      region: eu-west-1\n\n"));
  INFO(r.process.out << r.process.err);
  CHECK(r.process.exit_code == 3);
  const json::object* d = find_diagnostic(r.report, "FLOE-P605");
  REQUIRE(d != nullptr);
  std::string message(d->at("message").as_string());
  CHECK(message ==
        "catalog/glue requires a storage plugin with capability 's3-compatible', but none is selected (a storage "
        "binding: where the catalog's table files live)");
  CHECK(d->at("hint") == "select one under plugins.storage in the platform manifest");
  CHECK(d->at("file").as_string().ends_with("manifest.yaml"));
  CHECK(d->at("line") == 66);  // plugins.catalog.type: glue
}

TEST_CASE("the same catalog with the S3 storage it needs compiles", "[compile][composition]") {
  TempDir dir;
  auto r = compile_against(dir, platform_with("  catalog:\n    type: glue\n    config:\n      region: eu-west-1\n"
                                              "  storage:\n    type: s3\n    config:\n      bucket: acme-lake\n\n"));
  INFO(r.process.out << r.process.err);
  CHECK(r.process.exit_code == 0);
  CHECK(find_diagnostic(r.report, "FLOE-P605") == nullptr);
}

TEST_CASE("a storage the catalog cannot use fails the compile, naming both (FLOE-P605)", "[compile][composition]") {
  TempDir dir;
  auto r = compile_against(dir, platform_with("  catalog:\n    type: glue\n  storage:\n    type: gcs\n    config:\n"
                                              "      bucket: acme-lake\n\n"));
  INFO(r.process.out << r.process.err);
  CHECK(r.process.exit_code == 3);
  const json::object* d = find_diagnostic(r.report, "FLOE-P605");
  REQUIRE(d != nullptr);
  CHECK(d->at("message") ==
        "catalog/glue requires a storage plugin with capability 's3-compatible', but storage/gcs declares only: gcs, "
        "iceberg-fileio (a storage binding: where the catalog's table files live)");
  CHECK(d->at("hint") == "select a storage plugin that declares 's3-compatible' under plugins.storage, or another catalog");
}

TEST_CASE("a storage's secrets are checked by the plugin at compile time (FLOE-P604)", "[compile][composition]") {
  TempDir dir;
  auto r = compile_against(dir, platform_with("  storage:\n    type: s3\n    config:\n      bucket: acme-lake\n"
                                              "    secrets:\n      access_key_id: {env: AWS_ACCESS_KEY_ID}\n"
                                              "      password: {secret_ref: lake-password}\n\n"));
  INFO(r.process.out << r.process.err);
  CHECK(r.process.exit_code == 3);
  const json::object* d = find_diagnostic(r.report, "FLOE-P604");
  REQUIRE(d != nullptr);
  std::string message(d->at("message").as_string());
  CHECK(message.find("storage/s3 refuses plugins.storage.secrets:") != std::string::npos);
  CHECK(message.find("key 'secrets.password': not a secret this plugin takes; accepted: access_key_id, "
                     "secret_access_key, session_token") != std::string::npos);
  CHECK(d->at("line") == 71);  // plugins.storage.secrets.password

  // Static keys with a workload identity: the keys would never be used.
  TempDir irsa;
  auto both = compile_against(
      irsa, platform_with("  storage:\n    type: s3\n    config:\n      bucket: acme-lake\n      credentials:\n"
                          "        mode: iam_role\n        role_arn: arn:aws:iam::123456789012:role/lake\n"
                          "    secrets:\n      access_key_id: {env: AWS_ACCESS_KEY_ID}\n"
                          "      secret_access_key: {env: AWS_SECRET_ACCESS_KEY}\n\n"));
  CHECK(both.process.exit_code == 3);
  const json::object* mode = find_diagnostic(both.report, "FLOE-P604");
  REQUIRE(mode != nullptr);
  CHECK(std::string(mode->at("message").as_string()).find("credentials.mode iam_role takes no static keys") !=
        std::string::npos);
}
