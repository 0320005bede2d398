// The examples compile cleanly, deterministically, in both 2- and 3-tier form.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "compile_test_support.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace json = boost::json;
namespace fs = std::filesystem;

TEST_CASE("customer-360 compiles against the sales domain (3-tier) and writes both artifacts", "[compile]") {
  TempDir out;
  auto r = run_floe({"compile", example("customer-360/floe.yaml"), "-o", out.str()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("[1/6] Loading platform from ../enterprise/domains/sales/manifest.yaml") != std::string::npos);
  // Its output port customer_profile names an ODCS contract: a stage of its own.
  CHECK(r.out.find("[4/6] Checking data contracts\n  ✓ customer_profile: contracts/customer_profile.odcs.yaml holds "
                   "(6 columns checked against gold_customer_360)") != std::string::npos);
  CHECK(r.out.find("Compute: duckdb") != std::string::npos);
  CHECK(r.out.find("Architecture: medallion (strict enforcement)") != std::string::npos);
  CHECK(r.out.find("Succeeded") != std::string::npos);

  json::value a = json::parse(read_file(out.path() / "compiled_artifacts.json"));
  CHECK(a.at("kind") == "CompiledArtifacts");
  CHECK(a.at("version") == "1.6.0");
  CHECK(a.at("metadata").at("compiled_at") == "2026-01-01T00:00:00Z");
  CHECK(a.at("product").at("name") == "customer-360");
  CHECK(a.at("product").at("domain") == "sales-domain");
  CHECK(a.at("inheritance").at("mode") == "3-tier");
  const auto& chain = a.at("inheritance").at("chain").as_array();
  REQUIRE(chain.size() == 3);
  CHECK(chain[0].at("tier") == "enterprise");
  CHECK(chain[1].at("tier") == "domain");
  CHECK(chain[2].at("tier") == "product");
  CHECK(a.at("plugins").at("compute").at("type") == "duckdb");
  // The sales platform's Polaris takes the product's tables: a second
  // target attaches it (floe_lake), and the package that commits them is written.
  CHECK(a.at("dbt_profiles").as_object().size() == 1);
  CHECK(a.at("dbt_profiles").at("customer_360").at("outputs").as_object().contains("floe_lake"));
  CHECK(a.at("dbt").at("lake").at("target") == "floe_lake");
  CHECK(a.at("dbt").at("lake").at("catalog") == "polaris");
  CHECK(a.at("dbt").at("lake").at("namespace") == "sales-domain.customer-360");
  CHECK(fs::exists(out.path() / "dbt_packages" / "floe_lake" / "macros" / "commit_tables.sql"));
  CHECK(a.at("enforcement").at("passed") == true);
  std::string profiles = read_file(out.path() / "profiles" / "profiles.yml");
  CHECK(profiles.find("\"duckdb\"") != std::string::npos);
  CHECK(profiles.find("target: \"floe\"") != std::string::npos);
  // One generation: the artifacts (written last) name the digest of the
  // profiles.yml written before them, which floe run checks.
  auto digest = floe::test::run_process("/usr/bin/sha256sum", {(out.path() / "profiles" / "profiles.yml").string()});
  REQUIRE(digest.exit_code == 0);
  CHECK(a.at("dbt").at("profiles_sha256").as_string() == digest.out.substr(0, 64));
}

TEST_CASE("the same product compiles 2-tier against the platform manifest (--platform)", "[compile]") {
  TempDir out;
  auto r = floe_json({"compile", example("customer-360/floe.yaml"), "--platform", example("platform/manifest.yaml"),
                      "-o", out.str()});
  INFO(r.process.out << r.process.err);
  CHECK(r.process.exit_code == 0);
  json::value a = json::parse(read_file(out.path() / "compiled_artifacts.json"));
  CHECK(a.at("inheritance").at("mode") == "2-tier");
  CHECK(a.at("inheritance").at("chain").as_array().size() == 2);
}

TEST_CASE("compiling twice gives byte-identical output (SOURCE_DATE_EPOCH honoured)", "[compile][determinism]") {
  TempDir out;
  REQUIRE(run_floe({"compile", example("customer-360/floe.yaml"), "-o", out.str()}).exit_code == 0);
  std::string first = read_file(out.path() / "compiled_artifacts.json");
  std::string first_profiles = read_file(out.path() / "profiles" / "profiles.yml");
  REQUIRE(run_floe({"compile", example("customer-360/floe.yaml"), "-o", out.str()}).exit_code == 0);
  CHECK(read_file(out.path() / "compiled_artifacts.json") == first);
  CHECK(read_file(out.path() / "profiles" / "profiles.yml") == first_profiles);
  REQUIRE(run_floe({"compile", example("customer-360/floe.yaml"), "-o", out.str()}, {{"SOURCE_DATE_EPOCH", "1767312000"}})
              .exit_code == 0);
  std::string later = read_file(out.path() / "compiled_artifacts.json");
  CHECK(later != first);
  CHECK(later.find("2026-01-02T00:00:00Z") != std::string::npos);
}

TEST_CASE("validate does everything compile does but writes nothing", "[compile]") {
  TempDir copy;
  copy_tree(examples_dir(), copy.path());
  auto r = run_floe({"validate", (copy.path() / "customer-360" / "floe.yaml").string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_FALSE(std::filesystem::exists(copy.path() / "customer-360" / "target" / "compiled_artifacts.json"));
}

TEST_CASE("validate reads again only the dbt files that changed, from its parse cache outside the project",
          "[compile][parse-cache]") {
  TempDir copy;
  copy_tree(examples_dir(), copy.path());
  TempDir cache_home;
  const std::string product = (copy.path() / "customer-360" / "floe.yaml").string();
  const fs::path parse_cache = cache_home.path() / "floe" / "dbt-parse";
  const std::map<std::string, std::string> env{{"XDG_CACHE_HOME", cache_home.str()}};
  auto cache_files = [&] {
    std::size_t n = 0;
    if (fs::exists(parse_cache))
      for (const auto& e : fs::directory_iterator(parse_cache)) n += e.is_regular_file() ? 1 : 0;
    return n;
  };

  // Without the cache: the reference output.
  auto plain = run_floe({"validate", product}, {{"XDG_CACHE_HOME", cache_home.str()}, {"FLOE_PARSE_CACHE", "off"}});
  INFO(plain.out << plain.err);
  REQUIRE(plain.exit_code == 0);
  CHECK(cache_files() == 0);

  // Files written in the last two seconds are parsed every time (their
  // times could still hide an edit); the copy is older than that after this.
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));
  auto first = run_floe({"validate", product}, env);
  REQUIRE(cache_files() == 1);
  const fs::path cache_file = fs::directory_iterator(parse_cache)->path();
  // A read that took every file's result from the cache marks it used (its
  // mtime); one that parsed any file would have written it again instead.
  const auto cache_content = read_file(cache_file);
  fs::last_write_time(cache_file, fs::file_time_type::clock::now() - std::chrono::hours(240));
  auto second = run_floe({"validate", product}, env);
  CHECK(cache_files() == 1);
  CHECK(fs::last_write_time(cache_file) > fs::file_time_type::clock::now() - std::chrono::hours(1));
  CHECK(read_file(cache_file) == cache_content);
  CHECK(first.exit_code == 0);
  CHECK(second.exit_code == 0);
  CHECK(first.out == plain.out);
  CHECK(second.out == plain.out);
  CHECK(second.err == plain.err);
  CHECK_FALSE(fs::exists(copy.path() / "customer-360" / "target" / "compiled_artifacts.json"));

  // An edit is seen: a model renamed against the naming rule fails now.
  const fs::path model = copy.path() / "customer-360" / "models" / "bronze" / "bronze_customers.sql";
  REQUIRE(fs::exists(model));
  fs::rename(model, model.parent_path() / "stg_customers.sql");
  auto edited = run_floe({"validate", product}, env);
  auto edited_plain =
      run_floe({"validate", product}, {{"XDG_CACHE_HOME", cache_home.str()}, {"FLOE_PARSE_CACHE", "off"}});
  INFO(edited.out << edited.err);
  CHECK(edited.exit_code != 0);
  CHECK(edited.exit_code == edited_plain.exit_code);
  CHECK(edited.out == edited_plain.out);
  CHECK(edited.err == edited_plain.err);
  CHECK(edited.out.find("stg_customers") != std::string::npos);
}

TEST_CASE("explain shows each resolved value with the tier and line that set it", "[explain]") {
  auto r = run_floe({"explain", "governance.pii_encryption", "-f", example("customer-360/floe.yaml")});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("chain: enterprise") != std::string::npos);
  CHECK(r.out.find("governance.pii_encryption = \"required\"") != std::string::npos);
  CHECK(r.out.find("(enterprise ") != std::string::npos);
  CHECK(r.out.find("enterprise/manifest.yaml:") != std::string::npos);

  auto j = run_floe({"explain", "plugins.compute", "-f", example("customer-360/floe.yaml"), "--json"});
  REQUIRE(j.exit_code == 0);
  json::value v = json::parse(j.out);
  bool domain_compute = false;
  for (const auto& e : v.at("values").as_array())
    if (e.at("path") == "plugins.compute.type") domain_compute = e.at("tier") == "domain";
  CHECK(domain_compute);

  auto typo = run_floe({"explain", "governanse", "-f", example("customer-360/floe.yaml")});
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find("did you mean 'governance'?") != std::string::npos);
}

