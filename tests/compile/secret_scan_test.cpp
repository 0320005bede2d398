// The output scan (compile/secret_scan.cpp) on its own: every kind of
// credential it knows is found, named by its JSON path and kind and never
// echoed, and ordinary artifact text passes. Each pattern is compiled only when
// its substring test passes, so each kind is checked on its own, in a fresh
// order, as well as all together.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "compile/secret_scan.hpp"
#include "diag/diagnostic.hpp"

namespace json = boost::json;

namespace {

std::vector<floe::Diagnostic> scan(const json::value& output) {
  floe::Diagnostics diags;
  floe::scan_for_credentials(output, "target/compiled_artifacts.json", diags);
  return diags.items();
}

}  // namespace

TEST_CASE("every kind of credential in an output is refused by path and kind, never echoed", "[safety]") {
  struct Case {
    const char* value;
    const char* kind;
  };
  const Case cases[] = {
      {"key AKIAIOSFODNN7EXAMPLE here", "an AWS access key"},
      {"-----BEGIN RSA PRIVATE KEY-----\nMIIB", "a private key"},
      {"ghp_0123456789abcdefghijABCDEFGHIJ0123456789", "a GitHub token"},
      {"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
       "a JSON web token"},
      {"postgres://analyst:hunter2hunter2@db.internal:5432/shop", "a URL with an embedded password"},
      {"connect with password=Sup3rS3cret!", "an assigned password or token"},
  };
  for (const auto& c : cases) {
    INFO(c.kind);
    auto found = scan(json::value{{"ports", json::array{json::object{{"description", c.value}}}}});
    REQUIRE(found.size() == 1);
    CHECK(found[0].code == "FLOE-S501");
    CHECK(found[0].subject == "ports[0].description");
    CHECK(found[0].message.find(c.kind) != std::string::npos);
    CHECK(found[0].message.find(c.value) == std::string::npos);
  }
  json::array all;
  for (const auto& c : cases) all.emplace_back(c.value);
  CHECK(scan(json::value{{"notes", all}}).size() == std::size(cases));
}

TEST_CASE("ordinary artifact text passes the output scan", "[safety]") {
  json::value output = {
      {"product", {{"name", "customer-360"}, {"owner", "sales-team@example.com"}}},
      {"dbt", {{"profile_env", {{"DBT_PASSWORD", "env:DBT_PASSWORD"}}}}},
      {"catalog", {{"uri", "https://polaris.example.com/api/catalog"}, {"oauth2_scope", "PRINCIPAL_ROLE:ALL"}}},
      {"secrets", {{"password", "{{ env_var('FLOE_SECRET_DB_PASSWORD') }}"}}},
      {"models", json::array{"stg_orders", "gh_events", "token_usage", "api_calls"}},
  };
  CHECK(scan(output).empty());
}
