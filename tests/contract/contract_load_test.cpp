// Loading ODCS v3 contracts: the standard's own schema, locations for every
// problem, and the Python alpha's dialect read with notes.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "contract/data_contract.hpp"
#include "contract/odcs_schema.hpp"
#include "diag/codes.hpp"
#include "schema/json_schema.hpp"
#include "diagnostics_text.hpp"
#include "temp_dir.hpp"

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string fixture(const char* name) { return std::string(FLOE_TEST_SOURCE_DIR) + "/tests/contract/fixtures/" + name; }

const floe::Diagnostic* find_code(const floe::Diagnostics& d, const char* code, int line = 0) {
  for (const auto& x : d.items())
    if (x.code == code && (line == 0 || x.where.line == line)) return &x;
  return nullptr;
}

}  // namespace

TEST_CASE("the embedded ODCS schemas are the released files and floe's validator understands them", "[odcs]") {
  for (auto release : floe::kOdcsReleases) {
    INFO(release);
    auto text = floe::odcs_schema_text(release);
    CHECK(text == read_text(std::string(FLOE_TEST_SOURCE_DIR) + "/docs/schemas/odcs/odcs-" + std::string(release) +
                            ".schema.json"));
    auto schema = boost::json::parse(text);
    CHECK(schema.at("title") == "Open Data Contract Standard (ODCS)");
    // $defs.ServerSource is not a schema but a folder of named ones ("#/$defs/ServerSource/PostgresServer"):
    // its names are the only "keywords" floe's checker does not know. The 3.2.0 release's one inconsistency: a
    // vector's logicalTypeOptions.format defaults to "i32", outside its own enum (floe applies no ODCS defaults).
    std::vector<std::string> problems;
    for (auto& p : floe::check_schema(schema))
      if (p.rfind("$defs.ServerSource: keyword '", 0) != 0 && p.find("default \"i32\" is invalid") == std::string::npos)
        problems.push_back(p);
    INFO((problems.empty() ? "" : problems.front()));
    CHECK(problems.empty());
  }
  CHECK(floe::odcs_schema_release("v3.2.0") == "3.2.0");
  CHECK(floe::odcs_schema_release("v3.0.2") == "3.1.0");
  auto versions = floe::odcs_schema_json("v3.1.0").at("properties").at("apiVersion").at("enum").as_array();
  CHECK(std::find(versions.begin(), versions.end(), boost::json::value("v3.0.2")) != versions.end());
}

TEST_CASE("a valid ODCS v3 contract loads into the typed view", "[odcs]") {
  floe::DataContract c;
  floe::Diagnostics d;
  REQUIRE(floe::load_contract(fixture("customers.odcs.yaml"), c, d));
  INFO(floe::test::diagnostics_text(d));
  CHECK(d.empty());
  CHECK(c.id == "urn:floe:example:customers");
  REQUIRE(c.objects.size() == 1);
  CHECK(c.objects[0].model() == "gold_customers");
  REQUIRE(c.objects[0].properties.size() == 3);
  const auto* id = c.objects[0].find("customer_id");
  REQUIRE(id != nullptr);
  CHECK(id->primary_key);
  CHECK(id->required);
  CHECK(id->where.line == 13);
  REQUIRE(c.find_sla("latency") != nullptr);
  CHECK(c.find_sla("latency")->value == "26");
}

TEST_CASE("schema errors in a contract are located and say what was expected", "[odcs][bad-input]") {
  floe::DataContract c;
  floe::Diagnostics d;
  CHECK_FALSE(floe::load_contract(fixture("invalid.odcs.yaml"), c, d));
  INFO(floe::test::diagnostics_text(d));
  const auto* unknown = find_code(d, floe::codes::C101, 11);
  REQUIRE(unknown != nullptr);
  CHECK(unknown->where.file == fixture("invalid.odcs.yaml"));
  CHECK(unknown->where.column == 9);
  CHECK(unknown->hint.find("required") != std::string::npos);  // did you mean
  CHECK(find_code(d, floe::codes::C102, 12) != nullptr);         // a property without a name
  CHECK(find_code(d, floe::codes::C104, 14) != nullptr);         // logicalType strng
  CHECK(find_code(d, floe::codes::C103, 17) != nullptr);         // an SLA value that is a list
}

TEST_CASE("a contract that is not ODCS at all names the missing keys", "[odcs][bad-input]") {
  floe::DataContract c;
  floe::Diagnostics d;
  CHECK_FALSE(floe::load_contract_text("kind: DataContract\nschema: 3\n", "c.yaml", c, d));
  INFO(floe::test::diagnostics_text(d));
  CHECK(find_code(d, floe::codes::C102) != nullptr);
  CHECK(find_code(d, floe::codes::C103, 2) != nullptr);
}

