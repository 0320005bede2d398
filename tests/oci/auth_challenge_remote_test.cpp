// WWW-Authenticate parsing and token scope keys (no registry needed).
#include <catch2/catch.hpp>

#include "oci/auth_challenge.hpp"
#include "oci/registry_auth.hpp"

using floe::oci::parse_www_authenticate;
using floe::oci::Scopes;

TEST_CASE("challenge: Basic realm as docker-registry htpasswd sends it") {
  auto c = parse_www_authenticate(R"(Basic realm="ci-registry")");
  REQUIRE(c.size() == 1);
  CHECK(c[0].scheme == "basic");
  CHECK(c[0].param("realm") == "ci-registry");
}

TEST_CASE("challenge: Bearer with a comma inside the quoted scope") {
  auto c = parse_www_authenticate(
      R"(Bearer realm="http://127.0.0.1:5002/token",service="ci-registry",)"
      R"(scope="repository:acme/platform:push,pull",error="insufficient_scope")");
  REQUIRE(c.size() == 1);
  CHECK(c[0].scheme == "bearer");
  CHECK(c[0].param("realm") == "http://127.0.0.1:5002/token");
  CHECK(c[0].param("service") == "ci-registry");
  CHECK(c[0].param("scope") == "repository:acme/platform:push,pull");
  CHECK(c[0].param("error") == "insufficient_scope");
}

TEST_CASE("challenge: several challenges, case-insensitive names, token values, spaces") {
  auto c = parse_www_authenticate(
      R"(Newauth realm="apps", type=1, title="Login to \"apps\"", BASIC Realm=simple , Bearer realm="r")");
  REQUIRE(c.size() == 3);
  CHECK(c[0].scheme == "newauth");
  CHECK(c[0].param("type") == "1");
  CHECK(c[0].param("title") == R"(Login to "apps")");
  CHECK(c[1].scheme == "basic");
  CHECK(c[1].param("realm") == "simple");
  CHECK(c[2].scheme == "bearer");
  CHECK(c[2].param("realm") == "r");
}

TEST_CASE("challenge: escapes, token68 and empty input") {
  auto c = parse_www_authenticate(R"(Negotiate abc+/def==, Bearer realm="a \\ b, c",error="invalid_token")");
  REQUIRE(c.size() == 2);
  CHECK(c[0].scheme == "negotiate");
  CHECK(c[0].token68 == "abc+/def==");
  CHECK(c[0].params.empty());
  CHECK(c[1].param("realm") == R"(a \ b, c)");
  CHECK(c[1].param("error") == "invalid_token");
  CHECK(parse_www_authenticate("").empty());
  CHECK(parse_www_authenticate("   ,  ").empty());
  auto bare = parse_www_authenticate("Basic");
  REQUIRE(bare.size() == 1);
  CHECK(bare[0].params.empty());
}

TEST_CASE("challenge: a misplaced quote does not lose the challenge") {
  auto c = parse_www_authenticate(R"(Bearer realm="http://x/token,service="s)");
  REQUIRE(!c.empty());
  CHECK(c[0].scheme == "bearer");
  CHECK(c[0].param("realm") == "http://x/token,service=");
}

TEST_CASE("scopes: actions are sorted and merged, whatever order the registry hints") {
  Scopes a;
  a.merge("repository:acme/platform:push,pull");
  Scopes b = Scopes::repository("acme/platform", {"pull"});
  b.merge("repository:acme/platform:push");
  CHECK(a.key() == "repository:acme/platform:pull,push");
  CHECK(a.key() == b.key());
  b.add("repository:acme/base", {"pull"});
  CHECK(b.strings() == std::vector<std::string>{"repository:acme/base:pull", "repository:acme/platform:pull,push"});
  Scopes two;
  two.merge("repository:a:pull repository:b:pull,push");
  CHECK(two.strings().size() == 2);
}
