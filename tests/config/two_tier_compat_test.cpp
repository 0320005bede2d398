// The architecture deep-dive's two-tier platform.yaml and floe.yaml, read
// through the translation layer: every construct a FLOE-C090 note naming its
// new spelling (or saying it is lost), secrets kept as references, values
// reported at the lines the user wrote.
#include <boost/json/parse.hpp>

#include <filesystem>

#include "config_test_support.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
using boost::json::value;

namespace {

// The seed's platform.yaml (shared/seeds/003_dd8cc80200ecd78d.txt), as in
// tests/fixtures/seeds/architecture-two-tier/platform.yaml.
const std::string kSeedPlatform = R"(version: "1.1.0"

infrastructure:
  cloud:
    provider: aws
    region: us-east-1

security:
  authentication:
    enabled: true
    method: oidc
    oidc:
      provider_url: "https://auth.company.com"
      client_id: "floe-platform"
  secret_backends:
    primary: aws_secrets_manager

storage:
  default:
    type: s3
    bucket: prod-iceberg-data
    credentials:
      mode: iam_role
      role_arn: "arn:aws:iam::123456789012:role/IcebergStorage"

observability:
  otlp_endpoint: "https://otel-collector.company.com:4317"
)";

const std::string kFile = "platform/prod/platform.yaml";

bool has_note(const Loaded& l, const std::string& text) {
  for (const auto& d : l.with("FLOE-C090"))
    if (d.message.find(text) != std::string::npos) return true;
  return false;
}

// A product directory holding floe.yaml beside the given dbt projects.
struct ProductDir {
  TempDir dir;
  std::string file() const { return (dir.path() / "floe.yaml").string(); }
  void project(const std::string& rel, const std::string& name) const {
    write_file(dir.path() / rel / "dbt_project.yml", "name: " + name + "\nconfig-version: 2\n");
  }
};

const std::string kProductHead = "name: sales-analytics\nversion: \"1.0.0\"\n";

}  // namespace

TEST_CASE("the seed's two-tier platform.yaml reads as a manifest, one note per construct", "[two-tier]") {
  auto l = manifest(kSeedPlatform, kFile);
  INFO(l.dump());
  CHECK(l.ok);
  CHECK(l.with("FLOE-C090").size() == 9);
  const auto& root = l.doc.root;
  CHECK(root.at("apiVersion") == value("floe.dev/v1"));
  CHECK(root.at("kind") == value("Manifest"));
  CHECK(root.at("metadata").at("version") == value("1.1.0"));
  CHECK(root.at("metadata").at("name") == value("prod"));
  CHECK(has_note(l, "metadata.name 'prod' was derived from its directory 'prod'"));
  const auto& plugins = root.at("plugins");
  CHECK(plugins.at("storage").at("type") == value("s3"));
  CHECK(plugins.at("storage").at("config").at("bucket") == value("prod-iceberg-data"));
  CHECK(plugins.at("storage").at("config").at("credentials").at("mode") == value("iam_role"));
  CHECK(plugins.at("storage").at("config").at("credentials").at("role_arn") ==
        value("arn:aws:iam::123456789012:role/IcebergStorage"));
  CHECK(plugins.at("identity") == boost::json::parse(R"({"type": "oidc", "config": {"provider_url":
        "https://auth.company.com", "client_id": "floe-platform"}})"));
  CHECK(plugins.at("secrets") == boost::json::parse(R"({"type": "aws_secrets_manager"})"));
  CHECK(plugins.at("compute") == boost::json::parse(R"({"type": "duckdb"})"));
  CHECK(root.at("observability").at("traces").at("endpoint") == value("https://otel-collector.company.com:4317"));
  for (const char* gone : {"version", "infrastructure", "security", "storage"}) CHECK_FALSE(root.as_object().contains(gone));

  CHECK(has_note(l, "'storage.default' was read as 'plugins.storage' (settings as 'config'; credentials mode "
                    "'iam_role' kept as 'config.credentials.mode')"));
  CHECK(has_note(l, "'infrastructure' ('infrastructure.cloud') has no equivalent in floe and was dropped (lossy)"));
  CHECK(has_note(l, "'security.authentication' (method oidc) was read as 'plugins.identity'"));
  CHECK(has_note(l, "'security.secret_backends.primary' was read as 'plugins.secrets' (type aws_secrets_manager)"));
  CHECK(has_note(l, "'observability.otlp_endpoint' was read as 'observability.traces.endpoint'"));
  CHECK(has_note(l, "names no compute; floe needs one to generate the dbt profile and selects its embedded DuckDB"));
  // Moved values keep the lines the user wrote.
  CHECK(l.doc.at("plugins.storage.config.bucket").line == 21);
  CHECK(l.doc.at("plugins.storage.config.credentials.mode").line == 23);
  CHECK(l.doc.at("observability.traces.endpoint").line == 27);
  CHECK(l.doc.at("metadata.version").line == 1);
}

