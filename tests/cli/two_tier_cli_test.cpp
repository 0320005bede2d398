// The architecture deep-dive's two-tier pair (tests/fixtures/seeds/
// architecture-two-tier, copied verbatim from the seed) through the floe
// executable: compile as written, floe migrate to the current format, and the
// refusals (errors in the file, an existing output, a secret value).
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <filesystem>

#include "compile_test_support.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// A copy of the fixture in DIR/architecture-two-tier (the platform's name
// comes from its directory), so compiles and migrations never write into
// the source tree.
struct SeedCopy {
  TempDir tmp;
  fs::path dir = tmp.path() / "architecture-two-tier";
  SeedCopy() { copy_tree(fs::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/seeds/architecture-two-tier", dir); }
  std::string operator()(const std::string& rel) const { return (dir / rel).string(); }
};

std::size_t count_code(const json::value& report, const std::string& code) {
  std::size_t n = 0;
  for (const auto& d : report.at("diagnostics").as_array()) n += d.at("code") == code.c_str() ? 1 : 0;
  return n;
}

bool has_message(const json::value& report, const std::string& code, const std::string& text) {
  for (const auto& d : report.at("diagnostics").as_array())
    if (d.at("code") == code.c_str() && std::string(d.at("message").as_string()).find(text) != std::string::npos)
      return true;
  return false;
}

// The compiled artifacts without what names the input and output files:
// the hash over the inputs, per tier the file, reference and digest, and
// where profiles.yml was written.
json::value resolved_result(const fs::path& artifacts) {
  json::value a = json::parse(read_file(artifacts));
  a.as_object().erase("metadata");
  a.at("dbt").as_object().erase("profiles_path");
  for (auto& tier : a.at("inheritance").at("chain").as_array())
    for (const char* key : {"ref", "source", "sha256"}) tier.as_object().erase(key);
  return a;
}

}  // namespace

TEST_CASE("the seed's two-tier floe.yaml compiles as written against its platform.yaml", "[two-tier][cli]") {
  SeedCopy seed;
  auto r = floe_json({"compile", seed("floe.yaml"), "--platform", seed("platform.yaml")});
  INFO(r.process.out << r.process.err);
  REQUIRE(r.process.exit_code == 0);
  CHECK(r.report.at("outcome") == "ok");
  CHECK(count_code(r.report, "FLOE-C090") == 17);  // 9 in platform.yaml, 8 in floe.yaml
  CHECK(has_message(r.report, "FLOE-C090", "'storage.default' was read as 'plugins.storage'"));
  CHECK(has_message(r.report, "FLOE-C090", "transform 'raw_to_bronze' was read as {name: raw_to_bronze, type: dbt, path: "
                                           "sales_dbt/models/bronze}"));
  CHECK(has_message(r.report, "FLOE-C090", "'infrastructure' ('infrastructure.cloud') has no equivalent in floe"));

  json::value a = json::parse(read_file(seed.dir / "target" / "compiled_artifacts.json"));
  CHECK(a.at("product").at("name") == "sales-analytics");
  CHECK(a.at("platform").at("name") == "architecture-two-tier");
  CHECK(a.at("platform").at("version") == "1.1.0");
  CHECK(a.at("plugins").at("compute").at("type") == "duckdb");
  CHECK(a.at("plugins").at("storage").at("config").at("credentials").at("mode") == "iam_role");
  CHECK(a.at("telemetry").at("traces").at("endpoint") == "https://otel-collector.company.com:4317");
  CHECK(a.at("schedule") == json::parse(R"({"cron": "0 6 * * *"})"));
  std::string models = json::serialize(a.at("dbt").at("projects"));
  for (const char* m : {"bronze_customers", "bronze_orders", "silver_orders", "silver_customer_revenue"})
    CHECK(models.find(m) != std::string::npos);
  CHECK(a.at("enforcement").at("passed") == true);
  CHECK(fs::exists(seed.dir / "target" / "profiles" / "profiles.yml"));

  auto text = run_floe({"validate", seed("floe.yaml"), "--platform", seed("platform.yaml")});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("Succeeded") != std::string::npos);
  CHECK(text.err.find("floe.yaml:30:1: note FLOE-C090: two-tier format: 'schedules[0]' (daily_refresh) was read as "
                      "'schedule'") != std::string::npos);
}

