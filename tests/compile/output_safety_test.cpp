// Nothing secret is ever written or printed, and a refused compile leaves
// nothing half-written behind.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

#include "compile_test_support.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace fs = std::filesystem;

namespace {

// A copy of the examples where the description of customer-360's first
// output port is replaced.
void with_description(const fs::path& root, const std::string& description) {
  copy_tree(examples_dir(), root);
  fs::path product = root / "customer-360" / "floe.yaml";
  std::string text = read_file(product);
  text = std::regex_replace(text, std::regex(R"(description: One row per customer with[^\n]*)"),
                            "description: \"" + description + "\"", std::regex_constants::format_first_only);
  write_file(product, text);
}

}  // namespace

TEST_CASE("a credential pasted into a port description is refused by the output scan", "[safety]") {
  TempDir tmp;
  const std::string key = "AKIAIOSFODNN7EXAMPLE";
  with_description(tmp.path(), "loader uses " + key);
  fs::path out = tmp.path() / "out";
  auto r = floe_json({"compile", (tmp.path() / "customer-360" / "floe.yaml").string(), "-o", out.string()});
  CHECK(r.process.exit_code == 4);
  const auto* d = find_diagnostic(r.report, "FLOE-S501");
  REQUIRE(d != nullptr);
  CHECK(std::string(d->at("message").as_string()).find("ports.output[0].description looks like an AWS access key") !=
        std::string::npos);
  CHECK(r.process.out.find(key) == std::string::npos);
  CHECK(r.process.err.find(key) == std::string::npos);
  CHECK_FALSE(fs::exists(out / "compiled_artifacts.json"));
  CHECK_FALSE(fs::exists(out / "profiles" / "profiles.yml"));
}

TEST_CASE("secret references compile to env_var placeholders, never values", "[safety]") {
  TempDir out;
  auto r = run_floe({"compile", example("customer-360/floe.yaml"), "--platform", example("platform/manifest.yaml"), "-o",
                 out.str()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  std::string artifacts = read_file(out.path() / "compiled_artifacts.json");
  CHECK(artifacts.find("{{ env_var('POLARIS_CLIENT_SECRET') }}") != std::string::npos);
}

TEST_CASE("an unwritable output directory is an I/O failure with nothing half-written", "[safety]") {
  TempDir tmp;
  fs::path blocker = tmp.path() / "file";
  write_file(blocker, "not a directory");
  auto r = floe_json({"compile", example("customer-360/floe.yaml"), "-o", (blocker / "target").string()});
  CHECK(r.process.exit_code == 8);
  CHECK(find_diagnostic(r.report, "FLOE-O801") != nullptr);
  CHECK(read_file(blocker) == "not a directory");
}