TEST_CASE("credential modes keep secrets as references and refuse values", "[two-tier][secrets]") {
  auto oauth = manifest("version: 1.0.0\ncatalogs:\n  default:\n    type: polaris\n    uri: https://polaris:8181\n"
                        "    credentials:\n      mode: oauth2\n      client_id: {secret_ref: polaris-client-id}\n"
                        "      client_secret: {secret_ref: polaris-client-secret}\n      scope: PRINCIPAL_ROLE:ALL\n"
                        "compute:\n  default: {type: duckdb}\n",
                        kFile);
  INFO(oauth.dump());
  CHECK(oauth.ok);
  const auto& catalog = oauth.doc.root.at("plugins").at("catalog");
  CHECK(catalog.at("secrets") == boost::json::parse(R"({"client_id": {"secret_ref": "polaris-client-id"},
        "client_secret": {"secret_ref": "polaris-client-secret"}})"));
  CHECK(catalog.at("config") == boost::json::parse(R"({"uri": "https://polaris:8181",
        "credentials": {"mode": "oauth2", "scope": "PRINCIPAL_ROLE:ALL"}})"));
  CHECK(oauth.doc.at("plugins.catalog.secrets.client_secret").line == 9);
  CHECK(has_note(oauth, "'catalogs.default' was read as 'plugins.catalog'"));
  CHECK(has_note(oauth, "secret references as 'secrets' (never values)"));
  CHECK_FALSE(has_note(oauth, "embedded DuckDB"));  // compute.default names it
  CHECK(oauth.doc.root.at("plugins").at("compute").at("type") == value("duckdb"));

  auto fixed = manifest("version: 1.0.0\nstorage:\n  default:\n    type: s3\n    credentials:\n      mode: static\n"
                        "      username: {env: S3_USER}\n      password: {k8s: {name: s3, key: password}}\n"
                        "  archive: {type: s3}\n",
                        kFile);
  CHECK(fixed.ok);
  CHECK(fixed.doc.root.at("plugins").at("storage").at("secrets").as_object().size() == 2);
  CHECK(has_note(fixed, "'storage.archive' has no equivalent and was dropped (lossy): a floe platform selects one "
                        "storage plugin"));

  auto vended = manifest("version: 1.0.0\nstorage:\n  default:\n    type: s3\n    credentials: {mode: vended_credentials}\n",
                         kFile);
  CHECK(vended.ok);

  // A literal secret stays where the rules refuse it, at its line, unshown.
  auto literal = manifest("version: 1.0.0\ncatalogs:\n  default:\n    type: polaris\n    credentials:\n"
                          "      mode: oauth2\n      client_secret: hunter2-literal-value\n",
                          kFile);
  CHECK_FALSE(literal.ok);
  auto c205 = literal.one("FLOE-C205");
  CHECK(c205.subject == "plugins.catalog.config.credentials.client_secret");
  CHECK(where(c205) == kFile + ":7:22");
  CHECK(literal.dump().find("hunter2") == std::string::npos);

  auto typo = manifest("version: 1.0.0\nstorage:\n  default:\n    type: s3\n    credentials: {mode: oauth}\n", kFile);
  auto c104 = typo.one("FLOE-C104");
  CHECK(c104.subject == "storage.default.credentials.mode");
  CHECK(where(c104) == kFile + ":5:25");
  CHECK(c104.hint == "did you mean 'oauth2'?");
}

TEST_CASE("two spellings of one value must agree (FLOE-C108 names both lines)", "[two-tier][conflict]") {
  auto endpoint = manifest("version: 1.0.0\nobservability:\n  otlp_endpoint: http://a:4317\n  traces:\n"
                           "    endpoint: http://b:4317\n",
                           kFile);
  auto c108 = endpoint.one("FLOE-C108");
  CHECK(where(c108) == kFile + ":3:3");
  CHECK(c108.message == "'observability.otlp_endpoint' and 'observability.traces.endpoint' at line 5 are two spellings "
                        "of one field with different values (not shown: they may hold credentials)");

  auto same = manifest("version: 1.0.0\nobservability:\n  otlp_endpoint: http://a:4317\n  traces: {endpoint: http://a:4317}\n",
                       kFile);
  CHECK(same.ok);
  CHECK(has_note(same, "repeats 'observability.traces.endpoint' and was ignored"));

  // The values of plugin selections are not shown: they may hold a secret.
  auto storage = manifest("version: 1.0.0\nplugins:\n  storage: {type: s3}\nstorage:\n  default:\n    type: s3\n"
                          "    credentials: {mode: static, password: hunter2-literal}\n",
                          kFile);
  auto s108 = storage.one("FLOE-C108");
  CHECK(s108.subject == "storage.default");
  CHECK(where(s108) == kFile + ":5:3");
  CHECK(storage.dump().find("hunter2") == std::string::npos);

  auto version = manifest("version: 1.0.0\nmetadata: {name: p, version: 2.0.0}\nstorage: {default: {type: s3}}\n", kFile);
  auto v108 = version.one("FLOE-C108");
  CHECK(where(v108) == kFile + ":1:10");
  CHECK(v108.message.find("at line 2") != std::string::npos);
}