TEST_CASE("real dbt builds the seed's sales_dbt with the profile floe wrote", "[two-tier][cli][dbt]") {
  REQUIRE(fs::exists(FLOE_TEST_DBT));  // scripts/bootstrap installs it; its absence is a failure
  SeedCopy seed;
  REQUIRE(run_floe({"compile", seed("floe.yaml"), "--platform", seed("platform.yaml")}).exit_code == 0);
  auto r = run_process(FLOE_TEST_DBT,
                       {"build", "--project-dir", seed("sales_dbt"), "--profiles-dir", (seed.dir / "target" / "profiles").string(),
                        "--no-use-colors"},
                       {{"DBT_SEND_ANONYMOUS_USAGE_STATS", "false"}});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("Completed successfully") != std::string::npos);
  CHECK(r.out.find("PASS=26 WARN=0 ERROR=0") != std::string::npos);  // 4 models, 22 tests
}

TEST_CASE("migrate writes the current format, which compiles without notes to the same result", "[two-tier][cli][migrate]") {
  SeedCopy seed;
  auto platform = run_floe({"migrate", seed("platform.yaml")});
  INFO(platform.out << platform.err);
  REQUIRE(platform.exit_code == 0);
  CHECK(platform.out.find("wrote " + seed("manifest.yaml")) != std::string::npos);
  CHECK(platform.err.find("note FLOE-C090: two-tier format: 'storage.default' was read as 'plugins.storage'") !=
        std::string::npos);
  // The leading comment block is kept; the rest is the current format in
  // canonical order.
  std::string source = read_file(seed.dir / "platform.yaml");
  std::string leading = source.substr(0, source.find("version:"));
  CHECK(read_file(seed.dir / "manifest.yaml") == leading + "\n" + R"(apiVersion: floe.dev/v1
kind: Manifest

metadata:
  name: architecture-two-tier
  version: 1.1.0

plugins:
  compute:
    type: duckdb
  storage:
    type: s3
    config:
      bucket: prod-iceberg-data
      credentials:
        mode: iam_role
        role_arn: arn:aws:iam::123456789012:role/IcebergStorage
  secrets:
    type: aws_secrets_manager
  identity:
    type: oidc
    config:
      provider_url: https://auth.company.com
      client_id: floe-platform

observability:
  traces:
    endpoint: https://otel-collector.company.com:4317
)");

  auto product = run_floe({"migrate", seed("floe.yaml"), "-o", seed("floe.modern.yaml"), "--platform", "manifest.yaml"});
  INFO(product.out << product.err);
  REQUIRE(product.exit_code == 0);
  std::string modern = read_file(seed.dir / "floe.modern.yaml");
  CHECK(modern.find("platform:\n  ref: manifest.yaml\n") != std::string::npos);
  CHECK(modern.find("  - name: raw_to_bronze\n    type: dbt\n    path: sales_dbt/models/bronze\n") != std::string::npos);

  TempDir out_old, out_new;
  auto before = floe_json({"compile", seed("floe.yaml"), "--platform", seed("platform.yaml"), "-o", out_old.str()});
  auto after = floe_json({"compile", seed("floe.modern.yaml"), "-o", out_new.str()});
  INFO(after.process.out << after.process.err);
  REQUIRE(before.process.exit_code == 0);
  REQUIRE(after.process.exit_code == 0);
  CHECK(count_code(after.report, "FLOE-C090") == 0);
  // Nothing but the notes that the platform's storage, secrets and identity
  // plugins are not installed here (P603, which the old format gets too).
  std::size_t p603 = count_code(after.report, "FLOE-P603");
  CHECK(p603 == count_code(before.report, "FLOE-P603"));
  CHECK(after.report.at("diagnostics").as_array().size() == p603);
  CHECK(resolved_result(out_new.path() / "compiled_artifacts.json") ==
        resolved_result(out_old.path() / "compiled_artifacts.json"));
  CHECK(read_file(out_new.path() / "profiles" / "profiles.yml") == read_file(out_old.path() / "profiles" / "profiles.yml"));

  auto again = run_floe({"migrate", seed("manifest.yaml")});
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("already in the current format: nothing to migrate") != std::string::npos);
}

