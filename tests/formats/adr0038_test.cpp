// ADR-0038 ("Data Mesh Architecture"): the seed's YAML examples as printed
// (tests/fixtures/seeds/adr-0038), through the floe executable.
//
// The seed's references name a registry host literally called `registry`
// (oci://registry/enterprise-manifest:v1.0.0). The YAML stays as printed; the
// test plays that registry the way a team with an unreachable or air-gapped
// registry would: each manifest is published with `floe platform publish` to
// a docker-registry on 127.0.0.1 and pulled from there into the test's blob
// cache, and the floe.lock beside the file that holds an
// oci://registry/... reference pins it to the published digest. A pinned
// reference whose content is cached is answered from the cache without any
// network access (docs/artifacts.md, "The cache"), so host `registry` is
// never contacted.
#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <memory>

#include <catch2/catch.hpp>

#include "../compile/compile_test_support.hpp"
#include "format_test_support.hpp"
#include "registry_fixture.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// One organisation's registry (the seed's `registry`) and blob cache.
class SeedRegistry {
 public:
  SeedRegistry() : server_(RegistryServer::start(RegistryServer::Auth::anonymous)) {}

  // floe with only the build tree's plugins, this registry's cache and no
  // ambient credentials; the JSON report.
  JsonRun floe(std::vector<std::string> args) const { return floe_json(std::move(args), env()); }

  // `floe explain -f FLOE_YAML --json`: the resolved values with their tiers.
  JsonRun explain(const fs::path& product) const {
    JsonRun r;
    r.process = run_floe({"explain", "-f", product.string(), "--json"}, env());
    INFO(r.process.out << r.process.err);
    REQUIRE(r.process.exit_code == 0);
    r.report = json::parse(r.process.out);
    return r;
  }

  // `floe platform publish v<version> MANIFEST` to 127.0.0.1 as <repo>:v<version>.
  JsonRun publish(const fs::path& manifest, const std::string& repo, const std::string& version) const {
    return floe({"platform", "publish", "v" + version, manifest.string(), "--registry", server_->uri(repo)});
  }

  // Publishes MANIFEST, pulls it back into the cache and pins
  // oci://registry/<repo>:v<version> to its digest in the floe.lock of each
  // directory in `referrers`. Returns the digest.
  std::string provide(const fs::path& manifest, const std::string& repo, const std::string& version,
                      const std::vector<fs::path>& referrers) const {
    auto published = publish(manifest, repo, version);
    INFO(published.process.out << published.process.err);
    REQUIRE(published.process.exit_code == 0);
    std::string digest(published.report.at("result").at("digest").as_string());
    auto pulled =
        floe({"platform", "pull", server_->uri(repo) + ":v" + version, "-o", (tmp_.path() / "pulled" / repo).string()});
    INFO(pulled.process.out << pulled.process.err);
    REQUIRE(pulled.process.exit_code == 0);
    REQUIRE(pulled.report.at("result").at("digest").as_string() == digest);
    for (const auto& dir : referrers) pin(dir, "oci://registry/" + repo + ":v" + version, digest);
    return digest;
  }

  // Adds (or replaces) the pin of `reference` in <dir>/floe.lock.
  static void pin(const fs::path& dir, const std::string& reference, const std::string& digest) {
    fs::path lock = dir / "floe.lock";
    json::value root =
        fs::exists(lock) ? json::parse(read_file(lock)) : json::value{{"lockVersion", 1}, {"pins", json::array{}}};
    json::array& pins = root.at("pins").as_array();
    auto same = [&](const json::value& p) { return p.at("reference").as_string() == reference; };
    pins.erase(std::remove_if(pins.begin(), pins.end(), same), pins.end());
    pins.push_back(json::object{{"reference", reference}, {"digest", digest}, {"verified_by", nullptr}});
    write_file(lock, json::serialize(root));
  }

