// The output scan (compile/secret_scan.cpp) on its own: every kind of
// credential it knows is found, named by its JSON path and kind and never
// echoed, and ordinary artifact text passes. Each pattern is compiled only when
// its substring test passes, so each kind is checked on its own, in a fresh
// order, as well as all together.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

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

TEST_CASE("a placeholder exempts only itself: a credential beside one is refused", "[safety]") {
  // Each of these held "{{ env_var(" and passed before (issue 34).
  const char* beside[] = {
      "{{ env_var('X') }} AKIAIOSFODNN7EXAMPLE",
      "password=Sup3rS3cret! {{ env_var('DB_USER') }}",
      "http://user:pa55word@host/{{ env_var('PATH_PART') }}",
  };
  for (const char* value : beside) {
    INFO(value);
    CHECK(scan(json::value{{"description", value}}).size() == 1);
  }
  // A default is a literal: under a credential key it is refused.
  CHECK(scan(json::value{{"password", "{{ env_var('PW', 'hunter22') }}"}}).size() == 1);
  // Placeholders alone, with filters or several, pass.
  CHECK(scan(json::value{{"password", "{{ env_var('PW') }}"},
                         {"port", "{{ env_var('PORT') | as_number }}"},
                         {"dsn", "{{ env_var(\"USER\") }}:{{ env_var('HOST') }}"}})
            .empty());
}

TEST_CASE("literals under credential keys and inside credential maps are refused, identities pass", "[safety]") {
  json::value output = {
      {"catalog", {{"credential", "floe-client:Xk29fhQ"},                        // Iceberg REST's property
                   {"client-secret", "abc"},                                     // vendor spelling, short
                   {"credentials", {{"user", "analyst"}, {"pass", "hunter2"}, {"key", "k3y-Val"},
                                    {"keyfile", "/etc/floe/key.json"}}}}},
      {"warehouse", {{"clientSecret", "plain"}, {"token", "t0ken"}}},
  };
  auto found = scan(output);
  std::vector<std::string> paths;
  for (const auto& d : found) paths.push_back(d.subject);
  std::sort(paths.begin(), paths.end());
  CHECK(paths == std::vector<std::string>{"catalog.client-secret", "catalog.credential", "catalog.credentials.key",
                                          "catalog.credentials.pass", "warehouse.clientSecret", "warehouse.token"});
  for (const auto& d : found) {
    CHECK(d.message.find("hunter2") == std::string::npos);
    CHECK(d.message.find("Xk29fhQ") == std::string::npos);
  }
  // Keys that merely contain a credential word hold none.
  CHECK(scan(json::value{{"token_endpoint", "https://auth/token"}, {"secret_store", "vault"},
                         {"token_ttl", "3600"}, {"passthrough", "yes"}})
            .empty());
}

TEST_CASE("credential_at judges a dotted path as explain names it", "[safety]") {
  CHECK(floe::credential_at("plugins.catalog.config.credentials.pass", "hunter2") ==
        "a literal value under a credential key");
  CHECK(floe::credential_at("plugins.catalog.config.credentials.key", "k3y") == "a literal value inside a credential map");
  CHECK(floe::credential_at("plugins.catalog.config.credentials.user", "analyst").empty());
  CHECK(floe::credential_at("plugins.catalog.config.uri", "http://admin:Sup3rS3cret@polaris:8181/api").find("URL") !=
        std::string::npos);
  CHECK(floe::credential_at("plugins.catalog.config.uri", "http://polaris:8181/api").empty());
  CHECK(floe::credential_at("plugins.list[2].token", "abc") == "a literal value under a credential key");
}