TEST_CASE("migrate -o - prints the file alone on stdout, the notes on stderr", "[two-tier][cli][migrate]") {
  SeedCopy seed;
  // A comment directly above a top-level key that keeps its name is kept;
  // the one above 'profiles' (dropped) is lost.
  std::string text = read_file(seed.dir / "floe.yaml");
  write_file(seed.dir / "floe.yaml", text.replace(text.find("transforms:"), 0, "# What runs, in order.\n"));
  auto files_before = std::distance(fs::directory_iterator(seed.dir), fs::directory_iterator());
  auto r = run_floe({"migrate", seed("floe.yaml"), "-o", "-"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.rfind("# Copied verbatim from the seed", 0) == 0);
  CHECK(r.out.find("[1/") == std::string::npos);
  CHECK(r.out.find("\n\n# What runs, in order.\ntransforms:\n") != std::string::npos);
  CHECK(r.out.find("Reference profiles") == std::string::npos);
  CHECK(r.out.find("schedule:\n  cron: 0 6 * * *\n") != std::string::npos);
  CHECK(r.err.find("note FLOE-C090: two-tier format: 'profiles' has no equivalent") != std::string::npos);
  // Nothing written: no new file, the input untouched.
  CHECK(std::distance(fs::directory_iterator(seed.dir), fs::directory_iterator()) == files_before);
  CHECK(read_file(seed.dir / "floe.yaml").find("profiles:") != std::string::npos);
}

TEST_CASE("migrate refuses a file with errors, an existing output and an unknown kind", "[two-tier][cli][migrate]") {
  SeedCopy seed;
  write_file(seed.dir / "platform.yaml", read_file(seed.dir / "platform.yaml") + "obsrvability: {}\n");
  auto bad = floe_json({"migrate", seed("platform.yaml")});
  CHECK(bad.process.exit_code == 3);
  const auto* c101 = find_diagnostic(bad.report, "FLOE-C101");
  REQUIRE(c101 != nullptr);
  CHECK(c101->at("hint") == "did you mean 'observability'?");
  CHECK_FALSE(fs::exists(seed.dir / "manifest.yaml"));

  auto exists = run_floe({"migrate", seed("floe.yaml")});  // the output would be floe.yaml itself
  CHECK(exists.exit_code == 2);
  CHECK(exists.err.find("error FLOE-U103: " + seed("floe.yaml") + " exists; floe migrate replaces a file only when asked") !=
        std::string::npos);
  CHECK(exists.err.find("fix:      pass --force to replace it, or -o FILE to write elsewhere") != std::string::npos);
  CHECK(read_file(seed.dir / "floe.yaml").find("profiles:") != std::string::npos);
  auto forced = run_floe({"migrate", seed("floe.yaml"), "--force"});
  CHECK(forced.exit_code == 0);
  CHECK(read_file(seed.dir / "floe.yaml").find("kind: DataProduct\n") != std::string::npos);

  write_file(seed.dir / "other.yaml", "owner: me\n");
  auto unknown = run_floe({"migrate", seed("other.yaml")});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("error FLOE-U104: cannot tell whether") != std::string::npos);
  CHECK(unknown.err.find("pass --kind manifest or --kind data-product") != std::string::npos);
  auto as_product = floe_json({"migrate", seed("other.yaml"), "--kind", "data-product"});
  CHECK(as_product.process.exit_code == 3);  // read as a product: apiVersion, kind, ... missing, owner unknown
  CHECK(find_diagnostic(as_product.report, "FLOE-C102") != nullptr);

  auto missing = run_floe({"migrate", seed("nothing.yaml")});
  CHECK(missing.exit_code == 3);
  CHECK(missing.err.find("error FLOE-C001") != std::string::npos);
}

TEST_CASE("unknown keys in two-tier files are still C101 with did-you-mean", "[two-tier][cli]") {
  SeedCopy seed;
  write_file(seed.dir / "floe.yaml", read_file(seed.dir / "floe.yaml") + "schedulez: {cron: \"0 7 * * *\"}\n");
  auto r = floe_json({"compile", seed("floe.yaml"), "--platform", seed("platform.yaml")});
  CHECK(r.process.exit_code == 3);
  const auto* c101 = find_diagnostic(r.report, "FLOE-C101");
  REQUIRE(c101 != nullptr);
  CHECK(c101->at("subject") == "schedulez");
  CHECK(c101->at("hint") == "did you mean 'schedule'?");
  CHECK(c101->at("line") == 34);
}