 private:
  std::map<std::string, std::string> env() const {
    return {{"XDG_CACHE_HOME", (tmp_.path() / "cache").string()},
            {"DOCKER_CONFIG", (tmp_.path() / "docker").string()},
            {"XDG_DATA_HOME", (tmp_.path() / "no-xdg").string()},
            {"FLOE_PLUGIN_PATH", ""},
            {"VIRTUAL_ENV", ""},
            {"FLOE_REGISTRY_USERNAME", ""},
            {"FLOE_REGISTRY_PASSWORD", ""},
            {"FLOE_REGISTRY_TOKEN", ""},
            {"FLOE_PLATFORM_REGISTRY", ""}};
  }

  TempDir tmp_;
  std::unique_ptr<RegistryServer> server_;
};

std::string diagnostics_of(const JsonRun& run) { return json::serialize(run.report.at("diagnostics")); }

// The value of `path` ("plugins.compute.type") in `explain --json`, with
// the tier that set it: "snowflake (domain)".
std::string explained(const JsonRun& run, const std::string& path) {
  for (const auto& v : run.report.at("values").as_array())
    if (v.at("path").as_string() == path)
      return json::serialize(v.at("value")) + " (" + std::string(v.at("tier").as_string()) + ")";
  return "absent";
}

// The resolved values of the platform `floe platform compile` wrote for MANIFEST.
json::value resolved_platform(const fs::path& manifest) {
  return json::parse(read_file(manifest.parent_path() / "target" / "platform" / "manifest.json")).at("platform");
}

// Phase 3 of the migration prints the whole floe.yaml, "UPDATED ref only";
// Phases 1 and 2 print excerpts of it. This is that whole file with the
// earlier phases' ref.
std::string whole_product_file(const fs::path& migration) {
  std::string whole = read_file(migration / "phase-3" / "customer-360" / "floe.yaml");
  const std::string phase3_ref = "oci://registry/sales-domain-manifest:v2.0.0";
  whole.replace(whole.find(phase3_ref), phase3_ref.size(), "oci://registry/platform-manifest:v1.0.0");
  return whole;
}

void require_ok(const JsonRun& run) {
  INFO(run.process.out << run.process.err);
  REQUIRE(run.process.exit_code == 0);
  CHECK(codes(run.report, "error").empty());
  CHECK(codes(run.report, "warning").empty());
}

// A Snowflake product: everything resolves and is enforced, and the seeds'
// bare `compute: snowflake` (no account, no credentials: they never belong
// in a manifest) compiles to a profile that reads the connection from
// dbt-snowflake's usual environment variables, which the artifacts list for
// floe run.
void check_compiles_snowflake_from_env(const JsonRun& run, const fs::path& product_dir) {
  require_ok(run);
  std::string profiles = read_file(product_dir / "target" / "profiles" / "profiles.yml");
  CHECK(contains(profiles, "type: \"snowflake\""));
  for (const char* variable : {"SNOWFLAKE_ACCOUNT", "SNOWFLAKE_USER", "SNOWFLAKE_PASSWORD", "SNOWFLAKE_DATABASE",
                               "SNOWFLAKE_WAREHOUSE", "SNOWFLAKE_SCHEMA"}) {
    INFO(variable);
    CHECK(contains(profiles, std::string("{{ env_var('") + variable + "') }}"));
    json::value artifacts = json::parse(read_file(product_dir / "target" / "compiled_artifacts.json"));
    CHECK(artifacts.at("dbt").at("profile_env").at(variable) == ("env:" + std::string(variable)).c_str());
  }
  CHECK(run.report.at("enforcement").at("passed") == true);
}

}  // namespace