TEST_CASE("translation never hides an unknown key: C101 with did-you-mean", "[two-tier]") {
  auto l = manifest(kSeedPlatform + "obsrvability: {}\n", kFile);
  auto d = l.one("FLOE-C101");
  CHECK(d.hint == "did you mean 'observability'?");
  CHECK(where(d) == kFile + ":28:1");
  // Unknown settings of an authentication method become its config (the
  // plugin's schema checks them); unknown security sections are lost, said so.
  auto security = manifest("version: 1.0.0\nsecurity:\n  network_policies: {deny_all: true}\n", kFile);
  CHECK(security.ok);
  CHECK(has_note(security, "'security.network_policies' has no equivalent in floe and was dropped (lossy)"));
  // Without version or a two-tier section a file is not read as two-tier.
  auto plain = manifest("storage:\n  default: {type: s3}\n", kFile);
  CHECK(plain.with("FLOE-C090").empty());
  CHECK(plain.one("FLOE-C101").subject == "storage");
}

TEST_CASE("a platform name comes from the directory, made a DNS label", "[two-tier]") {
  CHECK(manifest(kSeedPlatform, "Sales Platform_EU/platform.yaml").doc.root.at("metadata").at("name") ==
        value("sales-platform-eu"));
  CHECK(manifest(kSeedPlatform, "floe/platform.yaml").doc.root.at("metadata").at("name") == value("floe-platform"));
  auto named = manifest("metadata: {name: acme}\n" + kSeedPlatform, kFile);
  CHECK(named.doc.root.at("metadata").at("name") == value("acme"));
  CHECK_FALSE(has_note(named, "derived from its directory"));
}

TEST_CASE("the seed's two-tier floe.yaml reads as a product on its dbt project", "[two-tier][product]") {
  ProductDir p;
  p.project("sales_dbt", "sales_dbt");
  auto l = product(kProductHead +
                       "profiles:\n  storage: default\n  catalog: default\n  compute: default\n"
                       "transforms:\n  - name: raw_to_bronze\n    type: dbt\n    project: sales_dbt\n    models:\n"
                       "      - path: models/bronze/*.sql\n  - name: bronze_to_silver\n    type: dbt\n    project: sales_dbt\n"
                       "    models:\n      - path: models/silver/*.sql\n"
                       "schedules:\n  - name: daily_refresh\n    cron: \"0 6 * * *\"\n"
                       "    transforms: [raw_to_bronze, bronze_to_silver]\n",
                   p.file());
  INFO(l.dump());
  CHECK(l.ok);
  CHECK(l.with("FLOE-C090").size() == 8);
  const auto& root = l.doc.root;
  CHECK(root.at("kind") == value("DataProduct"));
  CHECK(root.at("metadata") == boost::json::parse(R"({"name": "sales-analytics", "version": "1.0.0"})"));
  CHECK(root.at("platform").at("ref") == value("platform.yaml"));
  CHECK(root.at("transforms") == boost::json::parse(R"([
        {"name": "raw_to_bronze", "type": "dbt", "path": "sales_dbt/models/bronze"},
        {"name": "bronze_to_silver", "type": "dbt", "path": "sales_dbt/models/silver"}])"));
  CHECK(root.at("schedule") == boost::json::parse(R"({"cron": "0 6 * * *"})"));
  CHECK_FALSE(root.as_object().contains("profiles"));
  CHECK(has_note(l, "transform 'raw_to_bronze' was read as {name: raw_to_bronze, type: dbt, path: "
                    "sales_dbt/models/bronze} ('sales_dbt' is the subdirectory holding its dbt_project.yml)"));
  CHECK(has_note(l, "'profiles' has no equivalent and was dropped: the platform decides storage, catalog and compute"));
  CHECK(has_note(l, "'schedules[0]' (daily_refresh) was read as 'schedule'"));
  CHECK_FALSE(has_note(l, "lossy"));
  CHECK(l.doc.at("transforms[1].path").line == 17);
  CHECK(l.doc.at("schedule.cron").line == 20);
}