TEST_CASE("credential modes: references compile to placeholders, values are never printed or written",
          "[two-tier][cli][secrets]") {
  SeedCopy seed;
  const std::string value = "s3cr3t-Polaris-Value-9f8e7d";
  std::string catalog = "catalogs:\n  default:\n    type: polaris\n    uri: https://polaris.company.com/api/catalog\n"
                        "    credentials:\n      mode: oauth2\n      client_id:\n        secret_ref: polaris-client-id\n"
                        "      client_secret:\n        secret_ref: polaris-client-secret\n";
  std::string platform = read_file(seed.dir / "platform.yaml");
  write_file(seed.dir / "platform.yaml", platform + catalog);
  std::map<std::string, std::string> env{{"FLOE_SECRET_POLARIS_CLIENT_SECRET", value}};
  auto r = run_floe({"compile", seed("floe.yaml"), "--platform", seed("platform.yaml")}, env);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  json::value a = json::parse(read_file(seed.dir / "target" / "compiled_artifacts.json"));
  CHECK(a.at("catalog").at("secrets").at("client_secret").at("placeholder") ==
        "{{ env_var('FLOE_SECRET_POLARIS_CLIENT_SECRET') }}");
  CHECK(a.at("catalog").at("config").at("credentials").at("mode") == "oauth2");
  auto migrated = run_floe({"migrate", seed("platform.yaml"), "-o", "-"}, env);
  REQUIRE(migrated.exit_code == 0);
  CHECK(migrated.out.find("    secrets:\n      client_id:\n        secret_ref: polaris-client-id\n") != std::string::npos);
  for (const std::string& output : {r.out, r.err, migrated.out, migrated.err,
                                    read_file(seed.dir / "target" / "compiled_artifacts.json"),
                                    read_file(seed.dir / "target" / "profiles" / "profiles.yml")})
    CHECK(output.find(value) == std::string::npos);

  // A literal secret is refused by compile and by migrate, never shown.
  const std::string literal = "hunter2-Literal-Secret-7c6b";
  write_file(seed.dir / "platform.yaml", platform + "catalogs:\n  default:\n    type: polaris\n    credentials:\n"
                                                    "      mode: oauth2\n      client_secret: " + literal + "\n");
  auto refused = floe_json({"compile", seed("floe.yaml"), "--platform", seed("platform.yaml")});
  CHECK(refused.process.exit_code == 3);
  const auto* c205 = find_diagnostic(refused.report, "FLOE-C205");
  REQUIRE(c205 != nullptr);
  CHECK(c205->at("line") == 46);
  auto not_migrated = run_floe({"migrate", seed("platform.yaml")});
  CHECK(not_migrated.exit_code == 3);
  CHECK(not_migrated.err.find("error FLOE-C205") != std::string::npos);
  CHECK_FALSE(fs::exists(seed.dir / "manifest.yaml"));
  for (const std::string& output : {refused.process.out, refused.process.err, not_migrated.out, not_migrated.err})
    CHECK(output.find(literal) == std::string::npos);
}

TEST_CASE("migrate --help describes the command", "[cli][migrate]") {
  auto r = run_floe({"migrate", "--help"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("Usage:") != std::string::npos);
  CHECK(r.out.find("--force") != std::string::npos);
  auto missing = run_floe({"migrate"});
  CHECK(missing.exit_code == 2);
}

TEST_CASE("migrate applies the alpha's translations too", "[cli][migrate]") {
  TempDir dir;
  write_file(dir.path() / "floe.yaml",
             "# The alpha's product file.\napiVersion: floe.dev/v1\nkind: FloeSpec\n"
             "metadata: {name: customer-360, version: 1.0.0}\nplatform:\n  manifest: ../platform/manifest.yaml\n"
             "transforms:\n  - name: bronze_customers\n    tier: bronze\n");
  auto r = run_floe({"migrate", (dir.path() / "floe.yaml").string(), "-o", "-"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.rfind("# The alpha's product file.\n\napiVersion: floe.dev/v1\nkind: DataProduct\n", 0) == 0);
  CHECK(r.out.find("platform:\n  ref: ../platform/manifest.yaml\n") != std::string::npos);
  CHECK(r.err.find("alpha format: 'kind: FloeSpec' was read as 'kind: DataProduct'") != std::string::npos);
}
