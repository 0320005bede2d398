// The test servers' readiness check (tests/support/registry_fixture): a port
// answers for a server only when that server, or a process it started, is the
// one listening. Another test's server can bind a port between free_port()
// and our server's bind; CI once ran a token-auth test against another
// test's anonymous registry that way.
#include <catch2/catch.hpp>

#include <string>

#include "registry_fixture.hpp"

using namespace floe::test;

TEST_CASE("fixtures: a port answered by another test's server is not our server being ready") {
  auto other = RegistryServer::start(RegistryServer::Auth::anonymous);
  const int port = std::stoi(other->host().substr(other->host().rfind(':') + 1));
  REQUIRE(http_status(port, "/v2/") == 200);
  // A child that never listens, alive for a second: the registry on the port
  // answers all the while, and the wait must not take it for the child.
  ChildProcess child({"/bin/sleep", "1"}, "/dev/null");
  CHECK_FALSE(wait_for_http(port, "/v2/", child));
}