TEST_CASE("ADR-0038 three-tier box: the domain inherits Datadog and the PII rule, sets retention, compiles Snowflake from the environment",
          "[adr-0038][oci]") {
  SeedRegistry registry;
  TempDir tmp;
  auto dir = copy_fixture("seeds/adr-0038/three-tier", tmp);
  // The enterprise as printed: plugins.observability is the one seed
  // spelling (a note); governance.pii_encryption is floe's own key.
  auto enterprise = registry.floe({"platform", "compile", (dir / "enterprise-manifest.yaml").string()});
  require_ok(enterprise);
  CHECK(codes(enterprise.report, "note") == std::vector<std::string>{"FLOE-C090"});
  CHECK(contains(diagnostics_of(enterprise), "'plugins.observability' (ADR-0038's spelling) was read as "
                                             "'plugins.telemetry_backend' and 'plugins.lineage_backend'"));
  registry.provide(dir / "enterprise-manifest.yaml", "enterprise-manifest", "1.0.0", {dir});

  auto domain = registry.floe({"platform", "compile", (dir / "domain-manifest.yaml").string()});
  require_ok(domain);
  // The seed's governance keys are floe's own: no translation, no note.
  CHECK(codes(domain.report, "note").empty());
  json::value resolved = resolved_platform(dir / "domain-manifest.yaml");
  CHECK(resolved.at("plugins").at("telemetry_backend").at("type") == "datadog");
  CHECK(resolved.at("plugins").at("lineage_backend").at("type") == "datadog");
  CHECK(resolved.at("plugins").at("compute").at("type") == "snowflake");
  CHECK(resolved.at("governance").at("pii_encryption") == "required");
  CHECK(resolved.at("governance").at("data_retention_days") == 90);
  CHECK(resolved.at("approved_plugins").at("compute") == json::array{"duckdb", "snowflake"});
  CHECK(resolved.at("approved_products") == json::array{"customer-360", "sales-forecast"});
  json::value compiled = json::parse(read_file(dir / "target" / "platform" / "manifest.json"));
  CHECK(compiled.at("chain").at(0).at("ref") == "oci://registry/enterprise-manifest:v1.0.0");

  registry.provide(dir / "domain-manifest.yaml", "sales-domain-manifest", "2.1.0", {dir / "customer-360"});
  fs::path product = dir / "customer-360" / "floe.yaml";
  // Where each inherited value came from, as floe explains it to the data team.
  auto explain = registry.explain(product);
  CHECK(explained(explain, "plugins.telemetry_backend.type") == "\"datadog\" (enterprise)");
  CHECK(explained(explain, "plugins.lineage_backend.type") == "\"datadog\" (enterprise)");
  CHECK(explained(explain, "governance.pii_encryption") == "\"required\" (enterprise)");
  CHECK(explained(explain, "governance.data_retention_days") == "90 (domain)");
  CHECK(explained(explain, "plugins.compute.type") == "\"snowflake\" (domain)");

  check_compiles_snowflake_from_env(registry.floe({"compile", product.string()}), dir / "customer-360");
}

TEST_CASE("ADR-0038 three-tier box: a domain cannot leave the whitelist nor weaken the enterprise's PII rule",
          "[adr-0038][oci]") {
  SeedRegistry registry;
  TempDir tmp;
  auto dir = copy_fixture("seeds/adr-0038/three-tier", tmp);
  registry.provide(dir / "enterprise-manifest.yaml", "enterprise-manifest", "1.0.0", {dir});
  const std::string seed = read_file(dir / "domain-manifest.yaml");
  // The seed's domain with `from` replaced by `to`: the policy errors of its
  // platform compile (exit 4).
  auto errors_with = [&](const std::string& from, const std::string& to) {
    std::string text = seed;
    text.replace(text.find(from), from.size(), to);
    write_file(dir / "domain-manifest.yaml", text);
    auto r = registry.floe({"platform", "compile", (dir / "domain-manifest.yaml").string()});
    INFO(r.process.out << r.process.err);
    CHECK(r.process.exit_code == 4);
    return codes(r.report, "error");
  };
  // A compute outside approved_plugins.compute.
  CHECK(errors_with("compute: snowflake", "compute: spark") == std::vector<std::string>{"FLOE-I404"});
  // The seed's anti-pattern: the domain sets pii_encryption: optional.
  CHECK(errors_with("governance:\n", "governance:\n  pii_encryption: optional  # FORBIDDEN!\n") ==
        std::vector<std::string>{"FLOE-I406"});
  // Observability is the enterprise's choice.
  CHECK(errors_with("plugins:\n", "plugins:\n  observability: jaeger\n") == std::vector<std::string>{"FLOE-I405"});
}