TEST_CASE("a missing contract file is FLOE-C001 naming the path", "[odcs][bad-input]") {
  floe::DataContract c;
  floe::Diagnostics d;
  CHECK_FALSE(floe::load_contract("/nonexistent/contract.yaml", c, d));
  REQUIRE(d.items().size() == 1);
  CHECK(d.items()[0].code == floe::codes::C001);
  CHECK(d.items()[0].message.find("/nonexistent/contract.yaml") != std::string::npos);
}

TEST_CASE("the Python alpha's contract dialect loads, each rewrite a note at its line", "[odcs][alpha]") {
  floe::DataContract c;
  floe::Diagnostics d;
  bool ok = floe::load_contract(fixture("alpha_dialect.yaml"), c, d);
  INFO(floe::test::diagnostics_text(d));
  REQUIRE(ok);
  CHECK(d.count(floe::Severity::error) == 0);
  CHECK(d.count(floe::Severity::warning) == 0);
  REQUIRE(c.objects.size() == 1);
  CHECK(c.objects[0].model() == "gold_loyalty_members");
  CHECK(c.objects[0].properties.size() == 5);
  CHECK(c.objects[0].find("balance_eur")->logical_type == "number");
  const auto* points = c.objects[0].find("points");
  REQUIRE(points != nullptr);
  CHECK(points->where.line == 31);  // still where the user wrote it
  CHECK(c.find_sla("freshness") != nullptr);
  CHECK(c.find_sla("retention") != nullptr);
  const auto* columns = find_code(d, floe::codes::C090, 18);
  REQUIRE(columns != nullptr);
  CHECK(columns->message == "alpha contract: 'schema[0].columns' was read as 'schema[0].properties'");
  const auto& root = c.doc.root.as_object();
  CHECK(root.at("description").at("usage") == "Loyalty analytics only.");
  CHECK(root.at("team").at("members").at(0).at("username") == "loyalty-team@example.org");
  CHECK(root.at("schema").at(0).at("properties").at(2).at("quality").at(0).at("type") == "text");
  CHECK(root.at("customProperties").at(0).at("property") == "floe.data_product");
}

TEST_CASE("a contract judged clean is remembered by its text and one with findings is judged every time", "[odcs][verdicts]") {
  floe::test::TempDir cache;
  const char* saved = std::getenv("XDG_CACHE_HOME");
  const std::string previous = saved ? saved : "";
  ::setenv("XDG_CACHE_HOME", cache.str().c_str(), 1);
  const auto verdicts = cache.path() / "floe" / "contracts" / "valid";
  auto count = [&] {
    std::error_code ec;
    auto it = std::filesystem::directory_iterator(verdicts, ec);
    return ec ? std::ptrdiff_t{0} : std::distance(it, std::filesystem::directory_iterator{});
  };
  const std::string good = read_text(fixture("customers.odcs.yaml"));

  for (int pass = 0; pass < 2; ++pass) {  // the second pass answers from the verdict: the same view
    floe::DataContract c;
    floe::Diagnostics d;
    REQUIRE(floe::load_contract_text(good, "customers.odcs.yaml", c, d));
    CHECK(d.empty());
    CHECK(c.objects.at(0).find("customer_id")->where.line == 13);
    CHECK(count() == 1);
  }
  // One byte more is another text: judged afresh, and a broken one is never remembered.
  std::string broken = good;
  broken.replace(broken.find("logicalType: string"), 19, "logicalType: strng");
  for (int pass = 0; pass < 2; ++pass) {
    floe::DataContract c;
    floe::Diagnostics d;
    CHECK_FALSE(floe::load_contract_text(broken, "customers.odcs.yaml", c, d));
    CHECK(find_code(d, floe::codes::C104) != nullptr);
    CHECK(count() == 1);
  }
  ::setenv("FLOE_CONTRACT_CACHE", "off", 1);
  {
    floe::DataContract c;
    floe::Diagnostics d;
    CHECK(floe::load_contract_text(good + "\n# another comment\n", "customers.odcs.yaml", c, d));
    CHECK(count() == 1);
  }
  ::unsetenv("FLOE_CONTRACT_CACHE");
  if (saved) ::setenv("XDG_CACHE_HOME", previous.c_str(), 1);
  else ::unsetenv("XDG_CACHE_HOME");
}
