// Every HTTP request floe sends carries `User-Agent: floe/<version>`: checked
// against tests/oci/header_capture.py (on 127.0.0.1, stopped by PID), which
// records the headers of each request, through a token-auth round (the
// 401, the token request, the authorised retry) and ordinary requests.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "floe/core.h"
#include "oci/http_transport.hpp"
#include "remote_test_support.hpp"

using namespace floe;
using namespace floe::oci;
using namespace floe::test;
namespace fs = std::filesystem;

namespace {

struct CapturedRequest {
  std::string method, path, user_agent;
};

class HeaderCapture {
 public:
  HeaderCapture() : port_(free_port()) {
    std::string script = std::string(FLOE_TEST_SOURCE_DIR) + "/tests/oci/header_capture.py";
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"/usr/bin/python3", script, std::to_string(port_), log(), ready()},
        (dir_.path() / "server.log").string());
    for (int i = 0; i < 200 && !fs::exists(ready()); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!fs::exists(ready())) throw std::runtime_error("header_capture.py did not start");
  }
  std::string host() const { return "127.0.0.1:" + std::to_string(port_); }
  std::vector<CapturedRequest> requests() const {
    std::vector<CapturedRequest> out;
    std::ifstream in(log());
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      CapturedRequest r;
      std::getline(fields, r.method, '\t');
      std::getline(fields, r.path, '\t');
      std::getline(fields, r.user_agent);
      out.push_back(r);
    }
    return out;
  }

 private:
  std::string log() const { return (dir_.path() / "requests.tsv").string(); }
  std::string ready() const { return (dir_.path() / "ready").string(); }
  TempDir dir_;
  int port_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace

TEST_CASE("user agent: every request, token requests included, says floe/<version>", "[oci][http]") {
  RegistryEnv env;
  TempDir docker_config;
  HeaderCapture capture;
  std::string expected = std::string("floe/") + floe_version_string();
  CHECK(user_agent() == expected);

  RegistryTarget target(reference("oci://" + capture.host() + "/acme/platform"), test_options(docker_config, false));
  auto ping = target.ping();
  INFO((ping ? "" : ping.error().message));
  REQUIRE(ping.ok());
  auto missing = target.resolve("1.0.0");
  REQUIRE(missing.ok());
  CHECK_FALSE(missing->has_value());
  CHECK(target.fetch_manifest("1.0.0").error().code == FLOE_ERR_NOT_FOUND);

  auto requests = capture.requests();
  REQUIRE(requests.size() >= 5);  // /v2/ (401), /token, /v2/ (200), HEAD and GET of the manifest
  bool token_request = false;
  for (const auto& r : requests) {
    INFO(r.method << " " << r.path);
    CHECK(r.user_agent == expected);
    token_request = token_request || r.path.rfind("/token", 0) == 0;
  }
  CHECK(token_request);
}
