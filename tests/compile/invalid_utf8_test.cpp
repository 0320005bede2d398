// Regression (mutation runs): a byte that is not UTF-8 in a user's file
// (here a Latin-1 byte in a ref() of a model) reached the library's JSON
// report as is; the CLI's parse of that report failed and floe ended in
// "error: unexpected failure: syntax error [boost.json ...]" with exit 1.
// The report is now valid JSON (the byte becomes U+FFFD) and the problem is
// reported like any other dangling ref.
#include <catch2/catch.hpp>

#include "compile_test_support.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace fs = std::filesystem;

TEST_CASE("a non-UTF-8 byte in a model's ref() is a finding, not an unexpected failure", "[safety]") {
  TempDir tmp;
  copy_tree(examples_dir(), tmp.path());
  const fs::path model = tmp.path() / "customer-360" / "models" / "gold" / "gold_customer_360.sql";
  REQUIRE(fs::exists(model));
  write_file(model, read_file(model) + "\n-- {{ ref('silver_\xE9v\xFF') }}\nunion all select * from {{ ref('silver_\xE9v\xFF') }}\n");
  const std::string product = (tmp.path() / "customer-360" / "floe.yaml").string();

  auto text = run_floe({"validate", product});
  CHECK(text.err.find("unexpected failure") == std::string::npos);
  CHECK(text.exit_code != 1);

  auto json = floe_json({"validate", product});
  CHECK(json.process.exit_code == text.exit_code);
  REQUIRE(json.report.is_object());  // floe_json parsed stdout
  CHECK(json.process.out.find("silver_\xEF\xBF\xBDv\xEF\xBF\xBD") != std::string::npos);
}