TEST_CASE("explain never prints a value compile refuses as a secret", "[explain]") {
  TempDir copy;
  copy_tree(examples_dir(), copy.path());
  std::filesystem::path manifest = copy.path() / "platform" / "manifest.yaml";
  std::string text = read_file(manifest);
  const std::string uri = "      uri: http://polaris:8181/api/catalog\n";
  REQUIRE(text.find(uri) != std::string::npos);
  // A password inside a URL: the manifest loads, compile's output scan
  // would refuse it (S501), explain shows the value as not shown.
  std::string with_url = text;
  with_url.replace(with_url.find(uri), uri.size(), "      uri: http://admin:Sup3rS3cretPw@polaris:8181/api/catalog\n");
  write_file(manifest, with_url);
  for (bool as_json : {false, true}) {
    std::vector<std::string> args{"explain", "plugins.catalog", "-f", manifest.string()};
    if (as_json) args.push_back("--json");
    auto r = run_floe(args);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("Sup3rS3cretPw") == std::string::npos);
    CHECK(r.out.find("<secret: not shown>") != std::string::npos);
    CHECK(r.out.find("acme_lake") != std::string::npos);  // the other values are shown
  }
  // Iceberg's `credential` as a literal: refused at the manifest (C205), never printed.
  std::string with_credential = text;
  with_credential.replace(with_credential.find(uri), uri.size(), uri + "      credential: \"floe-client:Xk29fhQ81mZpQ\"\n");
  write_file(manifest, with_credential);
  auto refused = run_floe({"explain", "plugins.catalog", "-f", manifest.string()});
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code != 0);
  CHECK(refused.err.find("FLOE-C205") != std::string::npos);
  CHECK((refused.out + refused.err).find("Xk29fhQ81mZpQ") == std::string::npos);
}