TEST_CASE("ADR-0038 two-tier vs three-tier: the product builds (real dbt) on DuckDB and compiles on Snowflake from the environment",
          "[adr-0038][oci][dbt]") {
  SeedRegistry registry;
  TempDir tmp;
  auto dir = copy_fixture("seeds/adr-0038/two-tier-vs-three-tier", tmp);

  // Two-tier: manifest.yaml (compute: duckdb, observability: jaeger).
  fs::path two_tier = dir / "two-tier" / "customer-360";
  registry.provide(dir / "two-tier" / "manifest.yaml", "platform-manifest", "1.0.0", {two_tier});
  auto compiled = registry.floe({"compile", (two_tier / "floe.yaml").string()});
  require_ok(compiled);
  json::value artifacts = json::parse(read_file(two_tier / "target" / "compiled_artifacts.json"));
  CHECK(artifacts.at("plugins").at("compute").at("type") == "duckdb");
  CHECK(artifacts.at("plugins").at("telemetry_backend").at("type") == "jaeger");
  CHECK(!artifacts.at("plugins").as_object().contains("lineage_backend"));  // Jaeger takes traces only
  CHECK(artifacts.at("product").at("version") == "1.0.0");

  // Real dbt with the profile floe wrote.
  REQUIRE(fs::exists(FLOE_TEST_DBT));  // scripts/bootstrap installs it; its absence is a failure
  auto dbt = run_process("/bin/sh",
                         {"-c", "cd \"$1\" && exec \"$2\" build --profiles-dir target/profiles --no-use-colors", "sh",
                          two_tier.string(), FLOE_TEST_DBT},
                         {{"DBT_SEND_ANONYMOUS_USAGE_STATS", "false"}});
  INFO(dbt.out << dbt.err);
  CHECK(dbt.exit_code == 0);
  CHECK(contains(dbt.out, "Completed successfully"));

  // Three-tier: enterprise (Datadog) -> sales domain (Snowflake).
  fs::path three_tier = dir / "three-tier";
  registry.provide(three_tier / "enterprise-manifest.yaml", "enterprise-manifest", "1.0.0", {three_tier});
  registry.provide(three_tier / "sales-domain-manifest.yaml", "sales-domain-manifest", "2.0.0",
                   {three_tier / "customer-360"});
  check_compiles_snowflake_from_env(registry.floe({"compile", (three_tier / "customer-360" / "floe.yaml").string()}),
                                three_tier / "customer-360");
}

