#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "plugin/host_api.hpp"
#include "temp_dir.hpp"

namespace {
struct Captured {
  std::vector<std::string> lines;
};
void capture(void* payload, int32_t level, const char* source, const char* message) {
  static_cast<Captured*>(payload)->lines.push_back(std::to_string(level) + " " + source + " " + message);
}
}  // namespace

TEST_CASE("the host table logs, answers settings and resolves secrets", "[host]") {
  Captured captured;
  floe::HostApi host(&capture, &captured, "compute/x");
  const floe_host_api* api = host.table();
  REQUIRE(api->struct_size == sizeof(floe_host_api));
  REQUIRE(api->abi_version == FLOE_ABI_VERSION);
  CHECK(FLOE_HOST_HAS(api, set_buffer));

  api->log(api->host_data, FLOE_LOG_WARNING, "compute/x", "careful");
  REQUIRE(captured.lines.size() == 1);
  CHECK(captured.lines[0] == "30 compute/x careful");

  floe_buffer out = FLOE_BUFFER_INIT;
  floe_error err = FLOE_ERROR_INIT;
  REQUIRE(api->get_config(api->host_data, "floe.version", &out, &err) == FLOE_OK);
  CHECK(std::string(out.data) == "\"0.1.0\"");
  floe_buffer_release(&out);
  CHECK(api->get_config(api->host_data, "floe.nope", &out, &err) == FLOE_ERR_NOT_FOUND);
  CHECK(std::string(err.message) == "host setting 'floe.nope' does not exist");
  floe_error_release(&err);

  ::setenv("FLOE_TEST_SECRET", "s3cr3t", 1);
  REQUIRE(api->get_secret(api->host_data, "env:FLOE_TEST_SECRET", &out, &err) == FLOE_OK);
  CHECK(std::string(out.data, out.length) == "s3cr3t");
  floe_buffer_release(&out);
  CHECK(out.data == nullptr);

  floe::test::TempDir dir;
  floe::test::write_file(dir.path() / "token", "abc\n");
  REQUIRE(api->get_secret(api->host_data, ("file:" + (dir.path() / "token").string()).c_str(), &out, &err) == FLOE_OK);
  CHECK(std::string(out.data, out.length) == "abc");
  floe_buffer_release(&out);

  CHECK(api->get_secret(api->host_data, "env:FLOE_TEST_UNSET_SECRET", &out, &err) == FLOE_ERR_NOT_FOUND);
  CHECK(std::string(err.message) == "secret 'env:FLOE_TEST_UNSET_SECRET': environment variable FLOE_TEST_UNSET_SECRET "
                                    "is not set");
  floe_error_release(&err);
  CHECK(api->get_secret(api->host_data, "vault:x", &out, &err) == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(std::string(err.message).find("use env:NAME or file:/path") != std::string::npos);
  floe_error_release(&err);
}

TEST_CASE("plain C plugins can fill errors and buffers with host memory", "[host]") {
  floe::HostApi host(nullptr, nullptr);
  const floe_host_api* api = host.table();
  floe_error err = FLOE_ERROR_INIT;
  CHECK(api->set_error(&err, FLOE_ERR_NOT_FOUND, "no such table") == FLOE_ERR_NOT_FOUND);
  CHECK(err.code == FLOE_ERR_NOT_FOUND);
  CHECK(std::string(err.message) == "no such table");
  floe_error_release(&err);
  CHECK(err.message == nullptr);
  CHECK(err.release == nullptr);
  floe_buffer out = FLOE_BUFFER_INIT;
  REQUIRE(api->set_buffer(&out, "{\"a\":1}xyz", 7, &err) == FLOE_OK);
  CHECK(out.length == 7);
  CHECK(std::string(out.data) == "{\"a\":1}");
  floe_buffer_release(&out);
}