TEST_CASE("a floe.yaml that is not UTF-8 is refused where the byte is, and nothing is written", "[safety]") {
  TempDir copy;
  copy_tree(examples_dir(), copy.path());
  std::filesystem::path product = copy.path() / "customer-360" / "floe.yaml";
  std::string text = read_file(product);
  std::size_t at = text.find("description:");
  REQUIRE(at != std::string::npos);
  std::size_t line = static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n')) + 1;
  text.insert(at + 12, " caf\xE9");  // Latin-1, as a Windows editor saves it
  write_file(product, text);
  auto r = run_floe({"compile", product.string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  CHECK(r.err.find(fmt::format("floe.yaml:{}:", line)) != std::string::npos);
  CHECK(r.err.find("error FLOE-C002: the file is not valid UTF-8: byte 0xE9") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(copy.path() / "customer-360" / "target" / "compiled_artifacts.json"));
}

TEST_CASE("compile and platform compile never write through a symlinked target/", "[safety]") {
  TempDir copy, elsewhere;
  copy_tree(examples_dir(), copy.path());
  write_file(elsewhere.path() / "keep.txt", "not floe's\n");
  // target -> a folder outside the project, before either compile.
  for (const char* dir : {"customer-360", "platform"})
    std::filesystem::create_directory_symlink(elsewhere.path(), copy.path() / dir / "target");
  auto product = run_floe({"compile", (copy.path() / "customer-360" / "floe.yaml").string()});
  INFO(product.out << product.err);
  CHECK(product.exit_code != 0);
  CHECK(product.err.find("FLOE-O801") != std::string::npos);
  CHECK(product.err.find("is a symbolic link") != std::string::npos);
  auto platform = run_floe({"platform", "compile", (copy.path() / "platform" / "manifest.yaml").string()});
  INFO(platform.out << platform.err);
  CHECK(platform.exit_code != 0);
  CHECK(platform.err.find("is a symbolic link") != std::string::npos);
  // Nothing was written or removed outside the project.
  std::vector<std::string> left;
  for (const auto& e : std::filesystem::directory_iterator(elsewhere.path())) left.push_back(e.path().filename().string());
  CHECK(left == std::vector<std::string>{"keep.txt"});
}

TEST_CASE("floe schema prints the shipped JSON Schemas", "[schema]") {
  for (const char* kind : {"manifest", "data-product", "compiled-artifacts"}) {
    auto r = run_floe({"schema", kind});
    INFO(kind << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out == read_file(std::filesystem::path(FLOE_TEST_SOURCE_DIR) / "docs" / "schemas" /
                             (std::string(kind) + ".schema.json")));
  }
  CHECK(run_floe({"schema", "nope"}).exit_code == 2);
}

TEST_CASE("a product with two dbt transforms gets one enforcement result per project", "[compile]") {
  TempDir copy;
  copy_tree(examples_dir(), copy.path());
  auto product = copy.path() / "customer-360" / "floe.yaml";
  std::string text = read_file(product);
  const std::string one = "transforms:\n  - type: dbt\n    path: .\n";
  auto at = text.find(one);
  REQUIRE(at != std::string::npos);
  text.replace(at, one.size(), one + "  - type: dbt\n    path: ../variants/coverage\n");
  write_file(product, text);
  auto r = floe_json({"validate", (copy.path() / "customer-360" / "floe.yaml").string()});
  INFO(r.process.out << r.process.err);
  const auto& e = r.report.at("enforcement");
  REQUIRE(e.as_object().contains("projects"));
  CHECK(e.at("projects").as_array().size() == 2);
  CHECK(e.at("projects").at(0).at("passed") == true);
  CHECK(e.at("projects").at(1).at("passed") == false);  // the coverage variant's silver model
  CHECK(e.at("passed") == false);
  CHECK(r.process.exit_code == 4);
}