TEST_CASE("ADR-0038 migration path: phases 1 to 3 in one registry", "[adr-0038][oci]") {
  SeedRegistry registry;
  TempDir tmp;
  auto dir = copy_fixture("seeds/adr-0038/migration", tmp);
  fs::path phase1 = dir / "phase-1", phase2 = dir / "phase-2", phase3 = dir / "phase-3";

  // The Phase 1 and 2 floe.yaml are printed as excerpts (platform.ref only):
  // with no transforms, the dbt project beside floe.yaml is the product's
  // (docs/configuration.md), so they compile as written.
  registry.provide(phase1 / "manifest.yaml", "platform-manifest", "1.0.0",
                   {phase1 / "customer-360", phase2 / "customer-360"});
  require_ok(registry.floe({"compile", (phase1 / "customer-360" / "floe.yaml").string()}));
  json::value phase1_artifacts = json::parse(read_file(phase1 / "customer-360" / "target" / "compiled_artifacts.json"));
  CHECK(phase1_artifacts.at("plugins").at("compute").at("type") == "duckdb");
  // Without a dbt project beside it, the missing transforms is still the one problem.
  fs::remove(phase1 / "customer-360" / "dbt_project.yml");
  auto bare = registry.floe({"validate", (phase1 / "customer-360" / "floe.yaml").string()});
  INFO(bare.process.out << bare.process.err);
  CHECK(bare.process.exit_code == 3);
  CHECK(codes(bare.report, "error") == std::vector<std::string>{"FLOE-C102"});
  CHECK(contains(diagnostics_of(bare), "missing required key 'transforms'"));
  const std::string whole = whole_product_file(dir);

  // Phase 2: the enterprise is new; the platform becomes a domain under it.
  // Its resolved platform inherits Datadog and keeps DuckDB.
  registry.provide(phase2 / "enterprise-manifest.yaml", "enterprise-manifest", "1.0.0", {phase2, phase3});
  auto domain = registry.floe({"platform", "compile", (phase2 / "manifest.yaml").string()});
  require_ok(domain);
  json::value resolved = resolved_platform(phase2 / "manifest.yaml");
  CHECK(resolved.at("plugins").at("telemetry_backend").at("type") == "datadog");
  CHECK(resolved.at("plugins").at("compute").at("type") == "duckdb");
  // The seed keeps floe.yaml's ref platform-manifest:v1.0.0 "UNCHANGED", which
  // would mean moving that tag to other content: floe's versions are
  // immutable, so the domain needs a version of its own, and the product
  // (pinned to v1.0.0 by its floe.lock) keeps building on Phase 1's platform.
  auto moved = registry.publish(phase2 / "manifest.yaml", "platform-manifest", "1.0.0");
  INFO(moved.process.out << moved.process.err);
  CHECK(moved.process.exit_code == 4);
  CHECK(codes(moved.report, "error") == std::vector<std::string>{"FLOE-R906"});
  require_ok(registry.floe({"compile", (phase2 / "customer-360" / "floe.yaml").string()}));  // as printed
  write_file(phase2 / "customer-360" / "floe.yaml", whole);
  require_ok(registry.floe({"compile", (phase2 / "customer-360" / "floe.yaml").string()}));

  // Phase 3: the enterprise is "SAME" (the seed prints only its whitelist): the
  // published v1.0.0 stays; the printed excerpt is other content, refused.
  require_ok(registry.floe({"platform", "compile", (phase3 / "enterprise-manifest.yaml").string()}));
  auto republished = registry.publish(phase3 / "enterprise-manifest.yaml", "enterprise-manifest", "1.0.0");
  CHECK(codes(republished.report, "error") == std::vector<std::string>{"FLOE-R906"});
  // Two domains under it: sales on Snowflake, marketing on DuckDB.
  registry.provide(phase3 / "sales-domain-manifest.yaml", "sales-domain-manifest", "2.0.0", {phase3 / "customer-360"});
  registry.provide(phase3 / "marketing-domain-manifest.yaml", "marketing-domain-manifest", "1.0.0",
                   {phase3 / "campaign-analytics"});
  check_compiles_snowflake_from_env(registry.floe({"compile", (phase3 / "customer-360" / "floe.yaml").string()}),
                                phase3 / "customer-360");

  fs::path marketing = phase3 / "campaign-analytics";
  require_ok(registry.floe({"compile", (marketing / "floe.yaml").string()}));
  json::value artifacts = json::parse(read_file(marketing / "target" / "compiled_artifacts.json"));
  CHECK(artifacts.at("plugins").at("compute").at("type") == "duckdb");
  CHECK(artifacts.at("plugins").at("telemetry_backend").at("type") == "datadog");  // from the enterprise
  CHECK(artifacts.at("plugins").at("lineage_backend").at("type") == "datadog");
  CHECK(artifacts.at("inheritance").at("mode") == "3-tier");
  const auto& chain = artifacts.at("inheritance").at("chain").as_array();
  REQUIRE(chain.size() == 3);
  CHECK(chain.at(0).at("name") == "enterprise");
  CHECK(chain.at(0).at("ref") == "oci://registry/enterprise-manifest:v1.0.0");
  CHECK(chain.at(1).at("name") == "marketing-domain");
  CHECK(chain.at(1).at("ref") == "oci://registry/marketing-domain-manifest:v1.0.0");
  CHECK(chain.at(2).at("name") == "campaign-analytics");

  // The sales product is not the marketing domain's to build.
  std::string stray = read_file(marketing / "floe.yaml");
  stray.replace(stray.find("name: campaign-analytics"), 24, "name: customer-360      ");
  write_file(marketing / "floe.yaml", stray);
  auto refused = registry.floe({"validate", (marketing / "floe.yaml").string()});
  CHECK(refused.process.exit_code == 4);
  CHECK(codes(refused.report, "error") == std::vector<std::string>{"FLOE-I409"});
}