TEST_CASE("model globs become paths inside the dbt project, lossy ones said so", "[two-tier][product]") {
  ProductDir p;
  p.project(".", "shop");
  auto l = product(kProductHead +
                       "transforms:\n  - name: staging\n    type: dbt\n    project: shop\n    models:\n"
                       "      - path: models/staging/stg_*.sql\n      - path: models/marts/orders.sql\n"
                       "      - {path: models/**/*.sql, tags: [x]}\n",
                   p.file());
  INFO(l.dump());
  CHECK(l.ok);
  CHECK(l.doc.root.at("transforms") == boost::json::parse(R"([
        {"name": "staging", "type": "dbt", "path": "models/staging"},
        {"name": "staging_2", "type": "dbt", "path": "models/marts/orders.sql"},
        {"name": "staging_3", "type": "dbt", "path": "models"}])"));
  CHECK(has_note(l, "('shop' is the dbt project in the product directory)"));
  CHECK(has_note(l, "'models/staging/stg_*.sql' selects only some files of a directory and was widened to the whole "
                    "directory 'models/staging' (lossy)"));
  CHECK(has_note(l, "its 3 model paths became 3 transforms"));
  CHECK(has_note(l, "transforms[0].models[2].tags has no equivalent and was dropped (lossy)"));
  CHECK_FALSE(has_note(l, "'models/**/*.sql' selects only some"));
  CHECK(l.doc.at("transforms[1].path").line == 9);
  CHECK(l.doc.at("transforms[2].name").line == 4);
}

TEST_CASE("a project that names no dbt project is said so", "[two-tier][product]") {
  ProductDir p;
  auto l = product(kProductHead + "transforms:\n  - {name: t, type: dbt, project: missing_dbt}\n", p.file());
  CHECK(l.ok);
  CHECK(l.doc.root.at("transforms").at(0).at("path") == value("missing_dbt"));
  CHECK(has_note(l, "no dbt project 'missing_dbt' was found (neither missing_dbt/dbt_project.yml nor a "
                    "dbt_project.yml with name: missing_dbt beside floe.yaml), so it is taken as a subdirectory"));
}

TEST_CASE("schedules: the first becomes the schedule, the rest and subsets are lossy", "[two-tier][product]") {
  ProductDir p;
  p.project("dbt", "dbt");
  auto l = product(kProductHead +
                       "transforms:\n  - {name: a, type: dbt, project: dbt}\n  - {name: b, type: dbt, project: dbt}\n"
                       "schedules:\n  - {name: hourly, cron: \"0 * * * *\", timezone: Europe/Berlin, transforms: [a]}\n"
                       "  - {name: nightly, cron: \"0 2 * * *\"}\n",
                   p.file());
  INFO(l.dump());
  CHECK(l.ok);
  CHECK(l.doc.root.at("schedule") == boost::json::parse(R"({"cron": "0 * * * *", "timezone": "Europe/Berlin"})"));
  CHECK(has_note(l, "'schedules[0]' (hourly) was read as 'schedule'; it ran only some transforms (a), but a floe "
                    "schedule runs the whole product (lossy); nightly dropped: a floe product has one schedule (lossy)"));
  auto bad = product(kProductHead + "transforms:\n  - {name: a, project: dbt}\nschedules:\n  - {cron: \"0 25 * * *\"}\n",
                     p.file());
  CHECK(where(bad.one("FLOE-C302")) == p.file() + ":6:12");
}

TEST_CASE("a product's old and new spellings must agree, unknown keys stay errors", "[two-tier][product]") {
  ProductDir p;
  p.project("dbt", "dbt");
  auto l = product("name: sales\nmetadata: {name: marketing, version: 1.0.0}\ntransforms:\n  - {project: dbt}\n"
                   "schedulez: {cron: \"0 6 * * *\"}\n",
                   p.file());
  auto c108 = l.one("FLOE-C108");
  CHECK(where(c108) == p.file() + ":1:7");
  CHECK(c108.message.find("'metadata.name' is \"marketing\" at line 2") != std::string::npos);
  auto c101 = l.one("FLOE-C101");
  CHECK(c101.subject == "schedulez");
  CHECK(c101.hint == "did you mean 'schedule'?");
  // A modern file missing apiVersion is not taken for the two-tier format.
  auto modern = product("kind: DataProduct\nmetadata: {name: p, version: 1.0.0}\nplatform: {ref: m.yaml}\n"
                        "transforms: [{type: dbt}]\n",
                        p.file());
  CHECK(modern.with("FLOE-C090").empty());
  CHECK(modern.one("FLOE-C102").message.find("apiVersion") != std::string::npos);
  // Nor is a two-tier platform.yaml given where a product is expected.
  auto platform = product(kSeedPlatform, p.file());
  CHECK_FALSE(platform.ok);
  CHECK(platform.with("FLOE-C090").empty());
}