TEST_CASE("ADR-0038 migration Phase 2 on its own: the domain approves no product, so none is admitted",
          "[adr-0038][oci]") {
  // An organisation that starts at Phase 2 publishes the new domain as
  // platform-manifest:v1.0.0, the ref its floe.yaml keeps. The seed's Phase 2
  // domain lists no approved_products; ADR-0038's validation rules say the
  // domain's approved_products must include the product being compiled, and
  // floe holds to that rather than to "No Breaking Changes".
  SeedRegistry registry;
  TempDir tmp;
  auto dir = copy_fixture("seeds/adr-0038/migration", tmp);
  fs::path phase2 = dir / "phase-2";
  registry.provide(phase2 / "enterprise-manifest.yaml", "enterprise-manifest", "1.0.0", {phase2});
  registry.provide(phase2 / "manifest.yaml", "platform-manifest", "1.0.0", {phase2 / "customer-360"});
  write_file(phase2 / "customer-360" / "floe.yaml", whole_product_file(dir));
  auto r = registry.floe({"compile", (phase2 / "customer-360" / "floe.yaml").string()});
  INFO(r.process.out << r.process.err);
  CHECK(r.process.exit_code == 4);
  CHECK(codes(r.report, "error") == std::vector<std::string>{"FLOE-I409"});
  CHECK(contains(diagnostics_of(r), "data product 'customer-360' is not approved by domain 'platform'"));
}

TEST_CASE("ADR-0038 current problem: the two-tier Snowflake example compiles, and floe run names every unset variable before dbt starts", "[adr-0038]") {
  TempDir tmp;
  auto dir = copy_fixture("seeds/adr-0038/current-problem", tmp);
  // The seed's floe.yaml names no platform: it is given on the command line.
  std::map<std::string, std::string> env{
      {"FLOE_PLUGIN_PATH", ""}, {"XDG_DATA_HOME", (tmp.path() / "no-xdg").string()}, {"VIRTUAL_ENV", ""}};
  for (const char* variable : {"SNOWFLAKE_ACCOUNT", "SNOWFLAKE_USER", "SNOWFLAKE_PASSWORD", "SNOWFLAKE_DATABASE",
                               "SNOWFLAKE_WAREHOUSE", "SNOWFLAKE_SCHEMA"})
    env[variable] = "";  // unset
  auto r = floe_json({"compile", (dir / "floe.yaml").string(), "--platform", (dir / "manifest.yaml").string()}, env);
  check_compiles_snowflake_from_env(r, dir);

  JsonRun run;
  run.process =
      run_floe({"run", (dir / "floe.yaml").string(), "--platform", (dir / "manifest.yaml").string(), "--json"}, env);
  run.report = run_report(run.process);
  INFO(run.process.out << run.process.err);
  CHECK(run.process.exit_code == 3);
  CHECK(codes(run.report, "error") == std::vector<std::string>(6, "FLOE-X108"));
  for (const char* variable : {"SNOWFLAKE_ACCOUNT", "SNOWFLAKE_PASSWORD", "SNOWFLAKE_SCHEMA"})
    CHECK(contains(diagnostics_of(run), std::string("export ") + variable + " before floe run"));
  CHECK(!fs::exists(dir / "target" / "run_results.json"));  // dbt never started
}
